/**
 * A payment that arrives after the order was cancelled must go back to the buyer whatever WeChat Pay
 * says the first times: the notification is answered "not handled" while the refund is refused (so
 * WeChat Pay sends it again), and the order timer keeps asking until the refund succeeds, once.
 */
import { startCloud } from '../support/cloud';
import { aKey, aSku } from './fixtures';
import { expectLogged } from '../support/quiet-console';

const cloud = startCloud();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('wx-server-sdk') as { cloudPay: { refund: (data: Record<string, unknown>) => Promise<Record<string, unknown>> } };

/** WeChat Pay refusing the next `n` refund requests (e.g. the merchant account is short of funds). */
function refuseRefunds(n: number): { restore: () => void; asked: () => number } {
  const real = sdk.cloudPay;
  let asked = 0;
  sdk.cloudPay = new Proxy(real, {
    get(target, key) {
      if (key !== 'refund') return (target as Record<string | symbol, unknown>)[key];
      return async (data: Record<string, unknown>) => {
        asked++;
        if (n-- > 0) return { returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: 'NOTENOUGH' };
        return real.refund(data);
      };
    },
  });
  return { restore: () => (sdk.cloudPay = real), asked: () => asked };
}

const refundsOf = (orderId: string) => cloud.docs<{ status: string; failures?: number; kind: string }>('refunds', { orderId });
const refundedFee = (outTradeNo: string) => (cloud.state.payment(outTradeNo)?.refunds ?? []).reduce((s, r) => s + r.refundFee, 0);

describe('a late payment whose refund is refused at first', () => {
  it('answers the notification as not handled, retries from the timer, and refunds exactly once', async () => {
    expectLogged('error', /\[refund \S+\] refused: NOTENOUGH/);
    const skuId = await aSku(cloud, { priceFen: 5000 });
    const o = await cloud.as('o-late').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    await cloud.as('o-late').ok('order.cancel', { orderId: o.orderId });

    const wechat = refuseRefunds(2);
    try {
      expect(await cloud.pay(o.payment.outTradeNo)).toEqual({ errcode: -1, errmsg: 'refundPending' });
      expect(refundsOf(o.orderId)).toEqual([expect.objectContaining({ kind: 'latePayment', status: 'requested', failures: 1 })]);

      // Too early for the timer to ask again: nothing is sent.
      await cloud.host.runTimer('order', 'cancelExpired');
      expect(wechat.asked()).toBe(1);

      cloud.advance(5 * 60_000);
      await cloud.host.runTimer('order', 'cancelExpired'); // refused a second time
      expect(refundsOf(o.orderId)[0]).toMatchObject({ status: 'requested', failures: 2 });
      await cloud.host.runTimer('order', 'cancelExpired'); // accepted: the refund callback settles it
    } finally {
      wechat.restore();
    }
    expect(refundsOf(o.orderId)).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    expect(refundedFee(o.payment.outTradeNo)).toBe(5000);

    // WeChat Pay's own resend of the notification, and later timer runs, change nothing.
    expect(await cloud.pay(o.payment.outTradeNo)).toEqual({ errcode: 0, errmsg: 'OK' });
    cloud.advance(10 * 60_000);
    await cloud.host.runTimer('order', 'cancelExpired');
    expect(refundedFee(o.payment.outTradeNo)).toBe(5000);
    expect(cloud.docs('orders', { _id: o.orderId })[0]).toMatchObject({ status: 'cancelled' });
  });
});
