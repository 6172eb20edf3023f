import { ReplayPlanCounter } from './replay-plan';

describe('replay plan', () => {
  it('counts per source namespace, target namespace and key, ordered, with the total', () => {
    const counter = new ReplayPlanCounter();
    counter.add('prod', 'copy', 'user:created');
    counter.add('dev', 'dev', 'order:paid');
    counter.add('prod', 'copy', 'user:created');
    counter.add('prod', 'copy', 'order:paid');
    expect(counter.plan()).toEqual({
      total: 4,
      lines: [
        { sourceNamespace: 'dev', targetNamespace: 'dev', key: 'order:paid', events: 1 },
        { sourceNamespace: 'prod', targetNamespace: 'copy', key: 'order:paid', events: 1 },
        { sourceNamespace: 'prod', targetNamespace: 'copy', key: 'user:created', events: 2 },
      ],
    });
  });

  it('is empty when nothing is selected', () => {
    expect(new ReplayPlanCounter().plan()).toEqual({ total: 0, lines: [] });
  });
});
