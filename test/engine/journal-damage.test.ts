/**
 * The journal's final record: only a torn one (incomplete and unverifiable) is truncated. An intact record
 * that lost its newline is kept; a complete record that fails its checksum is damage, never dropped.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Engine, StoreDamagedError } from '../../localcloud/engine';

let tmp: string;
let dir: string;
let journal: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-damage-'));
  dir = path.join(tmp, 'd');
  journal = path.join(dir, 'journal.log');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const open = (warn: (m: string) => void = () => {}) => new Engine({ dir, now: () => 1_700_000_000_000, warn });
const insert = (e: Engine, id: string) => {
  const r = e.handle('database.insertDocument', { collectionName: 'c', data: [JSON.stringify({ _id: id, note: 'acknowledged' })] });
  if (r.code) throw new Error(String(r.message));
};
const ids = (e: Engine) => e.find('c', {}).docs.map((d) => d._id);

/** A data dir whose journal holds documents a and b, the last record being b's. */
function twoRecords(): Buffer {
  const e = open();
  e.ensureSchema({ collections: { c: {} } });
  insert(e, 'a');
  insert(e, 'b');
  e.close();
  const buf = fs.readFileSync(journal);
  expect(buf[buf.length - 1]).toBe(0x0a);
  return buf;
}

function openError(): unknown {
  try {
    open().close();
  } catch (err) {
    return err;
  }
  return null;
}

describe('when the complete final record has a flipped bit', () => {
  it('refuses to open as damaged instead of dropping the acknowledged write', () => {
    const buf = twoRecords();
    const at = buf.lastIndexOf(Buffer.from('acknowledged'));
    buf[at] ^= 0x02; // 'a' → 'c': still valid JSON, wrong checksum
    fs.writeFileSync(journal, buf);
    const err = openError();
    expect(err).toBeInstanceOf(StoreDamagedError);
    expect((err as Error).message).toMatch(/journal\.log at line \d+ \(byte \d+\): checksum mismatch/);
    expect(fs.readFileSync(journal).equals(buf)).toBe(true); // nothing truncated
  });

  it('refuses a complete final line that is not a record at all', () => {
    const buf = twoRecords();
    fs.writeFileSync(journal, Buffer.concat([buf, Buffer.from('garbage that ends a line\n')]));
    expect(openError()).toBeInstanceOf(StoreDamagedError);
  });
});

describe('when the intact final record lost its newline', () => {
  it('keeps the record, restores the newline, and later appends start on their own line', () => {
    const buf = twoRecords();
    fs.writeFileSync(journal, buf.subarray(0, buf.length - 1));
    const warnings: string[] = [];
    let e = open((m) => warnings.push(m));
    expect(ids(e)).toEqual(['a', 'b']);
    expect(warnings.join()).toMatch(/lost its newline/);
    expect(fs.readFileSync(journal).equals(buf)).toBe(true);
    insert(e, 'c');
    e.close();
    e = open();
    expect(ids(e)).toEqual(['a', 'b', 'c']);
    e.close();
  });
});

describe('when the final record is torn (no newline, does not verify)', () => {
  it('truncates it with a warning and keeps everything before it', () => {
    const buf = twoRecords();
    fs.writeFileSync(journal, buf.subarray(0, buf.length - 9));
    const warnings: string[] = [];
    const e = open((m) => warnings.push(m));
    expect(ids(e)).toEqual(['a']);
    expect(warnings.join()).toMatch(/torn final line/);
    e.close();
  });
});
