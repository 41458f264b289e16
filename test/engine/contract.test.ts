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
