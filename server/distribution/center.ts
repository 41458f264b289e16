/**
 * Reads and withdrawals of the distribution (分销) center: the member's balances, team counts, the
 * commission ledger page by page, withdrawal requests, and the operator's review of them.
 */
import { keysetPage } from '../kernel/keyset';
import type { Api, Page, WithdrawalView } from '../../typings/api';
import { emptyCommissionAccount, withdrawableFen, type CommissionAccount } from '../../domain/distribution/commission';
import { chinaDay, stableId } from '../../domain/kernel/ids';
import { checkApproval, returnWithdrawal, review, withdraw, type Review, type Withdrawal, type WithdrawalStatus } from '../../domain/distribution/withdrawal';
import { command, db, findById, transaction } from '../kernel/db';
import { fail, orFail } from '../kernel/errors';
import { once } from '../kernel/idempotency';
import { keptOf, memberInTx, type CommissionEntry } from './commission';
import { followMerges, userIdFor, type User } from '../membership/users';

/**
 * The member a caller acts as: their own account, or the survivor it was merged into (so a merged
 * account's openid sees and withdraws the one balance of the person). An openid that never logged in is
 * its would-be member id, whose balances are empty.
 */
export async function memberIdOf(openid: string): Promise<string> {
  const own = await findById<User>('users', userIdFor(openid));
  return own ? (await followMerges(own))._id : userIdFor(openid);
}

const TEAM_SCAN_LIMIT = 1000;

async function countInvitedBy(ids: string[]): Promise<number> {
  const _ = command();
  let total = 0;
  for (let i = 0; i < ids.length; i += 100) {
    const res = await db().collection('users').where({ inviterId: _.in(ids.slice(i, i + 100)) }).count();
    total += (res as { total: number }).total;
  }
  return total;
}

/** Balances and team sizes. Level-2 counts members invited by the first 1000 level-1 members. */
export async function center(userId: string): Promise<Api['distribution.center']['res']> {
  const [user, account, level1] = await Promise.all([
    findById<User>('users', userId),
    findById<CommissionAccount>('commission_accounts', userId),
    db().collection('users').where({ inviterId: userId }).field({ _id: true }).limit(TEAM_SCAN_LIMIT).get(),
  ]);
  const a = account ?? emptyCommissionAccount();
  const ids = (level1.data as { _id: string }[]).map((u) => u._id);
  const level1Count = ids.length < TEAM_SCAN_LIMIT ? ids.length : ((await db().collection('users').where({ inviterId: userId }).count()) as { total: number }).total;
  return {
    inviterUserId: user?.inviterId ?? null, level1Count, level2Count: await countInvitedBy(ids),
    pendingFen: a.pendingFen, settledFen: a.settledFen, reversedFen: a.reversedFen, withdrawableFen: withdrawableFen(a),
  };
}

/**
 * The member's own withdrawal requests, newest first (ties by id), with their review: `reviewedAt` once
 * approved or rejected, `rejectReason` when rejected. Cursor: `<createdAt>~<withdrawalId>` of the last item.
 */
export async function withdrawalPage(userId: string, req: { cursor?: string; limit?: number }): Promise<Page<WithdrawalView>> {
  const { docs, nextCursor } = await keysetPage<Withdrawal & { _id: string }>('withdrawals', { userId }, 'createdAt', req);
  return {
    items: docs.map((w) => ({
      withdrawalId: w._id, amountFen: w.amountFen, status: w.status, createdAt: w.createdAt,
      ...(w.reviewedAt !== undefined ? { reviewedAt: w.reviewedAt } : {}), ...(w.status === 'rejected' && w.rejectReason !== undefined ? { rejectReason: w.rejectReason } : {}),
    })),
    nextCursor,
  };
}

type CommissionItem = Api['distribution.commissions']['res']['items'][number];

/**
 * The member's commissions, newest first: one item per (order, level). `amountFen` is what the member
 * keeps of it now (the accrued amount less what refunds took back, 0 once fully reversed); `status` is
 * `pending` or `settled` while something is kept and `reversed` once nothing is; `accruedFen` and
 * `reversedFen` show the original amount and what refunds took back. The reversal entries themselves are
 * folded into their item rather than listed (listing both would count the money twice).
 */
export async function commissionPage(userId: string, req: { cursor?: string; limit?: number }): Promise<Page<CommissionItem>> {
  const { docs, nextCursor } = await keysetPage<CommissionEntry>('commissions', { beneficiaryId: userId, kind: 'earn' }, 'createdAt', req);
  return {
    items: docs.map((e) => {
      const kept = keptOf(e);
      return { orderId: e.orderId, level: e.level, amountFen: kept, status: e.status, accruedFen: e.amountFen, reversedFen: e.amountFen - kept };
    }),
    nextCursor,
  };
}

/** Asks to withdraw `amountFen` of withdrawable commission; idempotent per key; waits for approval. */
export async function requestWithdrawal(userId: string, amountFen: number, key: string, now: number): Promise<{ withdrawalId: string; status: string }> {
  return once('distribution.withdraw', userId, key, now, async (tx) => {
    const ref = tx.collection('commission_accounts').doc<CommissionAccount & { userId: string }>(userId);
    const stored = await ref.get();
    const { _id: _omit, ...current } = stored ?? { ...emptyCommissionAccount(), userId, _id: '' };
    const next = orFail(withdraw(current, amountFen, chinaDay(now)));
    const withdrawalId = stableId('wd', userId, key);
    const request: Withdrawal = { userId, amountFen, status: 'pendingApproval', createdAt: now, day: chinaDay(now) };
    await tx.collection('withdrawals').doc(withdrawalId).set(request);
    await ref.set({ ...next, userId });
    return { withdrawalId, status: 'pendingApproval' };
  });
}

/**
 * An operator approves or rejects a withdrawal (`review` in domain/distribution/withdrawal.ts), in one transaction with
 * the member's balance: a rejection gives the amount back to withdrawable (and to that day's limit).
 * Idempotent (the same review again answers the withdrawal as it is); the opposite review of a decided one
 * is INVALID_STATE; however many reviews race, the withdrawal document's version lets exactly one decide.
 *
 * Paying out: an approval's `transfer` effect is where the money would leave. The local cloud has no wallet
 * transfer (WeChat Pay's 商家转账到零钱 is a merchant API called with the merchant's certificate, not a cloud
 * open API), so nothing is sent here; a payout worker would pick up `approved` withdrawals without
 * `transferredAt`, call the transfer with `withdrawalId` as the merchant's batch number (making a retry safe),
 * and record `transferredAt` (or put the amount back with a reason when the transfer is refused).
 */
export async function reviewWithdrawal(withdrawalId: string, r: Review): Promise<{ withdrawalId: string; status: WithdrawalStatus }> {
  const decided = await transaction(async (tx) => {
    const ref = tx.collection('withdrawals').doc<Withdrawal>(withdrawalId);
    const stored = await ref.get();
    if (!stored) throw fail('NOT_FOUND', 'no such withdrawal');
    const { _id: _omit, ...w } = stored as Withdrawal & { _id?: string };
    const d = orFail(review(w, r));
    if (!d.changed) return d;
    if (r.type === 'approve') {
      // Re-checked in this transaction: a clawback since the request may have left too little.
      const owner = (await memberInTx(tx, w.userId))?._id ?? w.userId;
      const account = await tx.collection('commission_accounts').doc<CommissionAccount>(owner).get();
      orFail(checkApproval(account ?? emptyCommissionAccount(), w.amountFen));
    }
    const { status, reviewedBy, reviewedAt, rejectReason } = d.withdrawal;
    await ref.update({ status, reviewedBy, reviewedAt, ...(rejectReason !== undefined ? { rejectReason } : {}) });
    for (const effect of d.effects) {
      if (effect.kind !== 'returnToBalance') continue;
      // A merged member's balance lives on the survivor (server/membership/merge.ts).
      const owner = (await memberInTx(tx, effect.userId))?._id ?? effect.userId;
      const account = tx.collection('commission_accounts').doc<CommissionAccount & { userId: string }>(owner);
      const { _id: _a, ...current } = (await account.get()) ?? { ...emptyCommissionAccount(), userId: owner, _id: '' };
      await account.set({ ...returnWithdrawal(current, effect.amountFen, effect.day), userId: owner });
    }
    return d;
  });
  // A `transfer` effect would be performed here, after the commit (see above); the local cloud has none.
  return { withdrawalId, status: decided.withdrawal.status };
}
