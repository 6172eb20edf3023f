import { HandledStep } from './demo-ledger';
import { deliveryMatrix, isolationChecks, PushedRuns } from './isolation-checks';

const pushed: PushedRuns[] = [
  { place: 'ada', events: 2, runIds: ['a1', 'a2'] },
  { place: 'bob', events: 1, runIds: ['b1'] },
];

function ran(place: string, worker: string, runId: string): HandledStep {
  return { place, worker, workerId: `${place}-${worker}`, runId, stepRunId: `${runId}-s`, attempt: 1 };
}

describe('isolation checks', () => {
  it('pass when every place’s runs ran there, once', () => {
    const checks = isolationChecks(pushed, [
      ran('ada', 'local', 'a1'),
      ran('ada', 'cloud', 'a2'),
      ran('bob', 'local', 'b1'),
    ]);
    expect(checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(checks[0].text).toBe("ada's 2 events started 2 runs, 2 ran on ada's workers (0 on bob's)");
    expect(checks[2].text).toBe('each of the 3 runs ran exactly once, and the workers ran nothing else');
  });

  it('fail for the place whose run reached another place’s worker', () => {
    const checks = isolationChecks(pushed, [
      ran('ada', 'local', 'a1'),
      ran('bob', 'cloud', 'a2'),
      ran('bob', 'local', 'b1'),
    ]);
    expect(checks[0]).toEqual({
      ok: false,
      text: "ada's 2 events started 2 runs, 1 ran on ada's workers (1 on bob's)",
    });
    expect(checks[1].ok).toBe(true);
  });

  it('fail when a run never ran, ran twice, or a worker ran something no demo event started', () => {
    const checks = isolationChecks(pushed, [
      ran('ada', 'local', 'a1'),
      ran('ada', 'cloud', 'a1'),
      ran('bob', 'local', 'b1'),
      ran('bob', 'local', 'x9'),
    ]);
    expect(checks[2]).toEqual({
      ok: false,
      text: 'of the 3 runs, 1 never ran; 1 ran more than once; 1 steps ran that no demo event started',
    });
  });

  it('fail when an event started no run', () => {
    const checks = isolationChecks([{ place: 'ada', events: 2, runIds: ['a1'] }], [ran('ada', 'local', 'a1')]);
    expect(checks[0].ok).toBe(false);
  });
});

describe('deliveryMatrix', () => {
  it('counts steps by origin and by the place that ran them; unknown origins under null', () => {
    const matrix = deliveryMatrix(pushed, [
      ran('ada', 'local', 'a1'),
      ran('bob', 'local', 'a2'),
      ran('bob', 'local', 'zz'),
    ]);
    expect(matrix.get('ada')).toEqual(
      new Map([
        ['ada', 1],
        ['bob', 1],
      ]),
    );
    expect(matrix.get(null)).toEqual(new Map([['bob', 1]]));
  });
});
