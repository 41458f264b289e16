/**
 * pay: WeChat Pay's notifications, for the payments and refunds placed by `order` (and group-buy).
 * The platform calls it with the notification itself as the event (no `action`); a payment notification
 * carries `resultCode` and `transactionId`, a refund notification `refundStatus` and `outRefundNo`.
 * It answers `{errcode: 0, errmsg: 'OK'}` when the notification is taken (also for a repeat), anything
 * else makes WeChat Pay send it again later.
 */
import { onPaymentNotice, onRefundNotice, type NoticeAnswer } from '../../server/store/orders';
import { platform } from '../../server/kernel/platform';

/**
 * Only WeChat Pay may call this function: a mini-program can call any cloud function with
 * `wx.cloud.callFunction`, so a notification must come with the platform's own source.
 */
const fromWeChatPay = () => String((platform().getWXContext() as Record<string, unknown>).SOURCE ?? '').split(',')[0] === 'wx_paycallback';

type Notice = Record<string, unknown>;

const isRefund = (e: Notice) => typeof e.refundStatus === 'string' && typeof e.outRefundNo === 'string';
const isPayment = (e: Notice) => typeof e.resultCode === 'string' && typeof e.outTradeNo === 'string' && !('refundStatus' in e);

export async function main(event: unknown): Promise<NoticeAnswer> {
  const e = (event ?? {}) as Notice;
  const now = Date.now();
  if (!fromWeChatPay()) {
    console.error('[pay] refused a call that did not come from WeChat Pay', (platform().getWXContext() as Record<string, unknown>).SOURCE);
    return { errcode: -1, errmsg: 'not a WeChat Pay notification' };
  }
  try {
    if (isRefund(e)) {
      return await onRefundNotice({ outTradeNo: String(e.outTradeNo), outRefundNo: String(e.outRefundNo), refundFee: Number(e.refundFee), refundStatus: String(e.refundStatus) }, now);
    }
    if (isPayment(e)) {
      return await onPaymentNotice({ outTradeNo: String(e.outTradeNo), totalFee: Number(e.totalFee), resultCode: String(e.resultCode), transactionId: String(e.transactionId ?? '') }, now);
    }
    console.error('[pay] not a payment or refund notification', e);
    return { errcode: -1, errmsg: 'unknown notification' };
  } catch (err) {
    console.error('[pay] notification failed; WeChat Pay will send it again', err);
    return { errcode: -1, errmsg: 'internal error' };
  }
}
