/**
 * The browser preview: the mini-program's real pages, templates and TDesign components, in Chromium,
 * against the local cloud. Each test acts on the screen and checks both the screen and the database.
 */
import { DEMO } from '../../localcloud/seed';
import { describeInBrowser, eventually, useBrowser, yuan } from './support';

jest.setTimeout(90_000);

interface ProductDoc { _id: string; title: string; categoryId: string; minPriceFen: number; skuIds: string[] }
interface CartDoc { _id: string; lines?: { skuId: string; quantity: number }[] }

describeInBrowser('the browser preview', () => {
  const env = useBrowser();
  const products = () => env.cloud.engine.find('products', {}, { limit: 100 }).docs as unknown as ProductDoc[];
  const userOf = (openid: string) => env.cloud.engine.find('users', { openid }).docs[0] as { _id: string } | undefined;
  /** The server-side cart is `carts/{userId}`. */
  const cartLines = (openid: string) => {
    const user = userOf(openid);
    const cart = user && (env.cloud.engine.find('carts', { _id: user._id }).docs[0] as unknown as CartDoc | undefined);
    return cart?.lines ?? [];
  };

  describe('when the shopper opens the mini-program', () => {
    it('shows the home tab in a 375 × 812 phone frame', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      const frame = await phone.page.locator('#pv-phone').boundingBox();
      expect(frame).toMatchObject({ width: 375, height: 812 });
      await phone.waitForRoute('pages/home/home');
      expect(await phone.page.locator('#pv-title').innerText()).toBe('团团优选');
      expect(await phone.page.locator('#pv-tabbar .pv-tab--on').innerText()).toBe('首页');
    });

    it('lists every demo product of the database with its price, drawn by the product-card component', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      await phone.$('.tm-product-card').first().waitFor();
      const all = products();
      expect(all.length).toBeGreaterThan(0);
      await expect(phone.$('.tm-product-card').count()).resolves.toBe(all.length);
      const text = await phone.text('.tm-home__feed');
      for (const p of all) {
        expect(text).toContain(p.title);
        expect(text).toContain(yuan(p.minPriceFen));
      }
      // TDesign really rendered: the grid of categories and the cover images are TDesign components.
      await expect(phone.$('.t-grid-item').count()).resolves.toBe(env.cloud.engine.find('categories', {}).total);
      await expect(phone.$('.tm-product-card .t-image').count()).resolves.toBe(all.length);
    });

    it('logs the shopper in as the user chosen in the toolbar: the call carries o-demo-shopper and a user exists', async () => {
      await env.open({ user: DEMO.shopper }).then((p) => p.$('.tm-product-card').first().waitFor());
      const calls = env.cloud.host.calls(200);
      expect(calls).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'user', action: 'login', openid: DEMO.shopper, ok: true })]));
      expect(calls).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'catalog', action: 'list', openid: DEMO.shopper, ok: true })]));
      expect(userOf(DEMO.shopper)).toBeDefined();
    });
  });

  describe('when the user in the toolbar is switched to the clerk', () => {
    it('reloads as o-demo-clerk and the local cloud sees that caller', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      await Promise.all([phone.page.waitForNavigation(), phone.page.selectOption('#pv-user', DEMO.clerk)]);
      await phone.page.waitForSelector('body[data-ready="1"]');
      await phone.$('.tm-product-card').first().waitFor();
      expect(new URL(phone.page.url()).searchParams.get('user')).toBe(DEMO.clerk);
      expect(env.cloud.host.calls(200)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'catalog', action: 'list', openid: DEMO.clerk })]));
      expect(userOf(DEMO.clerk)).toBeDefined();
    });
  });

  describe('when the shopper taps a category on the home tab', () => {
    it("switches to the category tab showing only that category's products", async () => {
      const phone = await env.open({ user: DEMO.shopper });
      const category = env.cloud.engine.find('categories', { name: '零食' }).docs[0] as { _id: string };
      await phone.$('.t-grid-item').filter({ hasText: '零食' }).first().click();
      await phone.waitForRoute('pages/category/category');
      await phone.$('.tm-product-card').first().waitFor();
      const expected = products().filter((p) => p.categoryId === category._id).map((p) => p.title).sort();
      const shown = (await phone.$('.tm-product-card__title').allInnerTexts()).map((t) => t.trim()).sort();
      expect(shown).toEqual(expected);
    });
  });

  describe('when the shopper opens a product and adds it to the cart', () => {
    it('stores the line in the carts collection and the cart tab shows it; + on the stepper stores quantity 2', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      const product = products().find((p) => p.title === '海盐芝士曲奇') as ProductDoc;
      await phone.$('.tm-product-card').filter({ hasText: product.title }).click();
      await phone.waitForRoute('packages/store/product/product');
      await phone.$('.tm-product__add').first().waitFor();
      expect(await phone.text()).toContain(product.title);
      await phone.tap('.tm-product__add');
      await phone.tap('.tm-product__confirm-cart');
      await eventually(() => cartLines(DEMO.shopper).find((l) => l.skuId === product.skuIds[0])?.quantity, 1);

      await phone.page.click('#pv-back');
      await phone.waitForRoute('pages/home/home');
      await phone.page.click('#pv-tabbar [data-path="pages/cart/cart"]');
      await phone.waitForRoute('pages/cart/cart');
      const line = phone.$('.tm-cart__line').filter({ hasText: product.title });
      await line.waitFor();
      await line.locator('.c--t-stepper__plus').click();
      await eventually(() => cartLines(DEMO.shopper).find((l) => l.skuId === product.skuIds[0])?.quantity, 2);
      await eventually(() => line.locator('input').inputValue(), '2');
    });
  });

  describe('when a page that is not built yet is opened', () => {
    it('stays on the current page and says so in a toast', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      await phone.page.evaluate(() => (globalThis as unknown as { wx: { navigateTo(o: { url: string }): Promise<unknown> } }).wx.navigateTo({ url: '/packages/nowhere/page/page' }).catch(() => undefined));
      await expect(phone.page.locator('.pv-toast').innerText()).resolves.toContain('packages/nowhere/page/page');
      await phone.waitForRoute('pages/home/home');
    });
  });
});
