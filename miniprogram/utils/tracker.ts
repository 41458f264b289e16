/**
 * Event tracking (埋点): `track(name, props)` queues an event stamped with the current page and the
 * experiment variants of this session, and batches go to `analytics.track`.
 *
 * Flushes: when the queue reaches {@link FLUSH_AT} events, {@link FLUSH_INTERVAL_MS} after the first
 * unsent event, and on `App.onHide` (app.ts). A failed flush puts its batch back at the front (order
 * kept, nothing sent twice by us) and the next flush retries it; the queue keeps at most
 * {@link MAX_QUEUE} events, dropping the oldest. Tracking never throws into a page.
 *
 * The page and the variants ride in the props the server files apart (domain/analytics/analytics.ts
 * `compactEvent`): `page` is stored as `pg`, `exp` (`{experimentKey: variant}`) as `x`.
 */
import { isServerEvent, type ErrorCode } from '../../typings/api';
import { call, errorCodeOf } from '../api/client';
import { experiments } from '../stores/experiments';

export interface TrackedEvent { name: string; props: Record<string, unknown>; at: number }

/** The server's limits per batch and per event (domain/analytics/analytics.ts `checkBatch`). */
export const MAX_BATCH = 50;
export const MAX_NAME_LENGTH = 64;
export const MAX_PROPS_KEYS = 20;
/** Queue length that triggers a flush. */
export const FLUSH_AT = 20;
export const FLUSH_INTERVAL_MS = 10_000;
/** Events kept while the backend cannot be reached; the oldest go first. */
export const MAX_QUEUE = 200;

const NAME = /^[A-Za-z0-9_.:$-]+$/;
/** Props the tracker adds to every event. */
const STAMPED = ['page', 'exp'];

export interface TrackerOptions {
  send?: (events: TrackedEvent[]) => Promise<unknown>;
  /** The route of the page on top, `pages/home/home`. */
  currentPage?: () => string;
  /** The variants assigned so far, `{experimentKey: variant}`. */
  variants?: () => Record<string, string>;
  now?: () => number;
  flushAt?: number;
  intervalMs?: number;
  maxQueue?: number;
}

/** Codes after which sending the same batch again cannot succeed: the batch is dropped, not retried. */
const FINAL: readonly ErrorCode[] = ['INVALID_ARGUMENT'];

export class Tracker {
  private queue: TrackedEvent[] = [];
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** After a failure, reaching `flushAt` does not send again: the timer or `App.onHide` retries. */
  private backingOff = false;
  private readonly send: (events: TrackedEvent[]) => Promise<unknown>;
  private readonly currentPage: () => string;
  private readonly variants: () => Record<string, string>;
  private readonly now: () => number;
  private readonly flushAt: number;
  private readonly intervalMs: number;
  private readonly maxQueue: number;

  constructor(options: TrackerOptions = {}) {
    this.send = options.send ?? ((events) => call('analytics.track', { events }));
    this.currentPage = options.currentPage ?? topPageRoute;
    this.variants = options.variants ?? (() => ({ ...experiments.variants }));
    this.now = options.now ?? Date.now;
    this.flushAt = options.flushAt ?? FLUSH_AT;
    this.intervalMs = options.intervalMs ?? FLUSH_INTERVAL_MS;
    this.maxQueue = options.maxQueue ?? MAX_QUEUE;
  }

  /** Events not yet accepted by the server (in flight included), oldest first. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues an event; never throws. An event the server would refuse is dropped here, with a warning. */
  track(name: string, props: Record<string, unknown> = {}): void {
    try {
      if (!NAME.test(name) || name.length > MAX_NAME_LENGTH) {
        console.warn(`[tracker] dropped event with an invalid name: ${name}`);
        return;
      }
      if (isServerEvent(name)) {
        // The server records orders and payments itself and refuses a batch naming one: it would take the others with it.
        console.warn(`[tracker] dropped ${name}: the server records it`);
        return;
      }
      const own = Object.keys(props).filter((k) => !STAMPED.includes(k));
      if (own.length > MAX_PROPS_KEYS - STAMPED.length) console.warn(`[tracker] ${name}: props cut to ${MAX_PROPS_KEYS - STAMPED.length} keys`);
      const kept: Record<string, unknown> = {};
      own.slice(0, MAX_PROPS_KEYS - STAMPED.length).forEach((k) => { kept[k] = props[k]; });
      this.queue.push({ name, props: { ...kept, page: this.currentPage(), exp: this.variants() }, at: this.now() });
      this.trim();
      if (this.queue.length >= this.flushAt && !this.backingOff) void this.flush();
      else this.arm();
    } catch (err) {
      console.warn('[tracker] track failed', err);
    }
  }

  /**
   * Sends everything queued, in batches of at most {@link MAX_BATCH}, oldest first; stops at the first
   * failure and keeps that batch for the next flush. Concurrent calls share one run. Never rejects.
   */
  flush(): Promise<void> {
    this.backingOff = false;
    this.disarm();
    if (!this.inFlight) {
      this.inFlight = this.drain().finally(() => {
        this.inFlight = null;
        this.arm();
      });
    }
    return this.inFlight;
  }

  private async drain(): Promise<void> {
    // Events stay in the queue while they are sent, so tracking meanwhile only appends behind them.
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, MAX_BATCH);
      try {
        await this.send(batch);
      } catch (err) {
        const code = errorCodeOf(err);
        if (FINAL.includes(code)) {
          console.error(`[tracker] server refused ${batch.length} events (${code}); dropped`, err);
          this.remove(batch);
          continue;
        }
        console.warn(`[tracker] flush failed (${code}); ${this.queue.length} events kept for the next flush`);
        this.backingOff = true;
        return;
      }
      this.remove(batch);
    }
  }

  /** Takes a sent batch off the front (the oldest may have been dropped by `trim` meanwhile). */
  private remove(batch: TrackedEvent[]): void {
    const sent = new Set(batch);
    this.queue = this.queue.filter((e) => !sent.has(e));
  }

  private trim(): void {
    const over = this.queue.length - this.maxQueue;
    if (over > 0) {
      this.queue.splice(0, over);
      console.warn(`[tracker] queue full: dropped the ${over} oldest events`);
    }
  }

  private arm(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.intervalMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The route of the page on top of the stack (`pages/home/home`), or '' before the first page. */
export function topPageRoute(): string {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
  const top = pages[pages.length - 1] as { route?: string } | undefined;
  return top?.route ?? '';
}

/** The mini-program's one tracker. */
export const tracker = new Tracker();

/** Queues an event on the mini-program's tracker (see {@link Tracker.track}). */
export function track(name: string, props?: Record<string, unknown>): void {
  tracker.track(name, props);
}
