/**
 * `points.redeem` outside any transaction: operations inside one transaction run one after another, so the
 * redemption is made of a few requests sent together, with crash safety from a durable claim, markers on
 * what it takes and a timer (the pattern of server/store/holds.ts):
 *
 * 1. Read, in ONE request (an aggregate on the member with lookups): the member, the reward, the points
 *    account and this key's redemption. A merged member is followed to the survivor and the reads redone as
 *    that member. A repeat is answered from its redemption; NOT_FOUND, OUT_OF_STOCK and INSUFFICIENT_POINTS
 *    are refused here, writing nothing.
 * 2. Claim: insert `redemptions/{id}` (`id` derived from member and idempotencyKey) `pending`, with a tag
 *    unique to this attempt, the request's fingerprints and everything the right will be. Identical requests
 *    racing claim once (the others wait for the answer); another request under the key is INVALID_ARGUMENT.
 * 3. Take, together: the points by a compare-and-set on the account's `rev` (every writer of an account
 *    bumps it, server/points/ledger.ts), marking the account `holds.<tag>` = the takes; one unit of the
 *    reward's stock by a conditional update (`stock >= 1`), marked `holds.<tag>` = -1. A lost compare-and-set
 *    re-reads and tries again. A refusal gives back what was taken and drops the claim before it answers.
 * 4. Issue: `pending` → `issued` on the claim, conditional on the tag and `pending`: the commit point. The
 *    timer's void is the same kind of update, so exactly one of them wins.
 * 5. Write, together, by insert with derived ids (a duplicate is already written): the ledger entry
 *    (`redeem:<id>`, as `debitPoints` writes it) and, for a coupon reward, the member's coupon.
 *
 * The `sweepRedemptions` timer settles redemptions older than `REDEMPTION_SWEEP_AGE_MS` (past any call's
 * timeout) not yet `settled`: `pending` → void, then each take whose marker is still there is given back
 * (conditional on the marker) and the claim is deleted; issued → the entry and coupon written if missing
 * (rolled forward), the markers cleared, `settled: true`. A key answered before claims existed (a record in
 * `idempotency`) keeps its answer.
 */
import { randomBytes } from 'node:crypto';
import { stableId } from '../../domain/kernel/ids';
import { debit, restore, type DatedTake, type PointsAccount } from '../../domain/points/points';
import { decideRedeem, isRight, verifyCodeFrom, type Redemption, type Reward } from '../../domain/points/rights';
import { command, db, findById, findByIds, transaction } from '../kernel/db';
import { fail, Failure, isDuplicateKey, orFail } from '../kernel/errors';
import { recall, requestFingerprint, sameRequest } from '../kernel/idempotency';
import type { Caller } from '../kernel/platform';
import { ensureUser, followMerges, userIdFor, type User } from '../membership/users';
import { accountOf, entryId, nextAccountDoc, type AccountDoc, type PointsEntry } from './ledger';

/** Past the function timeout (60 s at most on WeChat cloud) with margin: a claim this old belongs to a call that has ended. */
export const REDEMPTION_SWEEP_AGE_MS = 2 * 60_000;
/** How long an identical request waits for its twin's answer before answering RATE_LIMITED. */
const TWIN_WAIT_MS = 10_000;
/** Compare-and-set attempts on a contended account before RATE_LIMITED. */
const CAS_ATTEMPTS = 10;

export interface Redeemed { redemptionId: string; balance: number }
/** A redemption made as a claim (every one since claims; only older rights lack a tag). */
type Claim = Redemption & { tag: string; accountId: string };

const SCOPE = 'points.redeem';
export const redemptionIdFor = (userId: string, key: string) => stableId('rd', userId, key);
const markerOf = (tag: string) => `holds.${tag}`;
const isClaim = (r: Redemption): r is Claim => !!r.tag && !!r.accountId;
const spendKey = (redemptionId: string) => `redeem:${redemptionId}`;
const couponIdOf = (redemptionId: string) => `redeem:${redemptionId}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sum = (takes: readonly { points: number }[]) => takes.reduce((s, t) => s + t.points, 0);
/** The `rev` a compare-and-set expects: accounts written before revisions have none. */
const revIs = (acc: AccountDoc) => (acc.rev === undefined ? command().exists(false) : acc.rev);
type Updated = { stats: { updated: number } };

interface Reads { member: User; reward: Reward | null; account: AccountDoc | null; seen: Redemption | null }

/** Step 1: the member, the reward, the account and this key's redemption, in one request. */
async function read(caller: Caller, userId: string, rewardId: string, redemptionId: string, now: number): Promise<Reads> {
  const $ = db().command.aggregate;
  const { list } = (await db().collection('users').aggregate()
    .match({ _id: userId })
    .lookup({ from: 'rewards', pipeline: $.pipeline().match({ _id: rewardId }).done(), as: 'reward' })
    .lookup({ from: 'points_accounts', localField: '_id', foreignField: '_id', as: 'account' })
    .lookup({ from: 'redemptions', pipeline: $.pipeline().match({ _id: redemptionId }).done(), as: 'seen' })
    .end()) as { list: (User & { reward: Reward[]; account: AccountDoc[]; seen: Redemption[] })[] };
  if (list.length) {
    const { reward, account, seen, ...member } = list[0];
    return { member: member as User, reward: reward[0] ?? null, account: account[0] ?? null, seen: seen[0] ?? null };
  }
  // First sight of this caller: the member is created (it has no points and no redemption yet).
  const [{ user }, reward] = await Promise.all([ensureUser(caller, now, 'direct', true), findById<Reward>('rewards', rewardId)]);
  return { member: user, reward, account: null, seen: null };
}

/** Redeems `rewardId` for the caller, once per idempotencyKey (see the top of this file). */
export async function redeem(caller: Caller, rewardId: string, key: string, now: number): Promise<Redeemed> {
  const fp = requestFingerprint();
  let userId = userIdFor(caller.openid);
  for (let pass = 0; ; pass++) {
    const reads = await read(caller, userId, rewardId, redemptionIdFor(userId, key), now);
    if (!reads.member.mergedInto) return redeemAs(userId, reads, key, fp, now);
    // The openid's account was merged into another member: redeem as the survivor.
    if (pass >= 2) throw new Error(`member ${userId} keeps moving to another member while redeeming`);
    userId = (await followMerges(reads.member))._id;
  }
}

async function redeemAs(userId: string, { reward, account, seen }: Reads, key: string, fp: string[], now: number): Promise<Redeemed> {
  const redemptionId = redemptionIdFor(userId, key);
  if (seen) {
    const answer = await answerOf(seen, userId, key, fp);
    if (answer) return answer;
  }
  orFail(decideRedeem(reward));
  const { _id: rewardId, costPoints, kind, title, couponId } = reward!;
  orFail(debit(accountOf(account), costPoints, now));

  const claim: Claim = {
    _id: redemptionId, userId, accountId: userId, rewardId, kind, title, costPoints, verifyCode: newVerifyCode(), status: 'pending',
    createdAt: now, usedAt: null, usedBy: null, storeId: null, tag: `r${randomBytes(12).toString('hex')}`,
    couponId: kind === 'coupon' && couponId ? couponId : null, fp, settled: false,
  };
  const claimed = await claimKey(claim, key, fp);
  if (claimed !== 'claimed') return claimed;

  // Step 3: both takes at once.
  const [points, stock] = await Promise.allSettled([takePoints(claim.accountId, account, costPoints, claim.tag, now), takeStock(rewardId, claim.tag)]);
  const stockTaken = stock.status === 'fulfilled' && stock.value;
  const pointsTaken = points.status === 'fulfilled';
  if (!stockTaken || !pointsTaken) {
    const errors = [points, stock].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    // Not a refusal (a lost connection, the platform stopping the call): whether it took is on the documents; the timer settles it.
    const bug = errors.find((e) => !(e instanceof Failure));
    if (bug) throw bug;
    const refusal = stock.status === 'fulfilled' && !stock.value ? fail('OUT_OF_STOCK', 'this reward is sold out') : (errors[0] as Failure);
    await giveUp(claim, { points: pointsTaken, stock: stockTaken }, now).catch((err: unknown) => console.error(`[points] redemption ${redemptionId} could not give back what it took now; the sweepRedemptions timer will`, err));
    throw refusal;
  }
  const { balance, takes } = points.value;

  // Step 4: the commit point.
  const issued = (await db().collection('redemptions').where({ _id: redemptionId, tag: claim.tag, status: 'pending' }).update({ data: { status: 'issued', balance } })) as Updated;
  if (issued.stats.updated !== 1) throw new Error(`redemption ${redemptionId} was given up before it was issued (its call outlived the sweep age)`);

  // Step 5: what the right comes with.
  await Promise.all([writeEntry(claim, takes), claim.couponId ? writeCoupon(claim) : null]);
  return { redemptionId, balance };
}

const newVerifyCode = () => verifyCodeFrom(randomBytes(8).toString('hex'));

/**
 * Step 2: inserts the claim. The key already claimed: its redemption answers (`answerOf`); a claim given up
 * meanwhile is claimed again. A duplicate with no redemption under the id was the verify code's unique index: a
 * fresh code is tried.
 */
async function claimKey(claim: Claim, key: string, fp: string[]): Promise<'claimed' | Redeemed> {
  for (let i = 0; i < 20; i++) {
    try {
      await db().collection('redemptions').add({ data: { ...claim } });
      return 'claimed';
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const other = await findById<Redemption>('redemptions', claim._id);
    if (!other) {
      claim.verifyCode = newVerifyCode();
      continue;
    }
    const answer = await answerOf(other, claim.userId, key, fp);
    if (answer) return answer;
  }
  throw new Error(`redemption ${claim._id} could not be claimed`);
}

/**
 * What an existing redemption under this key answers: issued → its answer; another request → INVALID_ARGUMENT;
 * pending and young → wait for it (RATE_LIMITED after TWIN_WAIT_MS); void, or pending past the sweep age (its
 * call has ended) → settled here, and null: claim again. A redemption made before claims answers from `idempotency`.
 */
async function answerOf(first: Redemption, userId: string, key: string, fp: string[]): Promise<Redeemed | null> {
  const started = Date.now();
  let r: Redemption | null = first;
  for (let i = 0; r; i++) {
    if (!isClaim(r)) {
      const old = await recall<Redeemed>(SCOPE, userId, key, fp);
      if (!old) throw new Error(`redemption ${r._id} has neither a claim nor an idempotency record`);
      return old;
    }
    if (!sameRequest(r.fp, fp)) throw fail('INVALID_ARGUMENT', 'this idempotencyKey was already used for a different request');
    if (isRight(r.status)) return { redemptionId: r._id, balance: r.balance! };
    if (r.status === 'void' || Date.now() - r.createdAt > REDEMPTION_SWEEP_AGE_MS) {
      r = await settle(r, Date.now());
      continue;
    }
    if (Date.now() - started > TWIN_WAIT_MS) throw fail('RATE_LIMITED', 'the same request is still being processed; ask again');
    await sleep(Math.min(200, 10 + i * 10));
    r = await findById<Redemption>('redemptions', r._id);
  }
  return null;
}

/**
 * Step 3, points: the debit as a compare-and-set on the account's `rev`, marking it with the takes. A lost
 * race re-reads and tries again (the fresh read may refuse: INSUFFICIENT_POINTS). Answers the balance after
 * and the takes; a rejection means nothing was taken.
 */
async function takePoints(accountId: string, first: AccountDoc | null, cost: number, tag: string, now: number): Promise<{ balance: number; takes: DatedTake[] }> {
  let acc = first;
  for (let attempt = 1; ; attempt++) {
    const r = debit(accountOf(acc), cost, now);
    if (!r.ok) throw fail(r.code, r.reason);
    // Points were there to spend, so the account exists.
    if (!acc) throw new Error(`points account ${accountId} vanished`);
    const takes = r.value.takes as DatedTake[];
    const res = (await db().collection('points_accounts').where({ _id: accountId, rev: revIs(acc) }).update({
      data: { ...accountFields(r.value.account), rev: (acc.rev ?? 0) + 1, [markerOf(tag)]: takes },
    })) as Updated;
    if (res.stats.updated === 1) return { balance: r.value.account.balance, takes };
    if (attempt >= CAS_ATTEMPTS) throw fail('RATE_LIMITED', 'the points account is busy; ask again');
    await sleep(Math.floor(Math.random() * 3 * attempt));
    acc = await findById<AccountDoc>('points_accounts', accountId);
  }
}

/** The fields a compare-and-set writes (whole values: the account's lots are replaced, not merged). */
function accountFields(a: PointsAccount): Record<string, unknown> {
  const _ = command();
  return { balance: a.balance, lots: _.set(a.lots), debt: a.debt, nextExpiryAt: a.nextExpiryAt };
}

/** Step 3, stock: one unit if there is one, marked. */
async function takeStock(rewardId: string, tag: string): Promise<boolean> {
  const _ = command();
  const res = (await db().collection('rewards').where({ _id: rewardId, stock: _.gte(1) }).update({ data: { stock: _.inc(-1), [markerOf(tag)]: -1 } })) as Updated;
  return res.stats.updated === 1;
}

/** A refusal after the claim: gives back what this attempt took, then drops its claim. */
async function giveUp(claim: Claim, taken: { points: boolean; stock: boolean }, now: number): Promise<void> {
  await Promise.all([taken.points ? giveBackPoints(claim, now) : null, taken.stock ? giveBackStock(claim) : null]);
  await db().collection('redemptions').where({ _id: claim._id, tag: claim.tag, status: 'pending' }).remove();
}

/**
 * Gives back the points the attempt `r.tag` took, if its marker is still on the account: restored into the
 * lots they came from with their expiry (domain/points `restore`), by a compare-and-set that also removes the
 * marker, so giving back twice gives back once. When the account changed meanwhile so that the points do not
 * simply come back (a lot expired, or debt to repay first), the spend and its return are written as entries, in
 * a transaction with the account: the balance stays the sum of the entries.
 */
async function giveBackPoints(r: Claim, now: number): Promise<void> {
  const accountId = r.accountId;
  const m = markerOf(r.tag);
  for (let attempt = 1; attempt <= 50; attempt++) {
    const acc = await findById<AccountDoc>('points_accounts', accountId);
    const taken = acc?.holds?.[r.tag];
    if (!acc || !taken) return;
    const back = restore(accountOf(acc), taken, now);
    if (back.expired.length || back.debtRepaid) return returnWithEntries(r, now);
    const res = (await db().collection('points_accounts').where({ _id: accountId, rev: revIs(acc), [m]: command().exists(true) }).update({
      data: { ...accountFields(back.account), rev: (acc.rev ?? 0) + 1, [m]: command().remove() },
    })) as Updated;
    if (res.stats.updated === 1) return;
    await sleep(Math.floor(Math.random() * 3 * attempt));
  }
  throw new Error(`could not give back the points of redemption ${r._id}: its account stays busy`);
}

async function returnWithEntries(r: Claim, now: number): Promise<void> {
  const accountId = r.accountId;
  const tag = r.tag;
  await transaction(async (tx) => {
    const ref = tx.collection('points_accounts').doc<AccountDoc>(accountId);
    const acc = await ref.get();
    const taken = acc?.holds?.[tag];
    if (!acc || !taken) return;
    const back = restore(accountOf(acc), taken, now);
    const { [tag]: _returned, ...holds } = acc.holds!;
    await ref.set(nextAccountDoc(accountId, { rev: acc.rev, holds }, back.account));
    // Keyed by the attempt: the key's next attempt writes its own `redeem:<id>` entry.
    const spent = `${spendKey(r._id)}:${tag}`;
    const returned = `${spent}:return`;
    const entries = tx.collection('points_entries');
    await entries.doc<PointsEntry>(entryId(spent)).set({ key: spent, userId: accountId, delta: -sum(taken), kind: 'redeem', refId: r._id, createdAt: now, takes: taken });
    await entries.doc<PointsEntry>(entryId(returned)).set({
      key: returned, userId: accountId, delta: back.delta, kind: 'redeemReturn', refId: r._id, createdAt: now, takes: taken,
      ...(back.expired.length ? { expired: back.expired } : {}), ...(back.debtRepaid ? { debtRepaid: back.debtRepaid } : {}),
    });
  });
}

/** Gives back the unit of stock the attempt took, if its marker is still on the reward. */
async function giveBackStock(r: Claim): Promise<void> {
  const _ = command();
  const m = markerOf(r.tag);
  await db().collection('rewards').where({ _id: r.rewardId, [m]: _.exists(true) }).update({ data: { stock: _.inc(1), [m]: _.remove() } });
}

const entryOf = (r: Claim, takes: DatedTake[]): PointsEntry => {
  const key = spendKey(r._id);
  return { _id: entryId(key), key, userId: r.accountId, delta: -r.costPoints, kind: 'redeem', refId: r._id, createdAt: r.createdAt, takes };
};

/** Inserts, treating a duplicate as already written. */
async function insert(collection: string, doc: Record<string, unknown>): Promise<void> {
  try {
    await db().collection(collection).add({ data: doc });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

const writeEntry = (r: Claim, takes: DatedTake[]) => insert('points_entries', { ...entryOf(r, takes) });
const writeCoupon = (r: Claim) =>
  insert('user_coupons', { _id: couponIdOf(r._id), couponId: r.couponId, userId: r.userId, used: false, orderId: null, claimedAt: r.createdAt, source: 'redeem', redemptionId: r._id });

/**
 * Settles a claim whose call is over: void it (conditional on its tag and `pending`), give back each take still
 * marked, delete it. Answers the redemption if it turned out issued meanwhile, else null.
 */
async function settle(r: Claim, now: number): Promise<Redemption | null> {
  const redemptions = db().collection('redemptions');
  if (r.status === 'pending') {
    const res = (await redemptions.where({ _id: r._id, tag: r.tag, status: 'pending' }).update({ data: { status: 'void' } })) as Updated;
    if (res.stats.updated !== 1) {
      const fresh = await findById<Redemption>('redemptions', r._id);
      if (!fresh || fresh.tag !== r.tag) return fresh;
      if (isRight(fresh.status)) return fresh;
    }
  }
  await Promise.all([giveBackPoints(r, now), giveBackStock(r)]);
  await redemptions.where({ _id: r._id, tag: r.tag, status: 'void' }).remove();
  return null;
}

/**
 * Issued rights whose call is over: writes the ledger entry and coupon of any that lack them (the call died
 * after issuing; the entry's takes are the marker on the account), clears their markers (one request per
 * collection) and marks them settled.
 */
async function settleIssued(list: Claim[]): Promise<void> {
  const _ = command();
  const [entries, coupons] = await Promise.all([
    findByIds<{ _id: string }>('points_entries', list.map((r) => entryId(spendKey(r._id)))),
    findByIds<{ _id: string }>('user_coupons', list.filter((r) => r.couponId).map((r) => couponIdOf(r._id))),
  ]);
  const noEntry = list.filter((r) => !entries.has(entryId(spendKey(r._id))));
  const accounts = noEntry.length ? await findByIds<AccountDoc>('points_accounts', noEntry.map((r) => r.accountId)) : new Map<string, AccountDoc>();
  await Promise.all([
    ...noEntry.map((r) => {
      const takes = accounts.get(r.accountId)?.holds?.[r.tag];
      if (!takes) console.error(`[points] redemption ${r._id} was issued but its account carries no marker; its entry is written without takes`);
      return writeEntry(r, takes ?? []);
    }),
    ...list.filter((r) => r.couponId && !coupons.has(couponIdOf(r._id))).map(writeCoupon),
  ]);
  const markers = Object.fromEntries(list.map((r) => [markerOf(r.tag), _.remove()]));
  await Promise.all([
    db().collection('points_accounts').where({ _id: _.in([...new Set(list.map((r) => r.accountId))]) }).update({ data: markers }),
    db().collection('rewards').where({ _id: _.in([...new Set(list.map((r) => r.rewardId))]) }).update({ data: markers }),
  ]);
  await db().collection('redemptions').where({ _id: _.in(list.map((r) => r._id)) }).update({ data: { settled: true } });
}

/**
 * The timer: settles every redemption older than `REDEMPTION_SWEEP_AGE_MS` not yet settled (indexed on
 * `settled` + `createdAt`, so settled ones are never read again), in batches of 100 until none is left or
 * `budgetMs` has passed. Issued rights are settled in batch; claims one by one. One that fails is logged and
 * raised as an alert; the sweep goes on.
 */
export async function sweepRedemptions(now: number, budgetMs = 30_000): Promise<{ issued: number; voided: number; failed: number }> {
  const _ = command();
  const started = Date.now();
  let issued = 0;
  let voided = 0;
  let failed = 0;
  const skip = new Set<string>();
  for (;;) {
    const { data } = await db().collection('redemptions').where({ settled: false, createdAt: _.lte(now - REDEMPTION_SWEEP_AGE_MS) }).orderBy('createdAt', 'asc').limit(100 + skip.size).get();
    // Only claims carry `settled`.
    const batch = (data as Claim[]).filter((r) => !skip.has(r._id));
    if (batch.length === 0) break;
    const noteFailure = (ids: string[], err: unknown) => {
      console.error(`[points] settling redemptions ${ids.join(', ')} failed`, err);
      for (const id of ids) skip.add(id);
      failed += ids.length;
      return db().collection('alerts').add({ data: { kind: 'redemptionSettleFailed', redemptionIds: ids, message: String((err as Error)?.message ?? err), at: now } });
    };
    const rights = batch.filter((r) => isRight(r.status));
    if (rights.length) {
      try {
        await settleIssued(rights);
        issued += rights.length;
      } catch (err) {
        await noteFailure(rights.map((r) => r._id), err);
      }
    }
    for (const r of batch.filter((x) => !isRight(x.status))) {
      try {
        const after = await settle(r, now);
        if (!after) voided++;
        else if (isClaim(after) && after.tag === r.tag && isRight(after.status)) {
          // Issued after all (its call answered late): settled as a right.
          await settleIssued([after]);
          issued++;
        }
      } catch (err) {
        await noteFailure([r._id], err);
      }
    }
    if (data.length < 100 + skip.size || Date.now() - started > budgetMs) break;
  }
  return { issued, voided, failed };
}
