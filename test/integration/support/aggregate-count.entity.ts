import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How many events each aggregate (subject) has had applied, and the last one's sequence. */
@Entity('test_aggregate_count')
export class AggregateCountEntity {
  @PrimaryColumn('text')
  subject: string;

  @Column('integer')
  events: number;

  @Column('integer')
  lastSeq: number;
}
