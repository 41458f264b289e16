/**
 * Cloud storage in the browser preview: demo pictures shown by their cloud:// fileIDs, and a picture the
 * user picks with the simulated chooser uploaded with wx.cloud.uploadFile and linked with getTempFileURL,
 * all through the local cloud's guarded routes.
 */
import { DEMO } from '../../localcloud/seed';
import { describeInBrowser, useBrowser } from './support';

jest.setTimeout(90_000);

describeInBrowser('cloud storage in the preview', () => {
  const env = useBrowser();

  describe('when the shopper opens the home tab', () => {
    it('shows the demo products\' stored pictures, loaded from the local cloud', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      await phone.$('.tm-product-card').first().waitFor();
      const pictures = phone.screen.locator('wx-image > img.pv-img[src^="/_local/storage/files/demo/products/"]');
      await pictures.first().waitFor({ state: 'attached' });
      await phone.page.waitForFunction(() => Array.from(document.querySelectorAll('wx-image > img.pv-img')).some((i) => (i as HTMLImageElement).complete));
      const loaded = await pictures.evaluateAll((imgs) => imgs.map((i) => ({ w: (i as HTMLImageElement).naturalWidth, done: (i as HTMLImageElement).complete })));
      expect(loaded.length).toBeGreaterThan(0);
      expect(loaded.every((l) => l.done && l.w === 600)).toBe(true);
    });
  });

  describe('when a page picks a picture and uploads it', () => {
    it('stores it under its cloudPath and answers a fileID and a temporary URL that serves it', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      const page = phone.page;
      const picked = page.evaluate(() => (globalThis as any).wx.chooseMedia({ count: 1, mediaType: ['image'] })); // eslint-disable-line @typescript-eslint/no-explicit-any
      await page.click('.pv-choose__sample');
      const media = (await picked) as { tempFiles: { tempFilePath: string; size: number; fileType: string }[] };
      expect(media.tempFiles[0]).toMatchObject({ tempFilePath: expect.stringMatching(/^http:\/\/tmp\//), fileType: 'image' });
      const out = (await page.evaluate(async (filePath) => {
        const wx = (globalThis as any).wx; // eslint-disable-line @typescript-eslint/no-explicit-any
        const up = await wx.cloud.uploadFile({ cloudPath: 'reviews/o-demo-shopper/1.png', filePath });
        const linked = await wx.cloud.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 600 }] });
        const res = await fetch(linked.fileList[0].tempFileURL);
        return { up, linked, status: res.status, type: res.headers.get('content-type'), bytes: (await res.arrayBuffer()).byteLength };
      }, media.tempFiles[0].tempFilePath)) as { up: { fileID: string; errMsg: string }; linked: { fileList: { status: number }[] }; status: number; type: string; bytes: number };
      expect(out.up).toMatchObject({ fileID: 'cloud://local.6c6f-local-1300000000/reviews/o-demo-shopper/1.png', errMsg: 'cloud.uploadFile:ok' });
      expect(out.linked.fileList[0].status).toBe(0);
      expect(out).toMatchObject({ status: 200, type: 'image/png', bytes: media.tempFiles[0].size });
      expect(env.cloud.storage.read('reviews/o-demo-shopper/1.png')?.length).toBe(media.tempFiles[0].size);
    });

    it('fails the call, not the page, for a path that climbs out', async () => {
      const phone = await env.open({ user: DEMO.shopper });
      const page = phone.page;
      const picked = page.evaluate(() => (globalThis as any).wx.chooseImage({ count: 1 })); // eslint-disable-line @typescript-eslint/no-explicit-any
      await page.click('.pv-choose__sample');
      const { tempFilePaths } = (await picked) as { tempFilePaths: string[] };
      const err = await page.evaluate(
        (filePath) => (globalThis as any).wx.cloud.uploadFile({ cloudPath: '../escape.png', filePath }).then(() => null, (e: unknown) => e), // eslint-disable-line @typescript-eslint/no-explicit-any
        tempFilePaths[0],
      );
      expect(err).toMatchObject({ errCode: -501007, errMsg: expect.stringMatching(/^cloud\.uploadFile:fail /) });
      expect(await page.locator('body[data-ready="1"]').count()).toBe(1);
    });
  });
});
