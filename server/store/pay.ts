/** WeChat Pay through `cloud.cloudPay`: place a payment, request a refund. Both notify the `pay` function. */
import { randomBytes } from 'node:crypto';
import type { PaymentParams } from '../../typings/api';
import { platform } from '../kernel/platform';

/** The cloud function WeChat Pay notifies for payments and refunds. */
export const PAY_FUNCTION = 'pay';

interface CloudPay {
  unifiedOrder(o: Record<string, unknown>): Promise<{ resultCode?: string; errCodeDes?: string; payment?: PaymentParams & Record<string, unknown> }>;
  refund(o: Record<string, unknown>): Promise<{ resultCode?: string; errCodeDes?: string }>;
  closeOrder(o: Record<string, unknown>): Promise<unknown>;
  queryOrder(o: Record<string, unknown>): Promise<{ resultCode?: string; tradeState?: string; totalFee?: number }>;
}

const cloudPay = () => (platform() as unknown as { cloudPay: CloudPay }).cloudPay;
const envId = () => String((platform().getWXContext() as Record<string, unknown>).ENV ?? '');
const subMchId = () => process.env.PAY_SUB_MCH_ID ?? '1900000001';
const nonce = () => randomBytes(12).toString('hex');

/** Places the payment for an order; answers what `wx.requestPayment` needs. Throws on a refusal (a bug or an outage). */
export async function placePayment(outTradeNo: string, totalFee: number, body: string): Promise<PaymentParams> {
  const res = await cloudPay().unifiedOrder({
    body: body.slice(0, 40), outTradeNo, spbillCreateIp: '127.0.0.1', subMchId: subMchId(), totalFee, envId: envId(), functionName: PAY_FUNCTION, nonceStr: nonce(), tradeType: 'JSAPI',
  });
  if (res.resultCode !== 'SUCCESS' || !res.payment) throw new Error(`unifiedOrder ${outTradeNo} refused: ${res.errCodeDes ?? JSON.stringify(res)}`);
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = res.payment;
  return { timeStamp, nonceStr, package: pkg, signType, paySign };
}

/** Asks WeChat Pay to send `refundFee` of the payment back; the result arrives at the `pay` function. */
export async function requestPayRefund(outTradeNo: string, outRefundNo: string, totalFee: number, refundFee: number): Promise<boolean> {
  const res = await cloudPay().refund({ outTradeNo, outRefundNo, totalFee, refundFee, functionName: PAY_FUNCTION, envId: envId(), subMchId: subMchId(), nonceStr: nonce() });
  if (res.resultCode !== 'SUCCESS') console.error(`[refund ${outRefundNo}] refused: ${res.errCodeDes ?? JSON.stringify(res)}`);
  return res.resultCode === 'SUCCESS';
}

/** Closes an unpaid payment (the order was cancelled), so it can no longer be paid. Best effort. */
export async function closePayment(outTradeNo: string): Promise<void> {
  try {
    await cloudPay().closeOrder({ outTradeNo, subMchId: subMchId(), nonceStr: nonce() });
  } catch (err) {
    console.error(`[pay ${outTradeNo}] closeOrder failed`, err);
  }
}

/**
 * What WeChat Pay itself says of a payment: a notification is only believed once the order query agrees
 * (paid, for this amount). Answers null when WeChat Pay cannot be asked right now.
 */
export async function confirmedPayment(outTradeNo: string): Promise<{ paid: boolean; totalFee: number } | null> {
  try {
    const res = await cloudPay().queryOrder({ outTradeNo, subMchId: subMchId(), nonceStr: nonce() });
    if (res.resultCode !== 'SUCCESS') return { paid: false, totalFee: 0 };
    return { paid: res.tradeState === 'SUCCESS', totalFee: Number(res.totalFee ?? 0) };
  } catch (err) {
    console.error(`[pay ${outTradeNo}] queryOrder failed`, err);
    return null;
  }
}
