import { assignmentKey, parseAssignment } from './assignment';

const valid = {
  runId: 'r1',
  stepRunId: 's1',
  workflow: 'onboard',
  step: 'welcome',
  action: 'email:send',
  input: { to: 'a@b.c' },
  attempt: 1,
};

describe('parseAssignment', () => {
  it('reads a complete assignment', () => {
    expect(parseAssignment(JSON.stringify(valid))).toEqual(valid);
  });

  it('gives a missing input as null', () => {
    const { input: _input, ...withoutInput } = valid;
    expect(parseAssignment(JSON.stringify(withoutInput)).input).toBeNull();
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['no stepRunId', JSON.stringify({ ...valid, stepRunId: undefined }), 'stepRunId'],
    ['an empty action', JSON.stringify({ ...valid, action: '' }), 'action'],
    ['attempt 0', JSON.stringify({ ...valid, attempt: 0 }), 'attempt'],
    ['a fractional attempt', JSON.stringify({ ...valid, attempt: 1.5 }), 'attempt'],
  ])('rejects %s', (_name, data, reason) => {
    expect(() => parseAssignment(data)).toThrow(reason);
  });
});

describe('assignmentKey', () => {
  it('tells attempts of the same step run apart', () => {
    expect(assignmentKey({ stepRunId: 's1', attempt: 1 })).not.toBe(assignmentKey({ stepRunId: 's1', attempt: 2 }));
  });
});
