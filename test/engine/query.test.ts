/** Queries through the real wx-server-sdk: operators, paths, sort, projection, paging, count. */
import { harness, rejection, T0, Harness } from './helpers';

let h: Harness;
let col: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ids = async (q: any): Promise<unknown[]> => (await q.get()).data.map((d: any) => d._id); // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  h = harness({}, ['items', 'empty']);
  col = h.db.collection('items');
  const docs = [
    { _id: 'a', n: 5, s: 'apple', tags: ['x', 'y'], o: { k: 1, deep: { v: 'p' } }, d: new Date(T0 + 1000), arr: [{ q: 1, r: 'a' }, { q: 3, r: 'b' }] },
    { _id: 'b', n: 10, s: 'Banana', tags: ['y'], o: { k: 2 }, d: new Date(T0 + 3000), arr: [{ q: 2, r: 'c' }] },
    { _id: 'c', n: 7.5, s: 'cherry', tags: [], o: { k: 3 }, nul: null },
    { _id: 'd', s: 'date', tags: ['x', 'z', 'y'] },
    { _id: 'e', n: -1, s: 'elder', mix: [1, 9] },
  ];
  for (const d of docs) await col.add({ data: d });
});

describe('when querying with comparison operators', () => {
  it('matches $eq/$ne/$gt/$gte/$lt/$lte on numbers, with missing fields never compared by order', async () => {
    const { _ } = h;
    expect(await ids(col.where({ n: 5 }))).toEqual(['a']);
    expect(await ids(col.where({ n: _.eq(10) }))).toEqual(['b']);
    expect(await ids(col.where({ n: _.neq(5) }))).toEqual(['b', 'c', 'd', 'e']);
    expect(await ids(col.where({ n: _.gt(5) }))).toEqual(['b', 'c']);
    expect(await ids(col.where({ n: _.gte(5) }))).toEqual(['a', 'b', 'c']);
    expect(await ids(col.where({ n: _.lt(5) }))).toEqual(['e']);
    expect(await ids(col.where({ n: _.lte(7.5) }))).toEqual(['a', 'c', 'e']);
  });
  it('compares dates as dates', async () => {
    const { _ } = h;
    expect(await ids(col.where({ d: _.gt(new Date(T0 + 2000)) }))).toEqual(['b']);
    expect(await ids(col.where({ d: new Date(T0 + 1000) }))).toEqual(['a']);
  });
  it('matches $in/$nin, and null matches missing fields', async () => {
    const { _ } = h;
    expect(await ids(col.where({ s: _.in(['apple', 'date', 'nope']) }))).toEqual(['a', 'd']);
    expect(await ids(col.where({ s: _.nin(['apple', 'date']) }))).toEqual(['b', 'c', 'e']);
    expect(await ids(col.where({ nul: null }))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await ids(col.where({ n: _.exists(false) }))).toEqual(['d']);
    expect(await ids(col.where({ nul: _.exists(true) }))).toEqual(['c']);
  });
});

describe('when querying arrays and nested paths', () => {
  it('matches an array field when any element equals the value', async () => {
    expect(await ids(col.where({ tags: 'x' }))).toEqual(['a', 'd']);
    expect(await ids(col.where({ mix: 9 }))).toEqual(['e']);
  });
  it('matches dotted paths into objects and into arrays of objects', async () => {
    const { _ } = h;
    expect(await ids(col.where({ 'o.k': _.gte(2) }))).toEqual(['b', 'c']);
    expect(await ids(col.where({ o: { deep: { v: 'p' } } }))).toEqual(['a']);
    expect(await ids(col.where({ 'arr.q': 3 }))).toEqual(['a']);
    expect(await ids(col.where({ 'arr.r': _.in(['c']) }))).toEqual(['b']);
  });
  it('supports $size, $all and $elemMatch', async () => {
    const { _ } = h;
    expect(await ids(col.where({ tags: _.size(0) }))).toEqual(['c']);
    expect(await ids(col.where({ tags: _.all(['y', 'x']) }))).toEqual(['a', 'd']);
    expect(await ids(col.where({ arr: _.elemMatch({ q: _.gt(1), r: 'b' }) }))).toEqual(['a']);
    // without $elemMatch the two conditions may be met by different elements
    expect(await ids(col.where({ 'arr.q': 1, 'arr.r': 'b' }))).toEqual(['a']);
    expect(await ids(col.where({ arr: _.elemMatch({ q: 1, r: 'b' }) }))).toEqual([]);
  });
});

describe('when combining conditions', () => {
  it('supports and/or/nor/not', async () => {
    const { _ } = h;
    expect(await ids(col.where(_.or([{ n: 5 }, { s: 'date' }])))).toEqual(['a', 'd']);
    expect(await ids(col.where(_.and([{ n: _.gt(0) }, { n: _.lt(8) }])))).toEqual(['a', 'c']);
    expect(await ids(col.where({ n: _.gt(0).and(_.lt(8)) }))).toEqual(['a', 'c']);
    expect(await ids(col.where(_.nor([{ n: _.gt(0) }, { s: 'date' }])))).toEqual(['e']);
    expect(await ids(col.where({ n: _.not(_.gt(5)) }))).toEqual(['a', 'd', 'e']);
  });
  it('supports regular expressions, with options, as JS RegExp or db.RegExp', async () => {
    expect(await ids(col.where({ s: /^b/i }))).toEqual(['b']);
    expect(await ids(col.where({ s: h.db.RegExp({ regexp: 'ERR', options: 'i' }) }))).toEqual(['c']);
    expect(await ids(col.where({ s: /^b/ }))).toEqual([]);
  });
  it('supports $mod', async () => {
    expect(await ids(col.where({ n: h._.mod(5, 0) }))).toEqual(['a', 'b']);
  });
});

describe('when sorting, paging and projecting', () => {
  it('sorts by several keys with missing fields first ascending and last descending', async () => {
    expect(await ids(col.orderBy('n', 'asc'))).toEqual(['d', 'e', 'a', 'c', 'b']);
    expect(await ids(col.orderBy('n', 'desc'))).toEqual(['b', 'c', 'a', 'e', 'd']);
    await col.add({ data: { _id: 'f', n: 5, s: 'fig' } });
    expect(await ids(col.orderBy('n', 'asc').orderBy('s', 'desc'))).toEqual(['d', 'e', 'f', 'a', 'c', 'b']);
    await col.doc('f').remove();
  });
  it('orders mixed types like MongoDB: null < numbers < strings < objects < arrays < booleans < dates', async () => {
    const m = h.db.collection('empty');
    const vals: unknown[] = [true, 'str', 3, new Date(T0), { a: 1 }, null, [0, 100]];
    for (let i = 0; i < vals.length; i++) await m.add({ data: { _id: `m${i}`, v: vals[i] } });
    await m.add({ data: { _id: 'mMissing' } });
    const asc = (await m.orderBy('v', 'asc').get()).data.map((d: any) => d._id); // eslint-disable-line @typescript-eslint/no-explicit-any
    // arrays sort by their smallest element ascending (0 → among numbers)
    expect(asc).toEqual(['m5', 'mMissing', 'm6', 'm2', 'm1', 'm4', 'm0', 'm3']);
    const desc = (await m.orderBy('v', 'desc').get()).data.map((d: any) => d._id); // eslint-disable-line @typescript-eslint/no-explicit-any
    // ... and by their largest descending (100 → above 3)
    expect(desc).toEqual(['m3', 'm0', 'm4', 'm1', 'm6', 'm2', 'm5', 'mMissing']);
    await m.where({ v: h._.exists(true).or(h._.exists(false)) }).remove();
  });
  it('applies skip and limit after sorting, and count ignores them', async () => {
    expect(await ids(col.orderBy('s', 'asc').skip(1).limit(2))).toEqual(['a', 'c']);
    expect(await col.where({ n: h._.gt(0) }).count()).toMatchObject({ total: 3 });
  });
  it('returns at most 100 documents without limit and at most 1000 with one', async () => {
    const m = h.db.collection('empty');
    await m.add({ data: Array.from({ length: 1100 }, (_, i) => ({ i })) });
    expect((await m.get()).data).toHaveLength(100);
    expect((await m.limit(5000).get()).data).toHaveLength(1000);
    expect((await m.count()).total).toBe(1100);
    expect((await m.where({ i: h._.gte(0) }).remove()).stats.removed).toBe(1100);
  });
  it('projects included fields with _id by default, or excludes fields', async () => {
    expect((await col.doc('a').field({ s: true }).get()).data).toEqual({ _id: 'a', s: 'apple' });
    expect((await col.where({ _id: 'a' }).field({ s: true, _id: false }).get()).data).toEqual([{ s: 'apple' }]);
    const ex = (await col.doc('b').field({ arr: false, tags: false, d: false }).get()).data;
    expect(ex).toEqual({ _id: 'b', n: 10, s: 'Banana', o: { k: 2 } });
    expect((await col.doc('a').field({ 'o.deep': true }).get()).data).toEqual({ _id: 'a', o: { deep: { v: 'p' } } });
  });
});

describe('when reading single documents and collections that do not exist', () => {
  it('doc().get on a missing id rejects with "document with _id X does not exist"', async () => {
    const err = await rejection(col.doc('nope').get());
    expect(String(err.errMsg ?? err.message ?? err)).toContain('document with _id nope does not exist');
  });
  it('any request on a missing collection fails with errCode -502005', async () => {
    const err = await rejection(h.db.collection('ghost').where({}).get());
    expect(err.errCode).toBe(-502005);
    expect((await rejection(h.db.collection('ghost').add({ data: { a: 1 } }))).errCode).toBe(-502005);
  });
  it('createCollection creates it once and fails the second time', async () => {
    await h.db.createCollection('fresh');
    expect(h.engine.collections()).toContain('fresh');
    const err = await rejection(h.db.createCollection('fresh'));
    expect(err.code ?? err.errCode).toBeTruthy();
    expect(String(err.message ?? err.errMsg)).toMatch(/already exists/);
  });
  it('numbers and strings are distinct ids', async () => {
    await col.add({ data: { _id: 1, v: 'number' } });
    await col.add({ data: { _id: '1', v: 'string' } });
    expect((await col.doc(1).get()).data.v).toBe('number');
    expect((await col.doc('1').get()).data.v).toBe('string');
    await col.doc(1).remove();
    await col.doc('1').remove();
  });
});

describe('when using db.serverDate', () => {
  it('stores the engine clock plus offset in inserts, updates and query values', async () => {
    const m = h.db.collection('empty');
    h.clock.now = T0 + 60_000;
    const { _id } = await m.add({ data: { at: h.db.serverDate(), later: h.db.serverDate({ offset: 5000 }) } });
    let doc = (await m.doc(_id).get()).data;
    expect(doc.at).toEqual(new Date(T0 + 60_000));
    expect(doc.later).toEqual(new Date(T0 + 65_000));
    h.clock.now = T0 + 120_000;
    await m.doc(_id).update({ data: { at: h.db.serverDate() } });
    doc = (await m.doc(_id).get()).data;
    expect(doc.at).toEqual(new Date(T0 + 120_000));
    expect((await m.where({ later: h._.lt(h.db.serverDate()) }).count()).total).toBe(1);
    expect((await m.where({ later: h._.gt(h.db.serverDate()) }).count()).total).toBe(0);
    await m.doc(_id).remove();
  });
  it('generates 32-hex-char ids', async () => {
    const { _id } = await h.db.collection('empty').add({ data: {} });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
  });
});
