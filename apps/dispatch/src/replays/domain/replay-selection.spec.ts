import {
  canonicalSelection,
  filterIsExact,
  keyMatcher,
  selector,
  sourceEventFilter,
  targetNamespace,
} from './replay-selection';

const at = (namespace: string, key: string, occurredAt = '2030-01-01T12:00:00.000Z') => ({
  namespace,
  key,
  occurredAt,
});

describe('replay selection', () => {
  it('matches keys with "*" as any run of characters, and other characters literally', () => {
    const match = keyMatcher('user:*');
    expect(match('user:created')).toBe(true);
    expect(match('user:')).toBe(true);
    expect(match('users:created')).toBe(false);
    expect(keyMatcher('a*c')('abbbc')).toBe(true);
    expect(keyMatcher('order:paid')('order:paid')).toBe(true);
    expect(keyMatcher('order:paid')('order:paidx')).toBe(false);
    expect(keyMatcher(undefined)('anything')).toBe(true);
  });

  it('keeps one namespace as is, maps the namespaces a map names and leaves out the others', () => {
    expect(targetNamespace({ withWorkflows: false, namespace: 'a' }, 'a')).toBe('a');
    expect(targetNamespace({ withWorkflows: false, namespace: 'a' }, 'b')).toBeNull();
    expect(targetNamespace({ withWorkflows: false, namespaceMap: { a: 'x' } }, 'a')).toBe('x');
    expect(targetNamespace({ withWorkflows: false, namespaceMap: { a: 'x' } }, 'b')).toBeNull();
    expect(targetNamespace({ withWorkflows: false }, 'b')).toBe('b');
  });

  it('takes events at or after since and before until, on their occurredAt', () => {
    // until 14:00+01:00 is 13:00Z
    const select = selector({
      withWorkflows: false,
      since: '2030-01-01T12:00:00Z',
      until: '2030-01-01T14:00:00+01:00',
    });
    expect(select(at('default', 'k', '2030-01-01T11:59:59.999Z'))).toBeNull();
    expect(select(at('default', 'k', '2030-01-01T12:00:00.000Z'))).toBe('default');
    expect(select(at('default', 'k', '2030-01-01T12:59:59.999Z'))).toBe('default');
    expect(select(at('default', 'k', '2030-01-01T13:00:00.000Z'))).toBeNull();
  });

  it('combines namespace, key and time', () => {
    const select = selector({ withWorkflows: false, namespaceMap: { prod: 'copy' }, key: 'user:*' });
    expect(select(at('prod', 'user:created'))).toBe('copy');
    expect(select(at('prod', 'order:paid'))).toBeNull();
    expect(select(at('dev', 'user:created'))).toBeNull();
  });

  it('reads one namespace through its own filter, several or all through the tenant-wide one', () => {
    expect(sourceEventFilter('acme', { withWorkflows: false, namespace: 'prod' })).toBe('wharf.acme.prod.event.*');
    expect(sourceEventFilter('acme', { withWorkflows: false, namespaceMap: { prod: 'x' } })).toBe(
      'wharf.acme.prod.event.*',
    );
    expect(sourceEventFilter('acme', { withWorkflows: false, namespaceMap: { a: 'x', b: 'y' } })).toBe(
      'wharf.acme.*.event.*',
    );
    expect(sourceEventFilter('acme', { withWorkflows: false })).toBe('wharf.acme.*.event.*');
  });

  it('knows when the filter alone selects exactly', () => {
    expect(filterIsExact({ withWorkflows: true })).toBe(true);
    expect(filterIsExact({ withWorkflows: false, namespace: 'a' })).toBe(true);
    expect(filterIsExact({ withWorkflows: false, namespaceMap: { a: 'x', b: 'y' } })).toBe(false);
    expect(filterIsExact({ withWorkflows: false, key: 'k' })).toBe(false);
    expect(filterIsExact({ withWorkflows: false, since: '2030-01-01T00:00:00Z' })).toBe(false);
  });

  it('puts a selection in one canonical form: map keys sorted, times in UTC, absent parts left out', () => {
    const a = canonicalSelection({
      withWorkflows: true,
      namespaceMap: { b: 'y', a: 'x' },
      since: '2030-01-01T13:00:00+01:00',
      key: undefined,
    });
    const b = canonicalSelection({
      since: '2030-01-01T12:00:00Z',
      namespaceMap: { a: 'x', b: 'y' },
      withWorkflows: true,
    });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).toEqual({ withWorkflows: true, namespaceMap: { a: 'x', b: 'y' }, since: '2030-01-01T12:00:00.000Z' });
  });
});
