// A common line in public code: switch the process to China time at the top of the file.
process.env.TZ = 'Asia/Shanghai';

exports.main = async (event) => {
  process.env.LAST_CALLER = String(event.mark || '');
  return { tz: process.env.TZ, lastCaller: process.env.LAST_CALLER };
};
