/**
 * The SDK's own wire protocol over HTTP, for functions running in another process.
 *
 * node-sdk POSTs JSON (`content-type: application/json`, no `Origin`) to `TCB_CONTEXT_CNFG.URL`
 * (e.g. `http://127.0.0.1:PORT/admin?env=..&seqId=..`) with the request params plus `action`, `envName`
 * and signature/token fields (ignored here), and expects HTTP 200 with the server's answer as JSON; an
 * answer with `code` becomes a thrown error on the SDK side.
 */
import type { IncomingHttpHeaders } from 'http';
import type { Engine } from './engine';
import { applyRequest, overTheWire } from './transport';

type AdminAnswer = { status: number; json: Record<string, unknown> };

/** The database action a POST body asks for, or the answer refusing it. */
function parse(body: Buffer): { action: string; params: Record<string, unknown> } | AdminAnswer {
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
  return { action, params };
}

/** Answers one POST body at once (no latency); never throws. */
export function handleAdminHttp(engine: Engine, body: Buffer, headers: IncomingHttpHeaders): AdminAnswer {
  void headers;
  const req = parse(body);
  if ('status' in req) return req;
  return { status: 200, json: engine.handle(req.action, req.params) };
}

/** Answers one POST body as the network would: with `DB_LATENCY_MS`, half the delay before applying, half after. */
export async function handleAdminHttpOverWire(engine: Engine, body: Buffer, headers: IncomingHttpHeaders): Promise<AdminAnswer> {
  void headers;
  const req = parse(body);
  if ('status' in req) return req;
  const json = await overTheWire(() => applyRequest(engine, req.action, req.params, () => undefined));
  return { status: 200, json };
}
