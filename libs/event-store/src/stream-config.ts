import { DiscardPolicy, nanos, RetentionPolicy, StorageType, StreamConfig } from 'nats';
import { SUBJECT_ROOT } from '@wharf/names';

export const DEFAULT_STREAM = 'WHARF_EVENTS';

/** Two minutes of `Nats-Msg-Id` deduplication: long enough for any client or reactor retry. */
export const DUPLICATE_WINDOW_MS = 120_000;

export function streamConfig(name: string, replicas = 1): Partial<StreamConfig> {
  return {
    name,
    subjects: [`${SUBJECT_ROOT}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    deny_delete: true,
    deny_purge: true,
    allow_direct: true,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: replicas,
  };
}
