/** cs: WeChat customer-service message push (客服消息) → keyword replies, own-order lookup, human hand-off. */
import { handleCsMessage, type CsEvent } from '../../server/cs/cs';
import { platform } from '../../server/kernel/platform';

export async function main(event: CsEvent): Promise<unknown> {
  // Anyone can call a cloud function from a mini-program: a pushed message is only believed when the
  // platform's caller (if any) is the sender it names, so nobody can speak, or ask, in someone else's name.
  const { OPENID } = platform().getWXContext() as { OPENID?: string };
  if (OPENID && OPENID !== event?.FromUserName) {
    console.error('[cs] refused a message whose sender is not the caller');
    return 'success';
  }
  return handleCsMessage(event, Date.now());
}
