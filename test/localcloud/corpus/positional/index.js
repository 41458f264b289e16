// Cart lines kept in an array, updated in place the way public shop code does it.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const _ = db.command;

exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext();
  const carts = db.collection('corpus_carts');
  if (event.action === 'init') {
    try {
      await db.createCollection('corpus_carts');
    } catch (e) {
      // exists
    }
    await carts.doc(OPENID).set({ data: { lines: [{ sku: 'tea', qty: 1, checked: false }, { sku: 'cake', qty: 2, checked: false }] } });
  }
  if (event.action === 'more') await carts.where({ _id: OPENID, 'lines.sku': event.sku }).update({ data: { 'lines.$.qty': _.inc(1) } });
  if (event.action === 'checkAll') await carts.doc(OPENID).update({ data: { 'lines.$[].checked': true } });
  const { data } = await carts.doc(OPENID).get();
  return data.lines;
};
