import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Provenance } from '@wharf/events';
import { JsonValue } from './json-value';

@Entity('dispatch_event')
@Index(['tenant', 'namespace', 'seq'])
export class EventEntity {
  @PrimaryColumn('text')
  eventId: string;

  @Column('text')
  tenant: string;

  @Column('text')
  namespace: string;

  @Column('text')
  key: string;

  @Column('simple-json')
  payload: JsonValue;

  @Column('simple-json')
  metadata: Record<string, string>;

  /** The runs its routing started: `[{runId, workflow, workflowVersion}]`. */
  @Column('simple-json')
  runs: { runId: string; workflow: string; workflowVersion: number }[];

  @Column('text')
  pushedAt: string;

  @Column('text')
  actor: string;

  @Column('integer')
  seq: number;

  /** Where a replayed or re-pushed event came from; null for an original push. */
  @Column('simple-json', { nullable: true })
  provenance: Provenance | null;
}
