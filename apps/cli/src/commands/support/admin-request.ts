import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { natsOptionsFromEnv } from '@wharf/event-store';

const codec = JSONCodec<unknown>();

/** The envelope Nest's NATS transport expects for a request (`@MessagePattern` handlers). */
export function nestRequestPacket(
  subject: string,
  data: unknown,
  id: string = randomUUID(),
): { pattern: string; data: unknown; id: string } {
  return { pattern: subject, data, id };
}

/** Unwraps Nest's reply `{response, err, isDisposed, id}`: the response, or the handler's error as an Error. */
export function nestReplyResponse(reply: unknown): unknown {
  if (typeof reply !== 'object' || reply === null)
    throw new Error('the service answered with something that is not a Nest reply');
  const { err, response } = reply as { err?: unknown; response?: unknown };
  if (err !== undefined && err !== null) {
    const message =
      typeof err === 'string'
        ? err
        : typeof (err as { message?: unknown }).message === 'string'
          ? (err as { message: string }).message
          : JSON.stringify(err);
    throw new Error(`the service answered with an error: ${message}`);
  }
  return response;
}

function natsCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Sends one admin request over NATS (`wharf-admin.<service>.<command>`) with the connection
 * settings the services use (WHARF_NATS_URL and its credentials), and returns the handler's answer.
 */
export async function adminRequest(service: string, command: string, timeoutMs: number): Promise<unknown> {
  const subject = `wharf-admin.${service}.${command}`;
  const options = natsOptionsFromEnv(process.env, 'wharf-cli');
  let nc: NatsConnection;
  try {
    nc = await connect(options);
  } catch (err) {
    throw new Error(
      `cannot reach NATS at ${String(options.servers)} (${natsCode(err) ?? (err as Error).message}); set WHARF_NATS_URL`,
    );
  }
  try {
    const reply = await nc.request(subject, codec.encode(nestRequestPacket(subject, {})), { timeout: timeoutMs });
    return nestReplyResponse(codec.decode(reply.data));
  } catch (err) {
    if (natsCode(err) === '503') throw new Error(`no ${service} service answers on ${subject}; is it running?`);
    if (natsCode(err) === 'TIMEOUT')
      throw new Error(`the ${service} service did not answer ${subject} within ${timeoutMs} ms`);
    throw err;
  } finally {
    await nc.close();
  }
}
