/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { Api, GroupCampaignView } from '../../typings/api';
import { session } from '../../miniprogram/stores/session';
import { checkout } from '../../miniprogram/stores/checkout';
import { remainingMs, seatsOf } from '../../miniprogram/stores/groupbuy';
import { fail, fakeBackend, flush, mountPage, useBackend } from '../support/simulate';
import { expectLogged } from '../support/quiet-console';

type Group = Api['groupbuy.detail']['res'];
type Detail = Api['catalog.detail']['res'];

const HOUR = 3_600_000;
/** A server clock far from the test's own: the countdown must follow the server. */
const SERVER_NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

const aGroup = (overrides: Partial<Group> = {}): Group => ({
  groupId: 'g-1', campaignId: 'camp-1', status: 'forming', groupSize: 3, paidMembers: 1, seatsLeft: 2, expiresAt: SERVER_NOW + 2 * HOUR,
  product: { productId: 'p-1', title: '脐橙', cover: '', groupPriceFen: 2990, originalPriceFen: 3990 }, members: [{ isLeader: true, paid: true }], mine: { inGroup: false, paid: false }, ...overrides,
});
/** `groupbuy.detail` as a server that also tells its clock answers it. */
const withServerNow = (group: Group): Group => Object.assign({}, group, { serverNow: SERVER_NOW });
const aCampaign = (overrides: Partial<GroupCampaignView> = {}): GroupCampaignView => ({
  campaignId: 'camp-1', skuId: 'sku-1', groupPriceFen: 1290, groupSize: 3, durationMs: 24 * HOUR, stock: 50, ...overrides,
});
const aProduct = (overrides: Partial<Detail> = {}): Detail => ({
  productId: 'p1', title: '赣南脐橙', skus: [{ skuId: 'sku-1', name: '5斤装', priceFen: 1990, stock: 9 }], groupCampaigns: [aCampaign()], flashSales: [], ...overrides,
});
const anEntry = (overrides: Partial<Api['groupbuy.open']['res']> = {}) => ({ groupId: 'g-1', orderId: 'o-1', payment: { outTradeNo: 'T1' }, ...overrides });
const KEY = /^[A-Za-z0-9_:.-]{8,64}$/;

const navigateTo = jest.fn();
const requestPayment = jest.fn();
const wxAny = wx as unknown as Record<string, unknown>;
beforeEach(() => {
  navigateTo.mockReset();
  requestPayment.mockReset();
  wxAny.navigateTo = navigateTo;
  wxAny.requestPayment = requestPayment;
  checkout.setAddress(null);
  // WeChat's address book answers with the friend's address.
  wxAny.chooseAddress = (o: { success: (res: object) => void }) =>
    o.success({ userName: '李四', telNumber: '13900000000', provinceName: '上海市', cityName: '上海市', countyName: '浦东新区', detailInfo: '世纪大道 1 号' });
});

const FRIEND_ADDRESS = { name: '李四', phone: '13900000000', region: '上海市上海市浦东新区', detail: '世纪大道 1 号' };

describe('group seats and time (pure)', () => {
  it('takes the first seats for paid members, the first one by the leader', () => {
    expect(seatsOf(3, 2).map((s) => [s.taken, s.leader])).toEqual([[true, true], [true, false], [false, false]]);
    expect(seatsOf(2, 0).every((s) => !s.taken && !s.leader)).toBe(true);
  });

  it('measures time left on the server’s clock when it has it, never below zero', () => {
    expect(remainingMs(1_000_000, 400_000, 999_999_999)).toBe(600_000);
    expect(remainingMs(1_000_000, undefined, 900_000)).toBe(100_000);
    expect(remainingMs(1_000_000, 2_000_000, 0)).toBe(0);
  });
});

describe('campaign list page', () => {
  it('lists the product’s campaigns with group price in yuan and size on TDesign tags', async () => {
    const backend = fakeBackend({ 'catalog.detail': () => aProduct({ groupCampaigns: [aCampaign(), aCampaign({ campaignId: 'camp-2', groupSize: 5, groupPriceFen: 990, stock: 0 })] }) });
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/campaigns/campaigns', { query: { productId: 'p1' } });

    expect(backend.callsOf('catalog.detail')).toEqual([{ productId: 'p1' }]);
    expect(page.$$('.tm-campaigns__item')).toHaveLength(2);
    expect(page.text('.tm-campaigns__price')).toBe('¥12.90 ¥9.90');
    expect(page.$$('.tm-campaigns__size.t-tag')).toHaveLength(2);
    expect(page.text('.tm-campaigns__size')).toBe('3人团 5人团');
    expect(page.text('.tm-campaigns__sku')).toContain('5斤装');
    expect(page.$$('.tm-campaigns__open.t-button')).toHaveLength(2);
    expect(page.$$('.tm-campaigns__open.t-button--disabled')).toHaveLength(1);
  });

  it('opens a group with an idempotency key, pays, and goes to the group page', async () => {
    const backend = fakeBackend({
      'catalog.detail': () => aProduct(),
      'groupbuy.open': () => anEntry({ groupId: 'g-new', payment: { outTradeNo: 'T1', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=g', signType: 'RSA', paySign: 's' } }),
    });
    requestPayment.mockImplementation((o: { success: () => void }) => o.success());
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/campaigns/campaigns', { query: { productId: 'p1' } });

    await page.tap('.tm-campaigns__open');

    expect(backend.callsOf('groupbuy.open')).toEqual([{ campaignId: 'camp-1', address: FRIEND_ADDRESS, idempotencyKey: expect.stringMatching(KEY) }]);
    expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining({ package: 'prepay_id=g' }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/groupbuy/group/group?groupId=g-new' });
  });

  it('retries opening with the same key after a failed call', async () => {
    expectLogged('error', /\[api\] groupbuy\.open: platform call failed/);
    const backend = fakeBackend({ 'catalog.detail': () => aProduct(), 'groupbuy.open': () => { throw new Error('timeout'); } });
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/campaigns/campaigns', { query: { productId: 'p1' } });

    await page.tap('.tm-campaigns__open');
    expect(page.text('.tm-campaigns__message')).toBe('网络开小差了，请稍后重试');
    backend.on({ 'groupbuy.open': () => anEntry() });
    await page.tap('.tm-campaigns__open');

    const [first, second] = backend.callsOf('groupbuy.open');
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/groupbuy/group/group?groupId=g-1' });
  });

  it('shows the TDesign empty state when the product has no campaigns, or no product was named', async () => {
    useBackend(fakeBackend({ 'catalog.detail': () => aProduct({ groupCampaigns: [] }) }));
    const page = await mountPage('packages/groupbuy/campaigns/campaigns', { query: { productId: 'p1' } });
    expect(page.$('.tm-campaigns__empty .t-empty')).not.toBeNull();

    const backend = fakeBackend({});
    useBackend(backend);
    const bare = await mountPage('packages/groupbuy/campaigns/campaigns');
    expect(bare.$('.tm-campaigns__empty .t-empty')).not.toBeNull();
    expect(backend.calls).toHaveLength(0);
  });

  it('shows a TDesign loading indicator, then an error with a retry', async () => {
    expectLogged('error', /\[api\] catalog\.detail: platform call failed/);
    let refuse: () => void = () => undefined;
    const backend = fakeBackend({ 'catalog.detail': () => new Promise<Detail>((_, reject) => { refuse = () => reject(new Error('down')); }) });
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/campaigns/campaigns', { query: { productId: 'p1' } });
    expect(page.$('.tm-campaigns__loading .t-loading')).not.toBeNull();

    refuse();
    await page.show();
    expect(page.$('.tm-campaigns__error .t-empty')).not.toBeNull();

    backend.on({ 'catalog.detail': () => aProduct() });
    await page.tap('.tm-campaigns__retry');
    expect(page.$$('.tm-campaigns__item')).toHaveLength(1);
  });
});

describe('group page', () => {
  beforeEach(() => {
    session.userId = 'u-me';
  });

  it('draws a TDesign avatar per seat, the leader tagged, and the seats left', async () => {
    useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup({ groupSize: 3, paidMembers: 1, seatsLeft: 2 })) }));
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

    expect(page.$$('.tm-group__seat')).toHaveLength(3);
    expect(page.$$('.tm-group__seat .t-avatar')).toHaveLength(3);
    expect(page.$$('.tm-group__seat--taken')).toHaveLength(1);
    expect(page.$$('.tm-group__seat--free')).toHaveLength(2);
    expect(page.text('.tm-group__leader')).toBe('团长');
    expect(page.text('.tm-group__seats-left')).toBe('2');
    expect(page.text('.tm-group__status')).toBe('拼团中');
  });

  it('shows members’ faces on their seats when the server sends them', async () => {
    const withFaces = Object.assign(withServerNow(aGroup({ paidMembers: 2, seatsLeft: 1 })), {
      members: [{ avatarUrl: 'https://img.test/a.png' }, { avatarUrl: 'https://img.test/b.png' }],
    });
    useBackend(fakeBackend({ 'groupbuy.detail': () => withFaces }));
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

    expect(page.$$('.tm-group__seat--taken .t-avatar .t-image')).toHaveLength(2);
    expect(page.data.seats.map((seat: { avatarUrl: string }) => seat.avatarUrl)).toEqual(['https://img.test/a.png', 'https://img.test/b.png', '']);
  });

  it('counts down from the server’s clock, not the phone’s', async () => {
    useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup({ expiresAt: SERVER_NOW + 2 * HOUR })) }));
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

    // The phone's clock says 2026: trusting it would show years left.
    expect(page.data.remainingMs).toBe(2 * HOUR);
    expect(page.$('.tm-group__countdown.t-count-down')).not.toBeNull();
    expect(page.text('.tm-group__countdown')).toMatch(/^0[12] : [0-5]\d : [0-5]\d$/);
  });

  it('joins with an idempotency key, pays, and shows the group as the server has it', async () => {
    let state = aGroup();
    const backend = fakeBackend({
      'groupbuy.detail': () => withServerNow(state),
      'groupbuy.join': () => {
        state = aGroup({ paidMembers: 2, seatsLeft: 1, members: [{ isLeader: true, paid: true }, { isLeader: false, paid: true }], mine: { inGroup: true, paid: true, orderId: 'o-1' } });
        return anEntry();
      },
    });
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

    await page.tap('.tm-group__join');

    expect(backend.callsOf('groupbuy.join')).toEqual([{ groupId: 'g-1', address: FRIEND_ADDRESS, idempotencyKey: expect.stringMatching(KEY) }]);
    expect(page.$$('.tm-group__seat--taken')).toHaveLength(2);
    expect(page.text('.tm-group__seats-left')).toBe('1');
    // In the group now: invite, no second join.
    expect(page.$('.tm-group__join')).toBeNull();
    expect(page.$('.tm-group__share')).not.toBeNull();
    expect(page.text('.tm-group__mine')).toContain('你已参团');
  });

  describe('when the group is full by the time the user joins', () => {
    it('says so and shows the group as it now is, with no join button', async () => {
      const backend = fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup()), 'groupbuy.join': () => fail('GROUP_FULL') });
      useBackend(backend);
      const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

      backend.on({ 'groupbuy.detail': () => withServerNow(aGroup({ status: 'formed', paidMembers: 3, seatsLeft: 0 })) });
      await page.tap('.tm-group__join');

      expect(page.text('.tm-group__message')).toBe('这个团已经满了，去开一个新团吧');
      expect(page.$('.tm-group__join')).toBeNull();
      expect(page.text('.tm-group__done')).toBe('3人已成团');
    });
  });

  describe('where the viewer stands', () => {
    it('shows the product with the group price and the original price struck through', async () => {
      useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup()) }));
      const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

      expect(page.text('.tm-group__product-title')).toBe('脐橙');
      expect(page.text('.tm-group__price')).toBe('¥29.90');
      expect(page.text('.tm-group__original')).toBe('¥39.90');
      expect(page.text('.tm-group__join')).toContain('¥29.90 参与拼团');
    });

    it('offers to pay a seat held unpaid, and marks that seat 待支付', async () => {
      useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup({
        members: [{ isLeader: true, paid: true }, { isLeader: false, paid: false }],
        mine: { inGroup: true, paid: false, orderId: 'o-held' },
      })) }));
      const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

      expect(page.$('.tm-group__join')).toBeNull();
      expect(page.text('.tm-group__unpaid')).toBe('待支付');
      await page.tap('.tm-group__pay');
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/order/order?orderId=o-held' });
    });

    it('offers a new group of the product when this one is full', async () => {
      useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup({ status: 'formed', paidMembers: 3, seatsLeft: 0 })) }));
      const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

      expect(page.$('.tm-group__join')).toBeNull();
      await page.tap('.tm-group__new');
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/groupbuy/campaigns/campaigns?productId=p-1' });
    });

    it('asks to be told the outcome when joining, and records the accepted template', async () => {
      const subscribe = jest.fn((o: { tmplIds: string[]; success: (r: object) => void }) => o.success(Object.fromEntries(o.tmplIds.map((id) => [id, 'accept']))));
      wxAny.requestSubscribeMessage = subscribe;
      const backend = fakeBackend({
        'groupbuy.detail': () => withServerNow(aGroup()),
        'groupbuy.join': () => anEntry(),
        'groupbuy.subscribe': ({ templateIds }) => ({ subscribed: templateIds.length }),
      });
      useBackend(backend);
      const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

      await page.tap('.tm-group__join');
      await flush();

      expect(subscribe).toHaveBeenCalledTimes(1);
      expect(backend.callsOf('groupbuy.subscribe')).toEqual([{ groupId: 'g-1', templateIds: [expect.any(String)] }]);
      delete wxAny.requestSubscribeMessage;
    });
  });

  it('tells a member who joins twice that they are already in', async () => {
    useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup()), 'groupbuy.join': () => fail('ALREADY_IN_GROUP') }));
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

    await page.tap('.tm-group__join');

    expect(page.text('.tm-group__message')).toBe('你已经在这个团里了');
  });

  it('shares the group with the sharer as inviter, through a TDesign share button', async () => {
    useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup({ seatsLeft: 2 })), 'points.share': () => ({ awarded: 10, balance: 10, sharesLeft: 2 }) }));
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

    expect(page.$('.tm-group__share.t-button')).not.toBeNull();
    expect(page.instance.onShareAppMessage()).toEqual({
      title: '还差2人成团，快来一起拼！',
      path: '/packages/groupbuy/group/group?groupId=g-1&inviter=u-me',
    });
  });

  it('logs a newcomer in with the inviter of the shared link', async () => {
    session.userId = null;
    const backend = fakeBackend({
      'groupbuy.detail': () => withServerNow(aGroup()),
      'user.login': () => ({ userId: 'u-new', isNew: true, tier: '', pointsBalance: 0, inviterUserId: 'u-friend', roles: [] }),
    });
    useBackend(backend);
    await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1', inviter: 'u-friend' } });

    expect(backend.callsOf('user.login')).toEqual([{ inviter: 'u-friend' }]);
  });

  it('shows a failed group without join or share, and says paid members are refunded', async () => {
    useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup({ status: 'failed', expiresAt: SERVER_NOW - HOUR })) }));
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

    expect(page.text('.tm-group__status')).toBe('未成团');
    expect(page.text('.tm-group__done')).toContain('原路退回');
    expect(page.$('.tm-group__join')).toBeNull();
    expect(page.$('.tm-group__share')).toBeNull();
    expect(page.$('.t-count-down')).toBeNull();
  });

  it('stops taking members once the server’s clock passes the expiry, whatever the phone says', async () => {
    useBackend(fakeBackend({ 'groupbuy.detail': () => withServerNow(aGroup({ expiresAt: SERVER_NOW - 1 })) }));
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-1' } });

    expect(page.$('.tm-group__join')).toBeNull();
    expect(page.text('.tm-group__timer--over')).toBe('已到截止时间');
  });

  it('shows a TDesign loading indicator, then a missing group as an error with a retry', async () => {
    expectLogged('error', /\[api\] groupbuy\.detail: platform call failed/);
    let refuse: () => void = () => undefined;
    const backend = fakeBackend({ 'groupbuy.detail': () => new Promise<Group>((_, reject) => { refuse = () => reject(new Error('down')); }) });
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/group/group', { query: { groupId: 'g-2' } });
    expect(page.$('.tm-group__loading .t-loading')).not.toBeNull();

    refuse();
    await page.show();
    expect(page.$('.tm-group__error .t-empty')).not.toBeNull();

    backend.on({ 'groupbuy.detail': () => fail('NOT_FOUND') });
    await page.tap('.tm-group__retry');
    expect(page.text('.tm-group__error')).toContain('拼团不存在');
    expect(backend.callsOf('groupbuy.detail')).toHaveLength(2);
  });
});

describe('my groups page', () => {
  type Mine = Api['groupbuy.mine']['res']['items'][number];
  const aMine = (overrides: Partial<Mine> = {}): Mine => ({ ...aGroup(), orderId: 'o-1', isLeader: false, title: '赣南脐橙', ...overrides });

  it('lists my groups from one call, with status and a TDesign progress of seats, and opens one', async () => {
    const backend = fakeBackend({
      'groupbuy.mine': () => ({ items: [aMine({ groupId: 'g-1' }), aMine({ groupId: 'g-2', status: 'formed', paidMembers: 3, seatsLeft: 0 })], nextCursor: null }),
    });
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/mine/mine');

    expect(backend.callsOf('groupbuy.mine')).toEqual([{ limit: 20 }]);
    expect(backend.callsOf('groupbuy.detail')).toHaveLength(0);
    expect(page.$$('.tm-mygroups__item')).toHaveLength(2);
    expect(page.text('.tm-mygroups__status')).toBe('拼团中 已成团');
    expect(page.$$('.tm-mygroups__item .t-progress')).toHaveLength(2);
    expect(page.text('.tm-mygroups__item')).toContain('赣南脐橙');
    expect(page.text('.tm-mygroups__item')).toContain('1/3人');

    await page.tap(page.$$('.tm-mygroups__item')[1]);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/groupbuy/group/group?groupId=g-2' });
  });

  it('loads the next page on reach-bottom', async () => {
    const backend = fakeBackend({
      'groupbuy.mine': (req) => (req.cursor ? { items: [aMine({ groupId: 'g-3' })], nextCursor: null } : { items: [aMine({ groupId: 'g-1' })], nextCursor: 'c1' }),
    });
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/mine/mine');
    await page.reachBottom();

    expect(backend.callsOf('groupbuy.mine')).toEqual([{ limit: 20 }, { limit: 20, cursor: 'c1' }]);
    expect(page.$$('.tm-mygroups__item')).toHaveLength(2);
  });

  it('shows the TDesign empty state without groups', async () => {
    useBackend(fakeBackend({ 'groupbuy.mine': () => ({ items: [], nextCursor: null }) }));
    const page = await mountPage('packages/groupbuy/mine/mine');

    expect(page.$('.tm-mygroups__empty .t-empty')).not.toBeNull();
  });

  it('shows a TDesign loading indicator, then an error with a retry', async () => {
    expectLogged('error', /\[api\] groupbuy\.mine: platform call failed/);
    let refuse: () => void = () => undefined;
    const backend = fakeBackend({ 'groupbuy.mine': () => new Promise((_, reject) => { refuse = () => reject(new Error('down')); }) });
    useBackend(backend);
    const page = await mountPage('packages/groupbuy/mine/mine');
    expect(page.$('.tm-mygroups__loading .t-loading')).not.toBeNull();

    refuse();
    await flush();
    expect(page.$('.tm-mygroups__error .t-empty')).not.toBeNull();

    backend.on({ 'groupbuy.mine': () => ({ items: [aMine()], nextCursor: null }) });
    await page.tap('.tm-mygroups__retry');
    expect(page.$$('.tm-mygroups__item')).toHaveLength(1);
  });
});
