/**
 * Product impressions in the preview, on the browser's own IntersectionObserver (the preview's
 * `createIntersectionObserver`, localcloud/preview/runtime/intersection.ts): the home feed records the
 * cards at least half inside the phone's page, the ones the shopper scrolls to later, each once; the
 * events reach the `events` collection through the tracker's batch.
 */
import type { Page } from 'playwright-core';
import { DEMO } from '../../localcloud/seed';
import { describeInBrowser, eventually, useBrowser } from './support';

jest.setTimeout(120_000);

/** The product ids of the feed's cards at least half inside the visible page, measured in the browser. */
const cardsOnScreen = (page: Page) =>
  page.evaluate(() => {
    const holder = document.querySelector('#pv-pages > page:not([hidden])') as HTMLElement;
    const view = holder.getBoundingClientRect();
    return Array.from(holder.querySelectorAll('.c--tm-impression'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const visible = Math.max(0, Math.min(r.bottom, view.bottom) - Math.max(r.top, view.top)) * Math.max(0, Math.min(r.right, view.right) - Math.max(r.left, view.left));
        return r.width * r.height > 0 && visible / (r.width * r.height) >= 0.5;
      })
      .map((el) => (el as unknown as { __wxElement: { dataset: { productId: string } } }).__wxElement.dataset.productId)
      .sort();
  });

/** App.onHide flushes the tracker's queue (utils/tracker.ts). */
const flushTracker = (page: Page) => page.evaluate(() => (window as unknown as { __previewApp(): { onHide(): void } }).__previewApp().onHide());

describeInBrowser('product impressions in the preview', () => {
  const env = useBrowser();
  const impressions = () => {
    const user = env.cloud.engine.find('users', { openid: DEMO.shopper }).docs[0] as { _id: string } | undefined;
    if (!user) return [];
    return (env.cloud.engine.find('events', { u: user._id, n: 'product_impression' }, { limit: 1000 }).docs as unknown as { p: { productId: string; list: string } }[])
      .map((e) => e.p.productId)
      .sort();
  };

  it('records the home feed’s cards on screen, then the ones scrolled to, each once', async () => {
    const phone = await env.open({ user: DEMO.shopper });
    await phone.$('.tm-product-card').first().waitFor();
    const total = await phone.$('.tm-impression').count();
    const first = await cardsOnScreen(phone.page);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(total); // some cards wait below the fold

    await flushTracker(phone.page);
    await eventually(impressions, first);

    await phone.page.evaluate(() => {
      const holder = document.querySelector('#pv-pages > page:not([hidden])') as HTMLElement;
      holder.scrollTop = holder.scrollHeight;
    });
    const later = await cardsOnScreen(phone.page);
    expect(later).not.toEqual(first);
    // Back to the top: the first cards show again, and are not counted again.
    await phone.page.waitForTimeout(300);
    await phone.page.evaluate(() => {
      (document.querySelector('#pv-pages > page:not([hidden])') as HTMLElement).scrollTop = 0;
    });
    await phone.page.waitForTimeout(300);
    await flushTracker(phone.page);
    await eventually(impressions, [...new Set([...first, ...later])].sort());
  });
});
