import { rotationFields, rotationNotice, saveRotatedToken } from './rotation-outcome';

const rotated = {
  tokenId: 'feedfacefeedface',
  token: 'wharf_feedfacefeedface_secret',
  createdAt: '2030-01-01T00:00:00Z',
};

describe('operator token rotation', () => {
  it('writes the new token to the file the old one came from, and prints only the file', () => {
    const written: [string, string][] = [];
    const outcome = saveRotatedToken(rotated, '/srv/wharf/operator.token', (file, secret) =>
      written.push([file, secret]),
    );
    expect(written).toEqual([['/srv/wharf/operator.token', rotated.token]]);
    expect(outcome).toEqual({ kind: 'saved', file: '/srv/wharf/operator.token' });
    expect(rotationFields(rotated, outcome)).toEqual([
      ['token id', 'feedfacefeedface'],
      ['created', '2030-01-01T00:00:00Z'],
      ['token file', '/srv/wharf/operator.token'],
    ]);
    expect(rotationNotice(outcome)).not.toContain(rotated.token);
  });

  it('shows the new token once when the old one was given directly', () => {
    const outcome = saveRotatedToken(rotated, null, () => {
      throw new Error('nothing must be written');
    });
    expect(outcome).toEqual({ kind: 'shown' });
    expect(rotationFields(rotated, outcome)).toContainEqual(['token', rotated.token]);
    expect(rotationNotice(outcome)).toContain('cannot show it again');
  });

  it('shows the new token when its file cannot be written, so it is not lost', () => {
    const outcome = saveRotatedToken(rotated, '/read-only/operator.token', () => {
      throw Object.assign(new Error('read-only file system'), { code: 'EROFS' });
    });
    expect(outcome).toEqual({ kind: 'not-saved', file: '/read-only/operator.token', reason: 'EROFS' });
    expect(rotationFields(rotated, outcome)).toContainEqual(['token', rotated.token]);
    expect(rotationNotice(outcome)).toContain('could not be written to /read-only/operator.token (EROFS)');
  });
});
