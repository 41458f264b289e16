/**
 * Cloud storage through the local cloud: plain WeChat functions upload, link, download and delete files;
 * bad calls fail their caller and never the cloud; files survive a restart; temporary URLs are served.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalCloud, type LocalCloud } from '../../localcloud';
import { createHttpServer } from '../../localcloud/server';

const fixtures = join(__dirname, 'fixtures');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');

interface Served { cloud: LocalCloud; base: string; close(): Promise<void> }

async function serve(dataDir: string | null): Promise<Served> {
  const cloud = createLocalCloud({ dataDir, extraFunctionDirs: [fixtures] });
  const server = createHttpServer(cloud);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    cloud,
    base,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      cloud.close();
    },
  };
}

let dir: string;
let s: Served;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lc-storage-'));
  s = await serve(dir);
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fn(event: Record<string, unknown>) {
  const res = await fetch(`${s.base}/functions/storagejs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': 'o-files' }, body: JSON.stringify(event) });
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const upload = async (cloudPath: unknown, content: Buffer = PNG) => (await fn({ op: 'upload', cloudPath, base64: content.toString('base64') })).json.result;

describe('when a function uploads a file', () => {
  it('answers a cloud:// fileID naming the environment, the bucket and the cloudPath', async () => {
    const out = await upload('avatars/o-files.png');
    expect(out.fileID).toBe('cloud://local.6c6f-local-1300000000/avatars/o-files.png');
  });

  it('gives a temporary URL the local cloud serves with the right content type, for strings and {fileID, maxAge}', async () => {
    const { fileID } = await upload('posters/p1.png');
    const { fileList } = (await fn({ op: 'url', fileList: [fileID, { fileID, maxAge: 60 }] })).json.result;
    expect(fileList).toEqual([
      { fileID, tempFileURL: expect.stringMatching(new RegExp(`^${s.base}/_local/storage/files/posters/p1\\.png\\?t=\\d+$`)), maxAge: 86400, status: 0, errMsg: 'ok' },
      { fileID, tempFileURL: expect.any(String), maxAge: 60, status: 0, errMsg: 'ok' },
    ]);
    const res = await fetch(fileList[1].tempFileURL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('downloads the same bytes as a Buffer', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    const { fileID } = await upload('raw/bytes.bin', bytes);
    const out = (await fn({ op: 'download', fileID })).json.result;
    expect(out.isBuffer).toBe(true);
    expect(Buffer.from(out.base64, 'base64').equals(bytes)).toBe(true);
  });

  it('takes fileContent as a readable stream, as third-party code passes it', async () => {
    const { fileID } = (await fn({ op: 'uploadStream', cloudPath: 'streams/s.txt', text: 'streamed bytes' })).json.result;
    expect(Buffer.from((await fn({ op: 'download', fileID })).json.result.base64, 'base64').toString()).toBe('streamed bytes');
  });

  it('links and serves a cloudPath with Chinese characters and spaces', async () => {
    const { fileID } = await upload('商品/主图 1.png');
    const { fileList } = (await fn({ op: 'url', fileList: [fileID] })).json.result;
    expect(fileList[0].tempFileURL).toContain('/_local/storage/files/%E5%95%86%E5%93%81/%E4%B8%BB%E5%9B%BE%201.png');
    const res = await fetch(fileList[0].tempFileURL);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/png']);
  });

  it('replaces a file uploaded again at the same cloudPath', async () => {
    await upload('notes/a.txt', Buffer.from('first'));
    const { fileID } = await upload('notes/a.txt', Buffer.from('second'));
    expect(Buffer.from((await fn({ op: 'download', fileID })).json.result.base64, 'base64').toString()).toBe('second');
  });

  it('deletes files, answering a non-zero status for one that is not there, and stops serving it', async () => {
    const { fileID } = await upload('tmp/gone.png');
    const url = (await fn({ op: 'url', fileList: [fileID] })).json.result.fileList[0].tempFileURL;
    const missing = 'cloud://local.6c6f-local-1300000000/tmp/never.png';
    const { fileList } = (await fn({ op: 'delete', fileList: [fileID, missing] })).json.result;
    expect(fileList).toEqual([
      { fileID, status: 0, errMsg: 'ok' },
      { fileID: missing, status: expect.any(Number), errMsg: 'STORAGE_FILE_NONEXIST' },
    ]);
    expect(fileList[1].status).not.toBe(0);
    expect((await fetch(url)).status).toBe(404);
    expect((await fn({ op: 'download', fileID })).json.result).toMatchObject({ caught: true, isError: true, errCode: -503003 });
  });

  it('answers a missing file in getTempFileURL with a non-zero status and STORAGE_FILE_NONEXIST', async () => {
    const missing = 'cloud://local.6c6f-local-1300000000/nope.png';
    const { fileList } = (await fn({ op: 'url', fileList: [missing] })).json.result;
    expect(fileList[0]).toMatchObject({ fileID: missing, tempFileURL: '', errMsg: 'STORAGE_FILE_NONEXIST' });
    expect(fileList[0].status).not.toBe(0);
  });
});

describe('when a storage call is bad', () => {
  it.each([
    ['a path that climbs out with ../', { op: 'upload', cloudPath: '../../etc/evil.png', base64: 'AA==' }],
    ['a path hidden in the middle', { op: 'upload', cloudPath: 'a/../../b.png', base64: 'AA==' }],
    ['an absolute path', { op: 'upload', cloudPath: '/etc/passwd', base64: 'AA==' }],
    ['a backslash path', { op: 'upload', cloudPath: '..\\\\x.png', base64: 'AA==' }],
    ['no cloudPath', { op: 'upload', base64: 'AA==' }],
    ['no fileContent', { op: 'upload', cloudPath: 'x.png' }],
    ['fileContent that is not bytes', { op: 'upload', cloudPath: 'x.png', raw: { a: 1 } }],
    ['a fileID of another environment', { op: 'download', fileID: 'cloud://prod-123.7072-prod-123-1250000000/x.png' }],
    ['a fileID that climbs out', { op: 'download', fileID: 'cloud://local.6c6f-local-1300000000/../../journal.log' }],
    ['a fileList that is not a list', { op: 'url', fileList: 'cloud://x' }],
    ['an empty fileList', { op: 'delete', fileList: [] }],
    ['a negative maxAge', { op: 'url', fileList: [{ fileID: 'cloud://local.6c6f-local-1300000000/x.png', maxAge: -1 }] }],
  ])('rejects %s with an Error carrying errCode and errMsg', async (_label, event) => {
    const out = (await fn(event)).json.result;
    expect(out).toEqual({ caught: true, isError: true, errCode: -501007, errMsg: expect.stringMatching(/:fail /) });
  });

  it('writes nothing outside the storage folder and leaves no temporary files', () => {
    expect(existsSync(join(dir, 'etc'))).toBe(false);
    expect(existsSync(join(dir, '..', 'etc', 'evil.png'))).toBe(false);
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [e.name]));
    expect(walk(join(dir, 'storage')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('fails only the calling function when it does not catch, and the cloud keeps serving', async () => {
    const res = await fn({ op: 'unhandled', fileID: 'cloud://local.6c6f-local-1300000000/none.png' });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ errCode: -503003, errMsg: expect.stringContaining('STORAGE_FILE_NONEXIST') });
    expect((await fetch(`${s.base}/_local/health`)).status).toBe(200);
    expect((await upload('still/alive.png')).fileID).toMatch(/^cloud:\/\//);
  });

  it('refuses many files per temporary-URL call, as the platform does (50 at most)', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `cloud://local.6c6f-local-1300000000/m${i}.png`);
    expect((await fn({ op: 'url', fileList: many })).json.result).toMatchObject({ caught: true, errCode: -501007 });
  });
});

describe('when the local cloud restarts on the same data dir', () => {
  it('still has every acknowledged upload', async () => {
    const own = mkdtempSync(join(tmpdir(), 'lc-storage-restart-'));
    try {
      let first: Served | null = await serve(own);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await first.cloud.storage.uploadFile({ cloudPath: `durable/${i}.png`, fileContent: Buffer.concat([PNG, Buffer.from([i])]) })).fileID);
      await first.close();
      first = null;
      const second = await serve(own);
      try {
        for (let i = 0; i < 5; i++) expect(second.cloud.storage.downloadFile({ fileID: ids[i] }).fileContent.equals(Buffer.concat([PNG, Buffer.from([i])]))).toBe(true);
        const res = await fetch(`${second.base}/_local/storage/files/durable/3.png`);
        expect(res.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('the storage routes', () => {
  it('serves stored files by cloudPath with their content type, and 404 for a missing one', async () => {
    s.cloud.storage.put('demo/pic.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    const svg = await fetch(`${s.base}/_local/storage/files/demo/pic.svg`);
    expect([svg.status, svg.headers.get('content-type'), svg.headers.get('x-content-type-options')]).toEqual([200, 'image/svg+xml', 'nosniff']);
    const missing = await fetch(`${s.base}/_local/storage/files/demo/none.svg`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errCode: -503003 });
    expect((await fetch(`${s.base}/_local/storage/files/..%2F..%2Fdb%2Fjournal.log`)).status).toBe(404);
  });

  it('takes an upload from the mini-program as raw bytes with its cloudPath, and links it', async () => {
    const res = await fetch(`${s.base}/_local/storage/upload?cloudPath=${encodeURIComponent('reviews/o-files/1.png')}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', origin: s.base }, body: new Uint8Array(PNG) });
    expect(res.status).toBe(200);
    const { fileID } = (await res.json()) as { fileID: string };
    expect(fileID).toBe('cloud://local.6c6f-local-1300000000/reviews/o-files/1.png');
    const linked = await fetch(`${s.base}/_local/storage/temp-urls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fileList: [fileID] }) });
    const { fileList } = (await linked.json()) as { fileList: { tempFileURL: string; status: number }[] };
    expect(fileList[0].status).toBe(0);
    expect(Buffer.from(await (await fetch(fileList[0].tempFileURL)).arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses an upload from another origin, in another content type, or to a climbing path, storing nothing', async () => {
    const up = (cloudPath: string, headers: Record<string, string>) => fetch(`${s.base}/_local/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers, body: new Uint8Array(PNG) });
    expect((await up('x/evil1.png', { 'content-type': 'application/octet-stream', origin: 'http://evil.example' })).status).toBe(403);
    expect((await up('x/evil2.png', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await up('x/evil3.png', { 'content-type': 'multipart/form-data; boundary=x' })).status).toBe(415);
    const climbing = await up('../evil4.png', { 'content-type': 'application/octet-stream' });
    expect(climbing.status).toBe(400);
    expect(await climbing.json()).toMatchObject({ errCode: -501007 });
    for (const name of ['x/evil1.png', 'x/evil2.png', 'x/evil3.png']) expect(s.cloud.storage.read(name)).toBeNull();
    expect(existsSync(join(dir, 'storage', 'evil4.png'))).toBe(false);
  });
});
