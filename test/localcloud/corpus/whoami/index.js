const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

exports.main = async (event) => {
  const { OPENID, APPID, SOURCE, CLIENTIP, ENV } = cloud.getWXContext();
  // What the platform puts in the environment for the SDK (some older code reads it directly).
  const fromEnv = Object.fromEntries((process.env.WX_CONTEXT_KEYS || '').split(',').filter(Boolean).map((k) => [k, process.env[k]]));
  return { userInfo: event.userInfo === undefined ? null : event.userInfo, OPENID, APPID, SOURCE, CLIENTIP: CLIENTIP === undefined ? null : CLIENTIP, ENV, fromEnv, envSource: process.env.TCB_SOURCE };
};
