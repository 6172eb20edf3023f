import { Injectable } from '@nestjs/common';
import { AssignmentMessage, CancelMessage, StreamMessage } from './assignment-message';

type Listener = (message: StreamMessage) => void;

/** The open assignment streams of this dispatch instance, by worker. */
@Injectable()
export class AssignmentHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(workerId: string, listener: Listener): () => void {
    const set = this.listeners.get(workerId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(workerId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workerId);
    };
  }

  deliver(workerId: string, message: AssignmentMessage): void {
    for (const listener of this.listeners.get(workerId) ?? []) listener({ event: 'assignment', data: message });
  }

  /** Sends a cancel signal to the worker's open streams (a worker not connected now misses it; its late report is refused). */
  cancel(workerId: string, message: CancelMessage): void {
    for (const listener of this.listeners.get(workerId) ?? []) listener({ event: 'cancel', data: message });
  }

  connections(workerId: string): number {
    return this.listeners.get(workerId)?.size ?? 0;
  }
}
