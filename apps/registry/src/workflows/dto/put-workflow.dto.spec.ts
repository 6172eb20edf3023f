import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
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
