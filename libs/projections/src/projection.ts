import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { AggregateType } from '@wharf/names';

/**
 * A read model's projection: a pure function of events onto SQLite rows. It makes no decisions
 * and calls nothing outside its transaction.
 */
export interface Projection {
  /** TypeORM entity classes (tables) the projection writes. */
  readonly entities: readonly (new () => object)[];
  /**
   * The aggregate types whose events it applies; the runner skips the others without decoding
   * them. Leave undefined to receive every event.
   */
  readonly aggregateTypes?: readonly AggregateType[];
  apply(event: AnyStoredEvent, em: EntityManager): Promise<void>;
  /**
   * Applies a whole batch (in stream order, in the runner's transaction) with fewer statements
   * than one `apply` per event, e.g. multi-row inserts. Optional; it must leave the same rows as
   * `apply` on each event in turn. The runner calls it instead of `apply` when present.
   */
  applyBatch?(events: readonly AnyStoredEvent[], em: EntityManager): Promise<void>;
}
