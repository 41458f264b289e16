// A sales report: joins, expressions and projections as public admin functions write them.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const _ = db.command;
const $ = db.command.aggregate;

exports.main = async () => {
  try {
    await db.createCollection('corpus_orders');
    await db.collection('corpus_orders').add({ data: [{ _id: 'a', buyer: 'u1', fen: 500, photos: ['p1'] }, { _id: 'b', buyer: 'u2', photos: [] }] });
  } catch (e) {
    // seeded before
  }
  const { list } = await db
    .collection('corpus_orders')
    .aggregate()
    .match(_.expr($.lt(['$fen', 1000])))
    .lookup({ from: 'corpus_reviews_not_created_yet', localField: '_id', foreignField: 'orderId', as: 'reviews' })
    .project({ fen: 1, buyer: 1, cover: $.arrayElemAt(['$photos', 0]), reviews: 1 })
    .sort({ _id: 1 })
    .end();
  return list.map((d) => ({ keys: Object.keys(d), doc: d }));
};
