/**
 * Members as the server knows them. Every user-facing function resolves the caller's member from the
 * platform's OPENID; the member is created on first sight (a deterministic id makes concurrent first
 * calls land on one document).
 */
import { createHash } from 'node:crypto';
import { stableId } from '../../domain/kernel/ids';
import { shareCodeFromHash } from '../../domain/membership/user';
import { CONFIG_VERSION, readConfigVersion, useConfigVersion } from '../kernel/config';
import { db } from '../kernel/db';
import { isDuplicateKey } from '../kernel/errors';
import type { Caller } from '../kernel/platform';
import type { StaffRole } from '../../typings/api';

export interface User {
  _id: string;
  openid: string;
  appid: string | null;
  unionid: string | null;
  shareCode: string;
  inviterId: string | null;
  /** Where the member first came from (share, poster, group card, partner jump...). */
  channel: string;
  /** Lifetime paid spend in fen; the tier is derived from it (server/membership/membership.ts currentTier), not stored. */
  lifetimeSpendFen: number;
  createdAt: number;
  boundAt: number | null;
  mergedInto?: string;
}

export const userIdFor = (openid: string) => stableId('u', openid);
export const shareCodeFor = (userId: string) => shareCodeFromHash(createHash('sha256').update(`share:${userId}`).digest('hex'));

export function newUser(caller: Caller, now: number, channel: string): User {
  const _id = userIdFor(caller.openid);
  return {
    _id, openid: caller.openid, appid: caller.appid ?? null, unionid: caller.unionid ?? null, shareCode: shareCodeFor(_id),
    inviterId: null, channel, lifetimeSpendFen: 0, createdAt: now, boundAt: null,
  };
}

/** The caller's member, created if this is the first time we see them. `isNew` tells which. */
export async function ensureUser(caller: Caller, now: number, channel = 'direct', seenAbsent = false): Promise<{ user: User; isNew: boolean }> {
  const users = db().collection('users');
  const id = userIdFor(caller.openid);
  // `seenAbsent`: the caller has just read that there is no member (login's first read): go straight to creating.
  const found = seenAbsent ? null : ((await users.doc(id).get()).data as User | null);
  if (found) return { user: await followMerges(found), isNew: false };
  const user = newUser(caller, now, channel);
  try {
    await users.add({ data: { ...user } });
    return { user, isNew: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return { user: (await users.doc(id).get()).data as User, isNew: false };
  }
}

/**
 * A returning caller's member, points balance and the configuration version, in ONE request (an aggregate
 * on the member with two lookups): what a launch needs. Null when the caller has no member yet.
 */
export async function returningMember(caller: Caller): Promise<{ user: User; balance: number; configVersion: number; staff: { role: StaffRole; active?: boolean } | null; hosting: boolean } | null> {
  const $ = db().command.aggregate;
  const { list } = (await db().collection('users').aggregate()
    .match({ _id: userIdFor(caller.openid) })
    .lookup({ from: 'points_accounts', localField: '_id', foreignField: '_id', as: 'points' })
    .lookup({ from: CONFIG_VERSION.collection, pipeline: $.pipeline().match({ _id: CONFIG_VERSION.id }).done(), as: 'config' })
    // What else the caller is (user.login → roles), in the same request: staff, and host of a room.
    .lookup({ from: 'staff', pipeline: $.pipeline().match({ _id: caller.openid }).project({ role: 1, active: 1 }).done(), as: 'staff' })
    .lookup({ from: 'live_rooms', pipeline: $.pipeline().match({ hostOpenid: caller.openid }).limit(1).project({ _id: 1 }).done(), as: 'hosted' })
    .end()) as { list: (User & { points: { balance?: number }[]; config: { v?: number }[]; staff: { role: StaffRole; active?: boolean }[]; hosted: unknown[] })[] };
  if (!list.length) return null;
  const { points, config, staff, hosted, ...user } = list[0];
  return { user: user as User, balance: points[0]?.balance ?? 0, configVersion: config[0]?.v ?? 0, staff: staff[0] ?? null, hosting: hosted.length > 0 };
}

/**
 * `ensureUser` for a request that reads configuration next (placing an order): the member and the
 * configuration version in ONE request (an aggregate on the member with a lookup of `settings/config_version`),
 * the version handed to the request's configuration reads at once (`useConfigVersion`), so that they wait for
 * this request instead of sending their own. A caller without a member yet is created as `ensureUser` does.
 */
export function ensureUserWithConfig(caller: Caller, now: number): Promise<User> {
  const $ = db().command.aggregate;
  type Row = User & { config: { v?: number }[] };
  const read: Promise<Row | null> = (db().collection('users').aggregate()
    .match({ _id: userIdFor(caller.openid) })
    .lookup({ from: CONFIG_VERSION.collection, pipeline: $.pipeline().match({ _id: CONFIG_VERSION.id }).done(), as: 'config' })
    .end() as Promise<{ list: Row[] }>)
    .then(({ list }) => list[0] ?? null);
  const version = read.then((row) => (row ? row.config[0]?.v ?? 0 : readConfigVersion()));
  version.catch(() => undefined); // a failed read fails the member's read too, which the caller awaits
  useConfigVersion(version);
  return read.then(async (row) => {
    if (!row) return (await ensureUser(caller, now, 'direct', true)).user;
    const { config: _config, ...user } = row;
    return followMerges(user as User);
  });
}

/** Merged accounts point at the survivor (see server/membership/merge.ts); chains are short. */
const MAX_MERGE_HOPS = 8;

/** The member an account now belongs to: itself, or the account it was merged into. */
export async function followMerges(user: User): Promise<User> {
  let current = user;
  for (let hop = 0; current.mergedInto && hop < MAX_MERGE_HOPS; hop++) {
    const next = (await db().collection('users').doc(current.mergedInto).get()).data as User | null;
    if (!next) throw new Error(`user ${current._id} is merged into missing ${current.mergedInto}`);
    current = next;
  }
  return current;
}

/** Finds a member by userId or share code. */
export async function findUserByRef(ref: string): Promise<User | null> {
  const users = db().collection('users');
  const byId = (await users.doc(ref).get()).data as User | null;
  if (byId) return byId;
  const { data } = await users.where({ shareCode: ref.toUpperCase() }).limit(1).get();
  return (data[0] as User | undefined) ?? null;
}
