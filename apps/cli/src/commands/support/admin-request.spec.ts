import { nestReplyResponse, nestRequestPacket } from './admin-request';

describe('Nest admin request envelope', () => {
  it('carries the subject as the pattern and an id, so Nest answers it as a request', () => {
    expect(nestRequestPacket('wharf-admin.tenant.rebuild', {}, 'id-1')).toEqual({
      pattern: 'wharf-admin.tenant.rebuild',
      data: {},
      id: 'id-1',
    });
  });

  it('returns the response of a reply', () => {
    expect(nestReplyResponse({ id: 'id-1', response: { events: 3, ms: 12 }, isDisposed: true })).toEqual({
      events: 3,
      ms: 12,
    });
  });

  it.each([
    [
      { id: 'id-1', status: 'error', err: 'There is no matching message handler defined in the remote service.' },
      'no matching message handler',
    ],
    [{ id: 'id-1', err: { message: 'rebuild failed' }, isDisposed: true }, 'rebuild failed'],
    ['nonsense', 'not a Nest reply'],
  ])('turns an error reply into an Error', (reply, message) => {
    expect(() => nestReplyResponse(reply)).toThrow(message);
  });
});
