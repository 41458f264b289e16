/**
 * What an action costs over a network: every database request counted, its writes, and its critical path
 * (sequential round trips). The local cloud answers each request after `DB_LATENCY_MS` (CONTRACT §4) when it
 * implements it; where it does not, the bench adds the same delay itself on the transport, so the figures
 * mean the same either way (see `installLatency`).
 *
 * Critical path: a request's depth is 1 + the deepest request that had finished before it was sent; an
 * action's round trips are its deepest request. Requests sent together (Promise.all) share a depth. This is
 * exact, independent of timing noise, and equals wall time / latency at a fixed latency.
 */
import { performance } from 'node:perf_hooks';
import { EngineTransport } from '../localcloud/engine/transport';

const WRITES = new Set(['database.insertDocument', 'database.modifyDocument', 'database.modifyAndReturnDoc', 'database.removeDocument', 'database.commitTransaction']);

export interface Cost { requests: number; writes: number; roundTrips: number }

let current: { requests: number; writes: number; finishedDepth: number; maxDepth: number } = { requests: 0, writes: 0, finishedDepth: 0, maxDepth: 0 };
let ownDelayMs = 0;
let installed = false;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wraps the transport once: counts every request against the current measurement and, if asked, delays it. */
export function instrument(): void {
  if (installed) return;
  installed = true;
  const send = EngineTransport.prototype.send;
  EngineTransport.prototype.send = async function (this: EngineTransport, action: string, params?: Record<string, unknown>, opts?: unknown) {
    const m = current;
    const depth = m.finishedDepth + 1;
    m.requests++;
    // A transaction's writes are sent inside it; the commit is where they land (one write per commit
    // would undercount, so count the in-transaction writes and not the commit itself).
    if (WRITES.has(action) && action !== 'database.commitTransaction') m.writes++;
    m.maxDepth = Math.max(m.maxDepth, depth);
    try {
      if (ownDelayMs > 0) await sleep(ownDelayMs);
      return await send.call(this, action, params, opts);
    } finally {
      m.finishedDepth = Math.max(m.finishedDepth, depth);
    }
  };
}

/** Starts a fresh measurement; the returned function ends it and answers what was counted since. */
export function measure(): () => Cost {
  const m = { requests: 0, writes: 0, finishedDepth: 0, maxDepth: 0 };
  current = m;
  return () => ({ requests: m.requests, writes: m.writes, roundTrips: m.maxDepth });
}

/**
 * Makes every database request take `ms`: sets `DB_LATENCY_MS` for the local cloud (call before
 * `createLocalCloud`), then `calibrate` checks a request really takes that long and, if the local cloud does
 * not delay requests itself, delays them on the transport here.
 */
export function installLatency(ms: number): void {
  process.env.DB_LATENCY_MS = String(ms);
  instrument();
}

/** Times point reads; when they answer faster than `ms`, the bench adds the delay itself. Answers who delays. */
export async function calibrate(read: () => Promise<unknown>, ms: number): Promise<'local cloud' | 'bench'> {
  const stop = measure();
  await read(); // the first request also pays the SDK's own set-up
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) await read();
  stop();
  const per = (performance.now() - t0) / 5;
  if (per >= ms * 0.8) return 'local cloud';
  ownDelayMs = ms;
  return 'bench';
}

/** Ends the delay (for the throughput table, which measures the engine itself). */
export function removeLatency(): void {
  ownDelayMs = 0;
  process.env.DB_LATENCY_MS = '0';
}
