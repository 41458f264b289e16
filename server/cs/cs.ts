/**
 * Customer-service (客服) messages pushed to the `cs` function: understand the text (domain/cs/cs.ts),
 * answer with `customerServiceMessage.send`, and record both sides in `cs_messages`. An order query is
 * answered only for the sender's own order; asking for a person hands the chat to a human agent.
 */
import { DEFAULT_KEYWORD_RULES, orderReply, understand, type KeywordRule } from '../../domain/cs/cs';
import type { OrderStatus } from '../../typings/api';
import { db, findById } from '../kernel/db';
import { platform } from '../kernel/platform';
import { userIdFor } from '../membership/users';

export interface CsEvent { MsgType?: string; Content?: string; FromUserName?: string; ToUserName?: string; CreateTime?: number; MsgId?: number | string }

async function rules(): Promise<readonly KeywordRule[]> {
  const saved = await findById<{ rules: KeywordRule[] }>('settings', 'csKeywords');
  return saved?.rules?.length ? saved.rules : DEFAULT_KEYWORD_RULES;
}

async function record(openid: string, dir: 'in' | 'out', kind: string, content: string, now: number, extra: Record<string, unknown> = {}) {
  await db().collection('cs_messages').add({ data: { openid, dir, kind, content, at: now, ...extra } });
}

async function send(openid: string, content: string): Promise<void> {
  await platform().openapi.customerServiceMessage.send({ touser: openid, msgtype: 'text', text: { content } });
}

/**
 * Handles one pushed message. Returns what the platform expects back: `success`, or the
 * `transfer_customer_service` reply that moves the chat to the human agents' queue.
 */
export async function handleCsMessage(event: CsEvent, now: number): Promise<unknown> {
  const openid = event.FromUserName ?? '';
  if (!openid) return 'success';
  if (event.MsgType !== 'text' || typeof event.Content !== 'string') {
    await record(openid, 'in', event.MsgType ?? 'unknown', '', now);
    return 'success';
  }
  const content = event.Content.slice(0, 1000);
  await record(openid, 'in', 'text', content, now, { msgId: event.MsgId ?? null });
  const intent = understand(content, await rules());
  if (intent.kind === 'handoff') {
    await record(openid, 'out', 'handoff', '', now);
    return { ToUserName: openid, FromUserName: event.ToUserName ?? '', CreateTime: Math.floor(now / 1000), MsgType: 'transfer_customer_service' };
  }
  let reply: string;
  if (intent.kind === 'orderQuery') {
    const order = await findById<{ userId: string; status: OrderStatus }>('orders', intent.orderId);
    reply = orderReply(order, userIdFor(openid));
  } else reply = intent.reply;
  await send(openid, reply);
  await record(openid, 'out', intent.kind, reply, now);
  return 'success';
}
