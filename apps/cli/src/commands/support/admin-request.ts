import { randomUUID } from 'node:crypto';
import { JSONCodec } from 'nats';
import { connectNats } from '@wharf/event-store';

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
 * A NATS that cannot be reached or refuses the credentials fails with a message naming the
 * variables to set.
 */
export async function adminRequest(
  service: string,
  command: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<unknown> {
  const subject = `wharf-admin.${service}.${command}`;
  const nc = await connectNats(env, 'wharf-cli');
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
