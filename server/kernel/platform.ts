/**
 * The one place server code reaches the platform (`wx-server-sdk`). Domain code never imports this.
 */
import cloud = require('wx-server-sdk');

let initialised = false;

/** The initialised SDK (current environment). */
export function platform(): typeof cloud {
  if (!initialised) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

/** Who is calling, as the platform says: never from the request. */
export interface Caller {
  openid: string;
  unionid?: string;
  appid?: string;
  /** `wx_client` for the mini-program, `wx_http` etc. for others (see getWXContext's SOURCE). */
  source: string;
}

export function callerFromPlatform(): Caller {
  const ctx = platform().getWXContext() as Record<string, string | undefined>;
  return {
    openid: ctx.OPENID ?? '',
    unionid: ctx.UNIONID || undefined,
    appid: ctx.APPID || undefined,
    source: ctx.SOURCE ?? 'wx_client',
  };
}

/** Operators are configured per environment (`ADMIN_OPENIDS`, comma separated, in the function's env). */
export function isOperator(openid: string): boolean {
  const list = (process.env.ADMIN_OPENIDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return openid !== '' && list.includes(openid);
}
