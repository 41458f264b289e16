// Uploaded with its own node_modules (an old wx-server-sdk among them), as many repositories commit it.
const cloud = require('wx-server-sdk');
const helper = require('legacy-helper');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();

exports.main = async () => {
  const { total } = await db.collection('corpus_probe').count().catch((e) => ({ total: `error ${e.errCode}` }));
  return { fake: cloud.IS_FAKE_SDK === true, openid: cloud.getWXContext().OPENID, helperOpenid: helper.openid(), total };
};
