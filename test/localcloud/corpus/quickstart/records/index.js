const cloud = require('wx-server-sdk');
const { sales } = require('../lib/seed');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();

exports.createCollection = async () => {
  try {
    await db.createCollection('sales');
    for (const s of sales) await db.collection('sales').add({ data: s });
    return { success: true };
  } catch (e) {
    return { success: true, data: 'create collection success' };
  }
};

exports.insertRecord = async (event) => {
  const { _id } = await db.collection('sales').add({ data: { region: event.region, city: event.city, sales: Number(event.sales) } });
  return { success: true, _id };
};

exports.selectRecord = async () => {
  return await db.collection('sales').orderBy('sales', 'desc').get();
};
