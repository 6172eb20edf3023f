import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per application of an event, in the order applied. A duplicate sequence means an event
 * was applied twice; a missing one means it was skipped.
 */
@Entity('test_applied_event')
export class AppliedEventEntity {
  @PrimaryGeneratedColumn()
  position: number;

  @Column('integer')
  seq: number;

  @Column('text')
  eventId: string;

  @Column('text')
  type: string;

  @Column('text')
  subject: string;
}
