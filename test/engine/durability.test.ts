/** Journal + snapshot durability: kill -9, torn tails, damage detection, compaction. */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { Engine, StoreDamagedError } from '../../localcloud/engine';

const root = path.resolve(__dirname, '../..');
let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-dur-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const open = (dir: string, extra: Record<string, unknown> = {}) => new Engine({ dir, now: () => 1_700_000_000_000, warn: () => {}, ...extra });
const insert = (e: Engine, doc: string) => e.handle('database.insertDocument', { collectionName: 'c', data: [doc] });
const getAll = (e: Engine) => (e.handle('database.getDocument', { collectionName: 'c', queryType: 'WHERE', limit: 1000 }) as any).data.list.map((s: string) => JSON.parse(s)); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('when the process is killed with SIGKILL right after acknowledged writes', () => {
  it('reopening finds every acknowledged write', async () => {
    const bundle = path.join(tmp, 'engine.js');
    buildSync({ entryPoints: [path.join(root, 'localcloud/engine/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, packages: 'external', logLevel: 'silent' });
    const dir = path.join(tmp, 'data');
    const script = `
      const { Engine } = require(${JSON.stringify(bundle)});
      const e = new Engine({ dir: ${JSON.stringify(dir)}, now: () => Date.now() });
      e.ensureSchema({ collections: { c: {} } });
      let i = 0;
      setInterval(() => {
        for (let k = 0; k < 20; k++) {
          i++;
          const r = e.handle('database.insertDocument', { collectionName: 'c', data: [JSON.stringify({ _id: 'd' + i, i })] });
          if (r.code) throw new Error(r.message);
          e.handle('database.modifyDocument', { collectionName: 'c', queryType: 'DOC', query: JSON.stringify({ _id: 'd' + i }), data: '{"$set":{"acked":true}}', merge: true, multi: false });
          process.stdout.write('ack ' + i + '\\n');
        }
      }, 1);`;
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') }, stdio: ['ignore', 'pipe', 'inherit'] });
    let lastAck = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (b: Buffer) => {
        for (const m of b.toString().matchAll(/ack (\d+)/g)) lastAck = Math.max(lastAck, Number(m[1]));
        if (lastAck >= 500 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(lastAck).toBeGreaterThanOrEqual(500);
    const e = open(dir);
    const docs = getAll(e);
    const byId = new Map(docs.map((d: any) => [d._id, d])); // eslint-disable-line @typescript-eslint/no-explicit-any
    e.close();
    // each acknowledged document exists with its acknowledged update
    const e2 = open(dir);
    const total = (e2.handle('database.calculateDocument', { collectionName: 'c', queryType: 'WHERE' }) as any).data.total; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(total).toBeGreaterThanOrEqual(lastAck);
    for (let i = 1; i <= Math.min(lastAck, 1000); i++) {
      const d = byId.get(`d${i}`) ?? JSON.parse((e2.handle('database.getDocument', { collectionName: 'c', queryType: 'DOC', query: JSON.stringify({ _id: `d${i}` }) }) as any).data.list[0]); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(d).toMatchObject({ _id: `d${i}`, acked: true });
    }
    e2.close();
  }, 30000);
});

describe('when reopening a data directory', () => {
  it('replays the journal, keeping types, indexes and collections', () => {
    const dir = path.join(tmp, 'd');
    let e = open(dir);
    e.ensureSchema({ collections: { c: { indexes: [{ name: 'k_1', keys: { k: 1 }, unique: true }] } } });
    insert(e, '{"_id":"a","k":1,"d":{"$date":{"$numberLong":"5"}},"f":{"$numberDouble":"1.5"}}');
    e.handle('database.modifyDocument', { collectionName: 'c', queryType: 'DOC', query: '{"_id":"a"}', data: '{"$inc":{"k":{"$numberInt":"1"}}}', merge: true, multi: false });
    insert(e, '{"_id":"b","k":5}');
    e.handle('database.removeDocument', { collectionName: 'c', queryType: 'DOC', query: '{"_id":"b"}', multi: false });
    e.close();
    e = open(dir);
    expect(getAll(e)).toEqual([{ _id: 'a', k: { $numberInt: '2' }, d: { $date: { $numberLong: '5' } }, f: { $numberDouble: '1.5' } }]);
    expect(insert(e, '{"k":2}').code).toBe('DATABASE_REQUEST_FAILED'); // unique index survived
    e.close();
  });
  it('truncates a torn final line with a warning and keeps everything before it', () => {
    const dir = path.join(tmp, 'd');
    let e = open(dir);
    e.ensureSchema({ collections: { c: {} } });
    insert(e, '{"_id":"a"}');
    insert(e, '{"_id":"b"}');
    e.close();
    const j = path.join(dir, 'journal.log');
    const full = fs.readFileSync(j);
    fs.writeFileSync(j, full.subarray(0, full.length - 7)); // cut inside the last line
    const warnings: string[] = [];
    e = open(dir, { warn: (m: string) => warnings.push(m) });
    expect(getAll(e).map((d: any) => d._id)).toEqual(['a']); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(warnings.join()).toMatch(/torn final line/);
    insert(e, '{"_id":"c"}');
    e.close();
    e = open(dir);
    expect(getAll(e).map((d: any) => d._id)).toEqual(['a', 'c']); // eslint-disable-line @typescript-eslint/no-explicit-any
    e.close();
  });
  it('refuses to open when a line before the end is damaged, naming file and position', () => {
    const dir = path.join(tmp, 'd');
    const e = open(dir);
    e.ensureSchema({ collections: { c: {} } });
    insert(e, '{"_id":"aaaa"}');
    insert(e, '{"_id":"b"}');
    e.close();
    const j = path.join(dir, 'journal.log');
    fs.writeFileSync(j, fs.readFileSync(j, 'utf8').replace('aaaa', 'aaab'));
    let err: unknown;
    try {
      open(dir);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(StoreDamagedError);
    expect((err as Error).message).toMatch(/journal\.log at line 2 \(byte \d+\): checksum mismatch/);
  });
  it('refuses to open an unparsable snapshot', () => {
    const dir = path.join(tmp, 'd');
    const e = open(dir);
    e.ensureSchema({ collections: { c: {} } });
    insert(e, '{"_id":"a"}');
    e.compact();
    e.close();
    fs.writeFileSync(path.join(dir, 'snapshot.json'), '{not json');
    expect(() => open(dir)).toThrow(StoreDamagedError);
    expect(() => open(dir)).toThrow(/snapshot\.json/);
  });
  it('compacts into a snapshot periodically and survives a crash between rename and journal truncation', () => {
    const dir = path.join(tmp, 'd');
    let e = open(dir, { compactEvery: 10 });
    e.ensureSchema({ collections: { c: {} } });
    for (let i = 0; i < 25; i++) insert(e, JSON.stringify({ _id: `x${i}`, i }));
    expect(e.stats().counters.compactions).toBe(2);
    expect(fs.existsSync(path.join(dir, 'snapshot.json'))).toBe(true);
    e.close();
    // simulate: snapshot renamed but the old journal was not truncated (records already in snapshot)
    const j = path.join(dir, 'journal.log');
    const journalBefore = fs.readFileSync(j);
    e = open(dir);
    e.compact();
    e.close();
    fs.writeFileSync(j, journalBefore);
    fs.writeFileSync(path.join(dir, 'snapshot.json.tmp'), 'half-written garbage');
    e = open(dir);
    expect(getAll(e)).toHaveLength(25);
    expect(fs.existsSync(path.join(dir, 'snapshot.json.tmp'))).toBe(false);
    e.close();
  });
  it('writes with fsync when asked', () => {
    const dir = path.join(tmp, 'd');
    const e = open(dir, { fsync: true });
    e.ensureSchema({ collections: { c: {} } });
    expect(insert(e, '{"_id":"a"}').code).toBeUndefined();
    e.close();
    expect(getAll(open(dir))).toHaveLength(1);
  });
});
