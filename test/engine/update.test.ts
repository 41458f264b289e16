/** Update operators, set/replace, upsert, multi-document atomicity, through the real SDK. */
import { harness, rejection, Harness } from './helpers';

let h: Harness;
let col: any; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeEach(() => {
  h = harness({}, ['u']);
  col = h.db.collection('u');
});

async function doc(id: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return (await col.doc(id).get()).data;
}

describe('when updating fields', () => {
  it('$set/$unset/$inc/$mul/$min/$max/$rename work on dotted paths, creating intermediate objects', async () => {
    const { _ } = h;
    await col.add({ data: { _id: 'x', a: 1, n: 10, m: 3, lo: 5, hi: 5, old: 'v', keep: { k: 1 }, gone: true } });
    const r = await col.doc('x').update({
      data: { 'p.q.r': 1, keep: { j: 2 }, gone: _.remove(), n: _.inc(-4), m: _.mul(2), lo: _.min(2), hi: _.max(9), old: _.rename('renamed'), fresh: _.inc(5) },
    });
    expect(r.stats).toEqual({ updated: 1 });
    expect(await doc('x')).toEqual({ _id: 'x', a: 1, n: 6, m: 6, lo: 2, hi: 9, keep: { k: 1, j: 2 }, p: { q: { r: 1 } }, renamed: 'v', fresh: 5 });
  });
  it('_.set replaces a nested object instead of merging into it', async () => {
    await col.add({ data: { _id: 'x', o: { a: 1, b: 2 } } });
    await col.doc('x').update({ data: { o: h._.set({ c: 3 }) } });
    expect((await doc('x')).o).toEqual({ c: 3 });
  });
  it('$min/$max compare dates', async () => {
    await col.add({ data: { _id: 'x', d: new Date(5000) } });
    await col.doc('x').update({ data: { d: h._.max(new Date(9000)) } });
    expect((await doc('x')).d).toEqual(new Date(9000));
    await col.doc('x').update({ data: { d: h._.min(new Date(1000)) } });
    expect((await doc('x')).d).toEqual(new Date(1000));
  });
  it('reports updated 0 when nothing changes or nothing matches', async () => {
    await col.add({ data: { _id: 'x', a: 1 } });
    expect((await col.doc('x').update({ data: { a: 1 } })).stats.updated).toBe(0);
    expect((await col.doc('nope').update({ data: { a: 1 } })).stats.updated).toBe(0);
    expect((await col.where({ a: 2 }).update({ data: { a: 3 } })).stats.updated).toBe(0);
  });
});

describe('when updating arrays', () => {
  beforeEach(async () => {
    await col.add({ data: { _id: 'x', arr: [1, 2, 3, 4, 5], objs: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }, { k: 3, v: 'c' }], set: ['a'] } });
  });
  it('$push appends one or many values', async () => {
    await col.doc('x').update({ data: { arr: h._.push(6), none: h._.push([7, 8]) } });
    const d = await doc('x');
    expect(d.arr).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.none).toEqual([7, 8]);
  });
  it('$push supports $each with $position, $sort and $slice', async () => {
    await col.doc('x').update({ data: { arr: h._.push({ each: [0, -1], position: 1 }) } });
    expect((await doc('x')).arr).toEqual([1, 0, -1, 2, 3, 4, 5]);
    await col.doc('x').update({ data: { arr: h._.push({ each: [10], sort: -1, slice: 3 }) } });
    expect((await doc('x')).arr).toEqual([10, 5, 4]);
    await col.doc('x').update({ data: { objs: h._.push({ each: [{ k: 0, v: 'z' }], sort: { k: 1 }, slice: -2 }) } });
    expect((await doc('x')).objs).toEqual([{ k: 2, v: 'b' }, { k: 3, v: 'c' }]);
    await col.doc('x').update({ data: { arr: h._.unshift([100]) } });
    expect((await doc('x')).arr).toEqual([100, 10, 5, 4]);
  });
  it('$pull removes equal values or values matching a condition; $pullAll removes listed values', async () => {
    await col.doc('x').update({ data: { arr: h._.pull(h._.gt(3)), objs: h._.pull({ k: h._.gte(2) }) } });
    let d = await doc('x');
    expect(d.arr).toEqual([1, 2, 3]);
    expect(d.objs).toEqual([{ k: 1, v: 'a' }]);
    await col.doc('x').update({ data: { arr: h._.pull(2) } });
    await col.doc('x').update({ data: { set: h._.pullAll(['a', 'zz']) } });
    d = await doc('x');
    expect(d.arr).toEqual([1, 3]);
    expect(d.set).toEqual([]);
  });
  it('$addToSet adds only missing values, with $each', async () => {
    await col.doc('x').update({ data: { set: h._.addToSet('a') } });
    await col.doc('x').update({ data: { set: h._.addToSet({ $each: ['b', 'a', 'c'] }) } });
    expect((await doc('x')).set).toEqual(['a', 'b', 'c']);
  });
  it('$pop removes the last or first element (pop/shift)', async () => {
    await col.doc('x').update({ data: { arr: h._.pop() } });
    await col.doc('x').update({ data: { arr: h._.shift() } });
    expect((await doc('x')).arr).toEqual([2, 3, 4]);
  });
  it('updates array elements by index path', async () => {
    await col.doc('x').update({ data: { 'arr.0': 100, 'objs.1.v': 'B' } });
    const d = await doc('x');
    expect(d.arr[0]).toBe(100);
    expect(d.objs[1]).toEqual({ k: 2, v: 'B' });
  });
});

describe('when an update is invalid', () => {
  beforeEach(async () => {
    await col.add({ data: { _id: 'x', s: 'str', n: 1, arr: [1] } });
    await col.add({ data: { _id: 'y', s: 'str', n: 'not a number' } });
  });
  it('rejects $inc on a non-number and applies nothing of a multi-update that fails on one document', async () => {
    const err = await rejection(col.where({ s: 'str' }).update({ data: { n: h._.inc(1), touched: true } }));
    expect(err.errCode).toBe(-502001);
    expect(String(err.errMsg)).toMatch(/Cannot apply \$inc to a value of non-numeric type/);
    expect(await doc('x')).toEqual({ _id: 'x', s: 'str', n: 1, arr: [1] });
  });
  it('rejects pushing to a non-array and creating a field inside a scalar', async () => {
    expect((await rejection(col.doc('x').update({ data: { s: h._.push(1) } }))).errCode).toBe(-502001);
    expect((await rejection(col.doc('x').update({ data: { 's.deeper': 1 } }))).errCode).toBe(-502001);
  });
  it('rejects changing _id (the SDK refuses it; raw operators are refused by the engine)', async () => {
    await expect(col.doc('x').update({ data: { _id: 'z' } })).rejects.toBeTruthy();
    const res = h.engine.handle('database.modifyDocument', {
      collectionName: 'u', queryType: 'DOC', query: '{"_id":"x"}', data: '{"$set":{"_id":"z"}}', merge: true, multi: false, upsert: false,
    });
    expect(res.code).toBe('DATABASE_REQUEST_FAILED');
    expect(String(res.message)).toMatch(/immutable field '_id'/);
  });
  it('rejects unknown operators with DATABASE_INVALID_OPERRATOR', async () => {
    const res = h.engine.handle('database.modifyDocument', {
      collectionName: 'u', queryType: 'DOC', query: '{"_id":"x"}', data: '{"$frobnicate":{"a":1}}', merge: true, multi: false, upsert: false,
    });
    expect(res.code).toBe('DATABASE_INVALID_OPERRATOR');
    const q = h.engine.handle('database.getDocument', { collectionName: 'u', queryType: 'WHERE', query: '{"a":{"$nope":1}}', limit: 10 });
    expect(q.code).toBe('DATABASE_INVALID_OPERRATOR');
  });
});

describe('when setting a whole document', () => {
  it('replaces an existing document keeping its _id', async () => {
    await col.add({ data: { _id: 'x', a: 1, b: 2 } });
    const r = await col.doc('x').set({ data: { c: 3 } });
    expect(r).toMatchObject({ _id: 'x', stats: { updated: 1, created: 0 } });
    expect(await doc('x')).toEqual({ _id: 'x', c: 3 });
  });
  it('creates the document when it does not exist', async () => {
    const r = await col.doc('new').set({ data: { c: 3, at: h.db.serverDate() } });
    expect(r).toMatchObject({ _id: 'new', stats: { updated: 0, created: 1 } });
    expect((await doc('new')).c).toBe(3);
  });
  it('updates many documents with where().update and removes with where().remove', async () => {
    await col.add({ data: [{ g: 1 }, { g: 1 }, { g: 2 }] });
    expect((await col.where({ g: 1 }).update({ data: { seen: true } })).stats.updated).toBe(2);
    expect((await col.where({ seen: true }).count()).total).toBe(2);
    expect((await col.where({ g: 1 }).remove()).stats.removed).toBe(2);
    expect((await col.doc('none').remove()).stats.removed).toBe(0);
  });
});

describe('when stock is decremented conditionally by many concurrent requests', () => {
  it('never oversells', async () => {
    await col.add({ data: { _id: 'sku', stock: 10 } });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => col.where({ _id: 'sku', stock: h._.gte(1) }).update({ data: { stock: h._.inc(-1) } })),
    );
    expect(results.filter((r: any) => r.stats.updated === 1)).toHaveLength(10); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await doc('sku')).stock).toBe(0);
  });
});

describe('when an update path is positional', () => {
  const cart = () => ({ _id: 'c', items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 1 }, { sku: 'b', qty: 5 }], tags: ['x', 'y'] });
  it('arr.$.field changes the first element the query matched', async () => {
    await col.add({ data: cart() });
    const r = await col.where({ _id: 'c', 'items.sku': 'b' }).update({ data: { 'items.$.qty': h._.inc(2) } });
    expect(r.stats.updated).toBe(1);
    expect((await doc('c')).items).toEqual([{ sku: 'a', qty: 1 }, { sku: 'b', qty: 3 }, { sku: 'b', qty: 5 }]);
  });
  it('arr.$ follows an $elemMatch and a condition on a scalar array', async () => {
    await col.add({ data: cart() });
    await col.where({ items: h._.elemMatch({ sku: 'b', qty: h._.gt(2) }) }).update({ data: { 'items.$.qty': 0 } });
    await col.where({ tags: 'y' }).update({ data: { 'tags.$': 'Y' } });
    expect(await doc('c')).toMatchObject({ items: [{ qty: 1 }, { qty: 1 }, { sku: 'b', qty: 0 }], tags: ['x', 'Y'] });
  });
  it('arr.$[].field changes every element', async () => {
    await col.add({ data: cart() });
    await col.doc('c').update({ data: { 'items.$[].qty': h._.mul(10) } });
    expect((await doc('c')).items.map((i: { qty: number }) => i.qty)).toEqual([10, 10, 50]);
  });
  it('arr.$ without a query on the array fails as MongoDB does, changing nothing', async () => {
    await col.add({ data: cart() });
    const e = await rejection(col.doc('c').update({ data: { 'items.$.qty': 9 } }));
    expect(e.errMsg).toMatch(/positional operator did not find the match needed from the query/);
    expect(await doc('c')).toEqual(cart());
  });
});
