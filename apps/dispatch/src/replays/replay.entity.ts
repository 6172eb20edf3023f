import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ReplaySelection } from '@wharf/events';
import { ReplayStatus } from './domain/replay-state';

/** A replay as its events tell it, for `GET /api/v1/replays` on every dispatch instance. */
@Entity('dispatch_replay')
@Index(['fromTenant', 'startedSeq'])
@Index(['toTenant', 'startedSeq'])
export class ReplayEntity {
  @PrimaryColumn('text')
  replayId: string;

  @Column('text')
  fromTenant: string;

  @Column('text')
  toTenant: string;

  @Column('simple-json')
  selection: ReplaySelection;

  @Column('text')
  status: Exclude<ReplayStatus, 'absent'>;

  @Column('boolean')
  createdTarget: boolean;

  @Column('text')
  actor: string;

  @Column('integer')
  untilSeq: number;

  @Column('integer')
  throughSeq: number;

  @Column('integer')
  replayed: number;

  @Column('integer')
  skipped: number;

  @Column('integer')
  workflows: number;

  @Column('text', { nullable: true })
  startedAt: string | null;

  @Column('text', { nullable: true })
  finishedAt: string | null;

  @Column('integer', { nullable: true })
  durationMs: number | null;

  @Column('text', { nullable: true })
  reason: string | null;

  /** Stream sequence of `replay.started`. */
  @Column('integer')
  startedSeq: number;
}
