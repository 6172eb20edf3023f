import { Command } from 'commander';
import { WharfInputError } from '@wharf/sdk';
import { wharfClient } from './support/global-options';
import { parseKeyValuePairs } from './support/key-value-pairs';
import { printRecord } from './support/output';

function parsePayload(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WharfInputError('payload', `must be valid JSON; quote it for the shell, e.g. '{"id":1}'`);
  }
}

/** `wharf events push|replay`: starts every workflow registered for the key in the namespace. */
export function registerEventsCommand(program: Command): void {
  const events = program.command('events').description('push events, or push one again');

  events
    .command('push')
    .description('push an event; every workflow registered for its key starts a run')
    .argument('<key>', 'event key, e.g. user:created')
    .argument('[payloadJson]', 'payload as JSON, e.g. \'{"userId":42}\'')
    .option('--metadata <key=value...>', 'string metadata, repeatable')
    .action(
      async (key: string, payloadJson: string | undefined, options: { metadata?: string[] }, command: Command) => {
        const payload = parsePayload(payloadJson);
        const metadata = options.metadata === undefined ? undefined : parseKeyValuePairs(options.metadata, 'metadata');
        const pushed = await wharfClient(command).events.push(key, payload, { metadata });
        printRecord(command, pushed, [
          ['event id', pushed.eventId],
          ['key', pushed.key],
          ['namespace', pushed.namespace],
          ['seq', pushed.seq],
          ['runs', pushed.runs],
        ]);
      },
    );

  events
    .command('replay')
    .description(
      'push an event again as a new event (same key, payload and metadata), naming the original as its provenance',
    )
    .argument('<eventId>', 'id of the event to push again')
    .action(async (eventId: string, _options: unknown, command: Command) => {
      const pushed = await wharfClient(command).events.replay(eventId);
      printRecord(command, pushed, [
        ['event id', pushed.eventId],
        ['key', pushed.key],
        ['namespace', pushed.namespace],
        ['seq', pushed.seq],
        ['runs', pushed.runs],
        ['replay of', `${pushed.provenance.eventId} (seq ${pushed.provenance.seq})`],
      ]);
    });
}
