import { orderReply, understand, ORDER_NOT_FOUND_REPLY, FALLBACK_REPLY } from '../../domain/cs/cs';

const ORDER = 'ord_0123456789abcdef01234567';

describe('understanding a customer-service message', () => {
  it('hands off to a person when asked', () => {
    expect(understand('转人工')).toEqual({ kind: 'handoff' });
    expect(understand('I want a human agent')).toEqual({ kind: 'handoff' });
  });
  it('reads an order id', () => {
    expect(understand(`我的订单 ${ORDER} 到哪了`)).toEqual({ kind: 'orderQuery', orderId: ORDER });
    expect(understand('订单号：A1B2C3D4')).toEqual({ kind: 'orderQuery', orderId: 'A1B2C3D4' });
  });
  it('answers keywords from the configured rules', () => {
    expect(understand('怎么退款', [{ keywords: ['退款'], reply: 'R' }])).toEqual({ kind: 'keyword', reply: 'R' });
  });
  it('falls back politely', () => {
    expect(understand('你好', [])).toEqual({ kind: 'fallback', reply: FALLBACK_REPLY });
  });
});

describe('answering an order query', () => {
  const order = { _id: ORDER, userId: 'u_alice', status: 'shipped' as const };
  it('describes the sender\'s own order', () => {
    expect(orderReply(order, 'u_alice')).toContain('已发货');
  });
  it('says not found for another user\'s order, exactly as for none', () => {
    expect(orderReply(order, 'u_bob')).toBe(ORDER_NOT_FOUND_REPLY);
    expect(orderReply(null, 'u_bob')).toBe(ORDER_NOT_FOUND_REPLY);
  });
});
