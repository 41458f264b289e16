/**
 * The database engine: collections, indexes, atomic requests, optimistic transactions and
 * durability, answering the CloudBase database wire actions exactly like the server does.
 *
 * Invariants:
 * - `handle` is synchronous; every request is validated completely, journaled, then applied,
 *   so it either fully applies or not at all (including multi-document updates and transaction
 *   commits). Expected errors are returned as `{code, message, requestId}`, never thrown.
 * - Every committed batch gets the next sequence number; it becomes the `version` of every
 *   document it wrote. Transactions validate those versions at commit.
 */
import { randomBytes } from 'crypto';
import { performance } from 'perf_hooks';
import { EJSON } from 'bson';
import { decode, encode, isPlainObject, normalize } from './ejson';
import { DbError, ErrorCodes, StoreDamagedError } from './errors';
import { Change, Collection, Entry, IndexSpec, applyBatch, duplicateKey, idKey, validateBatch } from './indexes';
import { Journal, JournalOp, JournalRecord, SnapshotData } from './journal';
import { Doc, Matcher, SortSpec, compileQuery, equalityConditions, project, sortDocs } from './query';
import { Transaction } from './transactions';
import { applyUpdate, isOperatorUpdate } from './update';
import { runPipeline } from './aggregate';
import { nearField, sortByDistance } from './geo';
import { clone, valuesEqual } from './values';

type Any = unknown;
type Params = Record<string, Any>;
type Answer = Record<string, Any>;

/** Options of an `Engine`. */
export interface EngineOptions {
  /** Data directory, or null for a purely in-memory engine. */
  dir: string | null;
  /** Engine clock in ms since the epoch; used for `db.serverDate()` and generated ids. */
  now: () => number;
  /** fsync the journal after every committed write (default false: write() only, survives kill -9). */
  fsync?: boolean;
  /** Compact the journal into a snapshot after this many journal records (default 10000). */
  compactEvery?: number;
  /** Abandoned transactions expire after this many ms of inactivity, monotonic clock (default 30000). */
  txTimeoutMs?: number;
  /** Sink for warnings such as a truncated torn journal tail (default console.warn). */
  warn?: (msg: string) => void;
}

/** The project's `database.json`. `rules` are kept for the console and ignored by the engine. */
export interface DatabaseSchema {
  collections: Record<string, { indexes?: IndexSpec[]; rules?: unknown }>;
}

/** Options of `Engine.find`. */
export interface FindOptions {
  skip?: number;
  limit?: number;
  sort?: SortSpec;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** The engine. One instance owns its data directory. */
export class Engine {
  private readonly colls = new Map<string, Collection>();
  private readonly txs = new Map<string, Transaction>();
  private readonly journal: Journal | null;
  private readonly now: () => number;
  private readonly compactEvery: number;
  private readonly txTimeoutMs: number;
  private seq = 0;
  private reqNo = 0;
  private idNo = randomBytes(3).readUIntBE(0, 3);
  private lastSweep = performance.now();
  private closed = false;
  private readonly matcherCache = new Map<string, Matcher>();
  private readonly counters = { requests: 0, commits: 0, conflicts: 0, aborts: 0, expired: 0, compactions: 0 };

  constructor(opts: EngineOptions) {
    this.now = opts.now;
    this.compactEvery = opts.compactEvery ?? 10000;
    this.txTimeoutMs = opts.txTimeoutMs ?? 30000;
    this.journal = opts.dir ? new Journal(opts.dir, !!opts.fsync, opts.warn) : null;
    if (this.journal) {
      const { snapshot, records } = this.journal.load();
      if (snapshot) this.loadSnapshot(snapshot);
      for (const r of records) {
        try {
          this.replay(r);
        } catch (e) {
          throw new StoreDamagedError(this.journal.journalPath, `record q=${r.q}`, `cannot replay: ${(e as Error).message}`);
        }
      }
    }
  }

  // ---------------------------------------------------------------- public API

  /** Creates missing collections and indexes (idempotent; an index whose definition changed is rebuilt). */
  ensureSchema(schema: DatabaseSchema): void {
    const ops: JournalOp[] = [];
    const cols = schema?.collections ?? {};
    for (const name of Object.keys(cols)) {
      let c = this.colls.get(name);
      if (!c) {
        c = new Collection(name);
        this.colls.set(name, c);
        ops.push({ t: 'coll', c: name });
      }
      for (const spec of cols[name].indexes ?? []) {
        if (!spec || typeof spec.name !== 'string' || !isPlainObject(spec.keys)) throw new Error(`invalid index in collection ${name}: ${JSON.stringify(spec)}`);
        if (spec.name === '_id_') continue;
        const want = { name: spec.name, keys: { ...spec.keys }, unique: !!spec.unique };
        const have = c.index(spec.name)?.spec;
        if (have && JSON.stringify(have) === JSON.stringify(want)) continue;
        try {
          c.addIndex(want);
        } catch (e) {
          throw new Error(`cannot create index ${spec.name} on ${name}: ${(e as Error).message}`);
        }
        ops.push({ t: 'index', c: name, ix: want });
      }
    }
    if (ops.length) this.commit([], ops);
  }

  /**
   * Answers one database wire action (`database.getDocument`, ...) like the CloudBase server.
   * Synchronous; expected errors come back as `{code, message, requestId}`.
   */
  handle(action: string, params: Params): Answer {
    const requestId = `local-${(++this.reqNo).toString(36)}`;
    this.counters.requests++;
    try {
      if (this.closed) throw new DbError(ErrorCodes.REQUEST_FAILED, 'engine is closed');
      this.sweep();
      const p = params ?? {};
      const out = this.dispatch(action, p);
      return { requestId, ...out };
    } catch (e) {
      if (e instanceof DbError) return { code: e.code, message: e.message, requestId };
      return { code: ErrorCodes.REQUEST_FAILED, message: `internal error: ${(e as Error)?.message ?? String(e)}`, requestId };
    }
  }

  /** The sequence number of the last committed batch: it moves exactly when a request wrote. */
  get sequence(): number {
    return this.seq;
  }

  /** Names of existing collections. */
  collections(): string[] {
    return [...this.colls.keys()];
  }

  /** Read-only query for a console: plain JS query, returns matching count and a page of copies. */
  find(collection: string, query: object, opts: FindOptions = {}): { total: number; docs: Doc[] } {
    const c = this.coll(collection);
    const q = normalize(query ?? {}, this.now());
    let docs = this.select(c, q, true).map(([, e]) => e.doc);
    const total = docs.length;
    docs = sortDocs(docs, opts.sort);
    const skip = opts.skip ?? 0;
    docs = docs.slice(skip, opts.limit === undefined ? undefined : skip + opts.limit);
    return { total, docs: docs.map(clone) };
  }

  /** Counters and sizes for a console. */
  stats(): {
    seq: number;
    collections: Record<string, { documents: number; indexes: IndexSpec[] }>;
    openTransactions: number;
    counters: Record<string, number>;
    journal: { records: number; bytes: number } | null;
  } {
    const collections: Record<string, { documents: number; indexes: IndexSpec[] }> = {};
    for (const [n, c] of this.colls) collections[n] = { documents: c.docs.size, indexes: c.specs() };
    return {
      seq: this.seq,
      collections,
      openTransactions: this.txs.size,
      counters: { ...this.counters },
      journal: this.journal ? { records: this.journal.records, bytes: this.journal.bytes } : null,
    };
  }

  /** Writes a snapshot now and empties the journal (no-op in memory). */
  compact(): void {
    if (!this.journal) return;
    this.journal.compact(this.snapshot());
    this.counters.compactions++;
  }

  /** Closes the journal; later requests fail. */
  close(): void {
    this.closed = true;
    this.journal?.close();
  }

  // ---------------------------------------------------------------- dispatch

  private dispatch(action: string, p: Params): Answer {
    switch (action) {
      case 'database.insertDocument':
        return this.insert(p);
      case 'database.getDocument':
        return this.get(p);
      case 'database.calculateDocument':
        return this.count(p);
      case 'database.modifyDocument':
        return this.modify(p);
      case 'database.modifyAndReturnDoc':
        return this.modifyAndReturn(p);
      case 'database.removeDocument':
        return this.remove(p);
      case 'database.aggregateDocuments':
        return this.aggregate(p);
      case 'database.startTransaction': {
        const tx = new Transaction();
        this.txs.set(tx.id, tx);
        return { transactionId: tx.id };
      }
      case 'database.commitTransaction':
        return this.commitTx(p);
      case 'database.abortTransaction': {
        const tx = this.tx(p.transactionId);
        this.txs.delete(tx.id);
        this.counters.aborts++;
        return {};
      }
      case 'database.addCollection': {
        const name = p.collectionName;
        if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
          throw new DbError(ErrorCodes.INVALID_PARAM, `invalid collection name: ${String(name)}`);
        }
        if (this.colls.has(name)) throw new DbError(ErrorCodes.COLLECTION_ALREADY_EXIST, `collection ${name} already exists`);
        this.commit([], [{ t: 'coll', c: name }], () => this.colls.set(name, new Collection(name)));
        return {};
      }
      default:
        throw new DbError(ErrorCodes.INVALID_PARAM, `unsupported action: ${action}`);
    }
  }

  // ---------------------------------------------------------------- helpers

  private coll(name: Any): Collection {
    const c = typeof name === 'string' ? this.colls.get(name) : undefined;
    if (!c) throw new DbError(ErrorCodes.COLLECTION_NOT_EXIST, `Db or Table not exist: ${String(name)}`);
    return c;
  }

  private tx(id: Any): Transaction {
    const tx = typeof id === 'string' ? this.txs.get(id) : undefined;
    if (!tx || performance.now() - tx.lastActive > this.txTimeoutMs) {
      if (tx) {
        this.txs.delete(tx.id);
        this.counters.expired++;
      }
      throw new DbError(ErrorCodes.TRANSACTION_FAIL, `transaction ${String(id)} does not exist, has finished or has expired`);
    }
    tx.touch();
    return tx;
  }

  private sweep(): void {
    const t = performance.now();
    if (t - this.lastSweep < 1000) return;
    this.lastSweep = t;
    for (const [id, tx] of this.txs) {
      if (t - tx.lastActive > this.txTimeoutMs) {
        this.txs.delete(id);
        this.counters.expired++;
      }
    }
  }

  private newId(): string {
    const ts = Math.floor(this.now() / 1000) >>> 0;
    this.idNo = (this.idNo + 1) & 0xffffff;
    return ts.toString(16).padStart(8, '0') + randomBytes(9).toString('hex') + this.idNo.toString(16).padStart(6, '0');
  }

  private decodeDoc(v: Any, what: string): Doc {
    const d = decode(v, this.now());
    if (!isPlainObject(d)) throw new DbError(ErrorCodes.INVALID_PARAM, `${what} must be an object`);
    return d;
  }

  private matcher(query: Any, raw: Any): Matcher {
    if (typeof raw !== 'string' || raw.length > 2000) return compileQuery(query);
    let m = this.matcherCache.get(raw);
    if (!m) {
      m = compileQuery(query);
      if (this.matcherCache.size >= 1000) this.matcherCache.clear();
      this.matcherCache.set(raw, m);
    }
    return m;
  }

  /** Matching entries in natural order; stops after the first when `multi` is false. */
  private select(c: Collection, query: Any, multi: boolean, raw?: Any, stopAfter = Infinity): Array<[string, Entry]> {
    const m = this.matcher(query, raw);
    const out: Array<[string, Entry]> = [];
    for (const pair of c.candidates(equalityConditions(query))) {
      if (m(pair[1].doc)) {
        out.push(pair);
        if (!multi || out.length >= stopAfter) break;
      }
    }
    return out;
  }

  private query(p: Params): Any {
    return decode(p.query, this.now());
  }

  /** `_id` of a DOC request inside a transaction. */
  private docId(p: Params): Any {
    const q = this.query(p);
    if (p.queryType !== 'DOC' || !isPlainObject(q) || Object.keys(q).length !== 1 || !('_id' in q)) {
      throw new DbError(
        ErrorCodes.INVALID_PARAM,
        'only collection.add() and doc(id).get/set/update/remove are allowed inside a transaction',
      );
    }
    const id = q._id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new DbError(ErrorCodes.INVALID_PARAM, 'doc id must be a string or a number');
    return id;
  }

  /** Validates, journals and applies a batch; `extra` runs (for schema ops) before journaling. */
  private commit(changes: Change[], extraOps: JournalOp[] = [], extra?: () => void): void {
    validateBatch(changes);
    const q = this.seq + 1;
    const ops: JournalOp[] = [...extraOps];
    for (const ch of changes) {
      if (ch.after) ops.push({ t: 'put', c: ch.coll.name, d: EJSON.serialize(ch.after, { relaxed: false }) });
      else if (ch.before) ops.push({ t: 'del', c: ch.coll.name, i: EJSON.serialize({ _id: ch.before._id }, { relaxed: false }) });
    }
    if (ops.length === 0) return;
    this.journal?.append({ q, ops });
    this.seq = q;
    extra?.();
    applyBatch(changes, q);
    if (this.journal && this.journal.records >= this.compactEvery) this.compact();
  }

  private newDocFor(before: Doc, data: Doc, merge: boolean, query?: Any): Doc {
    if (!merge) {
      if (isOperatorUpdate(data)) throw new DbError(ErrorCodes.INVALID_OPERATOR, 'a replacement document (set) must not contain update operators');
      if ('_id' in data && !valuesEqual(data._id, before._id)) {
        throw new DbError(ErrorCodes.REQUEST_FAILED, `Performing an update on the path '_id' would modify the immutable field '_id'`);
      }
      const { _id: _ignored, ...rest } = clone(data);
      return { _id: before._id, ...rest };
    }
    return applyUpdate(before, isOperatorUpdate(data) ? data : { $set: data }, this.now(), query);
  }

  // ---------------------------------------------------------------- actions

  private insert(p: Params): Answer {
    const c = this.coll(p.collectionName);
    if (!Array.isArray(p.data) || p.data.length === 0) throw new DbError(ErrorCodes.INVALID_PARAM, 'data must be a non-empty array');
    const docs = p.data.map((d) => {
      const doc = this.decodeDoc(d, 'document');
      if (doc._id === undefined || doc._id === null) {
        const { _id: _none, ...rest } = doc;
        return { _id: this.newId(), ...rest };
      }
      if (typeof doc._id !== 'string' && typeof doc._id !== 'number' && !(doc._id as { _bsontype?: string })._bsontype) {
        throw new DbError(ErrorCodes.INVALID_PARAM, '_id must be a string, a number or an ObjectId');
      }
      return doc;
    });
    const ids = docs.map((d) => d._id);
    if (p.transactionId) {
      const tx = this.tx(p.transactionId);
      const staged: Array<[ReturnType<Transaction['view']>, Doc]> = [];
      for (const doc of docs) {
        const idk = idKey(doc._id);
        const st = tx.view(c.name, idk, () => c.docs.get(idk));
        if (st.image || staged.some(([s]) => s === st)) throw duplicateKey(c.name, '_id_', doc);
        staged.push([st, doc]);
      }
      this.stageTx(tx, staged);
      return { data: { insertedIds: ids } };
    }
    const changes: Change[] = docs.map((doc) => {
      const idk = idKey(doc._id);
      if (c.docs.has(idk)) throw duplicateKey(c.name, '_id_', doc);
      return { coll: c, idk, before: null, after: doc };
    });
    this.commit(changes);
    return { data: { insertedIds: ids } };
  }

  /** Checks unique indexes for a transaction's writes plus `staged`, then records them. */
  private stageTx(tx: Transaction, staged: Array<[ReturnType<Transaction['view']>, Doc | null]>): void {
    const stagedSet = new Map(staged.map(([s, d]) => [s, d]));
    const all = [...tx.writes().filter((s) => !stagedSet.has(s)).map((s) => [s, s.image] as const), ...staged];
    const changes: Change[] = all.map(([s, after]) => {
      const coll = this.coll(s.coll);
      return { coll, idk: s.idk, before: coll.docs.get(s.idk)?.doc ?? null, after };
    });
    validateBatch(changes);
    for (const [s, d] of staged) {
      s.image = d;
      s.written = true;
    }
  }

  private get(p: Params): Answer {
    const c = this.coll(p.collectionName);
    const projection = p.projection ? decode(p.projection, this.now()) : undefined;
    if (p.transactionId) {
      const tx = this.tx(p.transactionId);
      const idk = idKey(this.docId(p));
      const st = tx.view(c.name, idk, () => c.docs.get(idk));
      return { data: { list: st.image ? [encode(project(st.image, projection))] : [] } };
    }
    const query = this.query(p);
    const order = p.order ? (decode(p.order, this.now()) as SortSpec) : undefined;
    const offset = Math.max(0, Number(p.offset) || 0);
    let limit = Number(p.limit) || DEFAULT_LIMIT;
    limit = Math.min(Math.max(1, limit), MAX_LIMIT);
    const sorted = order && Object.keys(order).length > 0;
    const near = nearField(query);
    if (near && !c.geoFields().includes(near.path)) throw new DbError(ErrorCodes.REQUEST_FAILED, `error processing query: planner returned error :: caused by :: unable to find index for $geoNear query (no 2dsphere index on ${near.path} in ${c.name})`);
    let docs = this.select(c, query, true, p.query, sorted || near ? Infinity : offset + limit).map(([, e]) => e.doc);
    // `_.geoNear` answers nearest first unless the query orders otherwise.
    if (sorted) docs = sortDocs(docs, order);
    else if (near) docs = sortByDistance(docs, near.path, near.near);
    docs = docs.slice(offset, offset + limit);
    return { data: { list: docs.map((d) => encode(project(d, projection))) } };
  }

  private count(p: Params): Answer {
    if (p.transactionId) throw new DbError(ErrorCodes.INVALID_PARAM, 'count is not allowed inside a transaction');
    const c = this.coll(p.collectionName);
    return { data: { total: this.select(c, this.query(p), true, p.query).length } };
  }

  private modify(p: Params): Answer {
    const c = this.coll(p.collectionName);
    const data = this.decodeDoc(p.data, 'data');
    const merge = p.merge !== false;
    const upsert = !!p.upsert;
    const multi = p.multi === undefined ? p.queryType !== 'DOC' : !!p.multi;
    if (p.transactionId) {
      const tx = this.tx(p.transactionId);
      const id = this.docId(p);
      const idk = idKey(id);
      const st = tx.view(c.name, idk, () => c.docs.get(idk));
      if (!st.image) {
        if (!upsert) return { data: { updated: 0 } };
        const created = this.newDocFor({ _id: id }, data, merge);
        this.stageTx(tx, [[st, created]]);
        return { data: { updated: 0, upsert_id: id } };
      }
      const next = this.newDocFor(st.image, data, merge);
      if (valuesEqual(next, st.image)) return { data: { updated: 0 } };
      this.stageTx(tx, [[st, next]]);
      return { data: { updated: 1 } };
    }
    const query = this.query(p);
    const matches = this.select(c, query, multi, p.query);
    if (matches.length === 0) {
      if (!upsert) return { data: { updated: 0 } };
      const seed: Doc = {};
      for (const [k, vals] of equalityConditions(query)) if (!k.includes('.') && vals.length === 1) seed[k] = vals[0];
      if (seed._id === undefined) seed._id = this.newId();
      const created = merge ? applyUpdate(seed, isOperatorUpdate(data) ? data : { $set: data }, this.now()) : this.newDocFor(seed, data, false);
      const idk = idKey(created._id);
      if (c.docs.has(idk)) throw duplicateKey(c.name, '_id_', created);
      this.commit([{ coll: c, idk, before: null, after: created }]);
      return { data: { updated: 0, upsert_id: created._id } };
    }
    const changes: Change[] = [];
    for (const [idk, e] of matches) {
      const next = this.newDocFor(e.doc, data, merge, query);
      if (!valuesEqual(next, e.doc)) changes.push({ coll: c, idk, before: e.doc, after: next });
    }
    this.commit(changes);
    return { data: { updated: changes.length } };
  }

  private modifyAndReturn(p: Params): Answer {
    if (p.transactionId) throw new DbError(ErrorCodes.INVALID_PARAM, 'updateAndReturn is not allowed inside a transaction');
    const c = this.coll(p.collectionName);
    const data = this.decodeDoc(p.data, 'data');
    const query = this.query(p);
    const [m] = this.select(c, query, false, p.query);
    if (!m) return { data: { updated: 0, doc: null } };
    const next = this.newDocFor(m[1].doc, data, true, query);
    const changed = !valuesEqual(next, m[1].doc);
    if (changed) this.commit([{ coll: c, idk: m[0], before: m[1].doc, after: next }]);
    return { data: { updated: changed ? 1 : 0, doc: encode(next) } };
  }

  private remove(p: Params): Answer {
    const c = this.coll(p.collectionName);
    if (p.transactionId) {
      const tx = this.tx(p.transactionId);
      const idk = idKey(this.docId(p));
      const st = tx.view(c.name, idk, () => c.docs.get(idk));
      if (!st.image) return { data: { deleted: 0 } };
      this.stageTx(tx, [[st, null]]);
      return { data: { deleted: 1 } };
    }
    const multi = p.multi === undefined ? p.queryType !== 'DOC' : !!p.multi;
    const matches = this.select(c, this.query(p), multi, p.query);
    this.commit(matches.map(([idk, e]) => ({ coll: c, idk, before: e.doc, after: null })));
    return { data: { deleted: matches.length } };
  }

  private aggregate(p: Params): Answer {
    if (p.transactionId) throw new DbError(ErrorCodes.INVALID_PARAM, 'aggregate is not allowed inside a transaction');
    const c = this.coll(p.collectionName);
    const stages = Array.isArray(p.stages) ? p.stages : [];
    const pipeline = stages.map((s) => {
      const st = s as { stageKey?: Any; stageValue?: Any };
      if (typeof st.stageKey !== 'string') throw new DbError(ErrorCodes.INVALID_PARAM, 'invalid aggregation stage');
      return { [st.stageKey]: typeof st.stageValue === 'string' ? decode(st.stageValue, this.now()) : normalize(st.stageValue, this.now()) };
    });
    const list = runPipeline(
      [...c.docs.values()].map((e) => e.doc),
      pipeline,
      (name) => [...this.coll(name).docs.values()].map((e) => e.doc),
      this.now(),
      c.geoFields(),
    );
    return { data: { list: list.map(encode) } };
  }

  private commitTx(p: Params): Answer {
    const tx = this.tx(p.transactionId);
    this.txs.delete(tx.id);
    for (const st of tx.docs.values()) {
      const cur = this.colls.get(st.coll)?.docs.get(st.idk);
      if ((cur?.version ?? 0) !== st.version) {
        this.counters.conflicts++;
        throw new DbError(ErrorCodes.TRANSACTION_CONFLICT, `transaction conflict: document ${st.coll}/${st.idk.slice(1)} was changed by another request; transaction aborted`);
      }
    }
    const changes: Change[] = tx.writes().map((st) => {
      const coll = this.coll(st.coll);
      return { coll, idk: st.idk, before: coll.docs.get(st.idk)?.doc ?? null, after: st.image };
    });
    this.commit(changes);
    this.counters.commits++;
    return {};
  }

  // ---------------------------------------------------------------- persistence

  private snapshot(): SnapshotData {
    const collections: SnapshotData['collections'] = {};
    for (const [n, c] of this.colls) {
      collections[n] = { indexes: c.specs(), docs: [...c.docs.values()].map((e) => EJSON.serialize(e.doc, { relaxed: false })) };
    }
    return { v: 1, q: this.seq, collections };
  }

  private loadSnapshot(s: SnapshotData): void {
    for (const name of Object.keys(s.collections)) {
      const c = new Collection(name);
      this.colls.set(name, c);
      const changes: Change[] = s.collections[name].docs.map((d) => {
        const doc = decode(d, 0) as Doc;
        return { coll: c, idk: idKey(doc._id), before: null, after: doc };
      });
      applyBatch(changes, s.q);
      for (const ix of s.collections[name].indexes) c.addIndex(ix);
    }
    this.seq = s.q;
  }

  private replay(r: JournalRecord): void {
    const changes: Change[] = [];
    for (const op of r.ops) {
      if (op.t === 'coll') {
        if (!this.colls.has(op.c)) this.colls.set(op.c, new Collection(op.c));
      } else if (op.t === 'index') {
        this.coll(op.c).addIndex(op.ix);
      } else if (op.t === 'put') {
        const doc = decode(op.d, 0) as Doc;
        changes.push({ coll: this.coll(op.c), idk: idKey(doc._id), before: null, after: doc });
      } else if (op.t === 'del') {
        const id = (decode(op.i, 0) as Doc)._id;
        changes.push({ coll: this.coll(op.c), idk: idKey(id), before: null, after: null });
      }
    }
    applyBatch(changes, r.q);
    this.seq = r.q;
  }
}
