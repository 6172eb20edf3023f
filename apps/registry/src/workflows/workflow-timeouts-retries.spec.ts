import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { PutWorkflowDto } from './dto/put-workflow.dto';
import { WorkflowCommand } from './workflow.commands';
import { decideWorkflow, initialWorkflowState } from './workflow.decider';

const withStep = (options: object) => ({
  name: 'onboarding',
  eventKeys: ['user:created'],
  steps: [{ name: 'a', action: 'a:b', ...options }],
});

/** Every violation as `field: rule`, nested fields by their path (as the HTTP error names them). */
function rules(plain: object): string[] {
  const flatten = (errors: ValidationError[], parent: string): string[] =>
    errors.flatMap((e) => {
      const field = parent ? `${parent}.${e.property}` : e.property;
      return [
        ...Object.values(e.constraints ?? {}).map((rule) => `${field}: ${rule}`),
        ...flatten(e.children ?? [], field),
      ];
    });
  return flatten(
    validateSync(plainToInstance(PutWorkflowDto, plain), { whitelist: true, forbidNonWhitelisted: true }),
    '',
  );
}

describe('PutWorkflowDto timeouts and retries', () => {
  it('accepts step timeouts and a retry policy', () => {
    expect(
      rules(
        withStep({
          timeouts: { scheduleMs: 1000, executionMs: 500 },
          retry: { attempts: 3, backoffMs: 100, factor: 1.5, maxDelayMs: 1000 },
        }),
      ),
    ).toEqual([]);
    expect(rules(withStep({ timeouts: {}, retry: { attempts: 0 } }))).toEqual([]);
  });

  it.each([
    [{ timeouts: 5 }, 'steps.0.timeouts: timeouts must be an object {scheduleMs?, executionMs?}'],
    [{ timeouts: { scheduleMs: 0 } }, 'steps.0.timeouts.scheduleMs: scheduleMs must be at least 1'],
    [
      { timeouts: { executionMs: 1.5 } },
      'steps.0.timeouts.executionMs: executionMs must be a whole number of milliseconds',
    ],
    [{ retry: 'always' }, 'steps.0.retry: retry must be an object {attempts, backoffMs?, factor?, maxDelayMs?}'],
    [{ retry: {} }, 'steps.0.retry.attempts: attempts must be a whole number'],
    [{ retry: { attempts: -1 } }, 'steps.0.retry.attempts: attempts must be at least 0'],
    [{ retry: { attempts: 101 } }, 'steps.0.retry.attempts: attempts must be at most 100'],
    [{ retry: { attempts: 1, factor: 0.5 } }, 'steps.0.retry.factor: factor must be at least 1'],
    [{ retry: { attempts: 1, backoffMs: -5 } }, 'steps.0.retry.backoffMs: backoffMs must be at least 0'],
    [
      { retry: { attempts: 1, maxDelayMs: 'x' } },
      'steps.0.retry.maxDelayMs: maxDelayMs must be a whole number of milliseconds',
    ],
  ])('refuses %j with a rule naming the field', (options, expected) => {
    expect(rules(withStep(options))).toContain(expected);
  });
});

describe('workflow decider: timeouts and retries', () => {
  it('records the timeouts and retry policy a step sets, and nothing else', () => {
    const command = {
      type: 'put-workflow',
      name: 'onboarding',
      eventKeys: ['user:created'],
      steps: [
        {
          name: 'a',
          action: 'a:b',
          timeouts: { executionMs: 500, extra: 1 },
          retry: { attempts: 2, backoffMs: 10, extra: 1 },
        },
        { name: 'b', action: 'a:b' },
      ],
    } as unknown as WorkflowCommand;
    const [event] = decideWorkflow(command, initialWorkflowState);
    expect(event.payload.steps).toStrictEqual([
      { name: 'a', action: 'a:b', timeouts: { executionMs: 500 }, retry: { attempts: 2, backoffMs: 10 } },
      { name: 'b', action: 'a:b' },
    ]);
  });
});
