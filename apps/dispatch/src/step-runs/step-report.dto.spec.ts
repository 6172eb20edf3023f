import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { StepCompletedDto, StepFailedDto } from './step-report.dto';

function constraints(plain: object): Record<string, Record<string, string>> {
  return Object.fromEntries(
    validateSync(plainToInstance(StepCompletedDto, plain)).map((e) => [e.property, e.constraints ?? {}]),
  );
}

describe('StepCompletedDto output limit', () => {
  it('accepts an output of 256 KiB as JSON by default, and none at all', () => {
    expect(constraints({ attempt: 1, output: 'x'.repeat(256 * 1024 - 2) })).toEqual({});
    expect(constraints({ attempt: 1 })).toEqual({});
  });

  it('refuses an output one byte larger, like an event payload', () => {
    expect(constraints({ attempt: 1, output: 'x'.repeat(256 * 1024 - 1) })).toEqual({
      output: { maxJsonBytes: 'at most 262144 bytes as JSON' },
    });
  });
});

describe('StepFailedDto retryable', () => {
  const check = (plain: object) =>
    validateSync(plainToInstance(StepFailedDto, plain)).flatMap((e) => Object.values(e.constraints ?? {}));

  it('takes an optional boolean: false skips the step’s retries', () => {
    expect(check({ attempt: 1, error: 'boom' })).toEqual([]);
    expect(check({ attempt: 1, error: 'boom', retryable: false })).toEqual([]);
    expect(check({ attempt: 1, error: 'boom', retryable: 'no' })).toEqual(['retryable must be a boolean']);
  });
});
