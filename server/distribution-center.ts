/**
 * Reads and withdrawals of the distribution (分销) center: the member's balances, team counts, the
 * commission ledger page by page, and withdrawal requests (waiting for an operator's approval).
 */
import type { Api, CommissionStatus, Page } from '../typings/api';
import { emptyCommissionAccount, withdrawableFen, type CommissionAccount, type Level } from '../domain/commission';
import { chinaDay, stableId } from '../domain/ids';
import { withdraw } from '../domain/withdrawal';
import { command, db, findById } from './db';
import { fail, orFail } from './errors';
import { once } from './idempotency';
import type { CommissionEntry } from './distribution';
import type { User } from './users';

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

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = cursor.split('~');
  if (!/^\d+$/.test(at ?? '') || !id) throw fail('INVALID_ARGUMENT', 'cursor: not a cursor from this list');
  return { at: Number(at), id };
}

/** The member's ledger, newest first: earn entries with their status, and clawbacks as negative amounts. */
export async function commissionPage(userId: string, req: { cursor?: string; limit?: number }): Promise<Page<{ orderId: string; level: Level; amountFen: number; status: CommissionStatus }>> {
  const _ = command();
  const limit = req.limit ?? 20;
  const after = req.cursor ? decodeCursor(req.cursor) : null;
  const where = after ? _.and([{ beneficiaryId: userId }, _.or([{ createdAt: _.lt(after.at) }, { createdAt: after.at, _id: _.lt(after.id) }])]) : { beneficiaryId: userId };
  const { data } = await db().collection('commissions').where(where as never).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
  const docs = data as CommissionEntry[];
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((e) => ({ orderId: e.orderId, level: e.level, amountFen: e.amountFen, status: e.status })),
    nextCursor: docs.length > limit && last ? `${last.createdAt}~${last._id}` : null,
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
    await tx.collection('withdrawals').doc(withdrawalId).set({ userId, amountFen, status: 'pendingApproval', createdAt: now, day: chinaDay(now) });
    await ref.set({ ...next, userId });
    return { withdrawalId, status: 'pendingApproval' };
  });
}
