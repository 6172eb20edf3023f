import { deepStrictEqual, fail, throws } from 'node:assert/strict';
import { AnyDomainEvent, Decider, foldEvents } from '@wharf/events';

type ErrorClass = new (...args: never[]) => Error;

/**
 * Reads a decider test as its rule: `given(decider, pastEvents).when(command).then(newEvents)`.
 * Plain node:assert, so the helper has no test-framework dependency.
 */
export function given<Command, State, Event extends AnyDomainEvent>(
  decider: Decider<Command, State, Event>,
  pastEvents: readonly AnyDomainEvent[],
) {
  const state = foldEvents(decider, pastEvents);
  return {
    when(command: Command) {
      const decide = (): Event[] => decider.decide(command, state);
      return {
        then(expected: readonly Event[]): void {
          deepStrictEqual(decide(), expected);
        },
        thenNothingHappened(): void {
          deepStrictEqual(decide(), []);
        },
        thenThrows(errorClass: ErrorClass, message?: RegExp): void {
          throws(decide, (err: unknown) => {
            if (!(err instanceof errorClass)) fail(`expected ${errorClass.name}, got ${String(err)}`);
            if (message && !message.test(err.message)) fail(`"${err.message}" does not match ${message}`);
            return true;
          });
        },
      };
    },
  };
}
