const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

exports.main = async (event) => {
  const { OPENID, APPID, SOURCE, CLIENTIP, ENV } = cloud.getWXContext();
  return { userInfo: event.userInfo === undefined ? null : event.userInfo, OPENID, APPID, SOURCE, CLIENTIP: CLIENTIP === undefined ? null : CLIENTIP, ENV };
};
