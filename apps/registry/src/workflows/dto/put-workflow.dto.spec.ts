import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { PutWorkflowDto } from './put-workflow.dto';

const keys = (count: number) => Array.from({ length: count }, (_, i) => `key-${i}`);
const workflow = (eventKeys: string[]) => ({ name: 'onboarding', eventKeys, steps: [{ name: 's', action: 'a:b' }] });

function violations(dto: new () => object, plain: object): Record<string, string[]> {
  return Object.fromEntries(
    validateSync(plainToInstance(dto, plain), { whitelist: true, forbidNonWhitelisted: true }).map((e) => [
      e.property,
      Object.values(e.constraints ?? {}),
    ]),
  );
}

describe('PutWorkflowDto event keys limit', () => {
  it('accepts up to 50 event keys by default and names the limit beyond', () => {
    expect(violations(PutWorkflowDto, workflow(keys(50)))).toEqual({});
    expect(violations(PutWorkflowDto, workflow(keys(51)))).toEqual({
      eventKeys: ['eventKeys must name at most 50 event keys'],
    });
  });

  it('takes the limit from WHARF_MAX_EVENT_KEYS when the module loads', async () => {
    const saved = process.env.WHARF_MAX_EVENT_KEYS;
    process.env.WHARF_MAX_EVENT_KEYS = '3';
    try {
      let loaded: { dto: typeof PutWorkflowDto; check: typeof violations } | undefined;
      await jest.isolateModulesAsync(async () => {
        // A fresh registry: the service kit reads the environment anew, class-transformer knows this class.
        const [{ PutWorkflowDto: dto }, transformer, validator] = await Promise.all([
          import('./put-workflow.dto'),
          import('class-transformer'),
          import('class-validator'),
        ]);
        const check = (target: new () => object, plain: object) =>
          Object.fromEntries(
            validator
              .validateSync(transformer.plainToInstance(target, plain))
              .map((e) => [e.property, Object.values(e.constraints ?? {})]),
          );
        loaded = { dto, check };
      });
      expect(loaded!.check(loaded!.dto, workflow(keys(3)))).toEqual({});
      expect(loaded!.check(loaded!.dto, workflow(keys(4)))).toEqual({
        eventKeys: ['eventKeys must name at most 3 event keys'],
      });
    } finally {
      if (saved === undefined) delete process.env.WHARF_MAX_EVENT_KEYS;
      else process.env.WHARF_MAX_EVENT_KEYS = saved;
    }
  });

  it('still bounds the steps of a workflow', () => {
    const steps = Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, action: 'a:b' }));
    expect(violations(PutWorkflowDto, { ...workflow(['a:b']), steps })).toEqual({
      steps: ['steps must hold at most 100 steps'],
    });
  });
});

describe('PutWorkflowDto assignment options', () => {
  const twoSteps = (second: object, first: object = {}, top: object = {}) => ({
    name: 'onboarding',
    eventKeys: ['user:created'],
    steps: [
      { name: 'a', action: 'a:b', ...first },
      { name: 'b', action: 'a:b', ...second },
    ],
    ...top,
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

  it('accepts strategies, affinities and sticky steps after the first', () => {
    expect(
      rules(
        twoSteps(
          {
            strategy: 'least-loaded',
            sticky: 'hard',
            affinity: { required: { gpu: 'true' }, weighted: [{ key: 'env', value: 'local', weight: 10 }] },
          },
          { strategy: 'random', affinity: {} },
          { strategy: 'round-robin' },
        ),
      ),
    ).toEqual([]);
    expect(rules(twoSteps({ sticky: 'soft' }))).toEqual([]);
  });

  it.each([
    [{ strategy: 'fastest' }, {}, ['strategy: strategy must be one of: random, round-robin, least-loaded']],
    [{}, { strategy: 'fastest' }, ['steps.1.strategy: strategy must be one of: random, round-robin, least-loaded']],
    [{}, { sticky: 'always' }, ['steps.1.sticky: sticky must be one of: soft, hard']],
    [{}, { affinity: 'gpu' }, ['steps.1.affinity: affinity must be an object {required?, weighted?}']],
    [
      {},
      { affinity: { required: { 'Not A Key': 'x' } } },
      [expect.stringMatching(/^steps\.1\.affinity\.required: required key "Not A Key" /) as unknown as string],
    ],
    [
      {},
      { affinity: { required: { gpu: '' } } },
      ['steps.1.affinity.required: required value of "gpu" must be a string of 1 to 128 characters'],
    ],
    [
      {},
      { affinity: { weighted: { key: 'env' } } },
      ['steps.1.affinity.weighted: weighted must be an array of {key, value, weight}'],
    ],
    [
      {},
      { affinity: { weighted: [{ key: 'env', value: 'local', weight: 0 }] } },
      ['steps.1.affinity.weighted.0.weight: weight must be at least 1'],
    ],
    [
      {},
      { affinity: { weighted: [{ key: 'env', value: 'local', weight: 1.5 }] } },
      ['steps.1.affinity.weighted.0.weight: weight must be an integer'],
    ],
    [
      {},
      { affinity: { weighted: [{ key: 'env', value: 'local', weight: 1001 }] } },
      ['steps.1.affinity.weighted.0.weight: weight must be at most 1000'],
    ],
    [
      {},
      { affinity: { weighted: [{ key: 'env', value: '', weight: 1 }] } },
      ['steps.1.affinity.weighted.0.value: value must be a string of 1 to 128 characters'],
    ],
    [
      {},
      {
        affinity: {
          weighted: [
            { key: 'env', value: 'local', weight: 1 },
            { key: 'env', value: 'local', weight: 2 },
          ],
        },
      },
      ['steps.1.affinity.weighted: weighted must not weigh the same key and value twice'],
    ],
    [
      {},
      { affinity: { preferred: { env: 'local' } } },
      ['steps.1.affinity.preferred: property preferred should not exist'],
    ],
  ])('names the field and the rule first (the HTTP 400 names the first): %j / step %j', (top, second, expected) => {
    expect(rules(twoSteps(second, {}, top)).slice(0, 1)).toEqual(expected);
  });

  it('refuses a sticky first step: later steps stick to its worker', () => {
    expect(rules(twoSteps({}, { sticky: 'soft' }))).toEqual([
      'steps: steps.0.sticky must not be set: later steps stick to the worker of the first step',
    ]);
  });
});
