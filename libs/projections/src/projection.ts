import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';

/**
 * A read model's projection: a pure function of events onto SQLite rows. It makes no decisions
 * and calls nothing outside its transaction.
 */
export interface Projection {
  /** TypeORM entity classes (tables) the projection writes. */
  readonly entities: readonly (new () => object)[];
  apply(event: AnyStoredEvent, em: EntityManager): Promise<void>;
}
