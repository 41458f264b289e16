/**
 * Whole journeys through the preview, as a person would click them, checked on the screen and in the
 * database: buying and paying, and the payment failing.
 */
import { DEMO } from '../../localcloud/seed';
import { as, describeInBrowser, eventually, key, useBrowser, yuan, type Phone } from './support';

jest.setTimeout(120_000);

interface OrderDoc { _id: string; status: string; payableFen: number; userId: string; openid?: string }

describeInBrowser('journeys in the browser preview', () => {
  const env = useBrowser();
  const ordersOf = (openid: string) => {
    const user = env.cloud.engine.find('users', { openid }).docs[0] as { _id: string } | undefined;
    return user ? (env.cloud.engine.find('orders', { userId: user._id }, { limit: 100 }).docs as unknown as OrderDoc[]) : [];
  };

  /** home → product → 立即购买 → checkout with the demo address → 提交订单: the cashier opens. */
  async function buyNow(phone: Phone, title: string): Promise<void> {
    await phone.$('.tm-product-card').filter({ hasText: title }).click();
    await phone.waitForRoute('packages/store/product/product');
    await phone.tap('.tm-product__buy');
    await phone.tap('.tm-product__confirm-buy');
    await phone.waitForRoute('packages/store/checkout/checkout');
    await phone.tap('.tm-checkout__address');
    await eventually(async () => (await phone.text('.tm-checkout__address')).includes('张三'), true);
    await phone.$('.tm-checkout__breakdown').waitFor();
    await phone.tap('.tm-checkout__submit');
    await phone.page.locator('.pv-pay').waitFor();
  }

  describe('when the shopper buys a product now and pays', () => {
    it('creates the order, shows the cashier with its amount, and after 支付 the order page shows it paid', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      const before = ordersOf(DEMO.shopper).length;
      await buyNow(phone, '冷萃乌龙茶包 20 袋');

      const orders = ordersOf(DEMO.shopper);
      expect(orders).toHaveLength(before + 1);
      const order = orders.find((o) => o.status === 'pendingPayment') as OrderDoc;
      expect(await phone.page.locator('.pv-pay__amount').innerText()).toBe(`¥${yuan(order.payableFen)}`);

      await phone.page.click('.pv-pay button[data-value="SUCCESS"]');
      await phone.waitForRoute('packages/store/order/order');
      await eventually(() => (env.cloud.engine.find('orders', { _id: order._id }).docs[0] as unknown as OrderDoc).status, 'paid');
      await eventually(async () => {
        const text = await phone.text();
        return text.includes('待发货') && text.includes(yuan(order.payableFen));
      }, true);
    });
  });

  describe('when the payment fails at the cashier', () => {
    it('leaves the order unpaid and still opens its page', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      await buyNow(phone, '海盐芝士曲奇');
      const order = ordersOf(DEMO.shopper).find((o) => o.status === 'pendingPayment') as OrderDoc;
      await phone.page.click('.pv-pay button[data-value="FAIL"]');
      await phone.waitForRoute('packages/store/order/order');
      expect((env.cloud.engine.find('orders', { _id: order._id }).docs[0] as unknown as OrderDoc).status).toBe('pendingPayment');
      await eventually(async () => (await phone.text()).includes('待付款'), true);
    });
  });

  describe('when a friend joins a forming group from its shared page', () => {
    it('the friend pays at the cashier and the group holds two paid members, as the page says', async () => {
      const leader = as(env.cloud, DEMO.shopper);
      const campaign = env.cloud.engine.find('group_campaigns', {}).docs[0] as { _id: string; groupSize: number };
      await leader('user.login', {});
      const opened = await leader('groupbuy.open', { campaignId: campaign._id, idempotencyKey: key('open') });
      await env.cloud.pay.notifyPayment(opened.payment.outTradeNo, 'SUCCESS');
      const friend = 'o-demo-friend';

      const phone = await env.open({ user: friend, page: 'packages/groupbuy/group/group', query: { groupId: opened.groupId } });
      await phone.$('.tm-group__join').waitFor();
      await phone.tap('.tm-group__join');
      await phone.page.locator('.pv-pay').waitFor();
      await phone.page.click('.pv-pay button[data-value="SUCCESS"]');

      await eventually(async () => (await as(env.cloud, friend)('groupbuy.detail', { groupId: opened.groupId })).paidMembers, 2);
      const seatsLeft = campaign.groupSize - 2;
      await eventually(async () => (await phone.text()).includes(String(seatsLeft)), true);
    });
  });

  describe('when the shopper redeems a reward with points earned by an order', () => {
    it('the points page takes the points and the ledger holds the redemption', async () => {
      const shopper = as(env.cloud, DEMO.shopper);
      const gift = env.cloud.engine.find('products', { title: '四季茶礼' }).docs[0] as { skuIds: string[] };
      const order = await shopper('order.create', { items: [{ skuId: gift.skuIds[0], quantity: 2 }], address: { name: '张三', phone: '13800138000', region: '上海市黄浦区', detail: '南京东路 100 号' }, idempotencyKey: key('order') } as never);
      await env.cloud.pay.notifyPayment(order.payment.outTradeNo, 'SUCCESS');
      const before = (await shopper('points.balance', {})).balance;
      const reward = env.cloud.engine.find('rewards', { title: '5 元无门槛券' }).docs[0] as { _id: string; costPoints: number };
      expect(before).toBeGreaterThanOrEqual(reward.costPoints);

      const phone = await env.open({ user: DEMO.shopper, page: 'packages/points/index/index' });
      await eventually(async () => (await phone.text('.tm-points')).includes(String(before)), true);
      await phone.$('.t-tabs__item').filter({ hasText: '权益商城' }).click();
      const row = phone.$('.tm-points__reward').filter({ hasText: '5 元无门槛券' });
      await row.waitFor();
      await row.locator('.c--tm-points__redeem').click();
      const dialog = phone.$('.tm-points__confirm');
      expect(await dialog.innerText()).toContain(`使用 ${reward.costPoints} 积分`);
      await dialog.locator('.c--t-dialog__footer .c--t-button').filter({ hasText: '兑换' }).click();

      await eventually(async () => (await shopper('points.balance', {})).balance, before - reward.costPoints);
      expect(env.cloud.engine.find('redemptions', { rewardId: reward._id }).total).toBe(1);
      await eventually(async () => (await phone.text('.tm-points')).includes(String(before - reward.costPoints)), true);
    });
  });

  describe("when the clerk scans the shopper's member code and deducts points", () => {
    it('the scan dialog takes the pasted code, the customer shows, and the deduction lands in the ledger', async () => {
      const shopper = as(env.cloud, DEMO.shopper);
      await shopper('points.checkin', {}).catch(() => undefined); // some points to deduct, if not already there
      const before = (await shopper('points.balance', {})).balance;
      expect(before).toBeGreaterThan(0);
      const { code } = await shopper('user.memberCode', {});

      const phone = await env.open({ user: DEMO.clerk, page: 'packages/staff/scan/scan' });
      await phone.tap('.tm-staff__scan');
      await phone.page.locator('.pv-scan input').fill(code);
      await phone.page.click('.pv-scan button[data-value="ok"]');
      await phone.$('.tm-staff__customer').waitFor();
      expect(await phone.text('.tm-staff__customer')).toContain(String(before));

      await phone.$('.tm-staff__points input').fill('1');
      await phone.$('.tm-staff__reason input').fill('兑换饮品');
      await phone.tap('.tm-staff__deduct');
      await eventually(async () => (await shopper('points.balance', {})).balance, before - 1);
      expect(env.cloud.host.calls(50)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'staff', action: 'deductPoints', openid: DEMO.clerk, ok: true })]));
    });
  });
});
