import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last stream sequence applied to a read model, written in the same transaction as its rows. */
@Entity('projection_checkpoint')
export class CheckpointEntity {
  @PrimaryColumn('text')
  name: string;

  @Column('integer')
  lastSeq: number;

  @Column('integer')
  schemaVersion: number;
}
