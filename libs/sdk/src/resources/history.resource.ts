import { HttpClient } from '../http-client';
import { readServerSentEvents } from '../server-sent-events';
import { WharfApiError } from '../wharf-api-error';
import { WharfInputError } from '../wharf-input-error';

/** What verification found wrong: see `HistoryVerification.findings`. */
export type HistoryFindingKind = 'changed' | 'removed' | 'reordered' | 'inserted' | 'seal-broken' | 'anchor-missing';

export interface HistoryFinding {
  kind: HistoryFindingKind;
  /** The event's envelope id (null for seal and anchor findings, or an unreadable event). */
  eventId: string | null;
  /** The event's stream sequence as its seal recorded it. */
  originalSeq: number | null;
  /** Where it was found in the stream (null when missing). */
  foundSeq: number | null;
  /** Index of the seal concerned. */
  seal: number | null;
  /** The finding in words. */
  message: string;
}

/** The outcome of verifying the tenant's history against its seals. */
export interface HistoryVerification {
  tenant: string;
  intact: boolean;
  seals: number;
  sealedEvents: number;
  /** Recent events no seal lists yet. */
  unsealedEvents: number;
  checkedEvents: number;
  /** The earliest findings in history order (at most 100). */
  findings: HistoryFinding[];
  findingsCount: number;
  first: HistoryFinding | null;
  /** Write it down: `verify({ anchor })` later proves the chain still holds it. */
  lastSealHash: string | null;
  lastSealIndex: number | null;
}

export interface VerifyProgress {
  /** Messages of the tenant's history read so far. */
  checked: number;
  total: number;
}

export interface VerifyHistoryOptions {
  /** A seal hash written down earlier: verification fails unless the chain holds it. */
  anchor?: string;
  /** Called as the server reads the history (the answer then streams). */
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
}

/** A seal without its entries. */
export interface Seal {
  index: number;
  fromSeq: number;
  toSeq: number;
  count: number;
  hash: string;
  previousHash: string | null;
  seq: number;
  sealedAt: string;
}

const SEAL_HASH = /^[0-9a-f]{64}$/;

/**
 * `/api/v1/history`: tamper evidence for the client's tenant (or, for the operator token, the tenant
 * it reads in). Needs a token not bound to a namespace.
 */
export class HistoryResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Verifies the tenant's history against its seals: resolves with the report whether or not the
   * history is intact (check `intact`); rejects when verification could not run.
   */
  async verify(options: VerifyHistoryOptions = {}): Promise<HistoryVerification> {
    if (options.anchor !== undefined && !SEAL_HASH.test(options.anchor)) {
      throw new WharfInputError('anchor', 'anchor must be a seal hash: 64 lower-case hex characters');
    }
    if (options.onProgress === undefined) {
      return this.http.request<HistoryVerification>('GET', '/api/v1/history/verify', {
        query: { anchor: options.anchor },
        signal: options.signal,
      });
    }
    const query = options.anchor === undefined ? '' : `?anchor=${options.anchor}`;
    const response = await this.http.openEventStream(
      `/api/v1/history/verify${query}`,
      options.signal ?? new AbortController().signal,
    );
    let report: HistoryVerification | undefined;
    let failure: string | undefined;
    await readServerSentEvents(response.body, (message) => {
      if (message.event === 'progress') options.onProgress?.(JSON.parse(message.data) as VerifyProgress);
      else if (message.event === 'report') report = JSON.parse(message.data) as HistoryVerification;
      else if (message.event === 'error') failure = (JSON.parse(message.data) as { message: string }).message;
    });
    if (report !== undefined) return report;
    throw new WharfApiError(502, failure ?? 'the verification ended before its report arrived', 'Bad Gateway');
  }

  /** The tenant's seals in chain order, without their entries: those after index `after`, at most `limit`. */
  seals(options: { after?: number; limit?: number } = {}): Promise<Seal[]> {
    return this.http.request<Seal[]>('GET', '/api/v1/history/seals', {
      query: { after: options.after, limit: options.limit },
    });
  }
}
