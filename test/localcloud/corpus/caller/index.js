const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

// Answers what the callee answered, or how the call failed, the way callers usually log it.
async function attempt(name, data) {
  try {
    const res = await cloud.callFunction({ name, data });
    return { ok: true, result: res.result };
  } catch (e) {
    return { ok: false, errCode: e.errCode, errMsg: e.errMsg, message: e.message };
  }
}

exports.main = async (event) => attempt(event.callee, { note: 'from caller' });
