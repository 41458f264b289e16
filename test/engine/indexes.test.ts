/** Unique indexes (insert, update, set, transactions, compound, missing = null) and index use. */
import { harness, rejection, Harness } from './helpers';
import type { DatabaseSchema } from '../../localcloud/engine';

let h: Harness;
const schema: DatabaseSchema = {
  collections: {
    users: { indexes: [{ name: 'phone_1', keys: { phone: 1 }, unique: true }, { name: 'city_1', keys: { city: 1 } }] },
    stock: { indexes: [{ name: 'shop_sku', keys: { shop: 1, sku: 1 }, unique: true }] },
  },
};
beforeEach(() => {
  h = harness();
  h.engine.ensureSchema(schema);
});
const users = () => h.db.collection('users');

describe('when a unique index is declared', () => {
  it('rejects a duplicate insert with -502001 and MongoDB E11000 text', async () => {
    await users().add({ data: { _id: 'u1', phone: '123' } });
    const err = await rejection(users().add({ data: { _id: 'u2', phone: '123' } }));
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toContain('E11000 duplicate key error collection: users index: phone_1 dup key: { phone: "123" }');
    expect((await users().count()).total).toBe(1);
  });
  it('rejects a duplicate _id', async () => {
    await users().add({ data: { _id: 'u1', phone: '1' } });
    const err = await rejection(users().add({ data: { _id: 'u1', phone: '2' } }));
    expect(err.errMsg).toContain('index: _id_ dup key: { _id: "u1" }');
  });
  it('treats a missing field as null, so a second document without it collides', async () => {
    await users().add({ data: { name: 'a' } });
    const err = await rejection(users().add({ data: { name: 'b' } }));
    expect(err.errMsg).toContain('dup key: { phone: null }');
  });
  it('rejects updates and sets that would duplicate, and a batch insert applies nothing', async () => {
    await users().add({ data: [{ _id: 'u1', phone: '1' }, { _id: 'u2', phone: '2' }] });
    expect((await rejection(users().doc('u2').update({ data: { phone: '1' } }))).errCode).toBe(-502001);
    expect((await rejection(users().doc('u2').set({ data: { phone: '1' } }))).errCode).toBe(-502001);
    expect((await rejection(users().add({ data: [{ phone: '3' }, { phone: '3' }] }))).errCode).toBe(-502001);
    expect((await users().count()).total).toBe(2);
    // swapping values inside one multi-document request is fine when the end state is unique
    await users().doc('u1').update({ data: { phone: '9' } });
    expect((await users().doc('u1').get()).data.phone).toBe('9');
  });
  it('a multi-update that would create a duplicate applies nothing', async () => {
    await users().add({ data: [{ _id: 'u1', phone: '1', city: 'x' }, { _id: 'u2', phone: '2', city: 'x' }] });
    expect((await rejection(users().where({ city: 'x' }).update({ data: { phone: 'same' } }))).errCode).toBe(-502001);
    expect((await users().doc('u1').get()).data.phone).toBe('1');
  });
  it('enforces compound unique keys on the combination only', async () => {
    const s = h.db.collection('stock');
    await s.add({ data: { shop: 'A', sku: 1 } });
    await s.add({ data: { shop: 'A', sku: 2 } });
    await s.add({ data: { shop: 'B', sku: 1 } });
    const err = await rejection(s.add({ data: { shop: 'A', sku: 1 } }));
    expect(err.errMsg).toContain('index: shop_sku dup key: { shop: "A", sku: 1 }');
  });
  it('is enforced inside transactions, at the operation and at commit', async () => {
    await users().add({ data: { _id: 'u1', phone: '1' } });
    const t = await h.db.startTransaction();
    expect((await rejection(t.collection('users').add({ data: { phone: '1' } }))).errCode).toBe(-502001);
    await t.collection('users').add({ data: { _id: 'u2', phone: '2' } });
    // someone else takes phone 2 before the commit
    await users().add({ data: { _id: 'u3', phone: '2' } });
    const err = await rejection(t.commit());
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.message).toContain('E11000');
    expect((await users().count()).total).toBe(2);
  });
  it('ensureSchema is idempotent and refuses to build a unique index over duplicate data', () => {
    h.engine.ensureSchema(schema);
    expect(h.engine.stats().collections.users.indexes).toHaveLength(2);
    h.engine.ensureSchema({ collections: { dup: {} } });
    h.engine.handle('database.insertDocument', { collectionName: 'dup', data: ['{"k":1}', '{"k":1}'] });
    expect(() => h.engine.ensureSchema({ collections: { dup: { indexes: [{ name: 'k_1', keys: { k: 1 }, unique: true }] } } })).toThrow(/E11000/);
  });
});

describe('when reading and updating by indexed fields', () => {
  it('uses the index: a point operation costs a small fraction of a scan of a large collection', async () => {
    const docs = Array.from({ length: 20000 }, (_, i) => `{"_id":"id${i}","phone":"p${i}","nick":"p${i}","city":"c${i % 100}","stock":{"$numberInt":"100"}}`);
    h.engine.handle('database.insertDocument', { collectionName: 'users', data: docs });
    const perOp = (n: number, field: string) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const r = h.engine.handle('database.getDocument', { collectionName: 'users', queryType: 'DOC', query: `{"_id":"id${i * 7}"}`, multi: false });
        expect((r as any).data.list).toHaveLength(1); // eslint-disable-line @typescript-eslint/no-explicit-any
        h.engine.handle('database.modifyDocument', {
          collectionName: 'users', queryType: 'WHERE', query: `{"${field}":"p${i}","stock":{"$gte":{"$numberInt":"1"}}}`,
          data: '{"$inc":{"stock":{"$numberInt":"-1"}}}', multi: true, merge: true, upsert: false,
        });
      }
      return Number(process.hrtime.bigint() - t0) / n;
    };
    // Relative, not absolute, so a loaded machine cannot fail it: `phone` is indexed, `nick` (same values) is not.
    const indexed = perOp(2000, 'phone');
    const scanned = perOp(8, 'nick');
    expect(indexed * 10).toBeLessThan(scanned);
    expect((await users().where({ city: 'c5' }).count()).total).toBe(200);
    expect((await users().where({ city: h._.in(['c5', 'c6']), phone: h._.neq('p5') }).count()).total).toBe(399);
  });
});
