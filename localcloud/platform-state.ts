/**
 * What the platform itself remembers outside the app's database: payment orders placed through
 * cloudPay (so notifications can be sent later) and the outbox of open API calls.
 * Payments persist in `<dataDir>/payments.json` (written atomically); the outbox lives in memory.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

export interface PaymentRecord {
  outTradeNo: string;
  functionName: string;
  envId?: string;
  subMchId?: string;
  totalFee: number;
  body?: string;
  openid: string;
  appid: string;
  createdAt: number;
  transactionId: string;
  /** NOTPAY until a notification is sent; then the last result sent. */
  state: 'NOTPAY' | 'SUCCESS' | 'PAYERROR' | 'CLOSED';
  refunds: { outRefundNo: string; refundFee: number; refundId: string; functionName?: string; at: number }[];
}

/** The prepay id unifiedOrder hands out for an order number (stable, so a retried unifiedOrder agrees). */
export function prepayIdOf(outTradeNo: string): string {
  return 'wx' + createHash('md5').update(outTradeNo).digest('hex');
}

export interface OutboxItem { api: string; data: unknown; at: number }

export class PlatformState {
  private payments = new Map<string, PaymentRecord>();
  readonly outbox: OutboxItem[] = [];
  private readonly file: string | null;

  constructor(dataDir: string | null) {
    this.file = dataDir ? join(dataDir, 'payments.json') : null;
    if (this.file && existsSync(this.file)) {
      const list = JSON.parse(readFileSync(this.file, 'utf8')) as PaymentRecord[];
      for (const p of list) this.payments.set(p.outTradeNo, p);
    }
    if (dataDir) mkdirSync(dataDir, { recursive: true });
  }

  payment(outTradeNo: string): PaymentRecord | undefined {
    return this.payments.get(outTradeNo);
  }

  /** The payment a `wx.requestPayment` package (`prepay_id=...`) stands for: what a cashier looks up. */
  paymentByPrepayId(prepayId: string): PaymentRecord | undefined {
    for (const p of this.payments.values()) if (prepayIdOf(p.outTradeNo) === prepayId) return p;
    return undefined;
  }

  savePayment(p: PaymentRecord): void {
    this.payments.set(p.outTradeNo, p);
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.payments.values()]));
    renameSync(tmp, this.file);
  }

  record(api: string, data: unknown): void {
    this.outbox.unshift({ api, data, at: Date.now() });
    if (this.outbox.length > 1000) this.outbox.length = 1000;
  }
}
