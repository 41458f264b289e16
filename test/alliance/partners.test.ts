/**
 * alliance.partners through the local cloud: the partner brands with the terms and presentation
 * `admin.addPartner` set, never a brand-app backend or a secret, and bad presentation refused whole.
 */
import type { Api, PartnerView } from '../../typings/api';
import { startCloud } from '../support/cloud';
import { aPartner } from '../support/growth';

const cloud = startCloud();

/** How the seed presents its coffee partner. */
const coffeePresentation = { jumpPath: 'pages/index/index', slogan: '团团优选会员专享：积分换咖啡', welcomeCouponId: 'alliance-coffee-welcome' };

const listPartners = async (): Promise<PartnerView[]> => (await cloud.as('o-partners-viewer').ok('alliance.partners', {})).items;
const partnerDoc = (partnerId: string) => cloud.docs<Record<string, unknown>>('partners', { _id: partnerId })[0];

let secret = '';

beforeAll(async () => {
  await cloud.admin.ok('admin.addPartner', aPartner(coffeePresentation));
  cloud.advance(1000);
  await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'tea', name: '山茶', appId: 'wx-partner-tea', ratio: { ours: 50, theirs: 3 }, dailyCapPoints: 1000 }));
  cloud.advance(1000);
  await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'brand-app', name: '品牌 APP', appId: 'wx-brand-app', kind: 'brandApp' }));
  cloud.advance(1000);
  await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'bakery', name: '麦香烘焙', appId: 'wx-partner-bakery', ratio: { ours: 200, theirs: 5 }, dailyCapPoints: 2000, slogan: '积分换面包' }));
  ({ secret } = await cloud.admin.ok('admin.rotatePartnerSecret', { partnerId: 'coffee' }));
});

describe('alliance.partners', () => {
  it('lists the partner brands with their terms and presentation, in the order they joined', async () => {
    expect(await listPartners()).toEqual([
      { partnerId: 'coffee', name: '晨光咖啡', appId: 'wx-partner-coffee', ratio: { ours: 100, theirs: 1 }, dailyCapPoints: 5000, ...coffeePresentation },
      { partnerId: 'tea', name: '山茶', appId: 'wx-partner-tea', ratio: { ours: 50, theirs: 3 }, dailyCapPoints: 1000 },
      { partnerId: 'bakery', name: '麦香烘焙', appId: 'wx-partner-bakery', ratio: { ours: 200, theirs: 5 }, dailyCapPoints: 2000, slogan: '积分换面包' },
    ]);
  });

  it('answers a visitor without an identity too', async () => {
    const out = (await cloud.invoke('alliance', { action: 'partners' }, {})) as { ok: boolean; data?: { items: PartnerView[] } };
    expect(out.ok).toBe(true);
    expect(out.data?.items.map((p) => p.partnerId)).toEqual(['coffee', 'tea', 'bakery']);
  });

  it('never lists a brand-app backend', async () => {
    expect((await listPartners()).map((p) => p.partnerId)).not.toContain('brand-app');
  });

  it('never tells a secret, a tier map or the settlement chain', async () => {
    const items = await listPartners();
    const allowed = ['partnerId', 'name', 'appId', 'ratio', 'dailyCapPoints', 'jumpPath', 'slogan', 'welcomeCouponId'];
    for (const item of items) expect(Object.keys(item).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(items)).not.toContain(secret);
  });

  describe('when a partner is saved again', () => {
    it('updates the presentation it names, keeps what it omits, and keeps the chain head', async () => {
      const chainBefore = partnerDoc('coffee').chain;
      await cloud.admin.ok('admin.addPartner', aPartner({ slogan: '积分换拿铁' }));

      const coffee = (await listPartners()).find((p) => p.partnerId === 'coffee');
      expect(coffee).toMatchObject({ slogan: '积分换拿铁', jumpPath: 'pages/index/index', welcomeCouponId: 'alliance-coffee-welcome' });
      expect(partnerDoc('coffee').chain).toEqual(chainBefore);
      await cloud.admin.ok('admin.addPartner', aPartner(coffeePresentation));
    });
  });
});

describe('admin.addPartner with bad presentation fields', () => {
  type AddPartner = Api['admin.addPartner']['req'];
  const bad: [string, Record<string, unknown>][] = [
    ['a jump path over 128 characters', { jumpPath: `pages/${'a'.repeat(123)}` }],
    ['a jump path with blanks', { jumpPath: 'pages/index/index ?x=1' }],
    ['a jump path starting with a slash', { jumpPath: '/pages/index/index' }],
    ['a jump path that is not a string', { jumpPath: 42 }],
    ['a slogan over 64 characters', { slogan: '咖'.repeat(65) }],
    ['an empty slogan', { slogan: '' }],
    ['a welcome coupon id over 64 characters', { welcomeCouponId: 'c'.repeat(65) }],
    ['a welcome coupon id with blanks', { welcomeCouponId: 'coffee welcome' }],
  ];

  it.each(bad)('refuses %s for a new partner with INVALID_ARGUMENT and writes nothing', async (_what, fields) => {
    const out = await cloud.admin.call('admin.addPartner', aPartner({ partnerId: 'juice', appId: 'wx-partner-juice', ...fields } as Partial<AddPartner>));
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('partners', { _id: 'juice' })).toBe(0);
  });

  it.each(bad)('refuses %s for a known partner and leaves it as it was', async (_what, fields) => {
    const before = partnerDoc('coffee');
    const out = await cloud.admin.call('admin.addPartner', aPartner({ name: '改名咖啡', ...fields } as Partial<AddPartner>));
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(partnerDoc('coffee')).toEqual(before);
  });

  it('accepts each field at its longest', async () => {
    const longest = { jumpPath: `pages/${'a'.repeat(122)}`, slogan: '咖'.repeat(64), welcomeCouponId: 'c'.repeat(64) };
    expect(longest.jumpPath).toHaveLength(128);
    await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'juice', appId: 'wx-partner-juice', ...longest }));
    expect((await listPartners()).find((p) => p.partnerId === 'juice')).toMatchObject(longest);
  });
});
