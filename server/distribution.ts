/**
 * The commission (佣金) ledger on the database.
 *
 * `commissions` is append-only: one `earn` entry per (order, level), keyed `order:<id>:l<level>`, whose
 * status moves pending → settled | reversed (its amount is never edited), and one `clawback` entry
 * (`order:<id>:l<level>:clawback`, negative amount) when a settled commission's order is refunded.
 * `commission_accounts/{userId}` caches the balances and changes in the same transaction as its entry.
 * The hooks below run inside the order's transaction (server/order-effects.ts); the settle timer runs alone.
 */
import type { CommissionStatus } from '../typings/api';
import { accrualKey, accrue, applyEvent, clawbackKey, emptyCommissionAccount, isDue, NO_PLAN, onRefund, type CommissionAccount, type CommissionEvent, type CommissionPlan, type Level } from '../domain/commission';
import { stableId } from '../domain/ids';
import { command, db, transaction, type Tx } from './db';
import type { User } from './users';

export const COMMISSION_PLAN_KEY = 'commission_plan';

export interface CommissionEntry {
  _id: string;
  key: string;
  kind: 'earn' | 'clawback';
  orderId: string;
  buyerId: string;
  beneficiaryId: string;
  level: Level;
  /** Fen; negative for a clawback. */
  amountFen: number;
  status: CommissionStatus;
  /** The plan's settle window when this accrued (a later plan does not move it). */
  settleAfterMs: number;
  /** completedAt + settleAfterMs once the order is completed; null before. */
  settleAt: number | null;
  createdAt: number;
  settledAt?: number;
  reversedAt?: number;
}

/** What the ledger needs of an order. */
export interface CommissionOrder { _id: string; userId: string; payableFen: number; completedAt?: number | null }

export const commissionEntryId = (key: string) => stableId('cm', key);
const LEVELS: Level[] = [1, 2];

async function moveAccount(tx: Tx, userId: string, event: CommissionEvent, amountFen: number): Promise<void> {
  const ref = tx.collection('commission_accounts').doc<CommissionAccount & { userId: string }>(userId);
  const current = (await ref.get()) ?? { ...emptyCommissionAccount(), userId };
  const { _id: _omit, ...rest } = current as CommissionAccount & { userId: string; _id?: string };
  await ref.set({ ...applyEvent(rest, event, amountFen), userId });
}

/** On payment: accrues pending commission for the buyer's inviter and the inviter's inviter (never a third level). */
export async function accrueForOrder(tx: Tx, order: CommissionOrder, now: number): Promise<number> {
  const users = tx.collection('users');
  const buyer = await users.doc<User>(order.userId).get();
  const first = buyer?.inviterId ?? null;
  const second = first ? (await users.doc<User>(first).get())?.inviterId ?? null : null;
  if (!first) return 0;
  const stored = await tx.collection('settings').doc<CommissionPlan>(COMMISSION_PLAN_KEY).get();
  const plan = stored ?? NO_PLAN;
  let accrued = 0;
  for (const a of accrue(order.payableFen, plan, order.userId, [first, second])) {
    const key = accrualKey(order._id, a.level);
    const ref = tx.collection('commissions').doc<Omit<CommissionEntry, '_id'>>(commissionEntryId(key));
    if (await ref.get()) continue;
    await ref.set({
      key, kind: 'earn', orderId: order._id, buyerId: order.userId, beneficiaryId: a.beneficiaryId, level: a.level, amountFen: a.amountFen,
      status: 'pending', settleAfterMs: plan.settleAfterMs, settleAt: null, createdAt: now,
    });
    await moveAccount(tx, a.beneficiaryId, 'accrue', a.amountFen);
    accrued += a.amountFen;
  }
  return accrued;
}

/** On completion: starts each pending commission's settle window from the order's `completedAt`. */
export async function startSettleWindow(tx: Tx, order: CommissionOrder, now: number): Promise<void> {
  const completedAt = order.completedAt ?? now;
  for (const level of LEVELS) {
    const ref = tx.collection('commissions').doc<CommissionEntry>(commissionEntryId(accrualKey(order._id, level)));
    const entry = await ref.get();
    if (entry && entry.status === 'pending' && entry.settleAt === null) await ref.update({ settleAt: completedAt + entry.settleAfterMs });
  }
}

/** On refund: reverses pending commissions; a settled one gets a clawback entry that lowers withdrawable. */
export async function reverseForOrder(tx: Tx, order: CommissionOrder, now: number): Promise<void> {
  for (const level of LEVELS) {
    const ref = tx.collection('commissions').doc<CommissionEntry>(commissionEntryId(accrualKey(order._id, level)));
    const entry = await ref.get();
    if (!entry) continue;
    const action = onRefund(entry.status);
    if (action === 'reverse') {
      await ref.update({ status: 'reversed', reversedAt: now });
      await moveAccount(tx, entry.beneficiaryId, 'reverse', entry.amountFen);
    } else if (action === 'clawback') {
      const key = clawbackKey(order._id, level);
      const claw = tx.collection('commissions').doc<Omit<CommissionEntry, '_id'>>(commissionEntryId(key));
      if (await claw.get()) continue;
      await claw.set({
        key, kind: 'clawback', orderId: order._id, buyerId: entry.buyerId, beneficiaryId: entry.beneficiaryId, level, amountFen: -entry.amountFen,
        status: 'reversed', settleAfterMs: entry.settleAfterMs, settleAt: null, createdAt: now, reversedAt: now,
      });
      await moveAccount(tx, entry.beneficiaryId, 'clawback', entry.amountFen);
    }
  }
}

/** The timer: settles every pending commission whose window has passed, each in its own transaction. */
export async function settleDue(now: number, batch = 200): Promise<number> {
  const _ = command();
  const { data } = await db().collection('commissions').where({ status: 'pending', settleAt: _.lte(now) }).orderBy('settleAt', 'asc').limit(batch).get();
  let settled = 0;
  for (const { _id } of data as CommissionEntry[]) {
    settled += await transaction(async (tx) => {
      const ref = tx.collection('commissions').doc<CommissionEntry>(_id);
      const entry = await ref.get();
      if (!entry || !isDue(entry, now)) return 0;
      await ref.update({ status: 'settled', settledAt: now });
      await moveAccount(tx, entry.beneficiaryId, 'settle', entry.amountFen);
      return 1;
    });
  }
  return settled;
}
