/**
 * Binds the genuine `wx-server-sdk` to the local cloud. Only what the platform provides is replaced:
 * the database transport (see engine/), `getWXContext`, `callFunction`, `openapi` (`wxacode.getUnlimited`
 * draws a real, scannable code: wxacode.ts), `cloudPay` and cloud
 * storage (`uploadFile`, `getTempFileURL`, `downloadFile`, `deleteFile`, answered by storage.ts: the SDK's
 * own versions call Tencent's storage endpoints, and offline that failure took the whole process down).
 * Everything else (query builders, validation, result shapes, error formatting) is the real SDK.
 */
import { createHash, randomBytes } from 'node:crypto';
import { currentInvocation, rootInvocation, countDbRequest } from './context';
import type { FunctionHost } from './functions';
import { prepayIdOf, type PaymentRecord, type PlatformState } from './platform-state';
import { installTransport, setTransportEngine, type Engine } from './engine';
import { StorageError, type CloudStorage } from './storage';
import { drawWxacode, wxacodeRequest, WxacodeError } from './wxacode';

type Sdk = Record<string, unknown>;

export const LOCAL_APPID = 'wx-local-app';
export const LOCAL_MCH_ID = '1900000001';

class OpenApiError extends Error {
  constructor(readonly errCode: number, readonly errMsg: string) {
    super(errMsg);
  }
}

/** A proxy that turns `ns.method(data)` into `call(['ns','method'], data)`. */
function apiProxy(call: (path: string[], data: Record<string, unknown>) => Promise<unknown>, path: string[] = []): unknown {
  return new Proxy(function () {}, {
    get: (_t, key) => (typeof key === 'string' && key !== 'then' ? apiProxy(call, [...path, key]) : undefined),
    apply: (_t, _this, args: unknown[]) => call(path, (args[0] ?? {}) as Record<string, unknown>),
  });
}

/** A stable fake phone number for a `getPhoneNumber` code; `phone:<11 digits>` picks the number. */
function phoneFor(code: string): string {
  const m = /^phone:(1\d{10})$/.exec(code);
  if (m) return m[1];
  const digits = BigInt('0x' + createHash('sha256').update(code).digest('hex').slice(0, 12)) % 100000000n;
  return '139' + digits.toString().padStart(8, '0');
}

const stamp = (t: number) => new Date(t).toISOString().replace(/[-:T]/g, '').slice(0, 14);

/** A failed `cloud.callFunction` as the platform reports it (see docs/contract.md, "Local cloud: where WeChat's documentation is silent"). */
function callFailure(errCode: number, detail: string): Error {
  const errMsg = `cloud.callFunction:fail Error: errCode: ${errCode} ${detail}`;
  return Object.assign(new Error(errMsg), { errCode, errMsg });
}

export interface SdkBinding {
  notifyPayment(outTradeNo: string, result: 'SUCCESS' | 'FAIL'): Promise<unknown>;
}

/**
 * A storage call as the SDK makes it: a promise (or `success`/`fail`/`complete` callbacks) that rejects with
 * an Error carrying `errCode`/`errMsg`, whatever went wrong, so a bad call fails its caller and nothing else.
 */
function storageCall<O extends Record<string, unknown>, R>(api: string, run: (options: O) => R | Promise<R>) {
  return (options: O) => {
    const promise = Promise.resolve()
      .then(() => run(options ?? ({} as O)))
      .catch((err: unknown) => {
        if (err instanceof StorageError) throw err;
        console.error(`[localcloud] ${api} failed`, err);
        throw new StorageError(-501001, `${api}:fail ${(err as Error)?.message ?? String(err)}`);
      });
    const cb = options as { success?: (r: R) => void; fail?: (e: unknown) => void; complete?: () => void } | undefined;
    if (cb && (typeof cb.success === 'function' || typeof cb.fail === 'function' || typeof cb.complete === 'function')) {
      promise.then((r) => cb.success?.(r), (e) => cb.fail?.(e)).finally(() => cb.complete?.());
      return undefined;
    }
    return promise;
  };
}

export function bindSdk(sdk: Sdk, engine: Engine, host: FunctionHost, state: PlatformState, env: string, storage: CloudStorage): SdkBinding {
  installTransport();
  setTransportEngine(engine, countDbRequest);

  sdk.getWXContext = () => {
    const identity = currentInvocation()?.identity ?? {};
    const ctx: Record<string, string> = { ENV: env, SOURCE: identity.source ?? 'wx_client' };
    if (identity.openid) ctx.OPENID = identity.openid;
    if (identity.openid) ctx.APPID = identity.appid ?? LOCAL_APPID;
    if (identity.unionid) ctx.UNIONID = identity.unionid;
    if (ctx.SOURCE.startsWith('wx_client')) ctx.CLIENTIP = identity.clientIp ?? '127.0.0.1';
    return ctx;
  };

  sdk.callFunction = async (options: { name: string; data?: unknown }) => {
    const parent = currentInvocation();
    if (!host.has(options?.name)) throw callFailure(-501000, `[ResourceNotFound.Function] FunctionName ${options?.name} not found (未找到指定的Function)`);
    // The callee sees the caller's user, and a source that says a function called it (`wx_client,scf`).
    const identity = parent ? { ...parent.identity, source: `${(parent.identity.source ?? 'wx_client').split(',')[0]},scf` } : {};
    let result: unknown;
    try {
      result = await host.invoke(options.name, options.data ?? {}, identity, parent);
    } catch (err) {
      throw callFailure(-504002, `functions execute fail | errMsg: ${(err as { errMsg?: string }).errMsg ?? String(err)}`);
    }
    return { result, errMsg: 'cloud.callFunction:ok', requestID: randomBytes(8).toString('hex') };
  };

  /** Open APIs must be declared in the calling function's config.json, as on the platform. */
  const assertPermitted = (api: string) => {
    const inv = currentInvocation();
    if (!inv) return;
    const allowed = host.defs.get(inv.name)?.config.permissions?.openapi ?? [];
    if (!allowed.includes(api)) throw new OpenApiError(-604101, `openapi.${api}:fail function has no permission to call this API (add it to config.json permissions.openapi)`);
  };

  sdk.openapi = apiProxy(async (path, data) => {
    const api = path.join('.');
    assertPermitted(api);
    state.record(api, data);
    const ok = { errCode: 0, errMsg: `openapi.${api}:ok` };
    switch (api) {
      case 'wxacode.getUnlimited': {
        // A real QR code of where the code leads (see wxacode.ts), as WeChat's answer: a PNG buffer.
        let request;
        try {
          request = wxacodeRequest(data);
        } catch (err) {
          if (err instanceof WxacodeError) throw new OpenApiError(err.errCode, err.errMsg);
          throw err;
        }
        const appid = currentInvocation()?.identity.appid ?? LOCAL_APPID;
        return { ...ok, contentType: 'image/png', buffer: drawWxacode(appid, request).png };
      }
      case 'phonenumber.getPhoneNumber': {
        const code = String(data.code ?? '');
        if (!code) throw new OpenApiError(40029, 'openapi.phonenumber.getPhoneNumber:fail invalid code');
        const pure = phoneFor(code);
        return { ...ok, phoneInfo: { phoneNumber: pure, purePhoneNumber: pure, countryCode: '86', watermark: { timestamp: Math.floor(Date.now() / 1000), appid: LOCAL_APPID } } };
      }
      case 'security.msgSecCheck':
        return { ...ok, result: { suggest: 'pass', label: 100 } };
      default:
        return ok;
    }
  });

  const payCall = async (path: string[], data: Record<string, unknown>) => {
    const api = path.join('.');
    const inv = currentInvocation();
    state.record(`cloudPay.${api}`, data);
    const nonceStr = randomBytes(8).toString('hex');
    const base = { returnCode: 'SUCCESS', returnMsg: 'OK', appid: LOCAL_APPID, mchId: LOCAL_MCH_ID, subMchId: data.subMchId, nonceStr, errCode: 0, errMsg: `cloudPay.${api}:ok` };
    switch (api) {
      case 'unifiedOrder': {
        const outTradeNo = String(data.outTradeNo ?? '');
        const totalFee = Number(data.totalFee);
        if (!outTradeNo || !Number.isSafeInteger(totalFee) || totalFee <= 0 || !data.functionName) {
          return { ...base, resultCode: 'FAIL', errCodeDes: 'outTradeNo, positive integer totalFee and functionName are required' };
        }
        const existing = state.payment(outTradeNo);
        if (existing && existing.totalFee !== totalFee) return { ...base, resultCode: 'FAIL', errCodeDes: 'ORDERPAID or INVALID_REQUEST: outTradeNo reused with another amount' };
        const record: PaymentRecord = existing ?? {
          outTradeNo, functionName: String(data.functionName), envId: data.envId as string | undefined, subMchId: data.subMchId as string | undefined,
          totalFee, body: data.body as string | undefined, openid: inv?.identity.openid ?? '', appid: inv?.identity.appid ?? LOCAL_APPID,
          createdAt: Date.now(), transactionId: '4200' + randomBytes(12).toString('hex').slice(0, 24), state: 'NOTPAY', refunds: [],
        };
        state.savePayment(record);
        const prepayId = prepayIdOf(outTradeNo);
        const timeStamp = String(Math.floor(Date.now() / 1000));
        return {
          ...base, resultCode: 'SUCCESS', tradeType: 'JSAPI', prepayId,
          payment: { appId: LOCAL_APPID, timeStamp, nonceStr, package: `prepay_id=${prepayId}`, signType: 'MD5', paySign: createHash('md5').update(prepayId + timeStamp).digest('hex').toUpperCase() },
        };
      }
      case 'queryOrder': {
        const p = state.payment(String(data.outTradeNo ?? ''));
        if (!p) return { ...base, resultCode: 'FAIL', errCodeDes: 'ORDERNOTEXIST' };
        return { ...base, resultCode: 'SUCCESS', tradeState: p.state, outTradeNo: p.outTradeNo, totalFee: p.totalFee, transactionId: p.transactionId };
      }
      case 'closeOrder': {
        const p = state.payment(String(data.outTradeNo ?? ''));
        if (p && p.state === 'NOTPAY') state.savePayment({ ...p, state: 'CLOSED' });
        return { ...base, resultCode: 'SUCCESS' };
      }
      case 'refund': {
        const p = state.payment(String(data.outTradeNo ?? ''));
        const refundFee = Number(data.refundFee);
        const outRefundNo = String(data.outRefundNo ?? '');
        if (!p || p.state !== 'SUCCESS') return { ...base, resultCode: 'FAIL', errCodeDes: 'ORDERNOTEXIST or not paid' };
        const again = p.refunds.find((r) => r.outRefundNo === outRefundNo);
        if (again) return { ...base, resultCode: 'SUCCESS', outTradeNo: p.outTradeNo, outRefundNo, refundId: again.refundId, refundFee: again.refundFee, totalFee: p.totalFee };
        const refunded = p.refunds.reduce((s, r) => s + r.refundFee, 0);
        if (!outRefundNo || !Number.isSafeInteger(refundFee) || refundFee <= 0 || refunded + refundFee > p.totalFee) {
          return { ...base, resultCode: 'FAIL', errCodeDes: 'INVALID_REQUEST: refundFee exceeds what is left' };
        }
        const refund = { outRefundNo, refundFee, refundId: '5030' + randomBytes(12).toString('hex').slice(0, 24), functionName: data.functionName as string | undefined, at: Date.now() };
        state.savePayment({ ...p, refunds: [...p.refunds, refund] });
        if (refund.functionName) {
          // The refund succeeds locally; its notification runs after the calling function returns.
          const event = {
            returnCode: 'SUCCESS', appid: LOCAL_APPID, mchId: LOCAL_MCH_ID, subMchId: p.subMchId, nonceStr,
            refundStatus: 'SUCCESS', outTradeNo: p.outTradeNo, outRefundNo, refundId: refund.refundId, transactionId: p.transactionId,
            totalFee: p.totalFee, refundFee, settlementRefundFee: refundFee, settlementTotalFee: p.totalFee, successTime: stamp(Date.now()),
            refundRecvAccout: '支付用户零钱', refundAccount: 'REFUND_SOURCE_UNSETTLED_FUNDS', refundRequestSource: 'API',
          };
          const root = rootInvocation();
          const run = () => host.invoke(refund.functionName!, event, { source: 'wx_paycallback' }).catch((err) => console.error('[localcloud] refund callback failed', err));
          if (root) root.background.push(Promise.resolve().then(run));
          else void run();
        }
        return { ...base, resultCode: 'SUCCESS', outTradeNo: p.outTradeNo, outRefundNo, refundId: refund.refundId, refundFee, totalFee: p.totalFee, cashFee: p.totalFee, cashRefundFee: refundFee };
      }
      default:
        return { ...base, resultCode: 'SUCCESS' };
    }
  };
  sdk.cloudPay = apiProxy(payCall);

  sdk.uploadFile = storageCall('uploadFile', (o: { cloudPath?: unknown; fileContent?: unknown }) => storage.uploadFileAsync(o));
  sdk.getTempFileURL = storageCall('getTempFileURL', (o: { fileList?: unknown }) => storage.getTempFileURL(o));
  sdk.downloadFile = storageCall('downloadFile', (o: { fileID?: unknown }) => storage.downloadFile(o));
  sdk.deleteFile = storageCall('deleteFile', (o: { fileList?: unknown }) => storage.deleteFile(o));

  return {
    /** WeChat Pay's notification for a payment, sent to the function named in unifiedOrder. */
    async notifyPayment(outTradeNo, result) {
      const p = state.payment(outTradeNo);
      if (!p) throw new Error(`no payment ${outTradeNo}`);
      state.savePayment({ ...p, state: result === 'SUCCESS' ? 'SUCCESS' : 'PAYERROR' });
      const event = {
        returnCode: 'SUCCESS', appid: p.appid, mchId: LOCAL_MCH_ID, subMchId: p.subMchId, nonceStr: randomBytes(8).toString('hex'),
        resultCode: result, ...(result === 'FAIL' ? { errCode: 'PAYERROR', errCodeDes: 'payment failed' } : {}),
        openid: p.openid, isSubscribe: 'N', tradeType: 'JSAPI', bankType: 'OTHERS', totalFee: p.totalFee, feeType: 'CNY', cashFee: p.totalFee,
        transactionId: p.transactionId, outTradeNo, timeEnd: stamp(Date.now()), userInfo: { appId: p.appid, openId: p.openid },
      };
      return host.invoke(p.functionName, event, { openid: p.openid, appid: p.appid, source: 'wx_paycallback' });
    },
  };
}
