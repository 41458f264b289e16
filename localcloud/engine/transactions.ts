/**
 * Optimistic transactions.
 *
 * A transaction sees committed state plus its own pending writes (read-your-writes) and
 * repeatable reads (a document read once is served from the transaction's copy). For every
 * document it reads or writes it records the committed version it saw (0 = absent). Commit
 * validates that none of those versions changed, then applies all writes as one batch; any
 * change by anyone else in between yields DATABASE_TRANSACTION_CONFLICT and nothing is applied.
 */
import { randomBytes } from 'crypto';
import { performance } from 'perf_hooks';
import type { Doc } from './query';
import { clone } from './values';

/** What a transaction knows about one document. */
export interface TxDocState {
  coll: string;
  idk: string;
  /** Committed version when first seen (0 = absent). */
  version: number;
  /** Current image as seen by the transaction (null = absent). */
  image: Doc | null;
  /** True once the transaction wrote the document. */
  written: boolean;
}

/** An open transaction. Timestamps use a monotonic clock (`performance.now()`, ms). */
export class Transaction {
  readonly id = randomBytes(16).toString('hex');
  readonly docs = new Map<string, TxDocState>();
  lastActive = performance.now();

  static key(coll: string, idk: string): string {
    return `${coll}\u0000${idk}`;
  }

  touch(): void {
    this.lastActive = performance.now();
  }

  /** Returns the state of a document, loading it from committed state on first access. */
  view(coll: string, idk: string, committed: () => { doc: Doc; version: number } | undefined): TxDocState {
    const k = Transaction.key(coll, idk);
    let st = this.docs.get(k);
    if (!st) {
      const e = committed();
      st = { coll, idk, version: e ? e.version : 0, image: e ? clone(e.doc) : null, written: false };
      this.docs.set(k, st);
    }
    return st;
  }

  /** Documents written by the transaction, in first-access order. */
  writes(): TxDocState[] {
    return [...this.docs.values()].filter((s) => s.written);
  }
}
