/**
 * The corpus through `npm start` itself (the bundled local cloud as a real process, outside the test
 * runner's module system): EXTRA_FUNCTIONS_DIR=test/localcloud/corpus, called over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any */
const entry = join(__dirname, '..', '..', '.build', 'localcloud.js');
let child: ChildProcess;
let base = '';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as { port: number };
      s.close(() => resolve(p));
    });
  });
  const env = { ...process.env, PORT: String(port), DATA_DIR: dir, SEED: 'off', LOCAL_TIMERS: 'off', EXTRA_FUNCTIONS_DIR: join(__dirname, 'corpus'), CORPUS_HOST_SECRET: 'host-only', TZ: 'Asia/Shanghai' };
  child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => ((out += b.toString()), /ready/.test(out) && resolve()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const result = async (name: string, event: unknown, openid = 'o-proc') => {
  const res = await fetch(`${base}/functions/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify(event) });
  return ((await res.json()) as any).result;
};

describe('when npm start serves the corpus', () => {
  it('sub-modules and packages of a function folder get the local SDK', async () => {
    expect(await result('quickstart', { type: 'getOpenId' })).toEqual({ openid: 'o-proc', appid: 'wx-local-app' });
    expect(await result('ownsdk', {})).toMatchObject({ fake: false, openid: 'o-proc', helperOpenid: 'o-proc' });
  });

  it('functions run in UTC with only their own variables, whatever the host’s TZ', async () => {
    await result('tzsetter', { mark: 'x' });
    expect(await result('envreader', {})).toMatchObject({ tz: 'UTC', hoursAtEpoch: 0, intlZone: 'UTC', greeting: '你好', hostSecret: null, lastCaller: null });
  });
});
