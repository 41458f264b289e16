/**
 * DB_LATENCY_MS: every database request is answered after a delay, applied at the round trip's midpoint,
 * in-process and over /admin; without it no timer is involved. And `GET /_local/calls` counts dbWrites.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLocalCloud } from '../../localcloud';
import { parseLatency, setTransportLatency } from '../../localcloud/engine';
import { createHttpServer } from '../../localcloud/server';

delete process.env.DB_LATENCY_MS;
const cloud = createLocalCloud({ dataDir: null, extraFunctionDirs: [join(__dirname, 'fixtures')] });
const server = createHttpServer(cloud);
let base = '';
beforeAll(async () => {
  cloud.engine.handle('database.addCollection', { collectionName: 'lat_notes' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => setTransportLatency(null));
afterAll(() => {
  server.closeAllConnections();
  server.close();
  cloud.close();
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('wx-server-sdk') as { init(o: object): void; database(): any }; // eslint-disable-line @typescript-eslint/no-explicit-any
sdk.init({ env: 'local' });
const notes = () => sdk.database().collection('lat_notes');
const stored = (id: string) => cloud.engine.find('lat_notes', { _id: id }).total;

describe('parsing DB_LATENCY_MS', () => {
  it.each([
    ['5', { min: 5, max: 5 }],
    ['2-8', { min: 2, max: 8 }],
    [' 1.5 - 3 ', { min: 1.5, max: 3 }],
  ])('reads %j', (spec, want) => expect(parseLatency(spec)).toEqual(want));

  it.each([[undefined], [''], ['0'], ['0-0']])('reads %j as no latency', (spec) => expect(parseLatency(spec)).toBeNull());

  it.each([['fast'], ['8-2'], ['-3'], ['1-2-3'], ['5ms']])('refuses %j instead of silently testing without latency', (spec) => expect(() => parseLatency(spec)).toThrow(/DB_LATENCY_MS/));
});

describe('when a latency is set', () => {
  it('answers a database request after the delay, having applied it at the midpoint', async () => {
    setTransportLatency({ min: 60, max: 60 });
    const started = Date.now();
    const sample: number[] = [];
    const probe = (ms: number) => new Promise<void>((r) => setTimeout(() => (sample.push(stored('mid')), r()), ms));
    const write = notes().add({ data: { _id: 'mid' } });
    await Promise.all([probe(10), probe(50), write]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(58);
    // Not applied while the request travels, applied while the answer travels back.
    expect(sample).toEqual([0, 1]);
  });

  it('lets concurrent read-then-write calls interleave: both read before either writes', async () => {
    setTransportLatency({ min: 20, max: 20 });
    await notes().add({ data: { _id: 'ctr', n: 0 } });
    const bump = async () => {
      const { data } = await notes().doc('ctr').get();
      await notes().doc('ctr').update({ data: { n: data.n + 1 } });
    };
    await Promise.all([bump(), bump()]);
    expect((cloud.engine.find('lat_notes', { _id: 'ctr' }).docs[0] as { n: number }).n).toBe(1); // a lost update, as on the network
  });

  it('delays /admin answers too', async () => {
    setTransportLatency({ min: 80, max: 80 });
    const started = Date.now();
    const res = await fetch(`${base}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'database.calculateDocument', collectionName: 'lat_notes', queryType: 'WHERE', query: '{}' }) });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('draws each delay from the range', async () => {
    setTransportLatency({ min: 5, max: 25 });
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = performance.now();
      await notes().where({ _id: 'none' }).count();
      times.push(performance.now() - t);
    }
    expect(Math.min(...times)).toBeGreaterThanOrEqual(4.5);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2); // not one fixed delay
  });
});

describe('when no latency is set', () => {
  it('answers without any timer', async () => {
    const spy = jest.spyOn(global, 'setTimeout');
    try {
      await notes().add({ data: { _id: 'quick' } });
      await notes().doc('quick').get();
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('is what createLocalCloud sets when DB_LATENCY_MS is unset', async () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) await notes().where({ _id: 'none' }).count();
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('the call log', () => {
  const call = async (event: Record<string, unknown>) => {
    const res = await fetch(`${base}/functions/naivegroup`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': `o-w-${Math.random()}` }, body: JSON.stringify(event) });
    const calls = (await (await fetch(`${base}/_local/calls?limit=1`)).json()) as { items: { name: string; dbRequests: number; dbWrites: number }[] };
    return { result: ((await res.json()) as { result: { groupId?: string; ok?: boolean } }).result, logged: calls.items[0] };
  };

  it('counts the database requests that wrote, apart from those that only read', async () => {
    const { result } = await call({ action: 'create', size: 1 });
    const joined = await call({ action: 'join', groupId: result.groupId });
    expect(joined.result.ok).toBe(true);
    expect(joined.logged).toMatchObject({ name: 'naivegroup', dbRequests: 3, dbWrites: 2 });
    const full = await call({ action: 'join', groupId: result.groupId });
    expect(full.result).toMatchObject({ ok: false, code: 'GROUP_FULL' });
    expect(full.logged).toMatchObject({ dbRequests: 1, dbWrites: 0 });
  });

  it('counts the writes of nested calls in the outer call', async () => {
    const res = await fetch(`${base}/functions/plainjs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': 'o-nest-w' }, body: JSON.stringify({ op: 'nested' }) });
    expect(res.status).toBe(200);
    const { items } = (await (await fetch(`${base}/_local/calls?limit=2`)).json()) as { items: { dbWrites: number; dbRequests: number }[] };
    const [outer, inner] = items;
    expect(inner.dbWrites).toBeGreaterThanOrEqual(2); // add + update (+ createCollection the first time)
    expect(inner.dbWrites).toBeLessThan(inner.dbRequests);
    expect(outer.dbWrites).toBe(inner.dbWrites);
  });
});
