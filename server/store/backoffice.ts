/**
 * The back-office's reads: orders (any member's, searchable), the after-sale queue, withdrawals to review
 * and the dashboard. Every list is a keyset page over an indexed filter; every figure is an indexed
 * `count()` or the daily stats kept by the payment and refund transactions (server/store/daily-stats.ts):
 * nothing here reads a whole collection.
 */
import type { AdminOrderView, AdminWithdrawalView, DashboardView, OrderStatus, Page, Req } from '../../typings/api';
import type { Withdrawal } from '../../domain/distribution/withdrawal';
import { chinaDay } from '../../domain/kernel/ids';
import { keywordKeys } from '../../domain/store/search';
import { command, db, findById } from '../kernel/db';
import { fail } from '../kernel/errors';
import { keysetPage } from '../kernel/keyset';
import type { OrderDoc } from './order-doc';
import { toAdminView } from './orders';
import { statsOfDays } from './daily-stats';

const DAY = 86_400_000;

/**
 * `admin.listOrders`: newest first, by status and/or keyword (order number, phone number or its last
 * four digits, buyer name, product title: the keys stored on the order at creation).
 */
export async function listAllOrders(req: Req<'admin.listOrders'>): Promise<Page<AdminOrderView>> {
  const _ = command();
  const parts: Record<string, unknown>[] = [];
  if (req.status) parts.push({ status: req.status });
  if (req.keyword) {
    const keys = keywordKeys(req.keyword);
    if (!keys.length) return { items: [], nextCursor: null };
    parts.push({ search: keys[0] });
    if (keys.length > 1) parts.push({ search: _.all(keys) });
  }
  const filter = parts.length === 0 ? {} : parts.length === 1 ? parts[0] : _.and(parts);
  const { docs, nextCursor } = await keysetPage<OrderDoc>('orders', filter, 'createdAt', req);
  return { items: docs.map(toAdminView), nextCursor };
}

export async function adminOrderDetail(orderId: string): Promise<AdminOrderView> {
  const o = await findById<OrderDoc>('orders', orderId);
  if (!o) throw fail('NOT_FOUND', 'no such order');
  return toAdminView(o);
}

/** `admin.listAfterSales`: orders with an after-sale request, newest request first; `requested` by default. */
export async function listAfterSales(req: Req<'admin.listAfterSales'>): Promise<Page<AdminOrderView>> {
  const { docs, nextCursor } = await keysetPage<OrderDoc>('orders', { afterSaleStatus: req.status ?? 'requested' }, 'afterSaleAt', req);
  return { items: docs.map(toAdminView), nextCursor };
}

/** `admin.listWithdrawals`: newest first; `pendingApproval` by default. */
export async function listWithdrawals(req: Req<'admin.listWithdrawals'>): Promise<Page<AdminWithdrawalView>> {
  const { docs, nextCursor } = await keysetPage<Withdrawal & { _id: string }>('withdrawals', { status: req.status ?? 'pendingApproval' }, 'createdAt', req);
  return {
    items: docs.map((w) => ({
      withdrawalId: w._id, userId: w.userId, amountFen: w.amountFen, status: w.status, createdAt: w.createdAt,
      ...(w.reviewedAt !== undefined ? { reviewedAt: w.reviewedAt } : {}), ...(w.status === 'rejected' && w.rejectReason !== undefined ? { rejectReason: w.rejectReason } : {}),
    })),
    nextCursor,
  };
}

/** Midnight China time (UTC+8) of the day holding `t`, epoch ms. */
export const chinaMidnight = (t: number) => Math.floor((t + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;

/**
 * `admin.dashboard`: today's paid amount, paid orders and refunds (daily stats, China day), new members
 * since midnight, what waits for someone (orders to ship, after-sale requests, withdrawals, paid orders the
 * risk check flagged for review, alerts of the last 24 hours), and the last seven days, oldest first.
 */
export async function dashboard(now: number): Promise<DashboardView> {
  const _ = command();
  const days = Array.from({ length: 7 }, (_x, i) => chinaDay(now - (6 - i) * DAY));
  const count = (collection: string, where: Record<string, unknown>) => db().collection(collection).where(where).count().then((r) => r.total);
  const [last7, newMembers, toShip, afterSales, withdrawals, riskFlagged, riskAlerts] = await Promise.all([
    statsOfDays(days),
    count('users', { createdAt: _.gte(chinaMidnight(now)) }),
    count('orders', { status: 'paid' as OrderStatus }),
    count('orders', { afterSaleStatus: 'requested' }),
    count('withdrawals', { status: 'pendingApproval' }),
    count('orders', { risk: 'review', status: 'paid' as OrderStatus }),
    count('alerts', { at: _.gte(now - DAY) }),
  ]);
  const today = last7[6];
  return {
    today: { paidFen: today.paidFen, orders: today.orders, newMembers, refundedFen: today.refundedFen },
    pending: { toShip, afterSales, withdrawals, riskFlagged, riskAlerts },
    last7Days: last7,
  };
}
