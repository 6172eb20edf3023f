// No Nest import here: the edge (plain node:http) reads the same limits from this file.

/** How much one HTTP request may carry; each is refused with a 4xx naming the field and the rule. */
export interface RequestLimits {
  /** Request body, as received (413, field `body`). */
  maxBodyBytes: number;
  /** Request line plus headers, as node's `maxHeaderSize` (431, field `headers`). */
  maxHeaderBytes: number;
  /** Nesting of objects and arrays in a JSON body, the body itself being level 1 (400, field `body`). */
  maxJsonDepth: number;
  /** An event's payload, measured as JSON bytes (413, field `payload`). */
  maxPayloadBytes: number;
  /** Event keys one workflow listens to (400, field `eventKeys`). */
  maxEventKeys: number;
  /** Labels of one worker (400, field `labels`). */
  maxWorkerLabels: number;
}

/** One environment variable per limit. */
export const REQUEST_LIMIT_VARIABLES: Readonly<Record<keyof RequestLimits, string>> = {
  maxBodyBytes: 'WHARF_MAX_BODY_BYTES',
  maxHeaderBytes: 'WHARF_MAX_HEADER_BYTES',
  maxJsonDepth: 'WHARF_MAX_JSON_DEPTH',
  maxPayloadBytes: 'WHARF_MAX_PAYLOAD_BYTES',
  maxEventKeys: 'WHARF_MAX_EVENT_KEYS',
  maxWorkerLabels: 'WHARF_MAX_WORKER_LABELS',
};

/**
 * The payload default keeps an `event.pushed` message (payload, metadata and routing) well under
 * NATS's default max_payload of 1 MiB. Event keys and labels keep the bounds they had before they
 * became configurable, so no client that worked before is refused.
 */
export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = {
  maxBodyBytes: 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  maxJsonDepth: 32,
  maxPayloadBytes: 256 * 1024,
  maxEventKeys: 50,
  maxWorkerLabels: 32,
};

/**
 * Below 1 KiB of headers or body even ordinary requests (a bearer token, a worker's registration)
 * fail: such a value is a unit mistake (KiB for bytes), refused rather than locking every client out.
 */
const MINIMUM: Readonly<RequestLimits> = {
  maxBodyBytes: 1024,
  maxHeaderBytes: 1024,
  maxJsonDepth: 1,
  maxPayloadBytes: 1,
  maxEventKeys: 1,
  maxWorkerLabels: 1,
};

/** Node rejects a maxHeaderSize that does not fit in 32 bits; nothing sensible comes near it. */
const MAXIMUM = 2 ** 31 - 1;

/**
 * The limits set in `env`, each defaulting when its variable is unset or empty. Throws an Error
 * naming the variable and the accepted range when a value is not a whole number in that range, so
 * a service (or the edge) refuses to start with it.
 */
export function requestLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RequestLimits {
  const limits = { ...DEFAULT_REQUEST_LIMITS };
  for (const limit of Object.keys(REQUEST_LIMIT_VARIABLES) as (keyof RequestLimits)[]) {
    const variable = REQUEST_LIMIT_VARIABLES[limit];
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= MINIMUM[limit] && value <= MAXIMUM)) {
      throw new Error(
        `${variable} must be a whole number from ${MINIMUM[limit]} to ${MAXIMUM} (default ${DEFAULT_REQUEST_LIMITS[limit]}), not "${raw}"`,
      );
    }
    limits[limit] = value;
  }
  return limits;
}

let processLimits: RequestLimits | undefined;

/**
 * This process's limits, read from process.env on first use and the same ever after: DTO
 * decorators are evaluated once, when their module loads, so the HTTP layer must not see others.
 */
export function requestLimits(): RequestLimits {
  processLimits ??= requestLimitsFromEnv(process.env);
  return processLimits;
}
