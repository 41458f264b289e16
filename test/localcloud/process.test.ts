/**
 * `npm start` as a real process: the `ready` line, persistence across restarts, `kill -9` right after
 * an acknowledged write, and a damaged store reported rather than silently emptied.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

interface Running { child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> }

async function start(dataDir: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], { env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED: 'off', LOCAL_TIMERS: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (/ready/.test(out)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    void exited.then((code) => reject(new Error(`exited ${code} before ready:\n${out}`)));
  });
  return { child, port, output: () => out, exited };
}

async function login(port: number, openid: string) {
  const res = await fetch(`http://127.0.0.1:${port}/functions/user`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify({ action: 'login' }) });
  return ((await res.json()) as { result: { ok: boolean; data: { isNew: boolean; userId: string } } }).result;
}

describe('the local cloud as a process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'localcloud-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints ready, and keeps acknowledged writes across kill -9', async () => {
    const first = await start(dir);
    expect(first.output()).toMatch(/ready on http:\/\/127\.0\.0\.1:\d+/);
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await login(first.port, `o-durable-${i}`));
    expect(users.every((u) => u.ok && u.data.isNew)).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await start(dir);
    for (let i = 0; i < 5; i++) {
      const again = await login(second.port, `o-durable-${i}`);
      expect(again.data).toMatchObject({ isNew: false, userId: users[i].data.userId });
    }
    second.child.kill('SIGKILL');
    await second.exited;
  });

  it('recovers from a torn last journal line (a crash mid-write)', async () => {
    const first = await start(dir);
    await login(first.port, 'o-torn');
    first.child.kill('SIGKILL');
    await first.exited;
    appendFileSync(join(dir, 'db', 'journal.log'), '1234abcd {"q":99,"ops":[{"t":"put"');
    const second = await start(dir);
    expect((await login(second.port, 'o-torn')).data.isNew).toBe(false);
    second.child.kill('SIGKILL');
    await second.exited;
  });

  it('refuses a second local cloud on a data dir that is in use, and takes over once its owner is gone', async () => {
    const first = await start(dir);
    await expect(start(dir)).rejects.toThrow(/in use by process \d+/);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await start(dir);
    expect(second.output()).toMatch(/ready/);
    second.child.kill('SIGKILL');
    await second.exited;
  });

  it('refuses to start on a damaged store instead of starting empty', async () => {
    const first = await start(dir);
    await login(first.port, 'o-damaged-1');
    await login(first.port, 'o-damaged-2');
    first.child.kill('SIGKILL');
    await first.exited;
    const file = join(dir, 'db', 'journal.log');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = lines[0].replace(/"/, "'"); // corrupt the first record, keep later ones intact
    writeFileSync(file, lines.join('\n'));
    await expect(start(dir)).rejects.toThrow(/damaged|StoreDamaged/i);
  });
});
