/**
 * Plain WeChat cloud functions of our corpus (test/localcloud/corpus), run unchanged through
 * EXTRA_FUNCTIONS_DIR over HTTP, answer as WeChat's documentation says the platform does.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLocalCloud } from '../../localcloud';
import { createHttpServer } from '../../localcloud/server';

/* eslint-disable @typescript-eslint/no-explicit-any */
process.env.CORPUS_HOST_SECRET = 'only-the-host-has-this';
const cloud = createLocalCloud({ dataDir: null, extraFunctionDirs: [join(__dirname, 'corpus')] });
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

async function call(name: string, event: unknown, openid = 'o-corpus'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}/functions/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify(event) });
  return { status: res.status, json: await res.json() };
}
const result = async (name: string, event: unknown, openid?: string) => (await call(name, event, openid)).json.result;

describe('when a router requires wx-server-sdk from its sub-modules (quickstartFunctions)', () => {
  it('gives every sub-module the local cloud SDK, with the caller context', async () => {
    expect(await result('quickstart', { type: 'getOpenId' }, 'o-quick')).toEqual({ openid: 'o-quick', appid: 'wx-local-app' });
  });

  it('gives sub-modules a working database', async () => {
    expect(await result('quickstart', { type: 'createCollection' })).toEqual({ success: true });
    await result('quickstart', { type: 'insertRecord', region: '华北', city: '北京', sales: 33 });
    const { data } = await result('quickstart', { type: 'selectRecord' });
    expect(data.map((d: any) => d.city)).toEqual(['北京', '广州', '上海']);
  });

  it('loads JSON files of the folder', async () => {
    expect(await result('quickstart', { type: 'version' })).toEqual({ version: '1.0.0' });
  });
});

describe('when a function folder carries its own node_modules/wx-server-sdk', () => {
  it('uses the local cloud SDK, never the copy in the folder, also inside its packages', async () => {
    expect(await result('ownsdk', {}, 'o-own')).toEqual({ fake: false, openid: 'o-own', helperOpenid: 'o-own', total: 'error -502005' });
  });
});

describe('when the mini-program calls a function', () => {
  it('injects userInfo {appId, openId} into the event and CLIENTIP into the context', async () => {
    expect(await result('whoami', { userInfo: { openId: 'o-forged' } }, 'o-who')).toEqual({
      userInfo: { appId: 'wx-local-app', openId: 'o-who' }, OPENID: 'o-who', APPID: 'wx-local-app', SOURCE: 'wx_client', CLIENTIP: '127.0.0.1', ENV: 'local',
      fromEnv: { WX_OPENID: 'o-who', WX_APPID: 'wx-local-app', WX_CLIENTIP: '127.0.0.1' }, envSource: 'wx_client',
    });
  });

  it('injects nothing into a timer event', async () => {
    const out = (await cloud.host.invoke('whoami', { Type: 'Timer' }, { source: 'wx_trigger' })) as any;
    expect(out).toMatchObject({ userInfo: null, SOURCE: 'wx_trigger', CLIENTIP: null });
  });
});

describe('when a function calls another one', () => {
  it('the callee sees the same user and the source wx_client,scf', async () => {
    const out = await result('caller', { callee: 'whoami' }, 'o-nest');
    expect(out).toEqual({ ok: true, result: expect.objectContaining({ OPENID: 'o-nest', SOURCE: 'wx_client,scf', userInfo: { appId: 'wx-local-app', openId: 'o-nest' } }) });
  });

  it('a callee that throws reaches the caller as errCode -504002 with the callee message', async () => {
    const out = await result('caller', { callee: 'thrower' });
    expect(out).toMatchObject({ ok: false, errCode: -504002 });
    expect(out.errMsg).toMatch(/^cloud\.callFunction:fail .*-504002 functions execute fail.*stock ran out in thrower/);
    expect(out.message).toBe(out.errMsg);
  });

  it('an unknown callee reaches the caller as ResourceNotFound', async () => {
    const out = await result('caller', { callee: 'no-such-function' });
    expect(out).toMatchObject({ ok: false, errCode: -501000 });
    expect(out.errMsg).toMatch(/^cloud\.callFunction:fail .*\[ResourceNotFound/);
  });
});

describe('when functions touch process.env', () => {
  it('one function setting TZ and a variable changes only its own environment', async () => {
    expect(await result('tzsetter', { mark: 'first' })).toEqual({ tz: 'Asia/Shanghai', lastCaller: 'first' });
    const reader = await result('envreader', {});
    expect(reader).toMatchObject({ tz: 'UTC', hoursAtEpoch: 0, offsetMinutes: 0, intlZone: 'UTC', lastCaller: null });
    expect(new Date(0).getTimezoneOffset()).toBe(0);
  });

  it('keeps a function’s own writes across its calls, as a warm container does', async () => {
    await result('tzsetter', { mark: 'second' });
    expect(await result('tzsetter', {})).toEqual({ tz: 'Asia/Shanghai', lastCaller: '' });
  });

  it('a function sees its declared variables and the platform’s, never the host’s', async () => {
    const reader = await result('envreader', {});
    expect(reader).toMatchObject({ greeting: '你好', hostSecret: null, functionName: 'envreader' });
    expect(reader.keys).toEqual(expect.arrayContaining(['TZ', 'SCF_FUNCTIONNAME', 'TCB_ENV', 'GREETING', 'WX_OPENID']));
    expect(reader.keys).not.toContain('CORPUS_HOST_SECRET');
    expect(process.env.CORPUS_HOST_SECRET).toBe('only-the-host-has-this');
  });

  it('our own functions still get the operator list they declare', async () => {
    expect((await result('admin', { action: 'createProduct' }, 'o-admin')).error.code).toBe('INVALID_ARGUMENT');
    expect((await result('admin', { action: 'createProduct' }, 'o-shopper')).error.code).toBe('FORBIDDEN');
  });
});

describe('when a store locator asks for shops nearby (the console has a 2dsphere index on location)', () => {
  // People's Square, the Bund (~1.9 km), Lujiazui (~3.2 km), Hongqiao (~13.5 km); checked by hand with an equirectangular estimate.
  const here = { longitude: 121.4737, latitude: 31.2304 };
  beforeAll(async () => {
    cloud.engine.ensureSchema({ collections: { corpus_shops: { indexes: [{ name: 'location_2dsphere', keys: { location: '2dsphere' } }] } } });
    await result('nearby', { ...here, action: 'seed', shops: [
      { id: 'hongqiao', name: '虹桥店', open: true, lng: 121.3364, lat: 31.1979 },
      { id: 'lujiazui', name: '陆家嘴店', open: false, lng: 121.5055, lat: 31.2397 },
      { id: 'bund', name: '外滩店', open: true, lng: 121.4903, lat: 31.24 },
    ] });
  });

  it('answers the shops within the radius, nearest first, as Geo points', async () => {
    expect(await result('nearby', { ...here, action: 'near', radius: 5000 })).toEqual([{ id: 'bund', lng: 121.4903, lat: 31.24 }, { id: 'lujiazui', lng: 121.5055, lat: 31.2397 }]);
  });

  it('answers the shops inside a circle given in radians', async () => {
    expect(await result('nearby', { ...here, action: 'within', radius: 2500 })).toEqual(['bund']);
  });

  it('aggregates open shops with their distance in metres', async () => {
    expect(await result('nearby', { ...here, action: 'distances' })).toEqual([
      { _id: 'bund', name: '外滩店', km: 1.9 },
      { _id: 'hongqiao', name: '虹桥店', km: 13.5 },
    ]);
  });
});

describe('when cart lines are updated in place', () => {
  it('arr.$.qty changes the line the query matched and arr.$[].checked every line', async () => {
    await result('positional', { action: 'init' }, 'o-cart');
    expect(await result('positional', { action: 'more', sku: 'cake' }, 'o-cart')).toEqual([{ sku: 'tea', qty: 1, checked: false }, { sku: 'cake', qty: 3, checked: false }]);
    expect((await result('positional', { action: 'checkAll' }, 'o-cart')).map((l: any) => l.checked)).toEqual([true, true]);
  });
});

describe('when a report aggregates', () => {
  it('joins a missing collection as [], orders a missing field below numbers, omits a missing element, keeps projection order', async () => {
    expect(await result('report', {})).toEqual([
      { keys: ['_id', 'fen', 'buyer', 'cover', 'reviews'], doc: { _id: 'a', fen: 500, buyer: 'u1', cover: 'p1', reviews: [] } },
      { keys: ['_id', 'buyer', 'reviews'], doc: { _id: 'b', buyer: 'u2', reviews: [] } },
    ]);
  });
});
