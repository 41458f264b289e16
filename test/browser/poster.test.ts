/**
 * The share poster in the preview: the member's code is a real image served from cloud storage (not the
 * 1×1 placeholder the page could not show), the featured product's picture beside it, and 保存到相册
 * draws the poster on a browser canvas and saves it, asking for the album permission as WeChat does —
 * and after a refusal, through the settings page.
 */
import type { Page } from 'playwright-core';
import { DEMO } from '../../localcloud/seed';
import { describeInBrowser, eventually, useBrowser, type Phone } from './support';

jest.setTimeout(120_000);

const POSTER = 'packages/distribution/poster/poster';

/** The natural size of the `<img>` a TDesign image of the visible page drew. */
const imageSize = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const img = document.querySelector(`#pv-pages > page:not([hidden]) ${sel} img`) as HTMLImageElement | null;
    return img && img.complete ? [img.naturalWidth, img.naturalHeight] : null;
  }, selector);

/** The images saved to the preview's album, read back: size and a few pixels (r,g,b at poster coordinates × 2). */
const savedImages = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as { __previewAlbum(): { path: string; url: string }[] };
    const out: { width: number; height: number; band: number[]; codeDark: boolean; codeLight: boolean }[] = [];
    for (const { url } of w.__previewAlbum()) {
      const img = new Image();
      await new Promise((resolve, reject) => { img.onload = resolve; img.onerror = reject; img.src = url; });
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const px = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
      const code = ctx.getImageData(720, 1756, 400, 400).data;
      let dark = false;
      let light = false;
      for (let i = 0; i < code.length; i += 4) {
        if (code[i] + code[i + 1] + code[i + 2] < 150) dark = true;
        if (code[i] + code[i + 1] + code[i + 2] > 700) light = true;
      }
      out.push({ width: img.naturalWidth, height: img.naturalHeight, band: px(20, 20), codeDark: dark, codeLight: light });
    }
    return out;
  });

/** Clicks a button of the preview's dialog (the authorisation prompt, a modal, the settings). */
async function answerDialog(phone: Phone, label: string): Promise<void> {
  await phone.page.locator('.pv-dialog').last().getByRole('button', { name: label, exact: true }).click();
}

describeInBrowser('the share poster in the preview', () => {
  const env = useBrowser();

  it('shows the member’s code as a real image from cloud storage, with the featured product', async () => {
    const phone = await env.open({ user: DEMO.shopper, page: POSTER });
    await phone.$('.tm-poster__code').first().waitFor();
    await eventually(async () => ((await imageSize(phone.page, '.c--tm-poster__code')) ?? [0])[0] > 280, true);
    await eventually(async () => ((await imageSize(phone.page, '.c--tm-poster__hero')) ?? [0])[0] > 0, true);
    expect(await phone.text('.tm-poster__hint')).toBe('长按识别小程序码');
    expect(await phone.text('.tm-poster__name')).toMatch(/^团友[0-9A-Z]{4}$/);
  });

  it('saves the drawn poster once the member allows the album, and through the settings after a refusal', async () => {
    const phone = await env.open({ user: DEMO.shopper, page: POSTER });
    await phone.$('.tm-poster__code').first().waitFor();

    // First save: WeChat asks; the member refuses.
    await phone.tap('.tm-poster__save');
    await answerDialog(phone, '拒绝');
    // The page explains and offers the settings page.
    await answerDialog(phone, '去设置');
    await answerDialog(phone, '允许');
    await eventually(async () => (await savedImages(phone.page)).length, 1);
    const [poster] = await savedImages(phone.page);
    expect(poster).toMatchObject({ width: 1200, height: 2200, codeDark: true, codeLight: true });
    // The brand band at the top: red.
    expect(poster.band[0]).toBeGreaterThan(200);
    expect(poster.band[1]).toBeLessThan(120);
    await eventually(() => phone.text('.tm-poster__save'), '已保存到相册');

    // The permission now stands: the next save asks nothing.
    await phone.page.reload();
    await phone.page.waitForSelector('body[data-ready="1"]');
    await phone.$('.tm-poster__code').first().waitFor();
    await phone.tap('.tm-poster__save');
    await eventually(async () => (await savedImages(phone.page)).length, 1);
  });
});
