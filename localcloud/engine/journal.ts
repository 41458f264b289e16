/**
 * Durability: an append-only journal of committed batches plus periodic snapshots.
 *
 * Files in `dir`:
 * - `snapshot.json`: `<crc32-hex> <json>\n` with the full state as of sequence `q`.
 * - `journal.log`: one line per committed request or transaction, `<crc32-hex> <json>\n`, each
 *   written with a single `fs.writeSync` before the answer is returned (optionally fsync'ed).
 *
 * Records carry after-images (not operations) and a sequence number, so replay is idempotent
 * and records already contained in the snapshot (`q <= snapshot.q`) are skipped. Compaction:
 * write `snapshot.json.tmp`, fsync, rename over `snapshot.json`, fsync the directory, then
 * truncate the journal; a crash between any two steps reopens to the same state.
 *
 * Opening: only a torn record is truncated (with a warning): the final line, with no newline, that does
 * not verify, which is what a crash in the middle of `append` leaves. A final record that verifies but
 * lost its newline is kept and the newline written. Any other damage, including a complete
 * (newline-terminated) final record whose checksum or format is wrong, and an unreadable snapshot, throws
 * `StoreDamagedError`: an acknowledged write is never dropped silently.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { StoreDamagedError } from './errors';

/** One operation of a journal record. `d`/`i` are canonical EJSON objects (EJSON.serialize). */
export type JournalOp =
  | { t: 'put'; c: string; d: unknown }
  | { t: 'del'; c: string; i: unknown }
  | { t: 'coll'; c: string }
  | { t: 'index'; c: string; ix: { name: string; keys: Record<string, number | '2dsphere'>; unique?: boolean } };

/** A committed batch. */
export interface JournalRecord {
  q: number;
  ops: JournalOp[];
}

/** Whole-state snapshot. */
export interface SnapshotData {
  v: 1;
  q: number;
  collections: Record<string, { indexes: Array<{ name: string; keys: Record<string, number | '2dsphere'>; unique?: boolean }>; docs: unknown[] }>;
}

function crc(s: string): string {
  return (zlib.crc32(s) >>> 0).toString(16).padStart(8, '0');
}

function frame(json: string): string {
  return `${crc(json)} ${json}\n`;
}

function unframe(line: string): unknown {
  const sp = line.indexOf(' ');
  if (sp !== 8) throw new Error('missing checksum');
  const json = line.slice(9);
  if (crc(json) !== line.slice(0, 8)) throw new Error('checksum mismatch');
  return JSON.parse(json);
}

/** One journal line as a record; throws when its checksum, JSON or shape is wrong. */
function readRecord(line: string): JournalRecord {
  const rec = unframe(line) as JournalRecord;
  if (typeof rec?.q !== 'number' || !Array.isArray(rec.ops)) throw new Error('unexpected record format');
  return rec;
}

/** Journal + snapshot files of one data directory. */
export class Journal {
  readonly journalPath: string;
  readonly snapshotPath: string;
  private fd: number | null = null;
  private size = 0;
  /** Records appended since the last compaction. */
  records = 0;

  constructor(
    readonly dir: string,
    private readonly fsyncEach: boolean,
    private readonly warn: (msg: string) => void = (m) => console.warn(m),
  ) {
    this.journalPath = path.join(dir, 'journal.log');
    this.snapshotPath = path.join(dir, 'snapshot.json');
  }

  /** Reads the snapshot and the journal records newer than it; repairs a torn tail; opens for append. */
  load(): { snapshot: SnapshotData | null; records: JournalRecord[] } {
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = this.snapshotPath + '.tmp';
    if (fs.existsSync(tmp)) fs.unlinkSync(tmp);
    let snapshot: SnapshotData | null = null;
    if (fs.existsSync(this.snapshotPath)) {
      const text = fs.readFileSync(this.snapshotPath, 'utf8');
      try {
        if (!text.endsWith('\n')) throw new Error('incomplete file');
        snapshot = unframe(text.slice(0, -1)) as SnapshotData;
        if (!snapshot || snapshot.v !== 1 || typeof snapshot.q !== 'number' || typeof snapshot.collections !== 'object') {
          throw new Error('unexpected format');
        }
      } catch (e) {
        throw new StoreDamagedError(this.snapshotPath, 'byte 0', (e as Error).message);
      }
    }
    const records: JournalRecord[] = [];
    let buf = fs.existsSync(this.journalPath) ? fs.readFileSync(this.journalPath) : Buffer.alloc(0);
    let pos = 0;
    let lineNo = 0;
    let goodEnd = 0;
    let missingNewline = false;
    while (pos < buf.length) {
      const nl = buf.indexOf(0x0a, pos);
      lineNo++;
      const end = nl < 0 ? buf.length : nl;
      let rec: JournalRecord;
      try {
        rec = readRecord(buf.subarray(pos, end).toString('utf8'));
      } catch (e) {
        if (nl < 0) {
          // Incomplete and unverifiable: the tail of an append the crash interrupted, never acknowledged.
          this.warn(`[localcloud] ${this.journalPath}: torn final line ${lineNo} at byte ${pos} (${buf.length - pos} bytes) truncated`);
          break;
        }
        throw new StoreDamagedError(this.journalPath, `line ${lineNo} (byte ${pos})`, (e as Error).message);
      }
      if (nl < 0) {
        this.warn(`[localcloud] ${this.journalPath}: final line ${lineNo} at byte ${pos} verifies but lost its newline: kept, newline restored`);
        missingNewline = true;
      }
      if (!snapshot || rec.q > snapshot.q) records.push(rec);
      pos = end + 1;
      goodEnd = Math.min(pos, buf.length);
    }
    if (goodEnd < buf.length) {
      fs.truncateSync(this.journalPath, goodEnd);
      buf = buf.subarray(0, goodEnd);
    }
    this.fd = fs.openSync(this.journalPath, 'a');
    if (missingNewline) {
      fs.writeSync(this.fd, '\n');
      fs.fsyncSync(this.fd);
      goodEnd++;
    }
    this.size = goodEnd;
    this.records = records.length;
    return { snapshot, records };
  }

  /** Appends one record durably (write, then optional fsync). On failure the file is restored and the error rethrown. */
  append(rec: JournalRecord): void {
    if (this.fd === null) throw new Error('journal is not open');
    const data = Buffer.from(frame(JSON.stringify(rec)), 'utf8');
    try {
      let off = 0;
      while (off < data.length) off += fs.writeSync(this.fd, data, off, data.length - off);
      if (this.fsyncEach) fs.fsyncSync(this.fd);
    } catch (e) {
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch {
        /* best effort */
      }
      throw e;
    }
    this.size += data.length;
    this.records++;
  }

  /** Writes `snap` as the new snapshot and empties the journal (crash-safe at every step). */
  compact(snap: SnapshotData): void {
    const tmp = this.snapshotPath + '.tmp';
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, frame(JSON.stringify(snap)));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.snapshotPath);
    this.fsyncDir();
    if (this.fd !== null) {
      fs.ftruncateSync(this.fd, 0);
      fs.fsyncSync(this.fd);
    }
    this.size = 0;
    this.records = 0;
  }

  private fsyncDir(): void {
    try {
      const d = fs.openSync(this.dir, 'r');
      try {
        fs.fsyncSync(d);
      } finally {
        fs.closeSync(d);
      }
    } catch {
      /* some platforms cannot fsync directories */
    }
  }

  /** Bytes in the journal file. */
  get bytes(): number {
    return this.size;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
