/** Aggregation stages through db.collection().aggregate() of the real SDK. */
import { harness, Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = harness({}, ['orders', 'users']);
  await h.db.collection('users').add({ data: [{ _id: 'u1', name: 'Ann' }, { _id: 'u2', name: 'Bob' }] });
  await h.db.collection('orders').add({
    data: [
      { _id: 'o1', user: 'u1', total: 10, items: ['a', 'b'], at: new Date('2024-01-01T10:00:00Z') },
      { _id: 'o2', user: 'u1', total: 30, items: ['a'], at: new Date('2024-01-02T10:00:00Z') },
      { _id: 'o3', user: 'u2', total: 5, items: [], at: new Date('2024-01-02T11:00:00Z') },
    ],
  });
});
const agg = () => h.db.collection('orders').aggregate();

describe('when aggregating', () => {
  it('$match + $group with $sum $avg $min $max $first $last $push $addToSet, then $sort', async () => {
    const $ = h.db.command.aggregate;
    const { list } = await agg()
      .match({ total: h._.gt(1) })
      .sort({ _id: 1 })
      .group({ _id: '$user', sum: $.sum('$total'), avg: $.avg('$total'), min: $.min('$total'), max: $.max('$total'), first: $.first('$_id'), last: $.last('$_id'), all: $.push('$total'), set: $.addToSet('$user'), n: $.sum(1) })
      .sort({ sum: -1 })
      .end();
    expect(list).toEqual([
      { _id: 'u1', sum: 40, avg: 20, min: 10, max: 30, first: 'o1', last: 'o2', all: [10, 30], set: ['u1'], n: 2 },
      { _id: 'u2', sum: 5, avg: 5, min: 5, max: 5, first: 'o3', last: 'o3', all: [5], set: ['u2'], n: 1 },
    ]);
  });
  it('$project/$addFields with expressions ($cond, $dateToString), $skip/$limit, $count', async () => {
    const $ = h.db.command.aggregate;
    const { list } = await agg()
      .addFields({ big: $.cond({ if: $.gte(['$total', 10]), then: true, else: false }), day: $.dateToString({ date: '$at', format: '%Y-%m-%d' }) })
      .project({ _id: 0, big: 1, day: 1 })
      .skip(1)
      .limit(1)
      .end();
    expect(list).toEqual([{ big: true, day: '2024-01-02' }]);
    expect((await agg().match({ total: h._.lt(20) }).count('n').end()).list).toEqual([{ n: 2 }]);
  });
  it('$unwind, $lookup against another collection, $replaceRoot', async () => {
    const { list } = await agg()
      .match({ _id: 'o1' })
      .unwind('$items')
      .lookup({ from: 'users', localField: 'user', foreignField: '_id', as: 'u' })
      .replaceRoot({ newRoot: { item: '$items', who: { $arrayElemAt: ['$u.name', 0] } } })
      .end();
    expect(list).toEqual([{ item: 'a', who: 'Ann' }, { item: 'b', who: 'Ann' }]);
  });
  it('$sample returns the requested number of distinct documents; dates come back as Dates', async () => {
    const { list } = await agg().sample({ size: 2 }).end();
    expect(list).toHaveLength(2);
    expect(new Set(list.map((d: any) => d._id)).size).toBe(2); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(list[0].at).toBeInstanceOf(Date);
  });
  it('does not modify stored documents', async () => {
    await agg().addFields({ total: 0 }).end();
    expect((await h.db.collection('orders').doc('o1').get()).data.total).toBe(10);
  });
});

describe('where mingo and the platform differ', () => {
  const $ = () => h.db.command.aggregate;
  it('$lookup from a collection that does not exist joins empty arrays', async () => {
    const { list } = await agg().sort({ _id: 1 }).lookup({ from: 'no_such_collection', localField: 'user', foreignField: '_id', as: 'joined' }).project({ joined: 1 }).end();
    expect(list).toEqual([{ _id: 'o1', joined: [] }, { _id: 'o2', joined: [] }, { _id: 'o3', joined: [] }]);
  });
  it('$expr treats a missing field as null, which orders before every number', async () => {
    await h.db.collection('users').add({ data: { _id: 'u3', name: 'Cy', credit: 50 } });
    const below = await h.db.collection('users').aggregate().match(h._.expr($().lt(['$credit', 10]))).sort({ _id: 1 }).end();
    expect(below.list.map((d: { _id: string }) => d._id)).toEqual(['u1', 'u2']);
    const viaWhere = await h.db.collection('users').where(h._.expr($().gte(['$credit', 10]))).get();
    expect(viaWhere.data.map((d: { _id: string }) => d._id)).toEqual(['u3']);
    await h.db.collection('users').doc('u3').remove();
  });
  it('$arrayElemAt past the end leaves the field out', async () => {
    const { list } = await agg().sort({ _id: 1 }).project({ second: $().arrayElemAt(['$items', 1]) }).end();
    expect(list).toEqual([{ _id: 'o1', second: 'b' }, { _id: 'o2' }, { _id: 'o3' }]);
  });
  it('$trunc takes a bare number (place 0), as MongoDB does', async () => {
    const { list } = await agg().match({ _id: 'o1' }).project({ _id: 0, t: $().trunc($().divide(['$total', 3])), neg: $().trunc(-2.7) }).end();
    expect(list).toEqual([{ t: 3, neg: -2 }]);
  });
  it('$project answers fields in the order it names them', async () => {
    const { list } = await agg().match({ _id: 'o1' }).project({ total: 1, user: 1, n: $().size('$items') }).end();
    expect(Object.keys(list[0])).toEqual(['_id', 'total', 'user', 'n']);
  });
});
