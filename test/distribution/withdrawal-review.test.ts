/** Operators approve or reject withdrawals: a guarded, idempotent state machine with the balance in step. */
import { all, startCloud } from '../support/cloud';
import { aProduct, key } from '../support/social';

const cloud = startCloud();
const DAY = 24 * 3600_000;
let n = 0;

interface WithdrawalDoc { status: string; amountFen: number; reviewedBy?: string; reviewedAt?: number; rejectReason?: string }

/** An inviter with `settledFen` of settled commission (10 % of a paid, completed order). */
async function aSettledInviter(settledFen = 1000) {
  const tag = n++;
  const inviter = `o-wr-inviter-${tag}`;
  const buyer = `o-wr-buyer-${tag}`;
  const inviterId = (await cloud.as(inviter).ok('user.login', {})).userId;
  await cloud.as(buyer).ok('user.login', { inviter: inviterId });
  const { skuId } = await aProduct(cloud, { priceFen: settledFen * 10 });
  const o = await cloud.as(buyer).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: key('ord') });
  await cloud.pay(o.payment.outTradeNo);
  await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: 'SF', trackingNo: 'SF100200300' });
  await cloud.as(buyer).ok('order.confirmReceipt', { orderId: o.orderId });
  cloud.advance(7 * DAY);
  await cloud.host.runTimer('distribution', 'settle');
  return inviter;
}

async function aPendingWithdrawal(amountFen = 400) {
  const inviter = await aSettledInviter(1000);
  const { withdrawalId } = await cloud.as(inviter).ok('distribution.withdraw', { amountFen, idempotencyKey: key('wd') });
  return { inviter, withdrawalId };
}

const withdrawable = async (openid: string) => (await cloud.as(openid).ok('distribution.center', {})).withdrawableFen;
const stored = (withdrawalId: string) => cloud.docs<WithdrawalDoc>('withdrawals', { _id: withdrawalId })[0];
const approve = (withdrawalId: string) => cloud.admin.call('admin.approveWithdrawal', { withdrawalId });
const reject = (withdrawalId: string, reason = 'account under review') => cloud.admin.call('admin.rejectWithdrawal', { withdrawalId, reason });

beforeAll(async () => {
  await cloud.admin.ok('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 0, settleAfterMs: 7 * DAY });
});

describe('approving a withdrawal', () => {
  it('makes it approved, recording the operator and the time, and keeps the amount withdrawn', async () => {
    const w = await aPendingWithdrawal(400);
    const at = Date.now();
    expect(await approve(w.withdrawalId)).toEqual({ ok: true, data: { withdrawalId: w.withdrawalId, status: 'approved' } });
    expect(stored(w.withdrawalId)).toMatchObject({ status: 'approved', reviewedBy: 'o-admin' });
    expect(stored(w.withdrawalId).reviewedAt).toBeGreaterThanOrEqual(at);
    expect(await withdrawable(w.inviter)).toBe(600);
  });

  it('answers a repeat the same way and changes nothing', async () => {
    const w = await aPendingWithdrawal();
    await approve(w.withdrawalId);
    const first = stored(w.withdrawalId);
    cloud.advance(60_000);
    expect(await approve(w.withdrawalId)).toEqual({ ok: true, data: { withdrawalId: w.withdrawalId, status: 'approved' } });
    expect(stored(w.withdrawalId)).toEqual(first);
  });

  it('refuses a rejected one as INVALID_STATE', async () => {
    const w = await aPendingWithdrawal();
    await reject(w.withdrawalId);
    expect(await approve(w.withdrawalId)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(stored(w.withdrawalId).status).toBe('rejected');
  });
});

describe('rejecting a withdrawal', () => {
  it('makes it rejected with the reason and returns the amount to withdrawable', async () => {
    const w = await aPendingWithdrawal(400);
    expect(await withdrawable(w.inviter)).toBe(600);
    expect(await reject(w.withdrawalId, 'name does not match the wallet')).toEqual({ ok: true, data: { withdrawalId: w.withdrawalId, status: 'rejected' } });
    expect(stored(w.withdrawalId)).toMatchObject({ status: 'rejected', rejectReason: 'name does not match the wallet', reviewedBy: 'o-admin' });
    expect(await withdrawable(w.inviter)).toBe(1000);
  });

  it('returns the amount once however often it is repeated', async () => {
    const w = await aPendingWithdrawal(400);
    await reject(w.withdrawalId);
    expect(await reject(w.withdrawalId)).toMatchObject({ ok: true, data: { status: 'rejected' } });
    expect(await withdrawable(w.inviter)).toBe(1000);
  });

  it('refuses an approved one as INVALID_STATE, keeping the amount withdrawn', async () => {
    const w = await aPendingWithdrawal(400);
    await approve(w.withdrawalId);
    expect(await reject(w.withdrawalId)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await withdrawable(w.inviter)).toBe(600);
  });
});

describe('when approvals and rejections of one withdrawal race', () => {
  it('ends in exactly one outcome with the balance to match', async () => {
    const races = await Promise.all([0, 1, 2, 3].map(async () => aPendingWithdrawal(400)));
    await Promise.all(races.map(async (w) => {
      const outs = await all(16, (i) => (i % 2 ? approve(w.withdrawalId) : reject(w.withdrawalId)));
      const status = stored(w.withdrawalId).status;
      expect(['approved', 'rejected']).toContain(status);
      const winners = outs.filter((o) => o.ok);
      const losers = outs.filter((o) => !o.ok);
      expect(winners).toHaveLength(8);
      expect(winners.every((o) => o.ok && o.data.status === status)).toBe(true);
      expect(losers.every((o) => !o.ok && o.error.code === 'INVALID_STATE')).toBe(true);
      expect(await withdrawable(w.inviter)).toBe(status === 'rejected' ? 1000 : 600);
    }));
  });
});

describe('who and what may review', () => {
  it('is for operators only', async () => {
    const w = await aPendingWithdrawal();
    expect(await cloud.as(w.inviter).call('admin.approveWithdrawal', { withdrawalId: w.withdrawalId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(stored(w.withdrawalId).status).toBe('pendingApproval');
  });

  it('answers NOT_FOUND for an unknown withdrawal', async () => {
    expect(await approve('wd_nope')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a rejection without a reason as INVALID_ARGUMENT and writes nothing', async () => {
    const w = await aPendingWithdrawal();
    expect(await reject(w.withdrawalId, '')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await cloud.admin.call('admin.rejectWithdrawal', { withdrawalId: w.withdrawalId } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await cloud.admin.call('admin.approveWithdrawal', { withdrawalId: 42 } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(stored(w.withdrawalId).status).toBe('pendingApproval');
    expect(await withdrawable(w.inviter)).toBe(600);
  });
});

describe('the member’s withdrawals list', () => {
  const list = (openid: string, req: { cursor?: string; limit?: number } = {}) => cloud.as(openid).ok('distribution.withdrawals', req);

  it('shows the member’s own requests newest first, with the review of each', async () => {
    const inviter = await aSettledInviter(1000);
    const first = await cloud.as(inviter).ok('distribution.withdraw', { amountFen: 100, idempotencyKey: key('wd') });
    cloud.advance(1000);
    const second = await cloud.as(inviter).ok('distribution.withdraw', { amountFen: 200, idempotencyKey: key('wd') });
    cloud.advance(1000);
    const third = await cloud.as(inviter).ok('distribution.withdraw', { amountFen: 300, idempotencyKey: key('wd') });
    await approve(second.withdrawalId);
    await reject(first.withdrawalId, '账户信息不符');
    const other = await aPendingWithdrawal(150);

    const { items, nextCursor } = await list(inviter);
    expect(items.map((w) => [w.withdrawalId, w.amountFen, w.status])).toEqual([
      [third.withdrawalId, 300, 'pendingApproval'],
      [second.withdrawalId, 200, 'approved'],
      [first.withdrawalId, 100, 'rejected'],
    ]);
    expect(items[0]).not.toHaveProperty('reviewedAt');
    expect(items[1].reviewedAt).toBeGreaterThanOrEqual(items[1].createdAt);
    expect(items[1]).not.toHaveProperty('rejectReason');
    expect(items[2]).toMatchObject({ rejectReason: '账户信息不符' });
    expect(nextCursor).toBeNull();
    expect(items.map((w) => w.withdrawalId)).not.toContain(other.withdrawalId);
  });

  it('pages with the cursor, without repeating or skipping one, even when requests share a time', async () => {
    const inviter = await aSettledInviter(1000);
    const ids = (await all(5, () => cloud.as(inviter).ok('distribution.withdraw', { amountFen: 100, idempotencyKey: key('wd') }))).map((w) => w.withdrawalId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(inviter, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((w) => w.withdrawalId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('refuses a bad limit or a foreign cursor as INVALID_ARGUMENT', async () => {
    const inviter = await aSettledInviter(1000);
    for (const req of [{ limit: 0 }, { limit: 51 }, { cursor: 'not-a-cursor' }, { limit: '5' as unknown as number }]) {
      expect(await cloud.as(inviter).call('distribution.withdrawals', req)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });
});
