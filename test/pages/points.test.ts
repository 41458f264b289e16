/** @jest-environment jsdom */
import type { RightView } from '../../typings/api';
import { fakeBackend, fail, flush, mountPage, useBackend } from '../support/simulate';
import { expectLogged } from '../support/quiet-console';

const DAY = 24 * 3600_000;
/** The dialog's confirm button (TDesign renders it as the primary t-button of the footer). */
const CONFIRM = '.t-dialog__footer .t-button--primary';

function aRight(overrides: Partial<RightView> = {}): RightView {
  return {
    redemptionId: 'rd1', rewardId: 'r1', title: '免费咖啡券', kind: 'coupon', costPoints: 100,
    verifyCode: '123456789012', status: 'issued', createdAt: Date.now(), usedAt: null, storeId: null, ...overrides,
  };
}

function anEntry(id: string, delta: number, kind = 'purchase') {
  return { id, delta, kind, refId: `ref-${id}`, createdAt: Date.now() - DAY };
}

/** A points account of `balance` with one history page per element of `pages`. */
function pointsBackend(options: { balance?: number; pages?: ReturnType<typeof anEntry>[][] } = {}) {
  const pages = options.pages ?? [[anEntry('e1', 20)]];
  return fakeBackend({
    'points.balance': () => ({ balance: options.balance ?? 260, expiring: [{ points: 30, expiresAt: new Date(2027, 0, 15).getTime() }] }),
    'points.history': ({ cursor }) => {
      const index = cursor ? Number(cursor) : 0;
      return { items: pages[index] ?? [], nextCursor: index + 1 < pages.length ? String(index + 1) : null };
    },
    'points.rewards': () => ({ items: [
      { rewardId: 'r1', title: '免费咖啡券', kind: 'coupon', costPoints: 100, stock: 5 },
      { rewardId: 'r2', title: '保温杯', kind: 'physical', costPoints: 900, stock: 3 },
      { rewardId: 'r3', title: '会员日礼包', kind: 'service', costPoints: 10, stock: 0 },
    ] }),
    'points.myRights': () => ({ items: [aRight()], nextCursor: null }),
  });
}

async function openTab(page: Awaited<ReturnType<typeof mountPage>>, label: string) {
  const tab = page.$$('.t-tabs__item').find((el) => (el.textContent ?? '').includes(label));
  if (!tab) throw new Error(`no tab ${label}`);
  await page.tap(tab);
}

describe('points center', () => {
  it('shows the balance, the lot expiring first and the ledger in TDesign cells', async () => {
    useBackend(pointsBackend({ pages: [[anEntry('e1', 20, 'purchase'), anEntry('e2', -100, 'redeem')]] }));
    const page = await mountPage('packages/points/index/index');

    expect(page.text('.tm-points__balance')).toBe('260');
    expect(page.text('.tm-points__expiring')).toBe('30 积分将于 2027-01-15 过期');
    expect(page.$$('.tm-points__tabs.t-tabs')).toHaveLength(1);
    expect(page.$$('.tm-points__history .t-cell')).toHaveLength(2);
    expect(page.text('.tm-points__history')).toContain('购物奖励');
    expect(page.text('.tm-points__history')).toContain('+20');
    expect(page.text('.tm-points__history')).toContain('-100');
    expect(page.text('.tm-points__end')).toBe('没有更多了');
  });

  it('shows a loading state until the balance arrives', async () => {
    let answer: (v: { balance: number; expiring: [] }) => void = () => undefined;
    const backend = pointsBackend();
    backend.on({ 'points.balance': () => new Promise((resolve) => { answer = resolve; }) });
    useBackend(backend);
    const page = await mountPage('packages/points/index/index');

    expect(page.$('.tm-points__summary .t-loading')).not.toBeNull();
    answer({ balance: 5, expiring: [] });
    await flush();
    expect(page.$('.tm-points__summary .t-loading')).toBeNull();
    expect(page.text('.tm-points__balance')).toBe('5');
  });

  it('loads the next history page on reach-bottom, asking with the cursor', async () => {
    const backend = pointsBackend({ pages: [[anEntry('e1', 20)], [anEntry('e2', 10, 'checkin')]] });
    useBackend(backend);
    const page = await mountPage('packages/points/index/index');
    expect(page.$$('.tm-points__history .t-cell')).toHaveLength(1);

    await page.reachBottom();

    expect(backend.callsOf('points.history')).toEqual([{ limit: 20 }, { limit: 20, cursor: '1' }]);
    expect(page.$$('.tm-points__history .t-cell')).toHaveLength(2);
    expect(page.text('.tm-points__history')).toContain('每日签到');
  });

  it('names an entry of a kind it does not know in Chinese, never by its code', async () => {
    useBackend(pointsBackend({ pages: [[anEntry('e1', 50, 'campaignBonus')]] }));
    const page = await mountPage('packages/points/index/index');

    expect(page.text('.tm-points__history')).toContain('积分变动');
    expect(page.text('.tm-points__history')).not.toContain('campaignBonus');
  });

  it('leads from an empty 我的权益 to the rights mall', async () => {
    const backend = pointsBackend();
    backend.on({ 'points.myRights': () => ({ items: [], nextCursor: null }) });
    useBackend(backend);
    const page = await mountPage('packages/points/index/index');
    await openTab(page, '我的权益');

    await page.tap('.tm-points__to-mall');

    expect(page.data.tab).toBe('mall');
    expect(backend.callsOf('points.rewards')).toEqual([{}]);
  });

  it('shows the TDesign empty state when there is no history', async () => {
    useBackend(pointsBackend({ pages: [[]] }));
    const page = await mountPage('packages/points/index/index');
    expect(page.$('.tm-points__history-empty .t-empty')).not.toBeNull();
  });

  it('shows an error with a retry when the history fails, and retries', async () => {
    const backend = pointsBackend();
    backend.on({ 'points.history': () => fail('INTERNAL') });
    useBackend(backend);
    const page = await mountPage('packages/points/index/index');
    expect(page.text('.tm-points__history-error')).toContain('网络开小差了');

    backend.on({ 'points.history': () => ({ items: [anEntry('e9', 5)], nextCursor: null }) });
    await page.tap('.tm-points__history-error .t-button');
    expect(page.$$('.tm-points__history .t-cell')).toHaveLength(1);
  });

  describe('check-in', () => {
    it('credits the points and says how many', async () => {
      const backend = pointsBackend();
      backend.on({ 'points.checkin': () => ({ awarded: 10, balance: 270 }) });
      useBackend(backend);
      const page = await mountPage('packages/points/index/index');

      await page.tap('.tm-points__checkin.t-button');

      expect(backend.callsOf('points.checkin')).toEqual([{}]);
      expect(page.text('.tm-points__balance')).toBe('270');
      expect(page.text('.tm-points__notice--success')).toBe('签到成功，获得 10 积分');
    });

    it('answers a second check-in the same day kindly, not as an error', async () => {
      const backend = pointsBackend();
      backend.on({ 'points.checkin': () => fail('ALREADY_DONE') });
      useBackend(backend);
      const page = await mountPage('packages/points/index/index');

      await page.tap('.tm-points__checkin');

      expect(page.text('.tm-points__notice--info')).toBe('今天已经签到过啦，明天再来');
      expect(page.$('.tm-points__notice--error')).toBeNull();
      expect(page.text('.tm-points__balance')).toBe('260');
    });
  });

  describe('rights mall', () => {
    it('lists the rewards with a redeem button that is off when sold out or unaffordable', async () => {
      const backend = pointsBackend({ balance: 260 });
      useBackend(backend);
      const page = await mountPage('packages/points/index/index');

      await openTab(page, '权益商城');

      expect(backend.callsOf('points.rewards')).toEqual([{}]);
      const buttons = page.$$('.tm-points__reward .tm-points__redeem.t-button');
      expect(buttons).toHaveLength(3);
      expect(buttons.map((b) => (b.textContent ?? '').trim())).toEqual(['兑换', '积分不足', '已兑完']);
      expect(page.$$('.tm-points__redeem.t-button--disabled')).toHaveLength(2);
    });

    it('redeems after confirming in a TDesign dialog, once, with an idempotency key and no price', async () => {
      const backend = pointsBackend({ balance: 260 });
      backend.on({ 'points.redeem': () => ({ redemptionId: 'rd1', balance: 160 }) });
      useBackend(backend);
      const page = await mountPage('packages/points/index/index');
      await openTab(page, '权益商城');

      await page.tap('.tm-points__redeem');
      expect(page.text('.t-dialog')).toContain('使用 100 积分兑换「免费咖啡券」？');
      expect(backend.callsOf('points.redeem')).toHaveLength(0);

      await page.tap(CONFIRM);

      const sent = backend.callsOf('points.redeem');
      expect(sent).toHaveLength(1);
      expect(Object.keys(sent[0]).sort()).toEqual(['idempotencyKey', 'rewardId']);
      expect(sent[0].rewardId).toBe('r1');
      expect(sent[0].idempotencyKey).toMatch(/\S{8,}/);
      expect(page.text('.tm-points__balance')).toBe('160');
      expect(page.text('.tm-points__notice--success')).toContain('兑换成功');
    });

    it('sends the same key again when retrying after a platform failure', async () => {
      expectLogged('error', /\[api\] points\.redeem: platform call failed/);
      const backend = pointsBackend({ balance: 260 });
      let first = true;
      backend.on({
        'points.redeem': () => {
          if (first) {
            first = false;
            throw new Error('network down');
          }
          return { redemptionId: 'rd1', balance: 160 };
        },
      });
      useBackend(backend);
      const page = await mountPage('packages/points/index/index');
      await openTab(page, '权益商城');

      await page.tap('.tm-points__redeem');
      await page.tap(CONFIRM);
      expect(page.text('.tm-points__notice--error')).toBe('网络开小差了，请稍后重试');
      await page.tap('.tm-points__redeem');
      await page.tap(CONFIRM);

      const [a, b] = backend.callsOf('points.redeem');
      expect(b.idempotencyKey).toBe(a.idempotencyKey);
    });

    it('says so when the points are not enough', async () => {
      const backend = pointsBackend({ balance: 260 });
      backend.on({ 'points.redeem': () => fail('INSUFFICIENT_POINTS') });
      useBackend(backend);
      const page = await mountPage('packages/points/index/index');
      await openTab(page, '权益商城');

      await page.tap('.tm-points__redeem');
      await page.tap(CONFIRM);

      expect(page.text('.tm-points__notice--error')).toBe('积分不足');
    });
  });

  it('lists my rights with their verify codes and status', async () => {
    const backend = pointsBackend();
    backend.on({ 'points.myRights': () => ({ items: [aRight({ kind: 'service', title: '会员日礼包' }), aRight({ redemptionId: 'rd2', kind: 'physical', title: '保温杯', verifyCode: '000011112222', status: 'used' })], nextCursor: null }) });
    useBackend(backend);
    const page = await mountPage('packages/points/index/index', { query: { tab: 'rights' } });

    expect(page.$$('.tm-points__right')).toHaveLength(2);
    expect(page.text('.tm-points__right-code')).toContain('1234 5678 9012');
    expect(page.$$('.tm-points__right-status.t-tag')).toHaveLength(2);
    expect(page.text('.tm-points__right--used')).toContain('已核销');
  });

  it('shows a coupon reward as a real coupon in the wallet, with 去使用 instead of a verify code', async () => {
    const switchTab = jest.fn();
    (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
    const backend = pointsBackend();
    backend.on({ 'points.myRights': () => ({ items: [aRight()], nextCursor: null }) });
    useBackend(backend);
    const page = await mountPage('packages/points/index/index', { query: { tab: 'rights' } });

    expect(page.$('.tm-points__right-code')).toBeNull();
    expect(page.text('.tm-points__right-coupon')).toContain('优惠券已放入券包');
    expect(page.text('.tm-points__right-status')).toBe('在券包中');
    await page.tap('.tm-points__use-coupon');
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/home' });
  });
});
