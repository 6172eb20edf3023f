import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { absentReplay, evolveReplay, ReplayEvent, ReplayState } from './domain/replay-state';
import { ReplayEntity } from './replay.entity';

export function replayStateOf(row: ReplayEntity): ReplayState {
  return {
    status: row.status,
    replayId: row.replayId,
    from: row.fromTenant,
    to: row.toTenant,
    selection: row.selection,
    createdTarget: Boolean(row.createdTarget),
    actor: row.actor,
    untilSeq: row.untilSeq,
    throughSeq: row.throughSeq,
    replayed: row.replayed,
    skipped: row.skipped,
    workflows: row.workflows,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: row.durationMs,
    reason: row.reason,
  };
}

/** One row per replay, folded from its `replay.*` events with the same evolve the engine uses. */
export class ReplayProjection implements Projection {
  readonly entities = [ReplayEntity];
  readonly aggregateTypes = ['replay'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    if (!event.type.startsWith('replay.')) return;
    const row = await em.findOneBy(ReplayEntity, { replayId: event.aggregate.id });
    if (row === null && event.type !== 'replay.started') return;
    const state = evolveReplay(row === null ? absentReplay : replayStateOf(row), event as unknown as ReplayEvent);
    if (state.status === 'absent') return;
    await em.save(ReplayEntity, {
      replayId: state.replayId,
      fromTenant: state.from,
      toTenant: state.to,
      selection: state.selection,
      status: state.status,
      createdTarget: state.createdTarget,
      actor: state.actor,
      untilSeq: state.untilSeq,
      throughSeq: state.throughSeq,
      replayed: state.replayed,
      skipped: state.skipped,
      workflows: state.workflows,
      startedAt: state.startedAt,
      finishedAt: state.finishedAt,
      durationMs: state.durationMs,
      reason: state.reason,
      startedSeq: row?.startedSeq ?? event.seq,
    });
  }
}
