/** @jest-environment jsdom */
import type { Api } from '../../typings/api';
import { yuanToFen } from '../../miniprogram/stores/distribution';
import { session } from '../../miniprogram/stores/session';
import { fakeBackend, fail, flush, mountPage, useBackend, type Mounted } from '../support/simulate';

type Center = Api['distribution.center']['res'];
const aCenter = (overrides: Partial<Center> = {}): Center => ({
  inviterUserId: null, level1Count: 3, level2Count: 7, pendingFen: 1250, settledFen: 8800, reversedFen: 300, withdrawableFen: 8500, ...overrides,
});
type Commission = Api['distribution.commissions']['res']['items'][number];
const aCommission = (orderId: string, level: Commission['level'] = 1, status: Commission['status'] = 'pending', overrides: Partial<Commission> = {}): Commission => ({ orderId, level, amountFen: 199, status, ...overrides });
type Withdrawal = Api['distribution.withdrawals']['res']['items'][number];
/** 2024-05-01 10:30 China time. */
const MAY_DAY_1030 = Date.UTC(2024, 4, 1, 2, 30);
const aWithdrawal = (withdrawalId: string, overrides: Partial<Withdrawal> = {}): Withdrawal => ({ withdrawalId, amountFen: 5000, status: 'pendingApproval', createdAt: MAY_DAY_1030, ...overrides });

function promoter(options: { center?: Partial<Center>; pages?: Commission[][]; withdrawals?: Withdrawal[][] } = {}) {
  const pages = options.pages ?? [[aCommission('o1'), aCommission('o2', 2, 'settled')]];
  const withdrawals = options.withdrawals ?? [[]];
  return fakeBackend({
    'user.login': () => ({ userId: 'u-promoter', isNew: false, tier: '', pointsBalance: 0, inviterUserId: null, roles: [] }),
    'distribution.center': () => aCenter(options.center),
    'points.share': () => ({ awarded: 10, balance: 10, sharesLeft: 2 }),
    'distribution.commissions': ({ cursor }) => {
      const index = cursor ? Number(cursor) : 0;
      return { items: pages[index] ?? [], nextCursor: index + 1 < pages.length ? String(index + 1) : null };
    },
    'distribution.withdraw': () => ({ withdrawalId: 'w1', status: 'pending' }),
    'distribution.withdrawals': ({ cursor }) => {
      const index = cursor ? Number(cursor) : 0;
      return { items: withdrawals[index] ?? [], nextCursor: index + 1 < withdrawals.length ? String(index + 1) : null };
    },
  });
}

async function typeAmount(page: Mounted, value: string) {
  await page.trigger('.tm-dist__amount.t-input', 'change', { value });
}

describe('yuanToFen', () => {
  it('reads yuan exactly, as integer fen', () => {
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('0.5')).toBe(50);
    expect(yuanToFen('85.00')).toBe(8500);
    expect(yuanToFen('19.99')).toBe(1999);
  });

  it('refuses what is not a positive amount with at most two decimals', () => {
    for (const text of ['', '0', '0.00', '-1', '1.234', 'abc', '1e3']) expect(yuanToFen(text)).toBeNull();
  });
});

describe('promoter center', () => {
  it('shows commission by status in yuan, the withdrawable amount and the team sizes', async () => {
    useBackend(promoter());
    const page = await mountPage('packages/distribution/index/index');

    expect(page.text('.tm-dist__withdrawable')).toBe('¥85.00');
    expect(page.text('.tm-dist__pending')).toBe('¥12.50');
    expect(page.text('.tm-dist__settled')).toBe('¥88.00');
    expect(page.text('.tm-dist__reversed')).toBe('¥3.00');
    expect(page.text('.tm-dist__level1')).toContain('3 人');
    expect(page.text('.tm-dist__level2')).toContain('7 人');
  });

  it('names each commission’s order by its readable number, never its id', async () => {
    useBackend(promoter({ pages: [[aCommission('ord_37af09c1e2b4')]] }));
    const page = await mountPage('packages/distribution/index/index');

    expect(page.text('.tm-dist__list')).toContain('订单 37AF 09C1 E2B4');
    expect(page.text('.tm-dist__list')).not.toContain('ord_');
  });

  it('lists commissions with level and status tags, and pages on reach-bottom', async () => {
    const backend = promoter({ pages: [[aCommission('o1')], [aCommission('o2', 2, 'reversed')]] });
    useBackend(backend);
    const page = await mountPage('packages/distribution/index/index');
    expect(page.$$('.tm-dist__list .t-cell')).toHaveLength(1);
    expect(page.text('.tm-dist__status.t-tag')).toBe('待结算');

    await page.reachBottom();

    expect(backend.callsOf('distribution.commissions')).toEqual([{ limit: 20 }, { limit: 20, cursor: '1' }]);
    expect(page.$$('.tm-dist__list .t-cell')).toHaveLength(2);
    expect(page.text('.tm-dist__list')).toContain('二级佣金');
    expect(page.text('.tm-dist__list')).toContain('已冲回');
    expect(page.text('.tm-dist__end')).toBe('没有更多了');
  });

  it('says what a partial refund took back from a commission, and names the live host’s commission', async () => {
    useBackend(promoter({ pages: [[
      aCommission('o1', 1, 'pending', { amountFen: 600, accruedFen: 999, reversedFen: 399 }),
      aCommission('o2', 'host', 'settled', { amountFen: 499, accruedFen: 499, reversedFen: 0 }),
    ]] }));
    const page = await mountPage('packages/distribution/index/index');
    const [partial, host] = Array.from(page.$$('.tm-dist__list .t-cell'));
    expect(partial.textContent).toContain('¥6.00');
    expect(partial.textContent).toContain('一级佣金 · 原 ¥9.99，退款冲回 ¥3.99');
    expect(host.textContent).toContain('直播佣金');
    expect(host.textContent).not.toContain('冲回');
  });

  it('shows the TDesign empty state without commissions', async () => {
    useBackend(promoter({ pages: [[]] }));
    const page = await mountPage('packages/distribution/index/index');
    expect(page.$('.tm-dist__empty .t-empty')).not.toBeNull();
  });

  it('shows an error with a retry when the center cannot load', async () => {
    const backend = promoter();
    backend.on({ 'distribution.center': () => fail('INTERNAL') });
    useBackend(backend);
    const page = await mountPage('packages/distribution/index/index');

    expect(page.$('.tm-dist__error .t-empty')).not.toBeNull();
    backend.on({ 'distribution.center': () => aCenter() });
    await page.tap('.tm-dist__retry');
    expect(page.text('.tm-dist__withdrawable')).toBe('¥85.00');
  });

  describe('withdrawing', () => {
    it('sends the amount in fen with an idempotency key and reloads the totals', async () => {
      const backend = promoter();
      useBackend(backend);
      const page = await mountPage('packages/distribution/index/index');
      backend.on({ 'distribution.center': () => aCenter({ withdrawableFen: 6500 }) });

      await typeAmount(page, '20');
      await page.tap('.tm-dist__submit.t-button');

      expect(backend.callsOf('distribution.withdraw')).toEqual([{ amountFen: 2000, idempotencyKey: expect.any(String) }]);
      expect(page.text('.tm-dist__notice--success')).toBe('提现申请已提交');
      expect(page.text('.tm-dist__withdrawable')).toBe('¥65.00');
    });

    it('fills in everything withdrawable with 全部', async () => {
      useBackend(promoter());
      const page = await mountPage('packages/distribution/index/index');

      await page.tap('.tm-dist__all');

      expect(page.data.amount).toBe('85.00');
    });

    it('refuses more than the withdrawable amount without asking the server', async () => {
      const backend = promoter();
      useBackend(backend);
      const page = await mountPage('packages/distribution/index/index');

      await typeAmount(page, '85.01');
      await page.tap('.tm-dist__submit');

      expect(backend.callsOf('distribution.withdraw')).toHaveLength(0);
      expect(page.text('.tm-dist__notice--error')).toBe('可提现金额不足');
    });

    it('shows the server’s INSUFFICIENT_BALANCE in words', async () => {
      const backend = promoter();
      backend.on({ 'distribution.withdraw': () => fail('INSUFFICIENT_BALANCE') });
      useBackend(backend);
      const page = await mountPage('packages/distribution/index/index');

      await typeAmount(page, '10');
      await page.tap('.tm-dist__submit');

      expect(page.text('.tm-dist__notice--error')).toBe('可提现金额不足');
    });
  });

  describe('the withdrawal requests under the form', () => {
    it('list amount, time and a TDesign status tag each, with the reason of a rejection', async () => {
      useBackend(promoter({ withdrawals: [[
        aWithdrawal('w3'),
        aWithdrawal('w2', { amountFen: 1234, status: 'approved', reviewedAt: MAY_DAY_1030 + 60_000 }),
        aWithdrawal('w1', { amountFen: 100, status: 'rejected', reviewedAt: MAY_DAY_1030 + 60_000, rejectReason: '账户信息不符' }),
      ]] }));
      const page = await mountPage('packages/distribution/index/index');

      const rows = Array.from(page.$$('.tm-dist__withdrawals .t-cell'));
      expect(rows).toHaveLength(3);
      expect(rows[0].textContent).toContain('¥50.00');
      expect(rows[0].textContent).toContain('2024-05-01 10:30');
      expect(Array.from(page.$$('.tm-dist__withdrawal-status.t-tag')).map((t) => t.textContent?.trim())).toEqual(['审核中', '已通过', '已驳回']);
      expect(page.$('.tm-dist__withdrawal-status.t-tag--danger')).not.toBeNull();
      expect(rows[2].textContent).toContain('账户信息不符');
    });

    it('says so when there are none', async () => {
      useBackend(promoter());
      const page = await mountPage('packages/distribution/index/index');
      expect(page.text('.tm-dist__withdrawals-empty')).toContain('暂无提现记录');
    });

    it('loads more on 查看更多', async () => {
      const backend = promoter({ withdrawals: [[aWithdrawal('w2')], [aWithdrawal('w1', { status: 'approved' })]] });
      useBackend(backend);
      const page = await mountPage('packages/distribution/index/index');
      expect(page.$$('.tm-dist__withdrawal')).toHaveLength(1);

      await page.tap('.tm-dist__withdrawals-more');

      expect(backend.callsOf('distribution.withdrawals')).toEqual([{ limit: 5 }, { limit: 5, cursor: '1' }]);
      expect(page.$$('.tm-dist__withdrawal')).toHaveLength(2);
      expect(page.$('.tm-dist__withdrawals-more')).toBeNull();
    });

    it('shows a new request at once after withdrawing', async () => {
      const backend = promoter();
      useBackend(backend);
      const page = await mountPage('packages/distribution/index/index');
      backend.on({ 'distribution.withdrawals': () => ({ items: [aWithdrawal('w1', { amountFen: 2000 })], nextCursor: null }) });

      await typeAmount(page, '20');
      await page.tap('.tm-dist__submit.t-button');

      expect(page.$$('.tm-dist__withdrawal')).toHaveLength(1);
      expect(page.text('.tm-dist__withdrawals')).toContain('¥20.00');
      expect(page.text('.tm-dist__withdrawals')).toContain('审核中');
    });
  });

  it('shares the home page with the promoter as inviter', async () => {
    useBackend(promoter());
    const page = await mountPage('packages/distribution/index/index');
    await flush();

    expect(session.userId).toBe('u-promoter');
    expect(page.instance.onShareAppMessage()).toEqual({ title: expect.any(String), path: '/pages/home/home?inviter=u-promoter' });
  });
});
