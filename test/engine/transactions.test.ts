/** Optimistic transactions through the real SDK (runTransaction / startTransaction). */
import { harness, rejection, Harness } from './helpers';
import { Engine } from '../../localcloud/engine';

let h: Harness;
beforeEach(async () => {
  h = harness({}, ['acc', 'log']);
  await h.db.collection('acc').add({ data: [{ _id: 'alice', bal: 100 }, { _id: 'bob', bal: 0 }] });
});
const bal = async (id: string) => (await h.db.collection('acc').doc(id).get()).data.bal;

describe('when a transaction reads its own writes', () => {
  it('sees pending updates, inserts and removes that others cannot see until commit', async () => {
    const t = await h.db.startTransaction();
    await t.collection('acc').doc('alice').update({ data: { bal: h._.inc(-30) } });
    expect((await t.collection('acc').doc('alice').get()).data.bal).toBe(70);
    await t.collection('log').add({ data: { _id: 'l1', what: 'transfer' } });
    expect((await t.collection('log').doc('l1').get()).data.what).toBe('transfer');
    await t.collection('acc').doc('bob').remove();
    expect((await rejection(t.collection('acc').doc('bob').get())).errMsg).toMatch(/does not exist/);
    // outside: nothing yet
    expect(await bal('alice')).toBe(100);
    expect(await bal('bob')).toBe(0);
    await t.commit();
    expect(await bal('alice')).toBe(70);
    expect((await h.db.collection('log').doc('l1').get()).data.what).toBe('transfer');
    expect((await rejection(h.db.collection('acc').doc('bob').get())).errMsg).toMatch(/does not exist/);
  });
  it('runTransaction returns the callback result and commits set/update/add', async () => {
    const out = await h.db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const a = (await t.collection('acc').doc('alice').get()).data;
      await t.collection('acc').doc('alice').update({ data: { bal: a.bal - 10 } });
      await t.collection('acc').doc('bob').set({ data: { bal: 10, note: 'set' } });
      await t.collection('acc').doc('carol').set({ data: { bal: 1 } });
      return 'done';
    });
    expect(out).toBe('done');
    expect([await bal('alice'), await bal('bob'), await bal('carol')]).toEqual([90, 10, 1]);
  });
});

describe('when a transaction is rolled back or abandoned', () => {
  it('rollback applies nothing and surfaces the reason from runTransaction', async () => {
    const err = await rejection(
      h.db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        await t.collection('acc').doc('alice').update({ data: { bal: 0 } });
        await t.rollback('insufficient');
      }),
    );
    expect(err).toBe('insufficient');
    expect(await bal('alice')).toBe(100);
    expect(h.engine.stats().openTransactions).toBe(0);
  });
  it('a throwing callback aborts the transaction', async () => {
    await rejection(h.db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      await t.collection('acc').doc('alice').update({ data: { bal: 0 } });
      throw new Error('boom');
    }));
    expect(await bal('alice')).toBe(100);
    expect(h.engine.stats().openTransactions).toBe(0);
  });
  it('an unknown or finished transaction id is an error', async () => {
    const t = await h.db.startTransaction();
    await t.commit();
    const again = h.engine.handle('database.commitTransaction', { transactionId: t._transaction.getTransactionId() });
    expect(again.code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(h.engine.handle('database.abortTransaction', { transactionId: 'nope' }).code).toBe('DATABASE_TRANSACTION_FAIL');
  });
  it('expires after the inactivity timeout (monotonic clock)', async () => {
    const e = new Engine({ dir: null, now: () => 0, txTimeoutMs: 30 });
    e.ensureSchema({ collections: { c: {} } });
    const { transactionId } = e.handle('database.startTransaction', {}) as { transactionId: string };
    await new Promise((r) => setTimeout(r, 60));
    const r = e.handle('database.getDocument', { collectionName: 'c', queryType: 'DOC', query: '{"_id":"x"}', transactionId });
    expect(r.code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(e.stats().openTransactions).toBe(0);
  });
});

describe('when an operation other than add and doc get/set/update/remove is sent inside a transaction', () => {
  it('is refused with an error code', async () => {
    const t = await h.db.startTransaction();
    const err = await rejection(t.collection('acc').where({ bal: 100 }).get());
    expect(err.errCode).toBe(-501007);
    const raw = h.engine.handle('database.removeDocument', {
      collectionName: 'acc', queryType: 'WHERE', query: '{"bal":{"$gt":0}}', multi: true, transactionId: t._transaction.getTransactionId(),
    });
    expect(raw.code).toBe('INVALID_PARAM');
    await t.rollback();
  });
  it('(documented SDK trap) where().update() inside a transaction is sent WITHOUT the transaction id and applies immediately', async () => {
    const t = await h.db.startTransaction();
    await t.collection('acc').where({ _id: 'bob' }).update({ data: { bal: 5 } });
    expect(await bal('bob')).toBe(5);
    await t.rollback();
    expect(await bal('bob')).toBe(5);
  });
});

describe('when two transactions update the same document', () => {
  it('commits the first and reports DATABASE_TRANSACTION_CONFLICT to the second at commit, applying nothing of it', async () => {
    const t1 = await h.db.startTransaction();
    const t2 = await h.db.startTransaction();
    await t1.collection('acc').doc('alice').update({ data: { bal: h._.inc(-10) } });
    await t2.collection('acc').doc('alice').update({ data: { bal: h._.inc(-20) } });
    await t2.collection('log').add({ data: { _id: 'from-t2' } });
    await t1.commit();
    const err = await rejection(t2.commit());
    expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await bal('alice')).toBe(90);
    expect((await h.db.collection('log').count()).total).toBe(0);
  });
  it('conflicts when a document the transaction only read was changed', async () => {
    const t = await h.db.startTransaction();
    await t.collection('acc').doc('alice').get();
    await t.collection('acc').doc('bob').update({ data: { bal: 1 } });
    await h.db.collection('acc').doc('alice').update({ data: { bal: 1 } });
    expect((await rejection(t.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await bal('bob')).toBe(0);
  });
  it('conflicts when a document read as absent was created meanwhile', async () => {
    const t = await h.db.startTransaction();
    await rejection(t.collection('acc').doc('dave').get());
    await t.collection('acc').doc('dave').set({ data: { bal: 1 } });
    await h.db.collection('acc').add({ data: { _id: 'dave', bal: 50 } });
    expect((await rejection(t.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await bal('dave')).toBe(50);
  });
  it('a non-transactional write between read and commit makes runTransaction retry and then succeed', async () => {
    let attempts = 0;
    await h.db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      attempts++;
      const a = (await t.collection('acc').doc('alice').get()).data;
      if (attempts === 1) await h.db.collection('acc').doc('alice').update({ data: { bal: h._.inc(1) } });
      await t.collection('acc').doc('alice').update({ data: { bal: a.bal + 1000 } });
    });
    expect(attempts).toBe(2);
    expect(await bal('alice')).toBe(1101); // the outside +1 was not overwritten
  });
});

describe('when 60 concurrent runTransaction calls increment one counter', () => {
  it('retries conflicts and never loses or doubles an increment', async () => {
    await h.db.collection('acc').add({ data: { _id: 'counter', n: 0 } });
    let attempts = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () =>
        h.db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
          attempts++;
          const cur = (await t.collection('acc').doc('counter').get()).data.n;
          await new Promise((r) => setImmediate(r));
          await t.collection('acc').doc('counter').update({ data: { n: cur + 1 } });
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    for (const f of failed) expect(f.reason.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    const stats = h.engine.stats();
    expect(stats.counters.conflicts).toBeGreaterThan(0);
    expect(attempts).toBeGreaterThan(60); // retries happened
    expect((await h.db.collection('acc').doc('counter').get()).data.n).toBe(ok);
    expect(ok).toBeGreaterThan(0);
    expect(stats.openTransactions).toBe(0);
  });
});
