/**
 * The share poster through the local cloud: `distribution.poster` answers the member's mini-program
 * code as a real QR code image of where it leads (the page, and the scene carrying the share code),
 * stored in cloud storage once per (member, page) and shown by fileID; scanning it and logging in binds
 * the newcomer to the member.
 */
import { encodeQr } from '../../miniprogram/utils/qrcode';
import { LOCAL_APPID } from '../../localcloud/sdk';
import { userIdFor } from '../../server/membership/users';
import { all, startCloud } from '../support/cloud';
import { qrModulesOf, readPng } from '../support/png';
import { aProduct } from '../store/fixtures';

const cloud = startCloud();

const uploads = () => jest.spyOn(cloud.storage, 'uploadFileAsync');
const codeCalls = (scene: string) => cloud.state.outbox.filter((x) => x.api === 'wxacode.getUnlimited' && (x.data as { scene?: string }).scene === scene).length;
const idOf = (openid: string) => cloud.docs<{ _id: string }>('users', { openid })[0]._id;

afterEach(() => jest.restoreAllMocks());

describe('a member’s poster', () => {
  it('is a QR code of the home page with the scene i=<share code>, module for module, with a light quiet zone', async () => {
    const res = await cloud.as('o-poster-qr').ok('distribution.poster', {});

    expect(res.scene).toBe(`i=${res.shareCode}`);
    expect(res.scene.length).toBeLessThanOrEqual(32);
    expect(res).toMatchObject({ page: 'pages/home/home', contentType: 'image/png' });
    const expected = encodeQr(`wxacode://${LOCAL_APPID}/pages/home/home?scene=${encodeURIComponent(res.scene)}`);
    const drawn = qrModulesOf(readPng(Buffer.from(res.imageBase64, 'base64')), expected.length);
    expect(drawn.modules).toEqual(expected);
    expect(drawn.quietZoneLight).toBe(true);
    // Big enough to scan from a phone screen: several pixels per module, about the 430 px asked for.
    expect(drawn.modulePx).toBeGreaterThanOrEqual(4);
    expect(drawn.modulePx * (expected.length + 8)).toBeGreaterThan(280);
  });

  it('is kept in cloud storage: the fileID holds the same image and the temporary URL serves it', async () => {
    const res = await cloud.as('o-poster-stored').ok('distribution.poster', {});

    expect(res.fileID).toMatch(/^cloud:\/\/.+\/distribution\/posters\/.+\.png$/);
    expect(cloud.storage.downloadFile({ fileID: res.fileID }).fileContent.toString('base64')).toBe(res.imageBase64);
    expect(res.tempFileURL).toContain('/_local/storage/files/distribution/posters/');
  });

  it('is made once: the next call answers the stored file without asking WeChat again', async () => {
    const me = cloud.as('o-poster-once');
    const upload = uploads();
    const first = await me.ok('distribution.poster', {});
    const again = await me.ok('distribution.poster', {});

    expect(again).toEqual({ ...first, tempFileURL: expect.any(String) });
    expect(codeCalls(first.scene)).toBe(1);
    expect(upload).toHaveBeenCalledTimes(1);
    expect(cloud.count('poster_codes', { userId: idOf('o-poster-once') })).toBe(1);
  });

  it('gets a code of its own for another page', async () => {
    const me = cloud.as('o-poster-pages');
    const home = await me.ok('distribution.poster', {});
    const category = await me.ok('distribution.poster', { page: 'pages/category/category' });

    expect(category.fileID).not.toBe(home.fileID);
    const expected = encodeQr(`wxacode://${LOCAL_APPID}/pages/category/category?scene=${encodeURIComponent(home.scene)}`);
    expect(qrModulesOf(readPng(Buffer.from(category.imageBase64, 'base64')), expected.length).modules).toEqual(expected);
    expect(cloud.count('poster_codes', { userId: idOf('o-poster-pages') })).toBe(2);
  });

  describe('when eight first calls arrive at once', () => {
    it('answers one stored file to all of them, with one record', async () => {
      const me = cloud.as('o-poster-race');
      const answers = await all(8, () => me.ok('distribution.poster', {}));

      expect(new Set(answers.map((a) => a.fileID)).size).toBe(1);
      expect(new Set(answers.map((a) => a.imageBase64)).size).toBe(1);
      expect(cloud.count('poster_codes', { userId: idOf('o-poster-race') })).toBe(1);
      // Later calls use the record: no more codes asked for.
      const asked = codeCalls(answers[0].scene);
      await me.ok('distribution.poster', {});
      expect(codeCalls(answers[0].scene)).toBe(asked);
    });
  });

  it('features the shop’s first product on shelf', async () => {
    const { productId } = await aProduct(cloud, { title: '海盐芝士曲奇' });
    const res = await cloud.as('o-poster-featured').ok('distribution.poster', {});
    // The feed's first product: the newest (catalog.list order).
    expect(res.featured).toEqual((await cloud.as('o-poster-featured').ok('catalog.list', { limit: 1 })).items[0]);
    expect(res.featured?.productId).toBe(productId);
  });

  it('refuses a page that is not a page path, storing nothing', async () => {
    const upload = uploads();
    for (const page of ['/pages/home/home', 'pages/home/home?x=1', 'https://example.com']) {
      expect(await cloud.as('o-poster-bad').call('distribution.poster', { page })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(upload).not.toHaveBeenCalled();
    expect(cloud.count('poster_codes', { userId: userIdFor('o-poster-bad') })).toBe(0);
  });

  it('binds whoever scans it and logs in to the member', async () => {
    const { scene } = await cloud.as('o-poster-promoter').ok('distribution.poster', {});
    // WeChat opens the page with `scene` URI-encoded; the app reads the share code back from it.
    const code = /(?:^|&)i=([^&]+)/.exec(decodeURIComponent(encodeURIComponent(scene)))?.[1];
    const newcomer = await cloud.as('o-poster-newcomer').ok('user.login', { inviter: code });
    expect(newcomer.inviterUserId).toBe(idOf('o-poster-promoter'));
  });
});

describe('the local cloud’s wxacode.getUnlimited', () => {
  it('refuses what WeChat refuses, with its error codes', async () => {
    const { wxacodeRequest } = await import('../../localcloud/wxacode');
    expect(() => wxacodeRequest({ scene: 'x'.repeat(33), page: 'pages/home/home' })).toThrow(expect.objectContaining({ errCode: 40169 }));
    expect(() => wxacodeRequest({ scene: 'i=中文', page: 'pages/home/home' })).toThrow(expect.objectContaining({ errCode: 40097 }));
    expect(() => wxacodeRequest({ scene: 'i=1', page: '/pages/home/home' })).toThrow(expect.objectContaining({ errCode: 41030 }));
    expect(wxacodeRequest({ scene: 'i=1', page: 'pages/home/home', width: 5000, lineColor: { r: 230, g: 57, b: 70 }, isHyaline: true }))
      .toEqual({ scene: 'i=1', page: 'pages/home/home', width: 1280, lineColor: { r: 230, g: 57, b: 70 }, isHyaline: true });
  });

  it('draws the line colour on a transparent background when asked', async () => {
    const { drawWxacode, wxacodeRequest } = await import('../../localcloud/wxacode');
    const { png } = drawWxacode(LOCAL_APPID, wxacodeRequest({ scene: 'i=1', page: 'pages/home/home', lineColor: { r: 230, g: 57, b: 70 }, isHyaline: true }));
    const image = readPng(png);
    const colours = new Set<string>();
    for (let i = 0; i < image.rgba.length; i += 4) colours.add(Array.from(image.rgba.subarray(i, i + 4)).join(','));
    expect([...colours].sort()).toEqual(['0,0,0,0', '230,57,70,255']);
  });
});
