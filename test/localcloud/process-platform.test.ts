/**
 * `npm start` as a real process with the second-round platform features: DB_LATENCY_MS read from the
 * environment, and a storage call that fails (or any storage call at all, before) not taking the process down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entry = join(__dirname, '..', '..', '.build', 'localcloud.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function start(dataDir: string, env: Record<string, string>): Promise<{ child: ChildProcess; base: string; exited: Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], { env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED: 'off', LOCAL_TIMERS: 'off', EXTRA_FUNCTIONS_DIR: join(__dirname, 'fixtures'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (/ready/.test(out)) resolve();
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    void exited.then((code) => reject(new Error(`exited ${code} before ready:\n${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, exited };
}

const call = (base: string, fn: string, event: unknown) =>
  fetch(`${base}/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': 'o-proc' }, body: JSON.stringify(event) });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'localcloud-platform-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the local cloud process', () => {
  it('keeps serving when functions use cloud storage, failing calls included, and keeps the files', async () => {
    const lc = await start(dir, {});
    try {
      const up = await call(lc.base, 'functions/storagejs', { op: 'upload', cloudPath: 'proc/a.txt', base64: Buffer.from('kept').toString('base64') });
      expect(((await up.json()) as { result: { fileID: string } }).result.fileID).toMatch(/^cloud:\/\/local\..+\/proc\/a\.txt$/);
      const bad = await call(lc.base, 'functions/storagejs', { op: 'unhandled', fileID: 'cloud://elsewhere/x' });
      expect(bad.status).toBe(500);
      const traversal = await call(lc.base, 'functions/storagejs', { op: 'upload', cloudPath: '../../escape.txt', base64: 'AA==' });
      expect(((await traversal.json()) as { result: { errCode: number } }).result.errCode).toBe(-501007);
      expect((await fetch(`${lc.base}/_local/health`)).status).toBe(200);
      const served = await fetch(`${lc.base}/_local/storage/files/proc/a.txt`);
      expect([served.status, await served.text()]).toEqual([200, 'kept']);
    } finally {
      lc.child.kill('SIGKILL');
      await lc.exited;
    }
    const again = await start(dir, {});
    try {
      expect(await (await fetch(`${again.base}/_local/storage/files/proc/a.txt`)).text()).toBe('kept');
    } finally {
      again.child.kill('SIGKILL');
      await again.exited;
    }
  }, 30000);

  it('delays every database request by DB_LATENCY_MS', async () => {
    const lc = await start(dir, { DB_LATENCY_MS: '40' });
    try {
      const res = await call(lc.base, 'functions/naivegroup', { action: 'create', size: 3 });
      expect(res.status).toBe(200);
      const { items } = (await (await fetch(`${lc.base}/_local/calls?limit=1`)).json()) as { items: { ms: number; dbRequests: number }[] };
      expect(items[0].dbRequests).toBeGreaterThanOrEqual(2);
      expect(items[0].ms).toBeGreaterThanOrEqual(40 * items[0].dbRequests - 5);
    } finally {
      lc.child.kill('SIGKILL');
      await lc.exited;
    }
  }, 30000);
});
