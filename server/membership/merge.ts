/**
 * Merging two members who turn out to be one person (same unionid or same phone hash).
 *
 * Design (see domain/membership/identity.ts for the rules):
 * 1. The older member survives. One transaction, reading only by id, moves everything the membership
 *    feature owns: the merged member gets `mergedInto`, the survivor `mergedFrom` and the sum of lifetime
 *    spend (its tier follows); every open points lot moves unchanged (same id and expiry) with any debt,
 *    written as a `merge` entry pair (out of one account, into the other) so each account still equals the
 *    sum of its entries; consent becomes the stricter of the two; the identity map points at the survivor;
 *    the merged member's current member code is withdrawn; the merged member's commission balances
 *    (`commission_accounts`, every cumulative field) are added onto the survivor's and its own account is
 *    emptied (`mergeAccounts` in domain/distribution/commission.ts), so withdrawable is the sum and nothing is counted
 *    twice; `merges/{mergedId}` records it all.
 * 2. After the commit, documents of other features that name the merged member are re-pointed
 *    (`orders.userId`, `user_coupons.userId`, `redemptions.userId`, `withdrawals.userId`,
 *    `commissions.beneficiaryId`, invitees' `users.inviterId`), each keeping `mergedFromUserId`.
 *    These are conditional multi-document updates, safe to repeat; `merges/{id}.repointedAt` says they ran.
 * 3. Anything still naming the merged id (ids that embed a userId, caches of other features) resolves
 *    through `mergedInto` (`followMerges`).
 */
import { chooseSurvivor, identityId, inviterAfterMerge, transferPoints, type Identity, type IdentityKind } from '../../domain/membership/identity';
import { mergeConsents, noConsent, type Consent } from '../../domain/membership/consent';
import { emptyAccount, type PointsAccount } from '../../domain/points/points';
import { emptyCommissionAccount, mergeAccounts, type CommissionAccount } from '../../domain/distribution/commission';
import { MAX_INVITER_CHAIN } from '../../domain/membership/user';
import { command, db, findById, transaction } from '../kernel/db';
import { fail, isDuplicateKey } from '../kernel/errors';
import { entryId, nextAccountDoc, type AccountDoc } from '../points/ledger';
import { memberById } from './membership';
import type { User } from './users';

export interface MergeRecord {
  _id: string;
  survivorId: string;
  reason: string;
  at: number;
  pointsMoved: number;
  debtMoved: number;
  /** The merged member's commission balances as they were moved onto the survivor, fen (absent: no account). */
  commissionMoved?: CommissionAccount | null;
  repointedAt: number | null;
}

/** Fields of other features' documents that name a member, re-pointed after a merge. */
export const REPOINT: readonly { collection: string; field: string }[] = [
  { collection: 'orders', field: 'userId' },
  { collection: 'user_coupons', field: 'userId' },
  { collection: 'redemptions', field: 'userId' },
  { collection: 'withdrawals', field: 'userId' },
  { collection: 'commissions', field: 'beneficiaryId' },
];

/**
 * Records that identity (kind, value) belongs to `userId`. If it already belongs to another member,
 * the two are one person: they are merged. Answers the id of the member that now stands for the person.
 */
export async function linkIdentity(kind: IdentityKind, value: string, userId: string, now: number): Promise<string> {
  const id = identityId(kind, value);
  let existing = await findById<Identity>('identities', id);
  if (!existing) {
    try {
      await db().collection('identities').add({ data: { _id: id, kind, value, userId, createdAt: now } });
      return userId;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      existing = (await findById<Identity>('identities', id))!;
    }
  }
  if (existing.userId === userId) return userId;
  return mergeMembers(existing.userId, userId, `same ${kind}`, now);
}

const commissionFields = (a: CommissionAccount): CommissionAccount => ({
  pendingFen: a.pendingFen ?? 0, settledFen: a.settledFen ?? 0, reversedFen: a.reversedFen ?? 0, clawedBackFen: a.clawedBackFen ?? 0,
  withdrawnFen: a.withdrawnFen ?? 0, withdrawnToday: a.withdrawnToday ?? { day: '', fen: 0 },
});

const account = (a: PointsAccount | null): PointsAccount => (a ? { balance: a.balance, lots: a.lots, debt: a.debt, nextExpiryAt: a.nextExpiryAt } : emptyAccount());

/** Merges the members `aId` and `bId` (resolved through earlier merges) into the older one; answers the survivor's id. */
export async function mergeMembers(aId: string, bId: string, reason: string, now: number): Promise<string> {
  const [a, b] = [await memberById(aId), await memberById(bId)];
  if (!a || !b) throw new Error(`merge: unknown member ${a ? bId : aId}`);
  if (a._id === b._id) return a._id;
  const { survivor, merged } = chooseSurvivor(a, b);
  const identities = (await db().collection('identities').where({ userId: merged._id }).limit(1000).get()).data as Identity[];

  await transaction(async (tx) => {
    const users = tx.collection('users');
    const s = await users.doc<User>(survivor._id).get();
    const m = await users.doc<User>(merged._id).get();
    if (!s || !m) throw new Error('merge: member vanished');
    if (m.mergedInto === s._id) return;
    if (m.mergedInto || s.mergedInto) throw fail('INVALID_STATE', 'the accounts changed while merging; try again');

    const accounts = tx.collection('points_accounts');
    const sAcc = await accounts.doc<AccountDoc>(s._id).get();
    const mAcc = await accounts.doc<AccountDoc>(m._id).get();
    const t = transferPoints(account(sAcc), account(mAcc));
    if (t.moved > 0 || t.debtMoved > 0) {
      // Each account's next revision, its markers kept (a redemption in flight settles against the account it took from).
      await accounts.doc(s._id).set(nextAccountDoc(s._id, sAcc, t.survivor));
      await accounts.doc(m._id).set(nextAccountDoc(m._id, mAcc, t.merged));
      const refId = `merge:${m._id}`;
      const entries = tx.collection('points_entries');
      await entries.doc(entryId(`${refId}:out`)).set({ key: `${refId}:out`, userId: m._id, delta: -t.moved, kind: 'merge', refId: s._id, createdAt: now, takes: t.lots.map((l) => ({ lotId: l.lotId, points: l.remaining })), debtMoved: t.debtMoved });
      await entries.doc(entryId(`${refId}:in`)).set({ key: `${refId}:in`, userId: s._id, delta: t.moved, kind: 'merge', refId: m._id, createdAt: now, takes: t.lots.map((l) => ({ lotId: l.lotId, points: l.remaining })), debtMoved: t.debtMoved });
    }

    const consents = tx.collection('consents');
    const sCon = await consents.doc<Consent>(s._id).get();
    const mCon = await consents.doc<Consent>(m._id).get();
    const strip = (c: (Consent & { _id: string }) | null): Consent | null => (c ? { ...noConsent(), marketing: { ...noConsent().marketing, ...c.marketing }, location: c.location, partnerSharing: c.partnerSharing, ...(c.partnerSharingBy ? { partnerSharingBy: c.partnerSharingBy } : {}), updatedAt: c.updatedAt } : null);
    const consent = mergeConsents(strip(sCon), strip(mCon));
    if (consent) await consents.doc<Consent>(s._id).set(consent);

    for (const idn of identities) {
      const doc = tx.collection('identities').doc<Identity>(idn._id);
      if ((await doc.get())?.userId === m._id) await doc.update({ userId: s._id });
    }
    const commissionAccounts = tx.collection('commission_accounts');
    const sCom = await commissionAccounts.doc<CommissionAccount>(s._id).get();
    const mCom = await commissionAccounts.doc<CommissionAccount>(m._id).get();
    const commissionMoved = mCom ? commissionFields(mCom) : null;
    if (commissionMoved) {
      await commissionAccounts.doc(s._id).set({ ...mergeAccounts(sCom ? commissionFields(sCom) : emptyCommissionAccount(), commissionMoved), userId: s._id });
      await commissionAccounts.doc(m._id).set({ ...emptyCommissionAccount(), userId: m._id, mergedInto: s._id });
    }

    const code = tx.collection('member_codes').doc(m._id);
    if (await code.get()) await code.remove();

    const sx = s as User & { phoneCipher?: string; phoneHash?: string; phoneMasked?: string; mergedFrom?: string[] };
    const mx = m as typeof sx;
    await users.doc(s._id).update({
      lifetimeSpendFen: (s.lifetimeSpendFen ?? 0) + (m.lifetimeSpendFen ?? 0),
      unionid: s.unionid ?? m.unionid ?? null,
      inviterId: inviterAfterMerge(s, m),
      mergedFrom: [...(sx.mergedFrom ?? []), m._id],
      ...(!sx.phoneCipher && mx.phoneCipher ? { phoneCipher: mx.phoneCipher, phoneHash: mx.phoneHash, phoneMasked: mx.phoneMasked } : {}),
    });
    await users.doc(m._id).update({ mergedInto: s._id, mergedAt: now, mergeReason: reason });
    const record: Omit<MergeRecord, '_id'> = { survivorId: s._id, reason, at: now, pointsMoved: t.moved, debtMoved: t.debtMoved, commissionMoved, repointedAt: null };
    await tx.collection('merges').doc(m._id).set(record);
  });

  await repoint(merged._id, survivor._id, now);
  return survivor._id;
}

/** Step 2: re-points other features' documents from the merged member to the survivor (repeatable). */
export async function repoint(mergedId: string, survivorId: string, now: number): Promise<void> {
  const _ = command();
  for (const { collection, field } of REPOINT) {
    await db().collection(collection).where({ [field]: mergedId }).update({ data: { [field]: survivorId, mergedFromUserId: mergedId } });
  }
  // Invitees follow the survivor, except its own ancestors: re-pointing them would close a cycle.
  const ancestors: string[] = [];
  for (let id = (await findById<User>('users', survivorId))?.inviterId ?? null; id && ancestors.length < MAX_INVITER_CHAIN; ) {
    ancestors.push(id);
    id = (await findById<User>('users', id))?.inviterId ?? null;
  }
  await db().collection('users').where({ inviterId: mergedId, _id: _.nin([survivorId, ...ancestors]) }).update({ data: { inviterId: survivorId } });
  await db().collection('merges').doc(mergedId).update({ data: { repointedAt: now } });
}

/** How long a merge may wait for its re-pointing before the timer finishes it (the merging call died). */
export const REPOINT_GRACE_MS = 60_000;

/**
 * Finishes merges whose step 2 never completed (the function that merged stopped before re-pointing):
 * `repoint` is repeatable, so running it again is safe. Answers how many merges it finished.
 */
export async function finishPendingMerges(now: number): Promise<number> {
  const { data } = await db().collection('merges').where({ repointedAt: null, at: command().lte(now - REPOINT_GRACE_MS) }).limit(50).get();
  for (const m of data as MergeRecord[]) await repoint(m._id, m.survivorId, now);
  return data.length;
}
