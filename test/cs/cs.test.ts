/** The customer-service push handler through the local cloud: keyword replies, own-order lookups, hand-off. */
import { startCloud } from '../support/cloud';
import { userIdFor } from '../../server/membership/users';
import { db } from '../../server/kernel/db';
import { expectLogged } from '../support/quiet-console';

const cloud = startCloud();
const ALICE_ORDER = 'ord_0123456789abcdef01234567';
const BOB_ORDER = 'ord_fedcba9876543210fedcba98';

const aMessage = (from: string, content: string) => ({ MsgType: 'text', Content: content, FromUserName: from, ToUserName: 'gh_shop', CreateTime: Math.floor(Date.now() / 1000), MsgId: Math.floor(Math.random() * 1e9) });
const send = (from: string, content: string) => cloud.invoke('cs', aMessage(from, content), { openid: from, source: 'wx_cs' });
const repliesTo = (openid: string) => cloud.state.outbox.filter((m) => m.api === 'customerServiceMessage.send' && (m.data as { touser: string }).touser === openid).map((m) => (m.data as { text: { content: string } }).text.content);

beforeAll(async () => {
  await db().collection('orders').add({ data: { _id: ALICE_ORDER, userId: userIdFor('o-cs-alice'), status: 'shipped', outTradeNo: ALICE_ORDER, createdAt: Date.now() } });
  await db().collection('orders').add({ data: { _id: BOB_ORDER, userId: userIdFor('o-cs-bob'), status: 'paid', outTradeNo: BOB_ORDER, createdAt: Date.now() } });
});

describe('an order query', () => {
  it('answers the sender\'s own order status', async () => {
    expect(await send('o-cs-alice', `订单 ${ALICE_ORDER} 到哪了？`)).toBe('success');
    expect(repliesTo('o-cs-alice')[0]).toContain('已发货');
  });

  it('politely says not found for someone else\'s order', async () => {
    await send('o-cs-alice', `查一下 ${BOB_ORDER}`);
    const reply = repliesTo('o-cs-alice')[0]!;
    expect(reply).toContain('没有找到');
    expect(reply).not.toContain('已付款');
  });
});

describe('keywords and hand-off', () => {
  it('answers configured keywords', async () => {
    await cloud.admin.ok('admin.setCsKeywords', { rules: [{ keywords: ['营业时间'], reply: '每天 9:00-21:00' }] });
    await send('o-cs-carol', '请问营业时间？');
    expect(repliesTo('o-cs-carol')[0]).toBe('每天 9:00-21:00');
  });

  it('hands the chat to a human agent and records it', async () => {
    const out = await send('o-cs-dave', '转人工');
    expect(out).toMatchObject({ MsgType: 'transfer_customer_service', ToUserName: 'o-cs-dave' });
    expect(cloud.count('cs_messages', { openid: 'o-cs-dave', kind: 'handoff' })).toBe(1);
  });

  it('records both sides of every exchange', async () => {
    expect(cloud.count('cs_messages', { openid: 'o-cs-carol', dir: 'in' })).toBe(1);
    expect(cloud.count('cs_messages', { openid: 'o-cs-carol', dir: 'out' })).toBe(1);
  });
});

describe('a message in someone else’s name', () => {
  it('is ignored: nothing recorded, nothing sent', async () => {
    expectLogged('error', /\[cs\] refused a message whose sender is not the caller/);
    const before = { out: cloud.state.outbox.length, msgs: cloud.count('cs_messages') };
    const forged = await cloud.invoke('cs', aMessage('o-victim', '人工客服'), { openid: 'o-attacker', source: 'wx_client' });
    expect(forged).toBe('success');
    expect(cloud.count('cs_messages')).toBe(before.msgs);
    expect(cloud.state.outbox.length).toBe(before.out);
  });
});
