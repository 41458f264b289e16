/**
 * Customer service (客服) message handling: decide what to answer to a user's text message. Keyword
 * replies are data (`KeywordRule[]`); a message naming an order asks for its status (the handler looks it
 * up and answers only for the sender's own order); asking for a person hands off to a human agent.
 * Pure: the handler loads the order and performs the effects.
 */
import type { OrderStatus } from '../../typings/api';

export interface KeywordRule {
  /** Any of these substrings (case-insensitive) triggers the reply. */
  keywords: string[];
  reply: string;
}

export const DEFAULT_KEYWORD_RULES: readonly KeywordRule[] = [
  { keywords: ['退款', 'refund'], reply: '退款进度可在「我的-订单」查看；发送订单号可为您查询订单状态。' },
  { keywords: ['发货', '快递', 'shipping'], reply: '订单支付后 48 小时内发货。发送订单号可为您查询订单状态。' },
  { keywords: ['积分', 'points'], reply: '积分每消费 1 元得 1 分，有效期 365 天，可在「会员中心」查看。' },
];

const HANDOFF = /人工|转人工|真人|客服人员|human|agent/i;
/** Order ids as the server makes them (`ord_` + 24 hex) or after the word 订单/order. */
const ORDER_ID = /\b(ord_[0-9a-f]{24})\b|(?:订单号?|order)\s*[:：#]?\s*([A-Za-z0-9_-]{6,64})/i;

export type CsIntent =
  | { kind: 'handoff' }
  | { kind: 'orderQuery'; orderId: string }
  | { kind: 'keyword'; reply: string }
  | { kind: 'fallback'; reply: string };

export const FALLBACK_REPLY = '您好，我们已收到您的消息。发送订单号可查询订单状态，回复“人工”转接人工客服。';
export const ORDER_NOT_FOUND_REPLY = '抱歉，没有找到您名下的这个订单，请核对订单号后再试。';

export function understand(content: string, rules: readonly KeywordRule[] = DEFAULT_KEYWORD_RULES): CsIntent {
  const text = content.trim();
  if (HANDOFF.test(text)) return { kind: 'handoff' };
  const m = ORDER_ID.exec(text);
  if (m) return { kind: 'orderQuery', orderId: m[1] ?? m[2] };
  const lower = text.toLowerCase();
  const rule = rules.find((r) => r.keywords.some((k) => k && lower.includes(k.toLowerCase())));
  return rule ? { kind: 'keyword', reply: rule.reply } : { kind: 'fallback', reply: FALLBACK_REPLY };
}

const STATUS_WORDS: Record<OrderStatus, string> = {
  pendingPayment: '待付款', paid: '已付款，待发货', shipped: '已发货', completed: '已完成', cancelled: '已取消', refunding: '退款中', refunded: '已退款',
};

/**
 * The reply to an order query. Only the sender's own order is described: another user's order, or none,
 * gets the same polite not-found (so order ids cannot be probed).
 */
export function orderReply(order: { _id: string; userId: string; status: OrderStatus } | null, senderUserId: string): string {
  if (!order || order.userId !== senderUserId) return ORDER_NOT_FOUND_REPLY;
  return `订单 ${order._id} 当前状态：${STATUS_WORDS[order.status] ?? order.status}。`;
}
