/** @jest-environment jsdom */
/**
 * The poster page (推广海报): the share poster with the member's name, the featured product and the
 * member's code shown by its cloud fileID; 保存到相册 draws the same poster on the page's canvas and saves
 * it, with the album permission's refused path (the settings page, then saving again); shares carry the
 * member as inviter.
 */
import type { Api } from '../../typings/api';
import { fakeBackend, fail, flush, mountPage, useBackend, type Mounted } from '../support/simulate';
import { expectLogged } from '../support/quiet-console';

/* eslint-disable @typescript-eslint/no-explicit-any */
const wxApi = (globalThis as any).wx;

type Poster = Api['distribution.poster']['res'];
const CODE_FILE = 'cloud://local.bucket/distribution/posters/u-promoter/pages_home_home.png';
const COVER = 'cloud://local.bucket/products/p1/0.svg';
const aPoster = (overrides: Partial<Poster> = {}): Poster => ({
  scene: 'i=SC123ABC', contentType: 'image/png', imageBase64: 'iVBORw0KGgo=', page: 'pages/home/home', fileID: CODE_FILE,
  tempFileURL: 'http://127.0.0.1:3000/_local/storage/files/distribution/posters/u-promoter/pages_home_home.png', shareCode: 'SC123ABC',
  featured: { productId: 'p1', title: '明前西湖龙井 一级 100g 罐装', minPriceFen: 12800, cover: COVER }, ...overrides,
});

function promoter(poster: () => Poster = () => aPoster()) {
  return fakeBackend({
    'user.login': () => ({ userId: 'u-promoter', isNew: false, tier: '', pointsBalance: 0, inviterUserId: null, roles: [] }),
    'distribution.poster': poster,
  });
}

/** Where wx.cloud.downloadFile puts a cloud file: a temporary path named after it. */
const tempOf = (fileID: string) => `http://tmp/${fileID.split('/').pop()}`;

let saved: string[];
let albumAnswers: ('ok' | 'auth deny' | 'cancel')[];
let settingsGrant: boolean;

beforeEach(() => {
  saved = [];
  albumAnswers = [];
  settingsGrant = true;
  wxApi.getStorageSync = jest.fn(() => '');
  wxApi.setStorageSync = jest.fn();
  wxApi.showToast = jest.fn();
  wxApi.cloud.downloadFile = jest.fn(({ fileID }: { fileID: string }) => Promise.resolve({ tempFilePath: tempOf(fileID), statusCode: 200 }));
  wxApi.canvasToTempFilePath = jest.fn(({ canvas }: { canvas: unknown }) => Promise.resolve({ tempFilePath: canvas ? 'http://tmp/poster.png' : '' }));
  wxApi.saveImageToPhotosAlbum = jest.fn((o: { filePath: string; success: () => void; fail: (e: unknown) => void }) => {
    const answer = albumAnswers.shift() ?? 'ok';
    setTimeout(() => {
      if (answer === 'ok') {
        saved.push(o.filePath);
        o.success();
      } else o.fail({ errMsg: `saveImageToPhotosAlbum:fail ${answer}` });
    }, 0);
  });
  wxApi.showModal = jest.fn(() => Promise.resolve({ confirm: true, cancel: false }));
  wxApi.openSetting = jest.fn(() => Promise.resolve({ authSetting: { 'scope.writePhotosAlbum': settingsGrant } }));
});

async function openPoster(poster?: () => Poster): Promise<{ page: Mounted; backend: ReturnType<typeof promoter> }> {
  const backend = promoter(poster);
  useBackend(backend);
  const page = await mountPage('packages/distribution/poster/poster');
  return { page, backend };
}

describe('the poster', () => {
  it('shows the member’s name, the featured product with its price, the code by its fileID and the 长按识别 hint', async () => {
    const { page, backend } = await openPoster();

    expect(backend.callsOf('distribution.poster')).toEqual([{ page: 'pages/home/home' }]);
    expect(page.text('.tm-poster__name')).toBe('团友3ABC');
    expect(page.text('.tm-poster__avatar')).toBe('团');
    expect(page.text('.tm-poster__invitation')).toBe('邀请你一起拼好物');
    expect(page.text('.tm-poster__title')).toBe('明前西湖龙井 一级 100g 罐装');
    expect(page.text('.tm-poster__price')).toBe('¥128.00起');
    expect(page.text('.tm-poster__shop')).toContain('团团优选');
    expect(page.text('.tm-poster__hint')).toBe('长按识别小程序码');
    // TDesign images: the product picture and the code (long-press recognises a mini-program code in WeChat).
    expect(page.$('.tm-poster__hero.t-image')).not.toBeNull();
    expect(page.$('.tm-poster__code.t-image')).not.toBeNull();
    expect(page.data.codeSrc).toBe(CODE_FILE);
    // Nothing big is bound: the image stays in cloud storage.
    expect(JSON.stringify(page.data)).not.toContain('iVBORw0KGgo');
    page.unmount();
  });

  it('shows the name the member chose, kept on the phone', async () => {
    wxApi.getStorageSync = jest.fn((key: string) => (key === 'poster:name' ? '小林' : ''));
    const { page } = await openPoster();
    expect(page.text('.tm-poster__name')).toBe('小林');
    expect(page.text('.tm-poster__avatar')).toBe('小');

    await page.trigger('.tm-poster__name-input', 'blur', { value: ' 林小满 ' });
    expect(page.text('.tm-poster__name')).toBe('林小满');
    expect(wxApi.setStorageSync).toHaveBeenCalledWith('poster:name', '林小满');
    page.unmount();
  });

  it('leaves the product out when the shop has none on shelf', async () => {
    const { page } = await openPoster(() => aPoster({ featured: null }));
    expect(page.$('.tm-poster__hero')).toBeNull();
    expect(page.$('.tm-poster__code.t-image')).not.toBeNull();
    page.unmount();
  });

  it('shows an error with a retry when the poster cannot be made, and the poster once the retry works', async () => {
    let down = true;
    const { page } = await openPoster(() => (down ? fail('INTERNAL') : aPoster()));
    expect(page.$('.tm-poster__error .t-empty')).not.toBeNull();

    down = false;
    await page.tap('.tm-poster__retry');
    expect(page.$('.tm-poster__error')).toBeNull();
    expect(page.$('.tm-poster__code.t-image')).not.toBeNull();
    page.unmount();
  });

  it('shares a card with the member as inviter', async () => {
    const { page } = await openPoster();
    expect(page.instance.onShareAppMessage().path).toBe('/pages/home/home?inviter=SC123ABC');
    page.unmount();
  });
});

describe('保存到相册', () => {
  it('draws the poster on the canvas at 2× — name, product, price, shop, hint and the downloaded code — and saves that image', async () => {
    const { page } = await openPoster();
    await page.tap('.tm-poster__save');
    await flush();

    const [canvas] = page.canvases.created;
    expect(canvas.id).toBe('tm-poster-canvas');
    expect([canvas.width, canvas.height]).toEqual([1200, 2200]);
    expect(canvas.texts()).toEqual(expect.arrayContaining(['团', '团友3ABC', '邀请你一起拼好物', '128.00', '团团优选', '好物拼着买更划算', '长按识别小程序码']));
    expect(canvas.texts().join('')).toContain('明前西湖龙井');
    // Both pictures are local files first: a canvas cannot load a cloud fileID.
    expect(wxApi.cloud.downloadFile.mock.calls.map(([o]: [{ fileID: string }]) => o.fileID).sort()).toEqual([CODE_FILE, COVER].sort());
    expect(canvas.images()).toEqual([tempOf(COVER), tempOf(CODE_FILE)]);
    expect(wxApi.canvasToTempFilePath).toHaveBeenCalledWith(expect.objectContaining({ canvas, fileType: 'png' }));
    expect(saved).toEqual(['http://tmp/poster.png']);
    expect(page.text('.tm-poster__save')).toBe('已保存到相册');
    expect(wxApi.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存到相册' }));
    page.unmount();
  });

  it('wraps a long title on two lines, the second cut with …, and draws no product when the shop has none', async () => {
    const long = '云南高山普洱熟茶 七子饼 357g 十年陈 勐海古树春茶 礼盒装 送茶刀';
    const { page } = await openPoster(() => aPoster({ featured: { productId: 'p2', title: long, minPriceFen: 39900, cover: COVER } }));
    await page.tap('.tm-poster__save');
    await flush();
    const [canvas] = page.canvases.created;
    const texts = canvas.texts();
    // Between the invitation and the price: the title's lines.
    const titleLines = texts.slice(texts.indexOf('邀请你一起拼好物') + 1, texts.indexOf('¥'));
    expect(titleLines).toHaveLength(2);
    expect(titleLines[1].endsWith('…')).toBe(true);
    expect(long.startsWith(titleLines.join('').replace(/…$/, ''))).toBe(true);
    page.unmount();

    const bare = await openPoster(() => aPoster({ featured: null }));
    await bare.page.tap('.tm-poster__save');
    await flush();
    expect(bare.page.canvases.created[0].images()).toEqual([tempOf(CODE_FILE)]);
    expect(saved).toHaveLength(2);
    bare.page.unmount();
  });

  describe('when the member refused the album permission', () => {
    it('offers the settings page and saves once the permission is switched on there', async () => {
      albumAnswers = ['auth deny'];
      const { page } = await openPoster();
      await page.tap('.tm-poster__save');
      await flush();

      expect(wxApi.showModal).toHaveBeenCalledWith(expect.objectContaining({ confirmText: '去设置' }));
      expect(wxApi.openSetting).toHaveBeenCalledTimes(1);
      expect(saved).toEqual(['http://tmp/poster.png']);
      expect(page.text('.tm-poster__save')).toBe('已保存到相册');
      page.unmount();
    });

    it('saves nothing and says why when the member leaves it off', async () => {
      albumAnswers = ['auth deny'];
      settingsGrant = false;
      const { page } = await openPoster();
      await page.tap('.tm-poster__save');
      await flush();

      expect(wxApi.openSetting).toHaveBeenCalledTimes(1);
      expect(saved).toEqual([]);
      expect(wxApi.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '未获得相册权限，海报未保存' }));
      expect(page.text('.tm-poster__save')).toBe('保存到相册');
      page.unmount();
    });

    it('does not open the settings when the member declines the explanation', async () => {
      albumAnswers = ['auth deny'];
      wxApi.showModal = jest.fn(() => Promise.resolve({ confirm: false, cancel: true }));
      const { page } = await openPoster();
      await page.tap('.tm-poster__save');
      await flush();

      expect(wxApi.openSetting).not.toHaveBeenCalled();
      expect(saved).toEqual([]);
      page.unmount();
    });
  });

  it('says the poster was not saved when a picture cannot load, saving nothing half-drawn', async () => {
    const { page } = await openPoster();
    page.canvases.failing.add(tempOf(CODE_FILE));
    expectLogged('error', /\[poster\] could not save the poster[\s\S]*did not load/);
    await page.tap('.tm-poster__save');
    await flush();

    expect(wxApi.canvasToTempFilePath).not.toHaveBeenCalled();
    expect(saved).toEqual([]);
    expect(wxApi.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '海报保存失败，请重试' }));
    expect(page.text('.tm-poster__save')).toBe('保存到相册');
    page.unmount();
  });
});
