/**
 * The local cloud's HTTP face (CONTRACT.md §1), served over a real socket, with the genuine
 * wx-server-sdk and our built function bundles behind it.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLocalCloud } from '../../localcloud';
import { createHttpServer } from '../../localcloud/server';

const cloud = createLocalCloud({ dataDir: null, extraFunctionDirs: [join(__dirname, 'fixtures')] });
const server = createHttpServer(cloud);
let base = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  cloud.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('the local cloud over HTTP', () => {
  it('answers the health check', async () => {
    const res = await fetch(`${base}/_local/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('logs a user in from the openid header and answers in the envelope', async () => {
    const first = await post('/functions/user', { action: 'login' }, { 'x-wx-openid': 'o-http-alice' });
    expect(first.status).toBe(200);
    expect(first.json.result).toMatchObject({ ok: true, data: { isNew: true, tier: 'member', pointsBalance: 0, inviterUserId: null } });
    const again = await post('/functions/user', { action: 'login' }, { 'x-wx-openid': 'o-http-alice' });
    expect(again.json.result.data).toMatchObject({ isNew: false, userId: first.json.result.data.userId });
  });

  it('takes identity from the headers, never from the request body', async () => {
    const res = await post('/functions/plainjs', { openid: 'o-forged', OPENID: 'o-forged' }, { 'x-wx-openid': 'o-real' });
    expect(res.json.result).toMatchObject({ openid: 'o-real', source: 'wx_client' });
  });

  it('refuses a user-facing call without an openid as UNAUTHENTICATED', async () => {
    const res = await post('/functions/user', { action: 'login' });
    expect(res.json.result).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
  });

  it('refuses an unknown action as INVALID_ARGUMENT', async () => {
    const res = await post('/functions/user', { action: 'dropTables' }, { 'x-wx-openid': 'o-x' });
    expect(res.json.result.error.code).toBe('INVALID_ARGUMENT');
  });

  it('answers 404 for an unknown function and 500 with errCode/errMsg when a function throws', async () => {
    expect((await post('/functions/nope', {})).status).toBe(404);
    const res = await post('/functions/plainjs', { op: 'throw' }, { 'x-wx-openid': 'o-x' });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ errCode: expect.any(Number), errMsg: expect.stringContaining('boom') });
  });

  it('runs plain JavaScript functions unchanged, with createCollection, operators and serverDate', async () => {
    const res = await post('/functions/plainjs', { op: 'note', text: 'hi' }, { 'x-wx-openid': 'o-js' });
    expect(res.json.result).toMatchObject({ openid: 'o-js', views: 1, atIsDate: true });
    const missing = await post('/functions/plainjs', { op: 'missing' }, { 'x-wx-openid': 'o-js' });
    expect(missing.json.result.errCode).toBe(-502005);
  });

  it('counts database requests per call, nested calls included', async () => {
    await post('/functions/plainjs', { op: 'nested' }, { 'x-wx-openid': 'o-nest' });
    const { json } = await (await fetch(`${base}/_local/calls?limit=2`)).json().then((j) => ({ json: j as { items: any[] } }));
    const [outer, inner] = json.items;
    expect(outer).toMatchObject({ name: 'plainjs', openid: 'o-nest', ok: true });
    expect(inner.name).toBe('plainjs');
    expect(inner.dbRequests).toBeGreaterThanOrEqual(3);
    expect(outer.dbRequests).toBe(inner.dbRequests);
    expect(outer.ms).toBeGreaterThanOrEqual(inner.ms);
  });

  it('moves the clock that functions and serverDate see', async () => {
    const before = (await post('/functions/plainjs', {}, { 'x-wx-openid': 'o-t' })).json.result.now as number;
    const { json } = await post('/_local/clock', { advanceMs: 3_600_000 });
    expect(json.now).toBeGreaterThanOrEqual(before + 3_600_000);
    const after = (await post('/functions/plainjs', {}, { 'x-wx-openid': 'o-t' })).json.result.now as number;
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    const note = (await post('/functions/plainjs', { op: 'note', text: 'later' }, { 'x-wx-openid': 'o-t' })).json.result;
    expect(note.at).toBeGreaterThanOrEqual(before + 3_600_000);
    expect((await post('/_local/clock', { advanceMs: -5 })).status).toBe(400);
  });

  it('runs a named timer trigger, and every trigger once on tick', async () => {
    const one = await post('/_local/triggers/plainjs', { triggerName: 'everyMinute' });
    expect(one.status).toBe(200);
    expect(one.json.result).toMatchObject({ source: 'wx_trigger' });
    expect((await post('/_local/triggers/plainjs', { triggerName: 'nope' })).status).toBe(404);
    const tick = await post('/_local/tick', {});
    expect(tick.json.ran).toContain('plainjs/everyMinute');
  });

  it('answers 404 for a payment it never saw', async () => {
    expect((await post('/_local/pay/unknown123', { result: 'SUCCESS' })).status).toBe(404);
    expect((await post('/_local/pay/unknown123', { result: 'MAYBE' })).status).toBe(400);
  });

  it('records every open API call in the outbox, and refuses APIs the function did not declare', async () => {
    const sent = await post('/functions/plainjs', { op: 'subscribe' }, { 'x-wx-openid': 'o-sub' });
    expect(sent.json.result).toMatchObject({ errCode: 0 });
    const { items } = (await (await fetch(`${base}/_local/outbox`)).json()) as { items: any[] };
    expect(items[0]).toMatchObject({ api: 'subscribeMessage.send', data: { touser: 'o-sub', templateId: 'tpl-1' }, at: expect.any(Number) });
    const refused = await post('/functions/plainjs', { op: 'qr' }, { 'x-wx-openid': 'o-sub' });
    expect(refused.json.result.errCode).toBe(-604101);
  });
});

describe('timer events', () => {
  it('are refused when a caller sends one to a function instead of the platform trigger', async () => {
    const res = await post('/functions/order', { Type: 'Timer', TriggerName: 'cancelExpired' }, { 'x-wx-openid': 'o-sneaky' });
    expect(res.json.result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    const real = await post('/_local/triggers/order', { triggerName: 'cancelExpired' });
    expect(real.json.result).toMatchObject({ cancelled: 0 });
  });
});
