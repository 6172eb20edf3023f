import { deterministicId } from './deterministic-id';
import {
  aRun,
  eventPushed,
  given,
  NAMESPACE,
  NOW,
  push,
  runStarted,
  startRunsOf,
  TENANT,
  workflowPut,
} from './testing/given';

const resize = { name: 'resize', action: 'img.resize' };
const notify = { name: 'notify', action: 'mail.send' };

describe('routing a pushed event', () => {
  it('starts one run per workflow of the same tenant and namespace whose event keys include the key', () => {
    given(
      workflowPut('thumbnails', { eventKeys: ['image.uploaded'], version: 3 }),
      workflowPut('audit', { eventKeys: ['image.uploaded', 'image.deleted'] }),
      workflowPut('cleanup', { eventKeys: ['image.deleted'] }),
    )
      .when(push({ eventId: 'e-1', key: 'image.uploaded', payload: { path: '/a.png' }, metadata: { source: 'cli' } }))
      .then([
        {
          type: 'event.pushed',
          payload: {
            eventId: 'e-1',
            key: 'image.uploaded',
            payload: { path: '/a.png' },
            metadata: { source: 'cli' },
            runs: [
              { runId: deterministicId('e-1', 'audit'), workflow: 'audit', workflowVersion: 1 },
              { runId: deterministicId('e-1', 'thumbnails'), workflow: 'thumbnails', workflowVersion: 3 },
            ],
          },
        },
      ]);
  });

  it('starts no workflow of another namespace of the tenant, even one with the same name', () => {
    given(
      workflowPut('thumbnails', { namespace: 'staging', eventKeys: ['image.uploaded'], version: 5 }),
      workflowPut('thumbnails', { eventKeys: ['image.uploaded'], version: 1 }),
      workflowPut('audit', { namespace: 'staging', eventKeys: ['image.uploaded'] }),
    )
      .when(push({ eventId: 'e-1', key: 'image.uploaded' }))
      .then([
        {
          type: 'event.pushed',
          payload: expect.objectContaining({
            runs: [{ runId: deterministicId('e-1', 'thumbnails'), workflow: 'thumbnails', workflowVersion: 1 }],
          }),
        },
      ]);
  });

  it('starts no workflow of another tenant, even one with the same namespace and name', () => {
    given(
      workflowPut('thumbnails', { tenant: 'globex', eventKeys: ['image.uploaded'] }),
      workflowPut('audit', { tenant: 'globex', eventKeys: ['image.uploaded'] }),
    )
      .when(push({ eventId: 'e-1', key: 'image.uploaded' }))
      .then([{ type: 'event.pushed', payload: expect.objectContaining({ runs: [] }) }]);
  });

  it('records the event with no runs when no workflow listens to the key, and leaves nothing to start', () => {
    const { state } = given(workflowPut('thumbnails', { eventKeys: ['image.uploaded'] }))
      .when(push({ eventId: 'e-1', key: 'image.deleted' }))
      .then([{ type: 'event.pushed', payload: expect.objectContaining({ key: 'image.deleted', runs: [] }) }]);
    expect(state.pendingRoutes.size).toBe(0);
  });

  it('stops routing a key to a workflow that was put again without it', () => {
    const history = [
      workflowPut('thumbnails', { eventKeys: ['image.uploaded'], version: 1 }),
      workflowPut('thumbnails', { eventKeys: ['image.resized'], version: 2 }),
    ];
    given(history)
      .when(push({ eventId: 'e-old', key: 'image.uploaded' }))
      .then([{ type: 'event.pushed', payload: expect.objectContaining({ runs: [] }) }]);
    given(history)
      .when(push({ eventId: 'e-new', key: 'image.resized' }))
      .then([
        {
          type: 'event.pushed',
          payload: expect.objectContaining({
            runs: [{ runId: deterministicId('e-new', 'thumbnails'), workflow: 'thumbnails', workflowVersion: 2 }],
          }),
        },
      ]);
  });

  it('keeps routing a key that the workflow still lists after being put again', () => {
    given(
      workflowPut('thumbnails', { eventKeys: ['image.uploaded'], version: 1 }),
      workflowPut('thumbnails', { eventKeys: ['image.uploaded', 'image.resized'], version: 2 }),
    )
      .when(push({ eventId: 'e-1', key: 'image.uploaded' }))
      .then([
        {
          type: 'event.pushed',
          payload: expect.objectContaining({
            runs: [{ runId: deterministicId('e-1', 'thumbnails'), workflow: 'thumbnails', workflowVersion: 2 }],
          }),
        },
      ]);
  });

  it('records the pushed event under its own id, in its scope, by the pushing token, at the clock of the decision', () => {
    const {
      events: [event],
    } = given()
      .when(push({ eventId: 'e-1', key: 'image.uploaded', tenant: 'acme', namespace: 'media', actor: 'token-7' }))
      .then([{ type: 'event.pushed', payload: expect.anything() }]);
    expect(event).toMatchObject({
      id: 'e-1',
      tenant: 'acme',
      namespace: 'media',
      aggregate: { type: 'event', id: 'e-1' },
      actor: 'token-7',
      occurredAt: NOW.toISOString(),
    });
  });

  it('draws nothing', () => {
    given(workflowPut('thumbnails', { eventKeys: ['image.uploaded'] }))
      .when(push({ eventId: 'e-1', key: 'image.uploaded' }), { draws: [] })
      .then([{ type: 'event.pushed', payload: expect.anything() }]);
  });
});

describe('run ids', () => {
  const thumbnails = workflowPut('thumbnails', { eventKeys: ['image.uploaded'] });

  it('are the same for the same event and workflow, so a retried push names the same runs', () => {
    const first = given(thumbnails)
      .when(push({ eventId: 'e-1', key: 'image.uploaded' }))
      .then([{ type: 'event.pushed', payload: expect.anything() }]);
    const retried = given(thumbnails)
      .when(push({ eventId: 'e-1', key: 'image.uploaded' }))
      .then([{ type: 'event.pushed', payload: expect.anything() }]);
    expect(retried.events[0].payload).toEqual(first.events[0].payload);
  });

  it('differ between events and between workflows', () => {
    expect(deterministicId('e-1', 'thumbnails')).not.toBe(deterministicId('e-2', 'thumbnails'));
    expect(deterministicId('e-1', 'thumbnails')).not.toBe(deterministicId('e-1', 'audit'));
  });
});

describe('starting the routed runs', () => {
  const steps = [resize, notify];
  const thumbnails = workflowPut('thumbnails', { eventKeys: ['image.uploaded'], version: 2, steps });
  const audit = workflowPut('audit', { eventKeys: ['image.uploaded'], steps: [notify] });
  const thumbnailsRun = deterministicId('e-1', 'thumbnails');
  const auditRun = deterministicId('e-1', 'audit');
  const pushed = eventPushed('e-1', {
    key: 'image.uploaded',
    payload: { path: '/a.png' },
    runs: [
      { runId: auditRun, workflow: 'audit', workflowVersion: 1 },
      { runId: thumbnailsRun, workflow: 'thumbnails', workflowVersion: 2 },
    ],
  });

  it('starts every routed run with the workflow steps and the event payload as input', () => {
    given(thumbnails, audit, pushed)
      .when(startRunsOf('e-1'))
      .then([
        {
          type: 'run.started',
          payload: {
            runId: auditRun,
            workflow: 'audit',
            workflowVersion: 1,
            eventId: 'e-1',
            eventKey: 'image.uploaded',
            input: { path: '/a.png' },
            steps: [{ stepRunId: deterministicId(auditRun, 'step', '0'), step: 'notify', action: 'mail.send' }],
          },
        },
        {
          type: 'run.started',
          payload: {
            runId: thumbnailsRun,
            workflow: 'thumbnails',
            workflowVersion: 2,
            eventId: 'e-1',
            eventKey: 'image.uploaded',
            input: { path: '/a.png' },
            steps: [
              { stepRunId: deterministicId(thumbnailsRun, 'step', '0'), step: 'resize', action: 'img.resize' },
              { stepRunId: deterministicId(thumbnailsRun, 'step', '1'), step: 'notify', action: 'mail.send' },
            ],
          },
        },
      ]);
  });

  it('gives the started run a deterministic id, caused by and correlated with the event', () => {
    const { events } = given(thumbnails, audit, pushed)
      .when(startRunsOf('e-1'))
      .then([
        { type: 'run.started', payload: expect.objectContaining({ runId: auditRun }) },
        { type: 'run.started', payload: expect.objectContaining({ runId: thumbnailsRun }) },
      ]);
    expect(events[1]).toMatchObject({
      id: deterministicId(thumbnailsRun, 'run.started'),
      tenant: TENANT,
      namespace: NAMESPACE,
      aggregate: { type: 'run', id: thumbnailsRun },
      actor: 'system',
      correlationId: 'e-1',
      causationId: 'e-1',
      occurredAt: NOW.toISOString(),
    });
  });

  it('skips a run already started (a restart finishing interrupted work)', () => {
    const alreadyStarted = aRun(auditRun, { eventId: 'e-1', steps: [{ step: 'notify', action: 'mail.send' }] });
    given(thumbnails, audit, pushed, runStarted(alreadyStarted))
      .when(startRunsOf('e-1'))
      .then([{ type: 'run.started', payload: expect.objectContaining({ runId: thumbnailsRun }) }]);
  });

  it('leaves no pending route once every routed run started', () => {
    const { state } = given(thumbnails, audit, pushed)
      .when(startRunsOf('e-1'))
      .then([
        { type: 'run.started', payload: expect.objectContaining({ runId: auditRun }) },
        { type: 'run.started', payload: expect.objectContaining({ runId: thumbnailsRun }) },
      ]);
    expect(state.pendingRoutes.size).toBe(0);
    expect([...state.runs.keys()].sort()).toEqual([auditRun, thumbnailsRun].sort());
  });

  it('decides the same run.started events when decided again, so the append deduplicates', () => {
    const first = given(thumbnails, audit, pushed)
      .when(startRunsOf('e-1'))
      .then([
        { type: 'run.started', payload: expect.anything() },
        { type: 'run.started', payload: expect.anything() },
      ]);
    const again = given(thumbnails, audit, pushed).when(startRunsOf('e-1')).then(first.events);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
  });
});

describe('pushing again with provenance', () => {
  const provenance = { kind: 'event' as const, tenant: TENANT, namespace: NAMESPACE, eventId: 'e-0', seq: 7 };

  it('records where the event came from and routes it against the current workflows', () => {
    given(workflowPut('thumbnails', { eventKeys: ['image.uploaded'], version: 2 }))
      .when(push({ eventId: 'e-2', key: 'image.uploaded', provenance }))
      .then([
        {
          type: 'event.pushed',
          payload: {
            eventId: 'e-2',
            key: 'image.uploaded',
            payload: null,
            metadata: {},
            runs: [{ runId: deterministicId('e-2', 'thumbnails'), workflow: 'thumbnails', workflowVersion: 2 }],
            provenance,
          },
        },
      ]);
  });

  it('routes a run run again to its workflow alone, whatever the key triggers', () => {
    given(
      workflowPut('thumbnails', { eventKeys: ['image.uploaded'] }),
      workflowPut('audit', { eventKeys: ['image.uploaded'] }),
    )
      .when(push({ eventId: 'e-3', key: 'image.uploaded', onlyWorkflow: 'thumbnails' }))
      .then([
        {
          type: 'event.pushed',
          payload: {
            eventId: 'e-3',
            key: 'image.uploaded',
            payload: null,
            metadata: {},
            runs: [{ runId: deterministicId('e-3', 'thumbnails'), workflow: 'thumbnails', workflowVersion: 1 }],
          },
        },
      ]);
  });

  it('routes a run run again to nothing when its workflow is gone from the namespace', () => {
    given()
      .when(push({ eventId: 'e-4', key: 'image.uploaded', onlyWorkflow: 'thumbnails' }))
      .then([
        {
          type: 'event.pushed',
          payload: { eventId: 'e-4', key: 'image.uploaded', payload: null, metadata: {}, runs: [] },
        },
      ]);
  });
});
