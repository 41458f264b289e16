/**
 * The payment callback believes only WeChat Pay. Any mini-program user can call any cloud function, so a
 * "payment succeeded" event sent from the client, or a notification WeChat Pay's own order query does not
 * confirm, must change nothing.
 */
import { startCloud } from '../support/cloud';
import { aKey, aSku } from './fixtures';
import { expectLogged } from '../support/quiet-console';

const cloud = startCloud();

async function anUnpaidOrder(openid: string) {
  const skuId = await aSku(cloud, { priceFen: 8800 });
  return cloud.as(openid).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
}
const notice = (outTradeNo: string, totalFee: number) => ({
  returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo, totalFee, transactionId: '4200000000000001', openid: 'o-x', timeEnd: '20261122120000',
});
const statusOf = (orderId: string) => cloud.docs<{ status: string }>('orders', { _id: orderId })[0].status;

describe('a forged payment notification', () => {
  it('is refused when a mini-program user calls the pay function directly', async () => {
    expectLogged('error', /\[pay\] refused a call that did not come from WeChat Pay/);
    const o = await anUnpaidOrder('o-forger');
    const answer = await cloud.invoke('pay', notice(o.payment.outTradeNo, 8800), { openid: 'o-forger', source: 'wx_client' });
    expect(answer).toEqual({ errcode: -1, errmsg: 'not a WeChat Pay notification' });
    expect(statusOf(o.orderId)).toBe('pendingPayment');
    expect(cloud.count('payments', { outTradeNo: o.payment.outTradeNo })).toBe(0);
    expect(cloud.count('points_entries', { refId: o.orderId })).toBe(0);
  });

  it('is refused, even from the platform, when WeChat Pay does not confirm the payment', async () => {
    expectLogged('error', /notification refused: WeChat Pay does not confirm it/);
    const o = await anUnpaidOrder('o-unpaid');
    // The platform delivers an event for an order nobody paid (WeChat Pay's query says NOTPAY).
    const answer = await cloud.host.invoke('pay', notice(o.payment.outTradeNo, 8800), { source: 'wx_paycallback' });
    expect(answer).toEqual({ errcode: -1, errmsg: 'notConfirmed' });
    expect(statusOf(o.orderId)).toBe('pendingPayment');

    // The real payment then lands normally.
    expect(await cloud.pay(o.payment.outTradeNo)).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(statusOf(o.orderId)).toBe('paid');
  });
});
