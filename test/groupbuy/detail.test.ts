/**
 * The group page's data and the address a group order ships to, through the local cloud.
 */
import { startCloud } from '../support/cloud';
import { key } from '../support/social';

const cloud = startCloud();
const address = { name: '韩梅梅', phone: '13511112222', region: '北京市海淀区', detail: '中关村大街 27 号' };

async function aGroupOf(o: { withImages?: boolean } = {}) {
  const p = await cloud.admin.ok('admin.createProduct', { title: '阳澄湖大闸蟹', images: o.withImages === false ? [] : ['https://img/crab.jpg'], skus: [{ name: '4 只装', priceFen: 39_900, stock: 100 }] });
  const { campaignId } = await cloud.admin.ok('admin.createGroupCampaign', { skuId: p.skus[0].skuId, groupPriceFen: 29_900, groupSize: 3, durationMs: 3600_000, stock: 50 });
  const opened = await cloud.as('o-gd-leader').ok('groupbuy.open', { campaignId, address, idempotencyKey: key('open') });
  return { ...opened, productId: p.productId };
}

describe('opening and joining with an address', () => {
  it('ships each member\'s order to the address they gave', async () => {
    const g = await aGroupOf();
    const joined = await cloud.as('o-gd-joiner').ok('groupbuy.join', { groupId: g.groupId, address: { ...address, name: '李雷' }, idempotencyKey: key('join') });
    expect((await cloud.as('o-gd-leader').ok('order.detail', { orderId: g.orderId })).address).toEqual(address);
    expect((await cloud.as('o-gd-joiner').ok('order.detail', { orderId: joined.orderId })).address).toEqual({ ...address, name: '李雷' });
  });

  it('refuses a malformed address with INVALID_ARGUMENT and takes no seat', async () => {
    const g = await aGroupOf();
    const answer = await cloud.as('o-gd-bad').call('groupbuy.join', { groupId: g.groupId, address: { ...address, phone: 'call me' }, idempotencyKey: key('join') });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('address.phone') } });
    expect(cloud.count('group_seats', { groupId: g.groupId })).toBe(1);
  });
});

describe('the group\'s detail', () => {
  it('answers the product with group and original price', async () => {
    const g = await aGroupOf();
    expect(await cloud.as('o-gd-viewer').ok('groupbuy.detail', { groupId: g.groupId })).toMatchObject({
      product: { productId: g.productId, title: '阳澄湖大闸蟹', cover: 'https://img/crab.jpg', groupPriceFen: 29_900, originalPriceFen: 39_900 },
    });
  });

  it('lists the members leader first, with who has paid', async () => {
    const g = await aGroupOf();
    await cloud.pay(g.payment.outTradeNo);
    await cloud.as('o-gd-m2').ok('groupbuy.join', { groupId: g.groupId, idempotencyKey: key('join') });
    const d = await cloud.as('o-gd-viewer').ok('groupbuy.detail', { groupId: g.groupId });
    expect(d.members).toEqual([{ isLeader: true, paid: true }, { isLeader: false, paid: false }]);
  });

  it('tells the caller their own place', async () => {
    const g = await aGroupOf();
    const joined = await cloud.as('o-gd-me').ok('groupbuy.join', { groupId: g.groupId, idempotencyKey: key('join') });
    expect((await cloud.as('o-gd-me').ok('groupbuy.detail', { groupId: g.groupId })).mine).toEqual({ inGroup: true, paid: false, orderId: joined.orderId });
    await cloud.pay(joined.payment.outTradeNo);
    expect((await cloud.as('o-gd-me').ok('groupbuy.detail', { groupId: g.groupId })).mine).toEqual({ inGroup: true, paid: true, orderId: joined.orderId });
    expect((await cloud.as('o-gd-stranger').ok('groupbuy.detail', { groupId: g.groupId })).mine).toEqual({ inGroup: false, paid: false });
  });
});
