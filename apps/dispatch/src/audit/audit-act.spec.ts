import { AnyStoredEvent } from '@wharf/events';
import { auditActOf } from './audit-act';

function stored(type: string, payload: unknown, actor = 'tok-admin'): AnyStoredEvent {
  return {
    id: 'id',
    type,
    schemaVersion: 1,
    tenant: 'acme',
    namespace: '_',
    aggregate: { type: 'token', id: 'agg' },
    occurredAt: '2030-01-01T00:00:00.000Z',
    actor,
    correlationId: 'c',
    causationId: null,
    payload,
    seq: 7,
    subject: 'wharf.acme._.token.agg',
  } as AnyStoredEvent;
}

describe('auditActOf', () => {
  it('records a token creation with its actor and never its hash', () => {
    const act = auditActOf(
      stored('token.created', {
        tokenId: 't1',
        tenant: 'acme',
        name: 'ci',
        hash: 'deadbeef',
        operator: false,
        role: 'viewer',
        namespace: 'shop',
      }),
    );
    expect(act).toEqual({
      seq: 7,
      at: '2030-01-01T00:00:00.000Z',
      type: 'token.created',
      namespace: '_',
      actor: 'tok-admin',
      subject: 'agg',
      detail: 'token "ci" (viewer, namespace shop) created',
      data: { tokenId: 't1', name: 'ci', role: 'viewer', namespace: 'shop', expiresAt: null },
    });
    expect(JSON.stringify(act)).not.toContain('deadbeef');
  });

  it('records a rotation without either hash', () => {
    const act = auditActOf(stored('operator-token.rotated', { tokenId: 'n', hash: 'cafe', previousTokenId: 'o' }));
    expect(JSON.stringify(act)).not.toContain('cafe');
  });

  it('records workers lost and workflows changed; dispatch events, ticks and seals are not acts', () => {
    expect(
      auditActOf(
        stored(
          'worker.became-unavailable',
          { workerId: 'w', reason: 'heartbeat-timeout', lastHeartbeatAt: null },
          'system',
        ),
      )?.detail,
    ).toBe('worker w lost (heartbeat-timeout)');
    expect(
      auditActOf(
        stored('workflow.put', { name: 'f', version: 2, eventKeys: ['k'], steps: [{ name: 's', action: 'a' }] }),
      )?.data,
    ).toEqual({
      name: 'f',
      version: 2,
      eventKeys: ['k'],
      steps: ['s'],
    });
    expect(auditActOf(stored('step.assigned', {}))).toBeNull();
    expect(auditActOf(stored('cron.ticked', {}))).toBeNull();
    expect(auditActOf(stored('history.sealed', {}))).toBeNull();
  });
});
