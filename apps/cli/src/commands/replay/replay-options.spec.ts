import { replayInput } from './replay-options';

describe('wharf replay options', () => {
  it('builds the replay from the flags given, and nothing else', () => {
    expect(replayInput({ from: 'src', to: 'dst' })).toEqual({ from: 'src', to: 'dst' });
    expect(
      replayInput({
        from: 'src',
        to: 'dst',
        create: true,
        mapNamespace: ['prod=copy', 'dev=dev-copy'],
        since: '2030-01-01T00:00:00Z',
        key: 'user:*',
        withWorkflows: true,
      }),
    ).toEqual({
      from: 'src',
      to: 'dst',
      create: true,
      namespaceMap: { prod: 'copy', dev: 'dev-copy' },
      since: '2030-01-01T00:00:00Z',
      key: 'user:*',
      withWorkflows: true,
    });
  });

  it('reads the target token from its file, trimmed', () => {
    const input = replayInput({ from: 'src', to: 'dst', targetTokenFile: 't.token' }, () => 'wharf_abc\n');
    expect(input.targetToken).toBe('wharf_abc');
  });

  it('refuses --namespace with --map-namespace, a malformed mapping and an empty token file', () => {
    expect(() => replayInput({ from: 'a', to: 'b', namespace: 'x', mapNamespace: ['x=y'] })).toThrow(/choose one/);
    expect(() => replayInput({ from: 'a', to: 'b', mapNamespace: ['x'] })).toThrow(/key=value/);
    expect(() => replayInput({ from: 'a', to: 'b', targetTokenFile: 'f' }, () => ' \n')).toThrow(/empty/);
  });
});
