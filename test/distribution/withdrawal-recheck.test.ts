/**
 * CONTRACT §4: "approveWithdrawal re-checks the member's balance: below the amount → INSUFFICIENT_BALANCE".
 * A withdrawal asked for while the commission was settled, whose commission is clawed back by a refund
 * before an operator looks at it, is refused and nothing changes.
 */
import { startCloud } from '../support/cloud';
import { aProduct, key } from '../support/social';

const cloud = startCloud();
const DAY = 24 * 3600_000;

beforeAll(async () => {
  await cloud.admin.ok('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 0, settleAfterMs: 7 * DAY });
});

/** An inviter whose buyer's order paid them 1000 fen of settled commission. */
async function aSettledInviter(tag: string) {
  const inviter = `o-wrc-inviter-${tag}`;
  const buyer = `o-wrc-buyer-${tag}`;
  const inviterId = (await cloud.as(inviter).ok('user.login', {})).userId;
  await cloud.as(buyer).ok('user.login', { inviter: inviterId });
  const { skuId } = await aProduct(cloud, { priceFen: 10_000 });
  const o = await cloud.as(buyer).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: key('ord') });
  await cloud.pay(o.payment.outTradeNo);
  await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' });
  await cloud.as(buyer).ok('order.confirmReceipt', { orderId: o.orderId });
  cloud.advance(7 * DAY + 1000);
  await cloud.host.runTimer('distribution', 'settle');
  return { inviter, buyer, orderId: o.orderId };
}

describe('approving a withdrawal whose commission was clawed back', () => {
  it('refuses with INSUFFICIENT_BALANCE and changes nothing', async () => {
    const { inviter, orderId } = await aSettledInviter('a');
    expect((await cloud.as(inviter).ok('distribution.center', {})).withdrawableFen).toBe(1000);
    const { withdrawalId } = await cloud.as(inviter).ok('distribution.withdraw', { amountFen: 1000, idempotencyKey: key('wd') });
    // Past the member's 7-day after-sale window: the merchant refunds it (admin.refund, at any time).
    await cloud.admin.ok('admin.refund', { orderId, reason: 'broken' });
    expect(cloud.docs<{ status: string }>('orders', { _id: orderId })[0].status).toBe('refunded');
    expect((await cloud.as(inviter).ok('distribution.center', {})).withdrawableFen).toBe(-1000);
    const account = JSON.stringify(cloud.docs('commission_accounts'));

    expect(await cloud.admin.call('admin.approveWithdrawal', { withdrawalId })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_BALANCE' } });
    expect(cloud.docs<{ status: string }>('withdrawals', { _id: withdrawalId })[0].status).toBe('pendingApproval');
    expect(JSON.stringify(cloud.docs('commission_accounts'))).toBe(account);
    // Rejecting it is still possible, and gives the amount back.
    expect(await cloud.admin.call('admin.rejectWithdrawal', { withdrawalId, reason: 'commission clawed back' })).toMatchObject({ ok: true, data: { status: 'rejected' } });
    expect((await cloud.as(inviter).ok('distribution.center', {})).withdrawableFen).toBe(0);
  });

  it('still approves a withdrawal the balance covers', async () => {
    const { inviter } = await aSettledInviter('b');
    const { withdrawalId } = await cloud.as(inviter).ok('distribution.withdraw', { amountFen: 600, idempotencyKey: key('wd') });
    expect(await cloud.admin.call('admin.approveWithdrawal', { withdrawalId })).toMatchObject({ ok: true, data: { status: 'approved' } });
  });
});
