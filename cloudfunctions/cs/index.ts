/** cs: WeChat customer-service message push (客服消息) → keyword replies, own-order lookup, human hand-off. */
import { handleCsMessage, type CsEvent } from '../../server/cs';

export async function main(event: CsEvent): Promise<unknown> {
  return handleCsMessage(event, Date.now());
}
