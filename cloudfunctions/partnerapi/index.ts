/**
 * partnerapi: the signed HTTP API for partner brands' backends (docs/partner-api.md). HTTP-triggered:
 * the event is `{httpMethod, path, headers, body}` and the answer `{statusCode, headers, body}`.
 */
import { handlePartnerRequest, sweepNonces, type HttpEvent } from '../../server/partnerapi';

export async function main(event: HttpEvent & { Type?: string; TriggerName?: string }): Promise<unknown> {
  if (event && event.Type === 'Timer') return { swept: await sweepNonces(Date.now()) };
  return handlePartnerRequest(event, Date.now());
}
