/**
 * Cloud storage as WeChat cloud has it, on this machine: files named by `cloudPath`, identified by
 * `cloud://<env>.<bucket>/<cloudPath>` fileIDs, fetched through temporary URLs the local cloud serves
 * (`GET /_local/storage/files/<cloudPath>`).
 *
 * Files live under `DATA_DIR/storage/files/<cloudPath>` and are written like the journal: to a temporary
 * file beside the target, fsync'ed, renamed over the target, then the directory is fsync'ed, all before
 * the upload is acknowledged. With no data dir (tests) they are kept in memory.
 *
 * Errors are `StorageError`s carrying `errCode`/`errMsg` as the platform's (`-501007` bad parameter,
 * `-503003` no such file, `-403001` too large); a failing call rejects its caller and nothing else.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The most one file may hold (WeChat allows more from the client; the local cloud keeps uploads small). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** getTempFileURL: at most this many fileIDs per call, as on the platform. */
export const MAX_TEMP_URLS = 50;
/** Default and longest `maxAge` of a temporary URL, in seconds (one day). */
export const DEFAULT_MAX_AGE_S = 86400;

export class StorageError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(errMsg);
    this.name = 'StorageError';
  }
}

export const INVALID_PARAM = -501007;
export const FILE_NONEXIST = -503003;
export const TOO_LARGE = -403001;

/** Per-file status in `getTempFileURL` / `deleteFile` answers for a file that is not there (as the platform answers). */
export const NONEXIST_STATUS = 1;
export const NONEXIST_MSG = 'STORAGE_FILE_NONEXIST';

const TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.pdf': 'application/pdf',
  '.mp4': 'video/mp4', '.mp3': 'audio/mpeg', '.html': 'text/plain; charset=utf-8',
};

/** The content type a file is served with, by its extension (unknown: octet-stream, never sniffed). */
export function contentTypeOf(cloudPath: string): string {
  return TYPES[path.posix.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Checks a `cloudPath` and returns it: 1..1024 characters, `/`-separated non-empty segments, no `.` or
 * `..` segment, no backslash, no control characters, no leading `/`. Throws StorageError otherwise.
 */
export function checkCloudPath(cloudPath: unknown, api = 'uploadFile'): string {
  const bad = (why: string) => new StorageError(INVALID_PARAM, `${api}:fail invalid cloudPath: ${why}`);
  if (typeof cloudPath !== 'string' || cloudPath.length === 0) throw bad('a non-empty string is required');
  if (cloudPath.length > 1024) throw bad('longer than 1024 characters');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(cloudPath)) throw bad('control characters and backslashes are not allowed');
  if (cloudPath.startsWith('/')) throw bad('must not start with /');
  const segments = cloudPath.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw bad('empty, "." and ".." segments are not allowed');
  return cloudPath;
}

export class CloudStorage {
  /** `cloud://<env>.<bucket>/` */
  readonly prefix: string;
  readonly bucket: string;
  private readonly filesDir: string | null;
  private readonly memory = new Map<string, Buffer>();
  /** Where temporary URLs point (the HTTP server sets it when it listens). */
  baseUrl: string;

  constructor(
    dataDir: string | null,
    readonly env: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    // The platform's bucket is the hex of the env's first two letters, the env and the app's number.
    this.bucket = `${Buffer.from(env.slice(0, 2)).toString('hex')}-${env}-1300000000`;
    this.prefix = `cloud://${env}.${this.bucket}/`;
    this.filesDir = dataDir ? path.join(dataDir, 'storage', 'files') : null;
    if (this.filesDir) {
      fs.mkdirSync(this.filesDir, { recursive: true });
      this.sweepTemporaries(this.filesDir);
    }
    this.baseUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  }

  fileIdOf(cloudPath: string): string {
    return this.prefix + cloudPath;
  }

  /** The cloudPath a fileID of this environment names; throws StorageError for anything else. */
  cloudPathOf(fileID: unknown, api: string): string {
    if (typeof fileID !== 'string' || !fileID) throw new StorageError(INVALID_PARAM, `${api}:fail fileID must be a non-empty string`);
    if (!fileID.startsWith(this.prefix)) throw new StorageError(INVALID_PARAM, `${api}:fail invalid fileID ${JSON.stringify(fileID.slice(0, 200))}: expected ${this.prefix}<cloudPath>`);
    return checkCloudPath(fileID.slice(this.prefix.length), api);
  }

  /** The URL a file is served at (`GET`), for `getTempFileURL` and the preview. */
  urlOf(cloudPath: string, expiresAt?: number): string {
    const encoded = cloudPath.split('/').map(encodeURIComponent).join('/');
    return `${this.baseUrl}/_local/storage/files/${encoded}${expiresAt ? `?t=${Math.floor(expiresAt / 1000)}` : ''}`;
  }

  /** Stores `content` at `cloudPath` durably (acknowledged only once on disk); returns the fileID. */
  put(cloudPath: string, content: Buffer): string {
    checkCloudPath(cloudPath);
    if (content.length > MAX_FILE_BYTES) throw new StorageError(TOO_LARGE, `uploadFile:fail file exceeds ${MAX_FILE_BYTES} bytes`);
    if (!this.filesDir) {
      this.memory.set(cloudPath, Buffer.from(content));
      return this.fileIdOf(cloudPath);
    }
    const target = this.fileOf(cloudPath);
    const dir = path.dirname(target);
    let created: string | undefined;
    try {
      created = fs.mkdirSync(dir, { recursive: true });
      if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new StorageError(INVALID_PARAM, `uploadFile:fail cloudPath ${cloudPath} is a folder`);
    } catch (err) {
      if (err instanceof StorageError) throw err;
      // A path whose parent is a file ("a.png/b.png" after "a.png").
      throw new StorageError(INVALID_PARAM, `uploadFile:fail cloudPath ${cloudPath} cannot be created: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const tmp = path.join(dir, `.upload-${randomBytes(6).toString('hex')}.tmp`);
    const fd = fs.openSync(tmp, 'w');
    try {
      let off = 0;
      while (off < content.length) off += fs.writeSync(fd, content, off, content.length - off);
      fs.fsyncSync(fd);
    } catch (err) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    fs.closeSync(fd);
    fs.renameSync(tmp, target);
    fsyncDir(dir);
    // New folders are entries of their parents: make those durable too.
    for (let d = dir; created && d.length >= created.length; d = path.dirname(d)) fsyncDir(path.dirname(d));
    return this.fileIdOf(cloudPath);
  }

  /** The file's bytes, or null when there is none. */
  read(cloudPath: string): Buffer | null {
    if (!this.filesDir) return this.memory.get(cloudPath) ?? null;
    try {
      const file = this.fileOf(cloudPath);
      return fs.statSync(file).isFile() ? fs.readFileSync(file) : null;
    } catch {
      return null;
    }
  }

  /** Removes a file; false when there was none. */
  remove(cloudPath: string): boolean {
    if (!this.filesDir) return this.memory.delete(cloudPath);
    const file = this.fileOf(cloudPath);
    try {
      if (!fs.statSync(file).isFile()) return false;
    } catch {
      return false;
    }
    fs.unlinkSync(file);
    fsyncDir(path.dirname(file));
    return true;
  }

  // ------------------------------------------------------------ the SDK's calls

  uploadFile(options: { cloudPath?: unknown; fileContent?: unknown }): { fileID: string; statusCode: number; errMsg: string } {
    const cloudPath = checkCloudPath(options?.cloudPath, 'uploadFile');
    const content = toBuffer(options?.fileContent);
    return { fileID: this.put(cloudPath, content), statusCode: 200, errMsg: 'uploadFile:ok' };
  }

  /** `uploadFile` for any `fileContent` the SDK takes, streams included. */
  async uploadFileAsync(options: { cloudPath?: unknown; fileContent?: unknown }): Promise<{ fileID: string; statusCode: number; errMsg: string }> {
    const cloudPath = checkCloudPath(options?.cloudPath, 'uploadFile');
    const content = await readContent(options?.fileContent);
    return { fileID: this.put(cloudPath, content), statusCode: 200, errMsg: 'uploadFile:ok' };
  }

  getTempFileURL(options: { fileList?: unknown }): { fileList: Array<{ fileID: string; tempFileURL: string; maxAge: number; status: number; errMsg: string }>; errMsg: string } {
    const list = options?.fileList;
    if (!Array.isArray(list) || list.length === 0) throw new StorageError(INVALID_PARAM, 'getTempFileURL:fail fileList must be a non-empty array');
    if (list.length > MAX_TEMP_URLS) throw new StorageError(INVALID_PARAM, `getTempFileURL:fail at most ${MAX_TEMP_URLS} files per call`);
    const fileList = list.map((item) => {
      const fileID = typeof item === 'string' ? item : (item as { fileID?: unknown })?.fileID;
      const rawAge = typeof item === 'object' && item ? (item as { maxAge?: unknown }).maxAge : undefined;
      if (rawAge !== undefined && (typeof rawAge !== 'number' || !Number.isFinite(rawAge) || rawAge <= 0)) {
        throw new StorageError(INVALID_PARAM, 'getTempFileURL:fail maxAge must be a positive number of seconds');
      }
      const maxAge = Math.min(DEFAULT_MAX_AGE_S, Math.floor((rawAge as number | undefined) ?? DEFAULT_MAX_AGE_S));
      const cloudPath = this.cloudPathOf(fileID, 'getTempFileURL');
      if (!this.read(cloudPath)) return { fileID: fileID as string, tempFileURL: '', maxAge, status: NONEXIST_STATUS, errMsg: NONEXIST_MSG };
      return { fileID: fileID as string, tempFileURL: this.urlOf(cloudPath, this.now() + maxAge * 1000), maxAge, status: 0, errMsg: 'ok' };
    });
    return { fileList, errMsg: 'getTempFileURL:ok' };
  }

  downloadFile(options: { fileID?: unknown }): { fileContent: Buffer; statusCode: number; errMsg: string } {
    const cloudPath = this.cloudPathOf(options?.fileID, 'downloadFile');
    const content = this.read(cloudPath);
    if (!content) throw new StorageError(FILE_NONEXIST, `downloadFile:fail ${NONEXIST_MSG} ${options.fileID as string}`);
    return { fileContent: content, statusCode: 200, errMsg: 'downloadFile:ok' };
  }

  deleteFile(options: { fileList?: unknown }): { fileList: Array<{ fileID: string; status: number; errMsg: string }>; errMsg: string } {
    const list = options?.fileList;
    if (!Array.isArray(list) || list.length === 0) throw new StorageError(INVALID_PARAM, 'deleteFile:fail fileList must be a non-empty array');
    if (list.length > MAX_TEMP_URLS) throw new StorageError(INVALID_PARAM, `deleteFile:fail at most ${MAX_TEMP_URLS} files per call`);
    // Validate every fileID before deleting any: a malformed request changes nothing.
    const paths = list.map((fileID) => this.cloudPathOf(fileID, 'deleteFile'));
    const fileList = paths.map((cloudPath, i) =>
      this.remove(cloudPath) ? { fileID: list[i] as string, status: 0, errMsg: 'ok' } : { fileID: list[i] as string, status: NONEXIST_STATUS, errMsg: NONEXIST_MSG },
    );
    return { fileList, errMsg: 'deleteFile:ok' };
  }

  // ------------------------------------------------------------ helpers

  private fileOf(cloudPath: string): string {
    const file = path.resolve(this.filesDir!, ...cloudPath.split('/'));
    // checkCloudPath already refuses "..": this is the second lock on the same door.
    if (!file.startsWith(this.filesDir! + path.sep)) throw new StorageError(INVALID_PARAM, `invalid cloudPath ${cloudPath}`);
    return file;
  }

  /** Removes upload temporaries a crash left behind (never acknowledged, so never a file anyone saw). */
  private sweepTemporaries(dir: string): void {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) this.sweepTemporaries(p);
      else if (/^\.upload-[0-9a-f]+\.tmp$/.test(entry.name)) fs.rmSync(p, { force: true });
    }
  }
}

function toBuffer(content: unknown): Buffer {
  if (Buffer.isBuffer(content)) return content;
  if (content instanceof Uint8Array) return Buffer.from(content);
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  throw new StorageError(INVALID_PARAM, 'uploadFile:fail fileContent must be a Buffer, a string or a readable stream');
}

const isStream = (content: unknown): content is NodeJS.ReadableStream =>
  !!content && typeof content === 'object' && typeof (content as NodeJS.ReadableStream).pipe === 'function' && typeof (content as NodeJS.ReadableStream).on === 'function';

/**
 * `fileContent` as the SDK takes it: a Buffer, a string, or a readable stream (`fs.createReadStream(...)`,
 * as much third-party code passes), read to the end; more than MAX_FILE_BYTES fails with `-403001`.
 */
export function readContent(content: unknown): Buffer | Promise<Buffer> {
  if (!isStream(content)) return toBuffer(content);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    content.on('data', (c: Buffer | string) => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      size += b.length;
      if (size > MAX_FILE_BYTES) {
        (content as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        reject(new StorageError(TOO_LARGE, `uploadFile:fail file exceeds ${MAX_FILE_BYTES} bytes`));
      } else chunks.push(b);
    });
    content.on('end', () => resolve(Buffer.concat(chunks)));
    content.on('error', (err: Error) => reject(new StorageError(INVALID_PARAM, `uploadFile:fail could not read fileContent: ${err.message}`)));
  });
}

function fsyncDir(dir: string): void {
  try {
    const d = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(d);
    } finally {
      fs.closeSync(d);
    }
  } catch {
    /* some platforms cannot fsync directories */
  }
}
