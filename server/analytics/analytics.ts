/**
 * Analytics on the database: storing tracked batches, experiment assignments, operator reports, the
 * user-tag walk over every member and the growth risk scan (timers).
 */
import { tierFor } from '../../domain/membership/tier';
import { tierRules } from '../membership/membership';
import { compactEvent, funnel, FUNNEL_STEPS, ltv, campaignRoi, PAY_EVENT, type StoredEvent, type TrackedEvent } from '../../domain/analytics/analytics';
import { assignVariant, type Experiment } from '../../domain/analytics/experiment';
import { chinaDay, stableId } from '../../domain/kernel/ids';
import { abnormalPointsGains, couponAbuse, type Alert } from '../../domain/analytics/risk-growth';
import { advanceTagsWalk, computeTags, NO_TAGS_PROGRESS, TAG_WINDOW_MS, type TagsProgress } from '../../domain/analytics/tags';
import { command, db, findById, findByIds } from '../kernel/db';
import { fail, isDuplicateKey } from '../kernel/errors';

const DAY = 24 * 3600_000;

/** Stores a checked batch in one insert. */
export async function storeEvents(userId: string, events: readonly TrackedEvent[], now: number): Promise<number> {
  const docs: StoredEvent[] = events.map((e) => compactEvent(userId, e, now));
  await db().collection('events').add({ data: docs as unknown as Record<string, unknown> });
  return docs.length;
}

export const assignmentId = (experimentKey: string, userId: string) => stableId('asg', experimentKey, userId);

/** The user's variant; the first assignment is logged (`experiment_assignments`) so reports split by it. */
export async function assign(experimentKey: string, userId: string, now: number): Promise<string> {
  const exp = await findById<Experiment>('experiments', experimentKey);
  if (!exp) throw fail('NOT_FOUND', `no experiment ${experimentKey}`);
  const variant = assignVariant(exp, userId);
  try {
    await db().collection('experiment_assignments').add({ data: { _id: assignmentId(experimentKey, userId), e: experimentKey, u: userId, v: variant, at: now } });
    await db().collection('events').add({ data: { u: userId, n: '$assign', at: now, x: { [experimentKey]: variant } } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return variant;
}

/** Reads every document matching `where` in pages (reports and timers; bounded by `max`). */
async function readAll<T>(collection: string, where: Record<string, unknown>, max = 50_000, orderBy = '_id'): Promise<T[]> {
  const out: T[] = [];
  while (out.length < max) {
    const { data } = await db().collection(collection).where(where).orderBy(orderBy, 'asc').skip(out.length).limit(1000).get();
    out.push(...(data as T[]));
    if (data.length < 1000) break;
  }
  return out;
}


export async function funnelReport(from: number, to: number, by: 'channel' | 'variant', experimentKey?: string) {
  const names = FUNNEL_STEPS.map((s) => s.event);
  const events = await readAll<StoredEvent>('events', { n: command().in(names), at: command().gte(from).and(command().lt(to)) });
  const users = [...new Set(events.map((e) => e.u))];
  let segment: Map<string, string>;
  if (by === 'variant') {
    if (!experimentKey) throw fail('INVALID_ARGUMENT', 'experimentKey is required to split by variant');
    const rows = await readAll<{ u: string; v: string }>('experiment_assignments', { e: experimentKey });
    segment = new Map(rows.map((r) => [r.u, r.v]));
  } else {
    segment = new Map([...(await findByIds<{ _id: string; channel: string }>('users', users)).values()].map((u) => [u._id, u.channel]));
  }
  return { segments: funnel(events, (u) => segment.get(u) ?? (by === 'variant' ? 'unassigned' : 'unknown')) };
}

export async function ltvReport(by: 'channel' | 'tier') {
  const users = await readAll<{ channel?: string; lifetimeSpendFen?: number }>('users', {});
  // The tier is derived from lifetime spend by the operator's table, never read from a stored copy.
  const rules = await tierRules();
  const segmentOf = (u: { channel?: string; lifetimeSpendFen?: number }) => (by === 'tier' ? tierFor(u.lifetimeSpendFen ?? 0, rules).tier : u.channel ?? 'unknown');
  return { segments: ltv(users.map((u) => ({ segment: segmentOf(u), lifetimeSpendFen: u.lifetimeSpendFen ?? 0 }))) };
}

export async function roiReport(campaign: string, costFen: number, from: number, to: number) {
  const events = await readAll<StoredEvent>('events', { n: PAY_EVENT, 'p.campaign': campaign, at: command().gte(from).and(command().lt(to)) });
  return { campaign, ...campaignRoi(events, campaign, costFen) };
}

/** Members one run of the tags timer recomputes (hourly: 12,000 a day). At most 999: one query reads the batch. */
export const TAGS_BATCH = 500;

/**
 * Recomputes the tags of the next `batch` members (1..999) in `_id` order after the cursor kept in
 * `settings/tagsProgress`, members with no recent events included (their tags decay to `freq:none`).
 * When no member follows the batch the pass is complete: it is counted and stamped, and the next run starts
 * over from the first member. Answers the ids recomputed, in order, and whether this run completed a pass.
 * Two overlapping runs may recompute a batch twice; that is harmless, the result is the same.
 */
export async function recomputeTags(now: number, batch = TAGS_BATCH): Promise<{ userIds: string[]; passCompleted: boolean }> {
  if (!Number.isSafeInteger(batch) || batch < 1 || batch > 999) throw new RangeError(`recomputeTags: batch must be 1..999, got ${batch}`);
  const stored = await findById<TagsProgress>('settings', 'tagsProgress');
  const progress: TagsProgress = stored
    ? { after: stored.after, passStartedAt: stored.passStartedAt, passes: stored.passes, lastPassCompletedAt: stored.lastPassCompletedAt }
    : NO_TAGS_PROGRESS;
  const where = progress.after === null ? {} : { _id: command().gt(progress.after) };
  // One more than the batch tells whether the pass goes on after it.
  const { data } = await db().collection('users').where(where).orderBy('_id', 'asc').limit(batch + 1).field({ _id: true }).get();
  const userIds = (data as { _id: string }[]).slice(0, batch).map((u) => u._id);
  for (const userId of userIds) {
    const events = await readAll<StoredEvent>('events', { u: userId, at: command().gt(now - TAG_WINDOW_MS).and(command().lte(now)) }, 2000, 'at');
    const tags = computeTags(events, now);
    await db().collection('user_tags').doc(userId).set({ data: { ...tags, computedAt: now } });
  }
  const next = advanceTagsWalk(progress, userIds, data.length > batch, now);
  await db().collection('settings').doc('tagsProgress').set({ data: { ...next } });
  return { userIds, passCompleted: next.passes > progress.passes };
}

/** Thresholds of the growth risk scan. */
export const RISK_SCAN = { pointsWindowMs: DAY, maxPointsPerDay: 5000, maxAccountsPerFingerprint: 3 };

async function recordAlerts(alerts: Alert[], now: number): Promise<number> {
  let recorded = 0;
  for (const a of alerts) {
    const _id = stableId('alert', a.kind, a.subject, String(a.detail.fingerprint ?? ''), chinaDay(now));
    try {
      await db().collection('alerts').add({ data: { _id, ...a, at: now } });
      recorded++;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return recorded;
}

/**
 * Scans the last day for abnormal points gains and coupon abuse across accounts sharing a phone hash or
 * device id; records one alert per finding per day.
 */
export async function riskScan(now: number): Promise<{ pointsGain: number; couponAbuse: number }> {
  const since = now - RISK_SCAN.pointsWindowMs;
  const entries = await readAll<{ userId: string; delta: number; createdAt: number }>('points_entries', { createdAt: command().gt(since), delta: command().gt(0) }, 20_000);
  const gains = abnormalPointsGains(entries, now, { windowMs: RISK_SCAN.pointsWindowMs, maxPoints: RISK_SCAN.maxPointsPerDay });
  const claims = await readAll<{ userId: string; couponId: string }>('user_coupons', {}, 20_000);
  const claimants = [...new Set(claims.map((c) => c.userId))];
  const fingerprints = new Map<string, string[]>();
  const add = (u: string, fp: string) => fingerprints.set(u, [...(fingerprints.get(u) ?? []), fp]);
  for (let i = 0; i < claimants.length; i += 500) {
    const slice = claimants.slice(i, i + 500);
    const ids = await readAll<{ userId: string; kind: string; value: string }>('identities', { userId: command().in(slice), kind: 'phoneHash' });
    for (const r of ids) add(r.userId, `phone:${r.value}`);
    const devices = await readAll<{ u: string; p?: { deviceId?: unknown } }>('events', { u: command().in(slice), 'p.deviceId': command().exists(true), at: command().gt(now - 30 * DAY) }, 20_000);
    for (const e of devices) if (typeof e.p?.deviceId === 'string') add(e.u, `device:${e.p.deviceId}`);
  }
  for (const [u, fps] of fingerprints) fingerprints.set(u, [...new Set(fps)]);
  const abuse = couponAbuse(claims, fingerprints, { maxAccounts: RISK_SCAN.maxAccountsPerFingerprint });
  return { pointsGain: await recordAlerts(gains, now), couponAbuse: await recordAlerts(abuse, now) };
}
