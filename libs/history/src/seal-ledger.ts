import { HistorySealed, SealEntry } from '@wharf/events';
import { buildSeal } from './build-seal';
import { SealHead } from './seal-head';

interface TenantLedger {
  head: SealHead | null;
  /** Every event of the tenant up to this sequence is in a seal. */
  sealedThrough: number;
  /** Events after `sealedThrough`, in stream order, waiting for the next seal. */
  pending: SealEntry[];
}

/** The next seal of a tenant and the append condition that keeps the chain linear. */
export interface NextSeal {
  seal: HistorySealed;
  /** Stream sequence of the tenant's last seal (0 for the first): the seal subject's expected last sequence. */
  expectedLastSubjectSeq: number;
}

/**
 * What a sealer knows of every tenant's chain: its last seal and the events recorded since. Pure:
 * the sealer feeds it the stream in order and the seals it (or another sealer) appended. An event
 * enters at most one seal — entries a seal covers are dropped as soon as that seal is known — and
 * none is skipped, as long as the sealer records every event after `sealedThrough`.
 */
export class SealLedger {
  private readonly tenants = new Map<string, TenantLedger>();

  /** `heads`: each tenant's last seal as found in the stream at start (tenants absent have none). */
  constructor(heads: ReadonlyMap<string, SealHead> = new Map()) {
    for (const [tenant, head] of heads) this.tenants.set(tenant, { head, sealedThrough: head.toSeq, pending: [] });
  }

  private ledgerOf(tenant: string): TenantLedger {
    let ledger = this.tenants.get(tenant);
    if (!ledger) {
      ledger = { head: null, sealedThrough: 0, pending: [] };
      this.tenants.set(tenant, ledger);
    }
    return ledger;
  }

  /** The tenant's last known seal, or null. */
  headOf(tenant: string): SealHead | null {
    return this.tenants.get(tenant)?.head ?? null;
  }

  /** Records an event read from the stream; false when a seal already covers it (a resumed read). */
  record(tenant: string, entry: SealEntry): boolean {
    const ledger = this.ledgerOf(tenant);
    if (entry.seq <= ledger.sealedThrough) return false;
    const last = ledger.pending[ledger.pending.length - 1];
    if (last !== undefined && entry.seq <= last.seq) return false;
    ledger.pending.push(entry);
    return true;
  }

  /**
   * A seal of the tenant was appended (read from the stream, or acknowledged to this sealer). A
   * later seal than the known head becomes the head, and the events it covers leave the pending list.
   */
  observe(tenant: string, head: SealHead): void {
    const ledger = this.ledgerOf(tenant);
    if (ledger.head !== null && head.seq <= ledger.head.seq) return;
    ledger.head = head;
    if (head.toSeq > ledger.sealedThrough) {
      ledger.sealedThrough = head.toSeq;
      ledger.pending = ledger.pending.filter((e) => e.seq > head.toSeq);
    }
  }

  pendingCount(tenant: string): number {
    return this.tenants.get(tenant)?.pending.length ?? 0;
  }

  /** Tenants with events waiting for a seal. */
  tenantsWithPending(): string[] {
    return [...this.tenants].filter(([, ledger]) => ledger.pending.length > 0).map(([tenant]) => tenant);
  }

  /** The seal over the tenant's oldest pending events, at most `maxEntries`; null when nothing waits. */
  nextSeal(tenant: string, maxEntries: number): NextSeal | null {
    const ledger = this.tenants.get(tenant);
    if (!ledger || ledger.pending.length === 0) return null;
    return {
      seal: buildSeal(tenant, ledger.head, ledger.pending.slice(0, maxEntries)),
      expectedLastSubjectSeq: ledger.head?.seq ?? 0,
    };
  }
}
