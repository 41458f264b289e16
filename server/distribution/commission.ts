/**
 * The commission (佣金) ledger on the database.
 *
 * `commissions` is append-only: one `earn` entry per (order, level), keyed `order:<id>:l1|l2|host`, with the
 * accrued amount and the rate it accrued at (neither is ever edited). Each successful refund that lowers
 * what a level keeps adds one entry keyed by the refund, `order:<id>:l<level>:refund:<outRefundNo>` (negative
 * amount): kind `reversal` while the commission was pending, `clawback` once it had settled. The earn entry
 * caches `keptFen` (accrued less its reversals) and its status (pending → settled; → reversed once nothing is
 * kept), both changed in the same transaction as the reversal entry; the settle timer settles `keptFen`.
 * `commission_accounts/{userId}` caches the balances and changes in the same transaction as its entry.
 * The hooks below run inside the order's transaction (server/store/order-effects.ts); the settle timer runs alone.
 * Entries written before `keptFen`/`rateBps` existed read as keeping their whole amount until reversed.
 *
 * The live host's commission (`level: 'host'`, see domain/distribution/commission.ts) is one more earn entry of the
 * order, decided apart from the inviter chain, and follows every rule below like the two levels.
 *
 * Merged members (server/membership/merge.ts): a merge moves the merged member's balances onto the
 * survivor and re-points its entries after the commit. Every balance move here resolves the beneficiary
 * through `mergedInto` first, so an entry still naming the merged member (a settle or refund landing
 * between the merge and the re-pointing) moves the survivor's balances, never the emptied account.
 */
import type { CommissionStatus } from '../../typings/api';
import { accrualKey, accrue, accrueHost, applyEvent, balancesFromLedger, COMMISSION_LEVELS, emptyCommissionAccount, isDue, NO_PLAN, refundReversalKey, reversalOnRefund, withdrawableFen, type CommissionAccount, type CommissionEvent, type CommissionLevel, type CommissionPlan } from '../../domain/distribution/commission';
import type { LiveRoom } from '../../domain/live/live';
import type { Withdrawal } from '../../domain/distribution/withdrawal';
import { chinaDay, stableId } from '../../domain/kernel/ids';
import { configured } from '../kernel/config';
import { command, db, findById, transaction, type Tx } from '../kernel/db';
import { userIdFor, type User } from '../membership/users';

export const COMMISSION_PLAN_KEY = 'commission_plan';

/** The operator's commission plan (`settings/commission_plan`, none until set), cached per configuration version. */
export function commissionPlan(): Promise<CommissionPlan> {
  return configured('commissionPlan', async () => (await findById<CommissionPlan>('settings', COMMISSION_PLAN_KEY)) ?? NO_PLAN);
}

export interface CommissionEntry {
  _id: string;
  key: string;
  /** `earn`: an accrual; `reversal` / `clawback`: what a refund took back from pending / settled money (`clawback` without `refundNo` is a pre-partial-refund full clawback). */
  kind: 'earn' | 'reversal' | 'clawback';
  orderId: string;
  buyerId: string;
  beneficiaryId: string;
  /** 1 or 2 (distribution levels), or `host` (the live room's host; not a level). */
  level: CommissionLevel;
  /** Fen; negative for a reversal or clawback. */
  amountFen: number;
  /** Earn entries: what is still kept (amountFen less every reversal), fen. */
  keptFen?: number;
  /** Earn entries: the level's rate when it accrued, bps (refunds never re-read the plan). */
  rateBps?: number;
  status: CommissionStatus;
  /** The plan's settle window when this accrued (a later plan does not move it). */
  settleAfterMs: number;
  /** completedAt + settleAfterMs once the order is completed; null before. */
  settleAt: number | null;
  /** Reversal and clawback entries: the refund (outRefundNo) that wrote it. */
  refundNo?: string;
  createdAt: number;
  settledAt?: number;
  reversedAt?: number;
}

/** What an earn entry still keeps (entries older than `keptFen` keep all of it until reversed). */
export const keptOf = (e: Pick<CommissionEntry, 'keptFen' | 'amountFen' | 'status'>): number => e.keptFen ?? (e.status === 'reversed' ? 0 : e.amountFen);

/** What the ledger needs of an order. */
export interface CommissionOrder {
  _id: string; userId: string; payableFen: number; completedAt?: number | null; liveRoomId?: string | null;
  /** The buyer's inviter when the order was placed (absent on older orders: the buyer is read then). */
  placedFacts?: { inviterId: string | null };
}

export const commissionEntryId = (key: string) => stableId('cm', key);

/** Merge chains are short (see server/membership/users.ts). */
const MAX_MERGE_HOPS = 8;

/** The member `userId` now is, inside a transaction: itself, or the survivor it was merged into. Null when no member. */
export async function memberInTx(tx: Tx, userId: string): Promise<User | null> {
  let user = await tx.collection('users').doc<User>(userId).get();
  for (let hop = 0; user?.mergedInto && hop < MAX_MERGE_HOPS; hop++) user = await tx.collection('users').doc<User>(user.mergedInto).get();
  return user;
}

/** Moves the balances of the member `beneficiaryId` stands for now (`resolved`: the caller already followed merges). */
async function moveAccount(tx: Tx, beneficiaryId: string, event: CommissionEvent, amountFen: number, resolved = false): Promise<void> {
  const userId = resolved ? beneficiaryId : (await memberInTx(tx, beneficiaryId))?._id ?? beneficiaryId;
  const ref = tx.collection('commission_accounts').doc<CommissionAccount & { userId: string }>(userId);
  const current = (await ref.get()) ?? { ...emptyCommissionAccount(), userId };
  const { _id: _omit, ...rest } = current as CommissionAccount & { userId: string; _id?: string };
  await ref.set({ ...applyEvent(rest, event, amountFen), userId });
}

/**
 * On payment: accrues pending commission for the buyer's inviter and the inviter's inviter (never a third
 * level) and, for an order paid from a live room with a host rate, for the room's host. Members are
 * resolved through merges, so entries name the member who stands for the person now.
 */
export async function accrueForOrder(tx: Tx, order: CommissionOrder, now: number): Promise<number> {
  // The order keeps who invited the buyer when it was placed: a buyer nobody invited costs no read here.
  const buyer = order.placedFacts ? { _id: order.userId, inviterId: order.placedFacts.inviterId } : await memberInTx(tx, order.userId);
  const buyerId = buyer?._id ?? order.userId;
  const first = buyer?.inviterId ? await memberInTx(tx, buyer.inviterId) : null;
  const second = first?.inviterId ? await memberInTx(tx, first.inviterId) : null;
  const room = order.liveRoomId ? await tx.collection('live_rooms').doc<LiveRoom>(order.liveRoomId).get() : null;
  const host = room?.hostCommissionBps ? (await memberInTx(tx, userIdFor(room.hostOpenid)))?._id ?? userIdFor(room.hostOpenid) : null;
  if (!first && !host) return 0;
  const plan = await commissionPlan();
  const accruals = first ? accrue(order.payableFen, plan, buyerId, [first._id, second?._id ?? null]) : [];
  const hostAccrual = room && host ? accrueHost(order.payableFen, room.hostCommissionBps ?? 0, buyerId, host) : null;
  if (hostAccrual) accruals.push(hostAccrual);
  let accrued = 0;
  for (const a of accruals) {
    const key = accrualKey(order._id, a.level);
    const ref = tx.collection('commissions').doc<Omit<CommissionEntry, '_id'>>(commissionEntryId(key));
    if (await ref.get()) continue;
    await ref.set({
      key, kind: 'earn', orderId: order._id, buyerId, beneficiaryId: a.beneficiaryId, level: a.level, amountFen: a.amountFen,
      keptFen: a.amountFen, rateBps: a.rateBps, status: 'pending', settleAfterMs: plan.settleAfterMs, settleAt: null, createdAt: now,
    });
    await moveAccount(tx, a.beneficiaryId, 'accrue', a.amountFen, true);
    accrued += a.amountFen;
  }
  return accrued;
}

/** On completion: starts each pending commission's settle window from the order's `completedAt`. */
export async function startSettleWindow(tx: Tx, order: CommissionOrder, now: number): Promise<void> {
  const completedAt = order.completedAt ?? now;
  for (const level of COMMISSION_LEVELS) {
    const ref = tx.collection('commissions').doc<CommissionEntry>(commissionEntryId(accrualKey(order._id, level)));
    const entry = await ref.get();
    if (entry && entry.status === 'pending' && entry.settleAt === null) await ref.update({ settleAt: completedAt + entry.settleAfterMs });
  }
}

/** A refund that has just succeeded: its number and amount (the order already counts it in `refundedFen`). */
export interface CommissionRefund { outRefundNo: string; refundFen: number }

/**
 * On every successful refund, partial or full: each level keeps what the money still paid earns
 * (`reversalOnRefund`); what it no longer keeps is written as one entry keyed by the refund, and the earn
 * entry's `keptFen`/status and the beneficiary's balances move with it. A repeated notification finds the
 * entry and writes nothing.
 */
export async function reverseForRefund(tx: Tx, order: CommissionOrder & { refundedFen: number }, refund: CommissionRefund, now: number): Promise<void> {
  if (refund.refundFen <= 0) return;
  for (const level of COMMISSION_LEVELS) {
    const ref = tx.collection('commissions').doc<CommissionEntry>(commissionEntryId(accrualKey(order._id, level)));
    const entry = await ref.get();
    if (!entry) continue;
    const key = refundReversalKey(order._id, level, refund.outRefundNo);
    const reversalRef = tx.collection('commissions').doc<Omit<CommissionEntry, '_id'>>(commissionEntryId(key));
    if (await reversalRef.get()) continue;
    const d = reversalOnRefund({ status: entry.status, keptFen: keptOf(entry), rateBps: entry.rateBps }, order.payableFen - order.refundedFen);
    if (!d) continue;
    await reversalRef.set({
      key, kind: d.event === 'reverse' ? 'reversal' : 'clawback', orderId: order._id, buyerId: entry.buyerId, beneficiaryId: entry.beneficiaryId, level,
      amountFen: -d.amountFen, status: 'reversed', settleAfterMs: entry.settleAfterMs, settleAt: null, refundNo: refund.outRefundNo, createdAt: now, reversedAt: now,
    });
    await ref.update({ keptFen: d.keptFen, status: d.status, ...(d.status === 'reversed' ? { reversedAt: now } : {}) });
    await moveAccount(tx, entry.beneficiaryId, d.event, d.amountFen);
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
      // Only what partial refunds left settles.
      await ref.update({ status: 'settled', settledAt: now });
      await moveAccount(tx, entry.beneficiaryId, 'settle', keptOf(entry));
      return 1;
    });
  }
  return settled;
}

/** One member's balances against their ledger: what the cache says, what the entries add up to, and whether they agree. */
export interface CommissionAudit { userId: string; account: Omit<CommissionAccount, 'withdrawnToday'>; ledger: Omit<CommissionAccount, 'withdrawnToday'>; ok: boolean }

/**
 * Audits one member: `commission_accounts/{userId}` must equal what their commission entries and their
 * withdrawals (requested, not rejected) add up to (`balancesFromLedger`). Reads up to 1000 entries and
 * 1000 withdrawals; a member with more is beyond this check.
 */
export async function auditCommissionAccount(userId: string): Promise<CommissionAudit> {
  const _ = command();
  const [account, entries, withdrawals] = await Promise.all([
    db().collection('commission_accounts').doc(userId).get().then((r) => r.data as CommissionAccount | null),
    db().collection('commissions').where({ beneficiaryId: userId }).limit(1000).get(),
    db().collection('withdrawals').where({ userId, status: _.neq('rejected') }).limit(1000).get(),
  ]);
  const a = account ?? emptyCommissionAccount();
  const cached = { pendingFen: a.pendingFen, settledFen: a.settledFen, reversedFen: a.reversedFen, clawedBackFen: a.clawedBackFen, withdrawnFen: a.withdrawnFen };
  const withdrawn = (withdrawals.data as Withdrawal[]).reduce((sum, w) => sum + w.amountFen, 0);
  const ledger = balancesFromLedger(entries.data as CommissionEntry[], withdrawn);
  const ok = (Object.keys(cached) as (keyof typeof cached)[]).every((k) => cached[k] === ledger[k]) && withdrawableFen({ ...a }) === withdrawableFen({ ...ledger, withdrawnToday: a.withdrawnToday });
  return { userId, account: cached, ledger, ok };
}

/** How many accounts one nightly audit reads per request. */
const AUDIT_BATCH = 200;

/**
 * The nightly proof that every commission balance equals its ledger: audits every account (in batches,
 * by id) and records one alert per mismatching account per day, so an operator sees it once.
 */
export async function auditCommissionLedger(now: number): Promise<{ checked: number; mismatches: string[] }> {
  const _ = command();
  const mismatches: string[] = [];
  let checked = 0;
  for (let after = ''; ; ) {
    const { data } = await db().collection('commission_accounts').where(after ? { _id: _.gt(after) } : {}).orderBy('_id', 'asc').limit(AUDIT_BATCH).get();
    for (const a of data as { _id: string }[]) {
      checked++;
      const audit = await auditCommissionAccount(a._id);
      if (audit.ok) continue;
      mismatches.push(a._id);
      await db().collection('alerts').doc(stableId('alert', 'commissionLedger', a._id, chinaDay(now))).set({
        data: { kind: 'commissionLedgerMismatch', userId: a._id, account: audit.account, ledger: audit.ledger, at: now },
      });
    }
    if (data.length < AUDIT_BATCH) break;
    after = (data[data.length - 1] as { _id: string })._id;
  }
  return { checked, mismatches };
}
