/**
 * `tx.withCommit(write)`: a record sent in the same round trip as a transaction's commit (the payment's
 * `pay_success` event). It is sent only once the body has finished, so a body that refuses sends nothing, and it
 * has landed when the transaction answers.
 */
import { startCloud } from '../support/cloud';
import { db, transaction } from '../../server/kernel/db';
import { fail, Failure } from '../../server/kernel/errors';
import { EngineTransport } from '../../localcloud/engine/transport';

const cloud = startCloud();
const insert = (id: string) => () => db().collection('events').add({ data: { _id: id, n: 'test' } });

it('has written the record when the transaction answers', async () => {
  await transaction(async (tx) => {
    await tx.collection('settings').doc('with-commit-1').set({ v: 1 });
    tx.withCommit(insert('wc-1'));
  });
  expect(cloud.count('events', { _id: 'wc-1' })).toBe(1);
  expect(cloud.count('settings', { _id: 'with-commit-1' })).toBe(1);
});

it('sends nothing when the body refuses', async () => {
  await expect(transaction(async (tx) => {
    tx.withCommit(insert('wc-2'));
    await tx.collection('settings').doc('with-commit-2').set({ v: 1 });
    throw fail('INVALID_STATE', 'refused');
  })).rejects.toBeInstanceOf(Failure);
  expect(cloud.count('events', { _id: 'wc-2' })).toBe(0);
  expect(cloud.count('settings', { _id: 'with-commit-2' })).toBe(0);
});

it('sends it before the commit has answered (the same round trip), not after', async () => {
  const sent: string[] = [];
  const send = EngineTransport.prototype.send;
  const spy = jest.spyOn(EngineTransport.prototype, 'send').mockImplementation(async function (this: EngineTransport, action: string, params?: Record<string, unknown>, opts?: unknown) {
    sent.push(`${action} ${(params as { collectionName?: string })?.collectionName ?? ''}`.trim());
    const out = await send.call(this, action, params, opts);
    if (action === 'database.commitTransaction') sent.push('committed');
    return out;
  });
  try {
    await transaction(async (tx) => {
      await tx.collection('settings').doc('with-commit-3').set({ v: 1 });
      tx.withCommit(insert('wc-3'));
    });
  } finally {
    spy.mockRestore();
  }
  expect(sent.indexOf('database.insertDocument events')).toBeGreaterThan(-1);
  expect(sent.indexOf('database.insertDocument events')).toBeLessThan(sent.indexOf('committed'));
  expect(cloud.count('events', { _id: 'wc-3' })).toBe(1);
});
