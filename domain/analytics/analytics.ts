/**
 * Analytics (埋点) rules: what a tracked batch may hold, how an event is stored compactly, and the
 * operator reports (funnel, LTV, campaign ROI). Pure: server time and user ids come in.
 */
import { refuse, success, type Outcome } from '../kernel/outcome';
import { isServerEvent } from '../../typings/api';

export const MAX_EVENTS_PER_BATCH = 50;
export const MAX_NAME_LENGTH = 64;
export const MAX_PROPS_KEYS = 20;
/** A client clock further than this from the server's is not trusted; the server time is kept anyway. */
export const MAX_CLIENT_SKEW_MS = 24 * 3600_000;

export interface TrackedEvent { name: string; props?: Record<string, unknown>; at?: number }

/**
 * An event as stored: short field names keep the high-volume collection small.
 * u user, n name, at server time (ms), ct client time (when plausible), pg page path, x experiment
 * variants `{experimentKey: variant}`, ch channel, p remaining props (plain keys, scalar values), pj all
 * remaining props as sent (JSON text) when some could not be stored as plain fields.
 */
export interface StoredEvent {
  u: string;
  n: string;
  at: number;
  ct?: number;
  pg?: string;
  x?: Record<string, string>;
  p?: Record<string, unknown>;
  /** All remaining props as sent, as JSON text, when `p` could not hold them unchanged (see `queryableProps`). */
  pj?: string;
}

const NAME = /^[A-Za-z0-9_.:$-]+$/;

/**
 * Checks a batch: 1..50 events, names 1..64 of [A-Za-z0-9_.:$-] and none the server records itself
 * (`order_create`, `pay_success`, `$…`: a client cannot fake an order, a payment or campaign revenue),
 * props at most 20 keys and 2 KB.
 */
export function checkBatch(events: readonly TrackedEvent[]): Outcome<readonly TrackedEvent[]> {
  if (events.length === 0 || events.length > MAX_EVENTS_PER_BATCH) return refuse('INVALID_ARGUMENT', `events: 1..${MAX_EVENTS_PER_BATCH} per batch`);
  for (const [i, e] of events.entries()) {
    if (typeof e.name !== 'string' || e.name.length === 0 || e.name.length > MAX_NAME_LENGTH || !NAME.test(e.name)) return refuse('INVALID_ARGUMENT', `events[${i}].name is invalid`);
    if (isServerEvent(e.name)) return refuse('INVALID_ARGUMENT', `events[${i}].name: ${e.name} is recorded by the server, not tracked`);
    if (e.props !== undefined) {
      if (typeof e.props !== 'object' || e.props === null || Array.isArray(e.props)) return refuse('INVALID_ARGUMENT', `events[${i}].props must be an object`);
      if (Object.keys(e.props).length > MAX_PROPS_KEYS) return refuse('INVALID_ARGUMENT', `events[${i}].props: at most ${MAX_PROPS_KEYS} keys`);
      if (JSON.stringify(e.props).length > 2048) return refuse('INVALID_ARGUMENT', `events[${i}].props too large`);
    }
    if (e.at !== undefined && (!Number.isSafeInteger(e.at) || e.at < 0)) return refuse('INVALID_ARGUMENT', `events[${i}].at must be epoch ms`);
  }
  return success(events);
}

/** The compact form of a tracked event. `page` and `exp` props become `pg` and `x`. */
export function compactEvent(userId: string, e: TrackedEvent, now: number): StoredEvent {
  const { page, exp, ...rest } = e.props ?? {};
  const out: StoredEvent = { u: userId, n: e.name, at: now };
  if (e.at !== undefined && Math.abs(e.at - now) <= MAX_CLIENT_SKEW_MS) out.ct = e.at;
  if (typeof page === 'string') out.pg = page.slice(0, 128);
  if (exp && typeof exp === 'object' && !Array.isArray(exp)) {
    const x: Record<string, string> = {};
    for (const [k, v] of Object.entries(exp as Record<string, unknown>)) if (typeof v === 'string') x[k] = v;
    if (Object.keys(x).length) out.x = x;
  }
  const { plain, lossy } = queryableProps(rest);
  if (Object.keys(plain).length) out.p = plain;
  // Whatever the database would read differently than sent (nested objects such as `{$date: …}`, keys like
  // `__proto__` or `a.b`) is kept exactly as sent, as JSON text.
  if (lossy) out.pj = JSON.stringify(rest);
  return out;
}

/** Keys that are stored as fields: plain names the database reads back unchanged. */
const PLAIN_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The top-level props that reports query (`p.campaign`, `p.deviceId`...): plain keys with string, number,
 * boolean or null values. `lossy` when anything else was sent (then it is kept whole in `pj`).
 */
export function queryableProps(props: Record<string, unknown>): { plain: Record<string, string | number | boolean | null>; lossy: boolean } {
  const plain: Record<string, string | number | boolean | null> = {};
  let lossy = false;
  for (const [k, v] of Object.entries(props)) {
    const scalar = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (PLAIN_KEY.test(k) && !UNSAFE_KEYS.has(k) && scalar) plain[k] = v as string | number | boolean | null;
    else lossy = true;
  }
  return { plain, lossy };
}

/** The props of a stored event exactly as they were sent (page and exp apart). */
export function propsAsSent(e: Pick<StoredEvent, 'p' | 'pj'>): Record<string, unknown> {
  return e.pj !== undefined ? (JSON.parse(e.pj) as Record<string, unknown>) : { ...(e.p ?? {}) };
}

/**
 * The funnel (`analytics.reportFunnel`), in order, each step counted from one event: the product page
 * showing a product and the server cart taking a line (tracked by the mini-program), the order placed and
 * the payment confirmed (recorded by the server itself, see SERVER_EVENTS). Page views and impressions
 * are no step: a page seen is not a product considered.
 */
export const FUNNEL_STEPS = [
  { step: 'view', event: 'product_view' },
  { step: 'cart', event: 'add_to_cart' },
  { step: 'order', event: 'order_create' },
  { step: 'pay', event: 'pay_success' },
] as const;

/** The payment event: the funnel's last step, campaign revenue and the purchase count of the tags. */
export const PAY_EVENT = FUNNEL_STEPS[3].event;

export interface FunnelRow { step: string; users: number; rateBps: number }

/**
 * A strict funnel per segment (channel or variant): a user counts at a step when they did it and every
 * earlier step at or before it. `rateBps` is the share of the first step's users, rounded down.
 */
export function funnel(events: readonly Pick<StoredEvent, 'u' | 'n' | 'at'>[], segmentOf: (userId: string) => string): Record<string, FunnelRow[]> {
  const firstAt = new Map<string, number[]>(); // user → earliest time of each step
  for (const e of events) {
    const idx = FUNNEL_STEPS.findIndex((s) => s.event === e.n);
    if (idx < 0) continue;
    const times = firstAt.get(e.u) ?? FUNNEL_STEPS.map(() => Infinity);
    times[idx] = Math.min(times[idx], e.at);
    firstAt.set(e.u, times);
  }
  const out: Record<string, FunnelRow[]> = {};
  for (const [user, times] of firstAt) {
    const seg = segmentOf(user);
    const rows = (out[seg] ??= FUNNEL_STEPS.map((s) => ({ step: s.step, users: 0, rateBps: 0 })));
    let last = -Infinity;
    for (let i = 0; i < times.length; i++) {
      // A later step must follow the earlier one; the earliest occurrence at or after the previous is used.
      if (!(times[i] >= last) || times[i] === Infinity) break;
      rows[i].users++;
      last = times[i];
    }
  }
  for (const rows of Object.values(out)) for (const r of rows) r.rateBps = rows[0].users ? Math.floor((r.users * 10000) / rows[0].users) : 0;
  return out;
}

/** Average lifetime value per segment: integer fen, rounded down; and the member count. */
export function ltv(members: readonly { segment: string; lifetimeSpendFen: number }[]): Record<string, { members: number; totalFen: number; ltvFen: number }> {
  const out: Record<string, { members: number; totalFen: number; ltvFen: number }> = {};
  for (const m of members) {
    const row = (out[m.segment] ??= { members: 0, totalFen: 0, ltvFen: 0 });
    row.members++;
    row.totalFen += m.lifetimeSpendFen;
  }
  for (const row of Object.values(out)) row.ltvFen = Math.floor(row.totalFen / row.members);
  return out;
}

/**
 * Campaign ROI in basis points: (revenue − cost) / cost × 10000, rounded toward −∞. Null when cost is 0.
 * Revenue is what the server's payment events (`pay_success`) carrying the campaign's id in `p.campaign`
 * report in `p.amountFen`.
 */
export function campaignRoi(events: readonly Pick<StoredEvent, 'n' | 'p'>[], campaign: string, costFen: number): { revenueFen: number; costFen: number; roiBps: number | null; orders: number } {
  const paid = events.filter((e) => e.n === PAY_EVENT && e.p?.campaign === campaign);
  const revenueFen = paid.reduce((s, e) => s + (Number.isSafeInteger(e.p?.amountFen) ? (e.p!.amountFen as number) : 0), 0);
  return { revenueFen, costFen, orders: paid.length, roiBps: costFen > 0 ? Math.floor(((revenueFen - costFen) * 10000) / costFen) : null };
}
