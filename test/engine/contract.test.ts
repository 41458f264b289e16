/**
 * Contract with wx-server-sdk internals the engine relies on. If this fails after an SDK
 * upgrade, re-check transport.ts and the wire shapes before changing the expectations.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EngineTransport, installTransport, setTransportEngine, Engine } from '../../localcloud/engine';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const wxDir = path.dirname(require.resolve('wx-server-sdk'));
const nodeSdkMain = require.resolve('@cloudbase/node-sdk', { paths: [wxDir] });
const dbMain = require.resolve('@cloudbase/database', { paths: [path.dirname(nodeSdkMain)] });
const pkg = (main: string, name: string) => {
  let d = path.dirname(main);
  while (!fs.existsSync(path.join(d, 'package.json')) || JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).name !== name) d = path.dirname(d);
  return JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8'));
};

describe('the wx-server-sdk internals the local database depends on', () => {
  it('wx-server-sdk is exactly 4.0.2 with node-sdk 3.17.2 and @cloudbase/database 1.4.3', () => {
    expect(require('wx-server-sdk/package.json').version).toBe('4.0.2');
    expect(pkg(nodeSdkMain, '@cloudbase/node-sdk').version).toBe('3.17.2');
    expect(pkg(dbMain, '@cloudbase/database').version).toBe('1.4.3');
  });
  it('node-sdk assigns Db.reqClass on every database() call, and the SDK sends through Db.reqClass', async () => {
    const { Db } = require(dbMain);
    const cloud = require('wx-server-sdk');
    cloud.init({ env: 'local' });
    Db.reqClass = class Dummy {};
    cloud.database();
    expect(Db.reqClass.name).toBe('TcbDBApiHttpRequester');
    const calls: string[] = [];
    Db.reqClass = class Spy {
      async send(action: string) {
        calls.push(action);
        return { requestId: 'x', data: { list: [] } };
      }
    };
    // a Db built before the reassignment still uses the static at request time
    const raw = new Db({});
    await raw.collection('c').where({ a: 1 }).get();
    expect(calls).toEqual(['database.getDocument']);
  });
  it('runTransaction retries exactly on the DATABASE_TRANSACTION_CONFLICT code thrown by commit', () => {
    const src = fs.readFileSync(path.join(path.dirname(dbMain), 'transaction', 'index.js'), 'utf8');
    expect(src).toMatch(/error\.code === code_1\.ERRORS\.DATABASE_TRANSACTION_CONFLICT\.code/);
    const { ERRORS } = require(path.join(path.dirname(dbMain), 'const', 'code.js'));
    expect(ERRORS.DATABASE_TRANSACTION_CONFLICT.code).toBe('DATABASE_TRANSACTION_CONFLICT');
  });
  it('after installTransport, database() cannot replace EngineTransport', async () => {
    installTransport();
    const engine = new Engine({ dir: null, now: () => 0 });
    engine.ensureSchema({ collections: { c: {} } });
    setTransportEngine(engine);
    const { Db } = require(dbMain);
    const cloud = require('wx-server-sdk');
    const db = cloud.database();
    expect(Db.reqClass).toBe(EngineTransport);
    Db.reqClass = class Other {};
    expect(Db.reqClass).toBe(EngineTransport);
    expect((await db.collection('c').add({ data: { a: 1 } }))._id).toBeTruthy();
  });
  it('wx-server-sdk maps the error codes the engine returns', () => {
    const src = fs.readFileSync(require.resolve('wx-server-sdk'), 'utf8');
    expect(src).toContain('DATABASE_REQUEST_FAILED: -502001');
    expect(src).toContain('DATABASE_COLLECTION_NOT_EXIST: -502005');
    expect(src).toContain('document with _id ${_id} does not exist');
  });
});

/**
 * The wire shapes the engine's geo, positional-update and aggregation code reads. Captured from the real
 * SDK through the installed transport with a recording engine in place of ours.
 */
describe('the wire shapes of what the engine interprets', () => {
  let sent: Array<{ action: string; params: any }> = [];
  let answer: unknown = { data: { list: [] } };
  let db: any;
  beforeAll(() => {
    installTransport();
    const recorder = { handle: (action: string, params: any) => (sent.push({ action, params }), answer) } as unknown as Engine;
    setTransportEngine(recorder);
    const cloud = require('wx-server-sdk');
    cloud.init({ env: 'local' });
    db = cloud.database();
  });
  beforeEach(() => {
    sent = [];
    answer = { data: { list: [] } };
  });
  const last = () => sent[sent.length - 1].params;
  const plain = (ejson: string) => JSON.parse(JSON.stringify(require('bson').EJSON.parse(ejson, { relaxed: true })));

  it('Geo values travel as GeoJSON {type, coordinates: [longitude, latitude]}', async () => {
    answer = { data: { _id: 'x', insertedIds: ['x'] } };
    const P = (x: number, y: number) => new db.Geo.Point(x, y);
    const ring = new db.Geo.LineString([P(0, 0), P(1, 0), P(1, 1), P(0, 0)]);
    await db.collection('c').add({ data: { p: P(113.3, 23.1), l: ring, g: new db.Geo.Polygon([ring]), mp: new db.Geo.MultiPoint([P(1, 2)]), mg: new db.Geo.MultiPolygon([new db.Geo.Polygon([ring])]) } }).catch(() => undefined);
    const doc = plain(sent[0].params.data[0]);
    const ringCoords = [[0, 0], [1, 0], [1, 1], [0, 0]];
    expect(doc).toEqual({
      p: { type: 'Point', coordinates: [113.3, 23.1] },
      l: { type: 'LineString', coordinates: ringCoords },
      g: { type: 'Polygon', coordinates: [ringCoords] },
      mp: { type: 'MultiPoint', coordinates: [[1, 2]] },
      mg: { type: 'MultiPolygon', coordinates: [[ringCoords]] },
    });
  });

  it('GeoJSON in an answer is read back as the SDK Geo classes', async () => {
    answer = { data: { list: ['{"p":{"type":"Point","coordinates":[1,2]}}'] } };
    const { data } = await db.collection('c').where({}).get();
    expect(data[0].p.constructor.name).toBe('Point');
    expect([data[0].p.longitude, data[0].p.latitude]).toEqual([1, 2]);
  });

  it('_.geoNear is $nearSphere with $geometry and metres; geoWithin and geoIntersects keep Mongo names', async () => {
    const _ = db.command;
    const here = new db.Geo.Point(1, 2);
    await db.collection('c').where({ p: _.geoNear({ geometry: here, maxDistance: 10, minDistance: 1 }) }).get();
    expect(plain(last().query)).toEqual({ p: { $nearSphere: { $geometry: { type: 'Point', coordinates: [1, 2] }, $maxDistance: 10, $minDistance: 1 } } });
    await db.collection('c').where({ p: _.geoWithin({ centerSphere: [here, 0.5] }) }).get();
    expect(plain(last().query)).toEqual({ p: { $geoWithin: { $centerSphere: [[1, 2], 0.5] } } });
    const poly = new db.Geo.Polygon([new db.Geo.LineString([new db.Geo.Point(0, 0), new db.Geo.Point(1, 0), new db.Geo.Point(1, 1), new db.Geo.Point(0, 0)])]);
    await db.collection('c').where({ p: _.geoWithin({ geometry: poly }) }).get();
    expect(plain(last().query).p.$geoWithin.$geometry.type).toBe('Polygon');
    await db.collection('c').where({ p: _.geoIntersects({ geometry: here }) }).get();
    expect(plain(last().query)).toEqual({ p: { $geoIntersects: { $geometry: { type: 'Point', coordinates: [1, 2] } } } });
  });

  it('the aggregate geoNear stage is $geoNear with near as GeoJSON', async () => {
    await db.collection('c').aggregate().geoNear({ near: new db.Geo.Point(1, 2), spherical: true, distanceField: 'd', query: { a: 1 } }).end();
    const [stage] = last().stages;
    expect(stage.stageKey).toBe('$geoNear');
    expect(plain(stage.stageValue)).toEqual({ near: { type: 'Point', coordinates: [1, 2] }, spherical: true, distanceField: 'd', query: { a: 1 } });
  });

  it('positional paths and $.trunc reach the engine as written', async () => {
    answer = { data: { updated: 0 } };
    await db.collection('c').where({ 'a.k': 1 }).update({ data: { 'a.$.n': 1, 'b.$[].n': 2 } });
    expect(plain(last().data)).toEqual({ $set: { 'a.$.n': 1, 'b.$[].n': 2 } });
    answer = { data: { list: [] } };
    await db.collection('c').aggregate().project({ t: db.command.aggregate.trunc('$x') }).end();
    expect(plain(last().stages[0].stageValue)).toEqual({ t: { $trunc: '$x' } });
  });

  it("the SDK's own getWXContext reads WX_CONTEXT_KEYS (full variable names) and TCB_SOURCE, as env.ts sets them", () => {
    const src = fs.readFileSync(require.resolve('wx-server-sdk'), 'utf8');
    expect(src).toContain("const contextKeys = process.env.WX_CONTEXT_KEYS.split(',');");
    expect(src).toContain('wxContext[key.slice(3)] = val;');
    expect(src).toContain('wxContext.SOURCE = process.env.TCB_SOURCE;');
  });
});
