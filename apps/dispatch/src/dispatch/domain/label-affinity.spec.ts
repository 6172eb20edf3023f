import { affinityScore, hasRequiredLabels } from './label-affinity';

describe('required labels', () => {
  it('hold when every required key carries the same value, or when none is required', () => {
    expect(hasRequiredLabels({ gpu: 'true', region: 'eu' }, { required: { gpu: 'true' } })).toBe(true);
    expect(hasRequiredLabels({}, undefined)).toBe(true);
    expect(hasRequiredLabels({}, { weighted: [{ key: 'gpu', value: 'true', weight: 1 }] })).toBe(true);
  });

  it('fail on a missing key, another value, or an inherited property', () => {
    expect(hasRequiredLabels({ region: 'eu' }, { required: { gpu: 'true' } })).toBe(false);
    expect(hasRequiredLabels({ gpu: 'false' }, { required: { gpu: 'true' } })).toBe(false);
    expect(hasRequiredLabels({}, { required: { constructor: 'x' } })).toBe(false);
  });
});

describe('affinity score', () => {
  it('adds the weights of the weighted labels the worker carries', () => {
    const affinity = {
      weighted: [
        { key: 'env', value: 'local', weight: 10 },
        { key: 'gpu', value: 'true', weight: 3 },
        { key: 'region', value: 'eu', weight: 1 },
      ],
    };
    expect(affinityScore({ env: 'local', gpu: 'true', region: 'us' }, affinity)).toBe(13);
    expect(affinityScore({ env: 'cloud' }, affinity)).toBe(0);
    expect(affinityScore({ env: 'local' }, undefined)).toBe(0);
  });
});
