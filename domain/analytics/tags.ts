/**
 * User tags (用户标签) computed from behaviour: purchase frequency, favourite category and active hours.
 * Pure: events and `now` come in; the analytics timer recomputes them into `user_tags`.
 */
import { PAY_EVENT } from './analytics';

export const TAG_WINDOW_MS = 90 * 24 * 3600_000;

export interface TagEvent { n: string; at: number; p?: Record<string, unknown> }

export type Frequency = 'none' | 'once' | 'occasional' | 'frequent';
export type ActiveHours = 'nightOwl' | 'earlyBird' | 'daytime' | 'evening' | 'unknown';

export interface UserTags {
  /** Payments in the last 90 days: 0 none, 1 once, 2..4 occasional, 5+ frequent. */
  purchaseFrequency: Frequency;
  purchases90d: number;
  /** The category with most views and purchases (a purchase counts 3), ties to the name first in order. */
  favouriteCategory: string | null;
  /** Where most events fall in China time: 22:00–04:59 night owl, 05:00–08:59 early bird, 09–17 daytime, 18–21 evening. */
  activeHours: ActiveHours;
  tags: string[];
}

/** The hour of day (0..23) in China time (UTC+8). */
export const chinaHour = (t: number) => new Date(t + 8 * 3600_000).getUTCHours();

function bandOf(hour: number): Exclude<ActiveHours, 'unknown'> {
  if (hour >= 22 || hour < 5) return 'nightOwl';
  if (hour < 9) return 'earlyBird';
  if (hour < 18) return 'daytime';
  return 'evening';
}

export function computeTags(events: readonly TagEvent[], now: number): UserTags {
  const recent = events.filter((e) => e.at > now - TAG_WINDOW_MS && e.at <= now);
  const purchases = recent.filter((e) => e.n === PAY_EVENT).length;
  const purchaseFrequency: Frequency = purchases === 0 ? 'none' : purchases === 1 ? 'once' : purchases < 5 ? 'occasional' : 'frequent';

  const score = new Map<string, number>();
  for (const e of recent) {
    const cat = e.p?.categoryId;
    if (typeof cat !== 'string' || !cat) continue;
    score.set(cat, (score.get(cat) ?? 0) + (e.n === PAY_EVENT ? 3 : 1));
  }
  const favouriteCategory = [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;

  const bands = new Map<string, number>();
  for (const e of recent) bands.set(bandOf(chinaHour(e.at)), (bands.get(bandOf(chinaHour(e.at))) ?? 0) + 1);
  const order = ['nightOwl', 'earlyBird', 'daytime', 'evening'] as const;
  const top = order.reduce<{ band: ActiveHours; n: number }>((best, b) => ((bands.get(b) ?? 0) > best.n ? { band: b, n: bands.get(b)! } : best), { band: 'unknown', n: 0 });
  const activeHours = recent.length >= 3 ? top.band : 'unknown';

  const tags = [`freq:${purchaseFrequency}`, ...(favouriteCategory ? [`cat:${favouriteCategory}`] : []), ...(activeHours !== 'unknown' ? [`hours:${activeHours}`] : [])];
  return { purchaseFrequency, purchases90d: purchases, favouriteCategory, activeHours, tags };
}

/**
 * Where the tags timer's walk over every member stands (`settings/tagsProgress`). Members are visited in
 * `_id` order (keyset), a bounded batch per run; the walk wraps around, so every member is recomputed
 * once per pass, whether or not they have been active.
 */
export interface TagsProgress {
  /** The last member `_id` recomputed in the current pass; null when the next run starts a pass. */
  after: string | null;
  /** When the current pass started (epoch ms); null between passes. */
  passStartedAt: number | null;
  /** Full passes completed so far. */
  passes: number;
  /** When the last full pass completed (epoch ms); null until one has. */
  lastPassCompletedAt: number | null;
}

export const NO_TAGS_PROGRESS: TagsProgress = { after: null, passStartedAt: null, passes: 0, lastPassCompletedAt: null };

/**
 * The walk's position after a run recomputed `batchIds` (ascending `_id`s following `progress.after`).
 * `more` says whether members follow the batch: if so the cursor moves to its last id; if not the pass is
 * complete, counted and stamped `now`, and the cursor goes back to the start for the next pass.
 */
export function advanceTagsWalk(progress: TagsProgress, batchIds: readonly string[], more: boolean, now: number): TagsProgress {
  const passStartedAt = progress.after === null ? now : progress.passStartedAt ?? now;
  if (more && batchIds.length > 0) return { ...progress, after: batchIds[batchIds.length - 1], passStartedAt };
  return { after: null, passStartedAt: null, passes: progress.passes + 1, lastPassCompletedAt: now };
}
