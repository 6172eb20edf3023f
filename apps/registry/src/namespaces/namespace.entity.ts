import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The registry's read model of namespaces: one row per namespace seen in a tenant (in a worker, a
 * workflow or a pushed event), with what can be counted from each event alone.
 */
@Entity('registry_namespace')
export class NamespaceEntity {
  @PrimaryColumn('text')
  tenant: string;

  @PrimaryColumn('text')
  namespace: string;

  /** Workers registered and not deregistered. */
  @Column('integer')
  workers: number;

  /** Distinct workflow names (a workflow's first put is its version 1). */
  @Column('integer')
  workflows: number;

  /** Events pushed. */
  @Column('integer')
  events: number;

  /** occurredAt of the earliest event of the namespace. */
  @Column('text')
  firstSeenAt: string;

  /** occurredAt of the latest event of the namespace. */
  @Column('text')
  lastSeenAt: string;
}
