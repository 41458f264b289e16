/**
 * The shopper's journeys at the seams, clicked through the preview and checked on the screen and in the
 * database: paying later after a failed payment, editing and clearing the cart, claiming a store coupon and
 * using it, and a friend joining a shared group with an address.
 */
import { DEMO } from '../../localcloud/seed';
import { as, describeInBrowser, eventually, key, useBrowser, yuan, type Phone } from './support';

jest.setTimeout(180_000);

interface OrderDoc { _id: string; status: string; payableFen: number; discountFen: number; couponId?: string; userId: string; address?: { name: string } }

describeInBrowser('shopper journeys in the browser preview', () => {
  const env = useBrowser();
  // The preview builds its bundle on the first request: build it before the first journey's clock starts.
  beforeAll(async () => {
    await Promise.all(['bundle.js', 'app.css', 'templates.js'].map((asset) => fetch(`${env.url}/preview/${asset}`).then((r) => r.text())));
  }, 180_000);
  const userIdOf = (openid: string) => (env.cloud.engine.find('users', { openid }).docs[0] as { _id: string } | undefined)?._id;
  const ordersOf = (openid: string) => {
    const userId = userIdOf(openid);
    return userId ? (env.cloud.engine.find('orders', { userId }, { limit: 100 }).docs as unknown as OrderDoc[]) : [];
  };
  const orderById = (orderId: string) => env.cloud.engine.find('orders', { _id: orderId }).docs[0] as unknown as OrderDoc;
  const productNamed = (title: string) => env.cloud.engine.find('products', { title }, { limit: 1 }).docs[0] as { _id: string; skuIds: string[] };

  /** product page → 立即购买 → checkout with the demo address → 提交订单: the cashier opens. */
  async function buyFromProduct(phone: Phone): Promise<void> {
    await phone.tap('.tm-product__buy');
    await phone.tap('.tm-product__confirm-buy');
    await phone.waitForRoute('packages/store/checkout/checkout');
    await phone.tap('.tm-checkout__address');
    await eventually(async () => (await phone.text('.tm-checkout__address')).includes('张三'), true);
    await phone.$('.tm-checkout__breakdown').waitFor();
    await phone.tap('.tm-checkout__submit');
    await phone.page.locator('.pv-pay').waitFor();
  }

  describe('when the payment fails and the shopper pays later', () => {
    /** Buys the cookies and fails the payment: the phone lands on the unpaid order. */
    async function failedPurchase(shopper: string): Promise<Phone> {
      const product = productNamed('海盐芝士曲奇');
      const phone = await env.open({ user: shopper, page: 'packages/store/product/product', query: { productId: product._id } });
      await phone.$('.tm-product__buy').waitFor();
      await buyFromProduct(phone);
      await phone.page.click('.pv-pay button[data-value="FAIL"]');
      await phone.waitForRoute('packages/store/order/order');
      return phone;
    }

    it('keeps the order, opens it with 去支付 and the deadline, and pays it from there', async () => {
      const shopper = 'o-pay-later';
      const phone = await failedPurchase(shopper);
      const [order] = ordersOf(shopper);
      expect(order.status).toBe('pendingPayment');
      await eventually(async () => (await phone.text()).includes('待付款'), true);
      await phone.$('.tm-order__deadline-time').waitFor();

      await phone.tap('.tm-order__action--pay');
      await phone.page.locator('.pv-pay').waitFor();
      expect(await phone.page.locator('.pv-pay__amount').innerText()).toBe(`¥${yuan(order.payableFen)}`);
      await phone.page.click('.pv-pay button[data-value="SUCCESS"]');

      await eventually(() => orderById(order._id).status, 'paid');
      await eventually(async () => (await phone.text('.tm-order__status-tag')).includes('待发货'), true);
    });

    it('pays it from the order list too, the time left counting down on its card', async () => {
      const shopper = 'o-pay-from-list';
      await failedPurchase(shopper);
      const [order] = ordersOf(shopper);

      const list = await env.open({ user: shopper, page: 'packages/store/orders/orders', query: { status: 'pendingPayment' } });
      await list.$('.tm-orders__pay-left').waitFor();
      expect(await list.text('.tm-orders__pay-left')).toMatch(/^剩余 00:1\d:\d\d$/);
      await list.tap('.tm-orders__pay');
      await list.page.locator('.pv-pay').waitFor();
      expect(await list.page.locator('.pv-pay__amount').innerText()).toBe(`¥${yuan(order.payableFen)}`);
      await list.page.click('.pv-pay button[data-value="SUCCESS"]');

      await eventually(() => orderById(order._id).status, 'paid');
      // The 待付款 tab is read again: the paid order leaves it.
      await eventually(async () => list.$('.tm-orders__card').count(), 0);
    });
  });

  describe('when the shopper edits the cart and clears it', () => {
    it('deletes one line, then the rest, on the server too, and the empty cart leads back to the shop', async () => {
      const shopper = 'o-cart-editor';
      const call = as(env.cloud, shopper);
      await call('user.login', {});
      const lines = (env.cloud.engine.find('products', {}, { limit: 3 }).docs as unknown as { skuIds: string[]; title: string }[]);
      for (const p of lines) await call('cart.add', { skuId: p.skuIds[0], quantity: 1 });

      const phone = await env.open({ user: shopper, page: 'pages/cart/cart' });
      await eventually(async () => phone.$('.tm-cart__line').count(), 3);
      await phone.tap('.tm-cart__edit');
      await phone.$('.tm-cart__delete').first().click();
      await eventually(async () => (await call('cart.list', {})).items.length, 2);
      await eventually(async () => phone.$('.tm-cart__line').count(), 2);

      await phone.tap('.tm-cart__remove');
      await eventually(async () => (await call('cart.list', {})).items.length, 0);
      await phone.$('.tm-cart__go-shop').waitFor();
      await phone.tap('.tm-cart__go-shop');
      await phone.waitForRoute('pages/home/home');
    });
  });

  describe('when the shopper scans a store coupon QR code', () => {
    it('claims it online, 去使用 leads to the mall, and checkout puts it in', async () => {
      const shopper = 'o-store-visitor';
      const coupon = env.cloud.engine.find('coupons', {}, { limit: 1 }).docs[0] as { _id: string; discountFen: number; minSpendFen: number };
      const phone = await env.open({ user: shopper, page: 'packages/store/coupon/coupon', query: { scene: encodeURIComponent(`c=${coupon._id}`) } });

      await phone.$('.tm-landing__use').waitFor();
      expect(await phone.text('.tm-landing__done')).toContain('领取成功');
      const held = await as(env.cloud, shopper)('coupon.mine', {});
      expect(held.items.map((c: { couponId: string }) => c.couponId)).toContain(coupon._id);

      await phone.tap('.tm-landing__use');
      await phone.waitForRoute('pages/home/home');
      // A product dear enough for the coupon's minimum spend.
      const dear = env.cloud.engine.find('products', { title: '四季茶礼' }, { limit: 1 }).docs[0] as { _id: string };
      await phone.$('.tm-product-card').filter({ hasText: '四季茶礼' }).first().click();
      await phone.waitForRoute('packages/store/product/product');
      expect(dear).toBeDefined();
      await buyFromProduct(phone);
      await phone.page.click('.pv-pay button[data-value="SUCCESS"]');
      await phone.waitForRoute('packages/store/order/order');

      const [order] = ordersOf(shopper);
      expect(order.couponId).toBe(coupon._id);
      expect(order.discountFen).toBeGreaterThanOrEqual(coupon.discountFen);
    });
  });

  describe('when a friend opens a shared group', () => {
    it('joins it with an address from the address book, pays, and sees the group with two paid members', async () => {
      const leader = as(env.cloud, DEMO.shopper);
      await leader('user.login', {});
      const campaign = env.cloud.engine.find('group_campaigns', {}).docs[0] as { _id: string; groupSize: number };
      const opened = await leader('groupbuy.open', { campaignId: campaign._id, address: { name: '王五', phone: '13700000000', region: '北京市', detail: '长安街 1 号' }, idempotencyKey: key('open') });
      await env.cloud.pay.notifyPayment(opened.payment.outTradeNo, 'SUCCESS');
      const leaderId = userIdOf(DEMO.shopper) as string;
      const friend = 'o-group-friend';

      const phone = await env.open({ user: friend, page: 'packages/groupbuy/group/group', query: { groupId: opened.groupId, inviter: leaderId } });
      await phone.$('.tm-group__join').waitFor();
      expect(await phone.text('.tm-group__product')).toContain('¥');
      await phone.tap('.tm-group__join');
      await phone.page.locator('.pv-pay').waitFor();
      await phone.page.click('.pv-pay button[data-value="SUCCESS"]');

      await eventually(async () => (await as(env.cloud, friend)('groupbuy.detail', { groupId: opened.groupId })).paidMembers, 2);
      const [friendOrder] = ordersOf(friend);
      expect(friendOrder.address?.name).toBe('张三');
      const friendDoc = env.cloud.engine.find('users', { openid: friend }).docs[0] as { inviterId?: string | null };
      expect(friendDoc.inviterId).toBe(leaderId);
      await eventually(async () => (await phone.text('.tm-group__mine')).includes('你已参团'), true);
    });
  });
});
