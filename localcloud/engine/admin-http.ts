/**
 * The SDK's own wire protocol over HTTP, for functions running in another process.
 *
 * node-sdk POSTs JSON to `TCB_CONTEXT_CNFG.URL` (e.g. `http://127.0.0.1:PORT/admin?env=..&seqId=..`)
 * with the request params plus `action`, `envName` and signature/token fields (ignored here), and
 * expects HTTP 200 with the server's answer as JSON; an answer with `code` becomes a thrown error
 * on the SDK side.
 */
import type { IncomingHttpHeaders } from 'http';
import type { Engine } from './engine';

/** Answers one POST body; never throws. */
export function handleAdminHttp(engine: Engine, body: Buffer, headers: IncomingHttpHeaders): { status: number; json: Record<string, unknown> } {
  void headers;
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return { status: 400, json: { code: 'INVALID_PARAM', message: `bad JSON body: ${(e as Error).message}` } };
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    return { status: 400, json: { code: 'INVALID_PARAM', message: 'body must be a JSON object' } };
  }
  const params = payload as Record<string, unknown>;
  const action = params.action;
  if (typeof action !== 'string' || !action.startsWith('database.')) {
    return { status: 200, json: { code: 'INVALID_PARAM', message: `unsupported action on the local admin endpoint: ${String(action)}`, requestId: '' } };
  }
  return { status: 200, json: engine.handle(action, params) };
}
