import type { AfterSaleStatus, GroupStatus, OrderStatus, Tier } from '../../typings/api';

/**
 * Every code the server answers, in the words a shopper reads. Pages never show a code or an id as it
 * is: a tier, a status, an order number go through these.
 */

const TIER_NAMES: Record<string, string> = {
  member: '普通会员',
  silver: '白银会员',
  gold: '黄金会员',
  platinum: '铂金会员',
  diamond: '钻石会员',
};

/**
 * `silver` → 白银会员. A tier an operator named in Chinese (`金卡`) reads as named; any other unknown code
 * reads 会员, never the code.
 */
export function tierName(tier: Tier | null | undefined): string {
  if (!tier) return TIER_NAMES.member;
  return TIER_NAMES[tier] ?? (/[\u4e00-\u9fff]/.test(tier) ? tier : '会员');
}

export const ORDER_STATUS_NAMES: Record<OrderStatus, string> = {
  pendingPayment: '待付款',
  paid: '待发货',
  shipped: '待收货',
  completed: '已完成',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
};

export function orderStatusName(status: OrderStatus): string {
  return ORDER_STATUS_NAMES[status] ?? '处理中';
}

/** How a status is coloured: waiting on the buyer in the brand's red, under way in orange, done in green, ended in grey. */
export type StatusTone = 'brand' | 'warning' | 'success' | 'muted';

export const ORDER_STATUS_TONES: Record<OrderStatus, StatusTone> = {
  pendingPayment: 'brand',
  paid: 'warning',
  shipped: 'brand',
  completed: 'success',
  cancelled: 'muted',
  refunding: 'warning',
  refunded: 'muted',
};

export function orderStatusTone(status: OrderStatus): StatusTone {
  return ORDER_STATUS_TONES[status] ?? 'muted';
}

/** A tone as TDesign's tag theme (the brand's red is TDesign's `primary` here). */
export const TAG_THEME: Record<StatusTone, 'primary' | 'warning' | 'success' | 'default'> = {
  brand: 'primary',
  warning: 'warning',
  success: 'success',
  muted: 'default',
};

export const AFTER_SALE_NAMES: Record<AfterSaleStatus, string> = {
  requested: '售后审核中',
  approved: '售后已同意',
  rejected: '售后被拒绝',
};

export function afterSaleName(status: AfterSaleStatus): string {
  return AFTER_SALE_NAMES[status] ?? '售后处理中';
}

export const GROUP_STATUS_NAMES: Record<GroupStatus, string> = { forming: '拼团中', formed: '已成团', failed: '未成团' };

/**
 * An id as a readable number: the part after the kind prefix (`ord_37af09c1e2…` → `37AF 09C1 E2…`),
 * upper-cased and grouped by four, so it can be read out to customer service. Copy the raw id, show this.
 */
export function readableNo(id: string): string {
  const bare = id.replace(/^[a-z]+[_-]/i, '').replace(/[^0-9a-z]/gi, '').toUpperCase();
  return bare.replace(/(.{4})(?=.)/g, '$1 ');
}

/** An instant in China time (UTC+8), whatever the phone's zone: `2026-05-01 09:30`. */
export function chinaTime(at: number): string {
  const iso = new Date(at + 8 * 3600_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A countdown as `HH:MM:SS` (or `D天 HH:MM:SS` beyond a day); 0 and below read `00:00:00`. */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}天 ${hms}` : hms;
}

/** Reasons a shopper picks from when asking for a refund. */
export const REFUND_REASONS = ['不想要了', '商品与描述不符', '质量问题', '少件/漏发', '快递一直未送达', '其他原因'] as const;
