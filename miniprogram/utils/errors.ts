import type { ErrorCode } from '../../typings/api';

/** What the user reads for an error code; codes without their own words get the generic line. */
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: '请先登录',
  OUT_OF_STOCK: '库存不足',
  LIMIT_EXCEEDED: '超出限购数量',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '网络开小差了，请稍后重试',
};

export function errorText(code: ErrorCode): string {
  return MESSAGES[code] ?? '出错了，请稍后重试';
}
