/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import { experiments } from '../../miniprogram/stores/experiments';
import { tracker } from '../../miniprogram/utils/tracker';
import { fakeBackend, type FakeHandlers, mountPage, useBackend } from '../support/simulate';
import { aCard } from '../support/simulate-fixtures';

/** A shop with three products whose user is in `variant` of `home-banner` (or whose assignment fails). */
function aShop(variant: string | 'down', more: FakeHandlers = {}) {
  return fakeBackend({
    'catalog.list': () => ({ items: [aCard({ productId: 'p-hero', title: '明前龙井' }), aCard(), aCard()], nextCursor: null }),
    'catalog.categories': () => ({ items: [] }),
    'analytics.assign': () => {
      if (variant === 'down') throw new Error('network down');
      return { variant };
    },
    'analytics.track': (req) => ({ accepted: req.events.length }),
    ...more,
  });
}

const navigateTo = jest.fn();
beforeEach(async () => {
  // Events earlier tests queued (the feed's impressions) go to their backend, not this test's.
  await tracker.flush();
  experiments.reset();
  navigateTo.mockReset();
  (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
});

describe('the home banner experiment (home-banner)', () => {
  it('asks the server for the variant once per session', async () => {
    const backend = aShop('a');
    useBackend(backend);
    (await mountPage('pages/home/home')).unmount();
    (await mountPage('pages/home/home')).unmount();

    expect(backend.callsOf('analytics.assign')).toEqual([{ experimentKey: 'home-banner' }]);
  });

  describe('in variant a', () => {
    it('shows the banner as a TDesign swiper and no hero card', async () => {
      useBackend(aShop('a'));
      const page = await mountPage('pages/home/home');

      expect(page.$('.t-swiper')).not.toBeNull();
      expect(page.$('.tm-home__hero')).toBeNull();
      page.unmount();
    });
  });

  describe('in variant b', () => {
    it('shows one hero card of the first product, with a TDesign image and button, and no swiper', async () => {
      useBackend(aShop('b'));
      const page = await mountPage('pages/home/home');

      expect(page.$('.t-swiper')).toBeNull();
      expect(page.$$('.tm-home__hero')).toHaveLength(1);
      expect(page.$('.tm-home__hero .t-image')).not.toBeNull();
      expect(page.$('.tm-home__hero .t-button')).not.toBeNull();
      expect(page.text('.tm-home__hero-title')).toBe('明前龙井');
      page.unmount();
    });

    it('opens the product from the hero, and the tracked tap carries the variant', async () => {
      const backend = aShop('b');
      useBackend(backend);
      const page = await mountPage('pages/home/home');
      page.instance.route = 'pages/home/home'; // WeChat sets it; simulate does not

      await page.tap('.tm-home__hero');
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/product/product?productId=p-hero' });

      await tracker.flush();
      const events = backend.callsOf('analytics.track').flatMap((r) => r.events).filter((e) => e.name === 'tap_product');
      expect(events).toEqual([
        { name: 'tap_product', props: { productId: 'p-hero', from: 'hero', page: 'pages/home/home', exp: { 'home-banner': 'b' } }, at: expect.any(Number) },
      ]);
      page.unmount();
    });
  });

  it('tracks a tap on a feed card with the variant too', async () => {
    const backend = aShop('a');
    useBackend(backend);
    const page = await mountPage('pages/home/home');

    await page.tap('.tm-product-card');
    await tracker.flush();

    const [event] = backend.callsOf('analytics.track').flatMap((r) => r.events).filter((e) => e.name === 'tap_product');
    expect(event).toMatchObject({ name: 'tap_product', props: { productId: 'p-hero', from: 'feed', exp: { 'home-banner': 'a' } } });
    page.unmount();
  });

  describe('when the variant cannot be had', () => {
    it('falls back to the swiper (the control) and records no variant', async () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      useBackend(aShop('down'));
      const page = await mountPage('pages/home/home');

      expect(page.$('.t-swiper')).not.toBeNull();
      expect(page.$('.tm-home__hero')).toBeNull();
      expect(experiments.variants).toEqual({});
      expect(error).toHaveBeenCalledWith(expect.stringContaining('analytics.assign: platform call failed'), expect.anything());
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('home-banner: no variant (INTERNAL)'));
      page.unmount();
      warn.mockRestore();
      error.mockRestore();
    });
  });
});
