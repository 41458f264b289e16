/**
 * The shop run from the operator's phone, through the preview as people would tap it, checked on the
 * screen and in the database: the operator lists a product with a photo, a shopper buys it, the operator
 * ships it with a tracking number, the shopper sees the tracking and confirms; and a refund after
 * shipment that the operator approves, with the money and the stock coming back.
 */
import { DEMO } from '../../localcloud/seed';
import { as, describeInBrowser, eventually, useBrowser, type Phone } from './support';

jest.setTimeout(180_000);

interface ProductDoc { _id: string; title: string; images?: string[]; skuIds: string[] }
interface SkuDoc { _id: string; stock: number; priceFen: number }
interface OrderDoc { _id: string; status: string; payableFen: number; shipment?: { carrier: string; trackingNo: string } | null; afterSale?: { status: string } | null; refundedFen?: number }

describeInBrowser('the back-office in the browser preview', () => {
  const env = useBrowser();
  const one = <T>(coll: string, query: object) => env.cloud.engine.find(coll, query).docs[0] as unknown as T;

  /** The operator's product form: a sample photo from the chooser, title, one SKU; answers the stored product. */
  async function listProduct(admin: Phone, title: string, price: string, stock: string): Promise<ProductDoc> {
    await admin.tap('.tm-admin-product__add-image');
    await admin.page.locator('.pv-choose__sample').click();
    await admin.$('.tm-admin-product__image').first().waitFor();
    await admin.$('.tm-admin-product__title input').fill(title);
    await admin.$('.tm-admin-product__sku-name input').fill('标准装');
    await admin.$('.tm-admin-product__sku-price input').fill(price);
    await admin.$('.tm-admin-product__sku-stock-input input').fill(stock);
    await admin.tap('.tm-admin-product__save');
    await eventually(async () => (await admin.text('.tm-admin-product__notice')).includes('已保存'), true, 20_000);
    return one<ProductDoc>('products', { title });
  }

  /** The shopper buys one on the product page with the demo address and pays at the cashier. */
  async function buy(productId: string): Promise<OrderDoc> {
    const shopper = await env.open({ user: DEMO.shopper, page: 'packages/store/product/product', query: { productId } });
    await shopper.tap('.tm-product__buy');
    await shopper.tap('.tm-product__confirm-buy');
    await shopper.waitForRoute('packages/store/checkout/checkout');
    await shopper.tap('.tm-checkout__address');
    await eventually(async () => (await shopper.text('.tm-checkout__address')).includes('张三'), true);
    await shopper.$('.tm-checkout__breakdown').waitFor();
    await shopper.tap('.tm-checkout__submit');
    await shopper.page.locator('.pv-pay').waitFor();
    await shopper.page.click('.pv-pay button[data-value="SUCCESS"]');
    await shopper.waitForRoute('packages/store/order/order');
    const order = (env.cloud.engine.find('orders', {}, { limit: 1, sort: { createdAt: -1 } }).docs[0] as unknown as OrderDoc);
    await eventually(() => one<OrderDoc>('orders', { _id: order._id }).status, 'paid');
    return one<OrderDoc>('orders', { _id: order._id });
  }

  /** The operator ships from the order page: carrier from the sheet, tracking number typed. */
  async function ship(orderId: string, trackingNo: string): Promise<Phone> {
    const admin = await env.open({ user: DEMO.admin, page: 'packages/admin/order/order', query: { orderId } });
    await admin.$('.tm-admin-order__ship').waitFor();
    await admin.tap('.tm-admin-order__carrier-cell');
    await admin.$('.tm-admin-order__carriers').getByText('顺丰速运').click();
    await admin.$('.tm-admin-order__tracking-input input').fill(trackingNo);
    await admin.tap('.tm-admin-order__ship-submit');
    await eventually(() => one<OrderDoc>('orders', { _id: orderId }).status, 'shipped');
    return admin;
  }

  describe('when the operator lists a product with a photo and ships what a shopper bought', () => {
    it('the photo is in cloud storage, the shopper sees the tracking number and confirms receipt', async () => {
      const admin = await env.open({ user: DEMO.admin, page: 'packages/admin/product/product' });
      const product = await listProduct(admin, '手作桂花糕 6 枚', '26.8', '30');
      expect(product.images).toEqual([expect.stringMatching(/^cloud:\/\//)]);
      expect(one<SkuDoc>('skus', { _id: product.skuIds[0] })).toMatchObject({ priceFen: 2680, stock: 30 });

      const order = await buy(product._id);
      expect(one<SkuDoc>('skus', { _id: product.skuIds[0] }).stock).toBe(29);

      const shipped = await ship(order._id, 'SF1400218866');
      await eventually(async () => (await shipped.text('.tm-admin-order__tracking')).includes('SF1400218866'), true);
      expect(one<OrderDoc>('orders', { _id: order._id }).shipment).toMatchObject({ carrier: '顺丰速运', trackingNo: 'SF1400218866' });

      const shopper = await env.open({ user: DEMO.shopper, page: 'packages/store/order/order', query: { orderId: order._id } });
      await eventually(async () => (await shopper.text('.tm-order__shipment')).includes('SF1400218866'), true);
      expect(await shopper.text('.tm-order__shipment')).toContain('顺丰速运');
      await shopper.tap('.tm-order__action--confirmReceipt');
      await shopper.tap('.tm-order__confirm-yes');
      await eventually(() => one<OrderDoc>('orders', { _id: order._id }).status, 'completed');
    });
  });

  describe('when a shopper asks for a refund after shipment and the operator approves it', () => {
    it('the order ends refunded, the money goes back and the stock returns', async () => {
      const buyer = as(env.cloud, DEMO.shopper);
      await buyer('user.login', {});
      const [p] = env.cloud.engine.find('products', { title: '冷萃乌龙茶包 20 袋' }).docs as unknown as ProductDoc[];
      const stockBefore = one<SkuDoc>('skus', { _id: p.skuIds[0] }).stock;
      const order = await buy(p._id);
      await ship(order._id, 'ZT7788990011');

      const shopper = await env.open({ user: DEMO.shopper, page: 'packages/store/order/order', query: { orderId: order._id } });
      await shopper.tap('.tm-order__action--refund');
      await shopper.tap('.tm-order__refund-submit');
      await eventually(() => one<OrderDoc>('orders', { _id: order._id }).afterSale?.status, 'requested');
      expect(one<OrderDoc>('orders', { _id: order._id }).status).toBe('shipped');

      const admin = await env.open({ user: DEMO.admin, page: 'packages/admin/aftersales/aftersales' });
      await admin.$('.tm-admin-aftersales__card').first().waitFor();
      expect(await admin.text('.tm-admin-aftersales__card')).toContain('冷萃乌龙茶包');
      await admin.tap('.tm-admin-aftersales__review');
      await admin.tap('.tm-admin-aftersales__approve');

      await eventually(() => one<OrderDoc>('orders', { _id: order._id }).status, 'refunded', 20_000);
      const refunded = one<OrderDoc>('orders', { _id: order._id });
      expect(refunded.refundedFen).toBe(refunded.payableFen);
      expect(one<SkuDoc>('skus', { _id: p.skuIds[0] }).stock).toBe(stockBefore);
      const refunds = env.cloud.engine.find('refunds', { orderId: order._id }).docs as { refundFen?: number }[];
      expect(refunds.reduce((s, r) => s + (r.refundFen ?? 0), 0)).toBe(refunded.payableFen);
      await eventually(async () => (await admin.text('.tm-admin-aftersales__notice')).includes('已同意'), true);
    });
  });
});
