/**
 * partnerapi: the signed HTTP API for partner brands' backends (docs/partner-api.md). HTTP-triggered:
 * the event is `{httpMethod, path, headers, body}` and the answer `{statusCode, headers, body}`.
 */
import { handlePartnerRequest, sweepNonces, type HttpEvent } from '../../server/alliance/partnerapi';
import { platform } from '../../server/kernel/platform';

export async function main(event: HttpEvent & { Type?: string; TriggerName?: string }): Promise<unknown> {
  if (event && event.Type === 'Timer') {
    // Only the platform's trigger sweeps; an HTTP caller sending a timer-shaped body gets the API's answer.
    const source = String((platform().getWXContext() as Record<string, unknown>).SOURCE ?? '');
    if (source.split(',')[0] === 'wx_trigger') return { swept: await sweepNonces(Date.now()) };
  }
  return handlePartnerRequest(event, Date.now());
}
