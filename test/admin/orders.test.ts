/**
 * The back-office's orders and dashboard through the local cloud: every member's orders searchable by
 * order number, phone tail and product title (indexed keys, keyset pages), the after-sale and withdrawal
 * queues, and the dashboard's figures, which follow payments and refunds.
 */
import type { ShippingAddress } from '../../typings/api';
import { startCloud } from '../support/cloud';
import { aKey, aProduct } from '../store/fixtures';

const cloud = startCloud();
const address = (phone: string): ShippingAddress => ({ name: '李雷', phone, region: '上海市徐汇区', detail: '漕溪北路 1 号' });

async function anOrder(buyer: string, o: { title?: string; phone?: string; priceFen?: number; pay?: boolean } = {}) {
  const { skus } = await aProduct(cloud, { title: o.title ?? '桂花糕', skus: [{ name: '一盒', priceFen: o.priceFen ?? 5_000, stock: 50 }] });
  const placed = await cloud.as(buyer).ok('order.create', { items: [{ skuId: skus[0].skuId, quantity: 1 }], address: address(o.phone ?? '13900001111'), idempotencyKey: aKey() });
  if (o.pay !== false) await cloud.pay(placed.payment.outTradeNo);
  return placed;
}

const ids = (page: { items: { orderId: string }[] }) => page.items.map((x) => x.orderId);

describe('listing every member\'s orders', () => {
  it('finds an order by its number, the phone\'s last four digits, and a product title word', async () => {
    const a = await anOrder('o-lo-a', { title: '云南鲜花饼', phone: '13712345678' });
    const b = await anOrder('o-lo-b', { title: '苏式月饼', phone: '13800009999' });
    expect(ids(await cloud.admin.ok('admin.listOrders', { keyword: a.orderId }))).toEqual([a.orderId]);
    expect(ids(await cloud.admin.ok('admin.listOrders', { keyword: '5678' }))).toEqual([a.orderId]);
    expect(ids(await cloud.admin.ok('admin.listOrders', { keyword: '鲜花饼' }))).toEqual([a.orderId]);
    expect(ids(await cloud.admin.ok('admin.listOrders', { keyword: '月饼' }))).toEqual([b.orderId]);
    expect(ids(await cloud.admin.ok('admin.listOrders', { keyword: '月饼鲜花' }))).toEqual([]);
  });

  it('answers each order with the member and the address', async () => {
    const o = await anOrder('o-lo-who', { phone: '13600002222' });
    const [item] = (await cloud.admin.ok('admin.listOrders', { keyword: '2222' })).items;
    const buyer = cloud.docs<{ _id: string }>('users', { openid: 'o-lo-who' })[0];
    expect(item).toMatchObject({ orderId: o.orderId, userId: buyer._id, address: address('13600002222'), status: 'paid' });
    expect(await cloud.admin.ok('admin.orderDetail', { orderId: o.orderId })).toMatchObject({ orderId: o.orderId, userId: buyer._id });
  });

  it('filters by status and pages newest first without repeats', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await anOrder('o-lo-page', { title: '分页绿豆糕', pay: false })).orderId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await cloud.admin.ok('admin.listOrders', { status: 'pendingPayment', keyword: '绿豆糕', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page));
      expect(page.items.every((x) => x.status === 'pendingPayment')).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it('is for operators only', async () => {
    expect(await cloud.as('o-lo-nosy').call('admin.listOrders', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the after-sale queue', () => {
  it('lists the requests waiting, and the reviewed ones by status', async () => {
    const o = await anOrder('o-lo-as');
    await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: 'SF', trackingNo: 'SF3030303' });
    await cloud.as('o-lo-as').ok('order.refund', { orderId: o.orderId, reason: '包装破了' });
    expect(ids(await cloud.admin.ok('admin.listAfterSales', {}))).toContain(o.orderId);
    await cloud.admin.ok('admin.reviewRefund', { orderId: o.orderId, approve: false, note: '不影响使用' });
    expect(ids(await cloud.admin.ok('admin.listAfterSales', {}))).not.toContain(o.orderId);
    expect((await cloud.admin.ok('admin.listAfterSales', { status: 'rejected' })).items.find((x) => x.orderId === o.orderId)).toMatchObject({ afterSale: { status: 'rejected', note: '不影响使用' } });
  });
});

describe('the dashboard', () => {
  it('counts today\'s payments, refunds and new members, and what waits', async () => {
    const before = await cloud.admin.ok('admin.dashboard', {});
    const paid = await anOrder('o-dash-new-1', { priceFen: 12_300 });
    await anOrder('o-dash-new-2', { priceFen: 4_500 });
    const toRefund = await anOrder('o-dash-new-1', { priceFen: 1_000 });
    await cloud.admin.ok('admin.refund', { orderId: toRefund.orderId, reason: '缺货' });
    await cloud.admin.ok('admin.ship', { orderId: paid.orderId, carrier: 'SF', trackingNo: 'SF4040404' });
    await cloud.as('o-dash-new-1').ok('order.refund', { orderId: paid.orderId, reason: '不想要了' });
    const after = await cloud.admin.ok('admin.dashboard', {});
    expect(after.today.paidFen - before.today.paidFen).toBe(12_300 + 4_500 + 1_000);
    expect(after.today.orders - before.today.orders).toBe(3);
    expect(after.today.refundedFen - before.today.refundedFen).toBe(1_000);
    expect(after.today.newMembers - before.today.newMembers).toBe(2);
    expect(after.pending.toShip - before.pending.toShip).toBe(1);
    expect(after.pending.afterSales - before.pending.afterSales).toBe(1);
    expect(after.last7Days).toHaveLength(7);
    expect(after.last7Days[6]).toMatchObject({ paidFen: after.today.paidFen, orders: after.today.orders });
    // The figures are the orders' own: every paid order of the week, summed by the day it was paid.
    const paidThisWeek = cloud.docs<{ paidDay?: string; payableFen: number }>('orders').filter((o) => o.paidDay && after.last7Days.some((d) => d.day === o.paidDay));
    expect(paidThisWeek.reduce((s, o) => s + o.payableFen, 0)).toBe(after.last7Days.reduce((s, d) => s + d.paidFen, 0));
    expect(paidThisWeek.length).toBe(after.last7Days.reduce((s, d) => s + d.orders, 0));
  });
});

describe('the withdrawal queue', () => {
  it('lists pending withdrawals with the member, and rejecting one takes it off', async () => {
    // A promoter with settled commission asks for a withdrawal.
    const promoter = 'o-wq-promoter';
    const promoterId = (await cloud.as(promoter).ok('user.login', {})).userId;
    await cloud.admin.ok('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 0, settleAfterMs: 0 });
    await cloud.as('o-wq-buyer').ok('user.login', { inviter: promoterId });
    const o = await anOrder('o-wq-buyer', { priceFen: 20_000 });
    await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: 'SF', trackingNo: 'SF5050505' });
    await cloud.as('o-wq-buyer').ok('order.confirmReceipt', { orderId: o.orderId });
    await cloud.host.runTimer('distribution', 'settle');
    const w = await cloud.as(promoter).ok('distribution.withdraw', { amountFen: 1_000, idempotencyKey: aKey('wd') });
    const queue = await cloud.admin.ok('admin.listWithdrawals', {});
    expect(queue.items.find((x) => x.withdrawalId === w.withdrawalId)).toMatchObject({ userId: promoterId, amountFen: 1_000, status: 'pendingApproval' });
    await cloud.admin.ok('admin.rejectWithdrawal', { withdrawalId: w.withdrawalId, reason: '信息不全' });
    expect((await cloud.admin.ok('admin.listWithdrawals', {})).items.map((x) => x.withdrawalId)).not.toContain(w.withdrawalId);
    expect((await cloud.admin.ok('admin.listWithdrawals', { status: 'rejected' })).items.find((x) => x.withdrawalId === w.withdrawalId)).toMatchObject({ rejectReason: '信息不全' });
  });
});
