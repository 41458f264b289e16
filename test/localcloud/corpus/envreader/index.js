exports.main = async () => {
  const epoch = new Date(0);
  return {
    tz: process.env.TZ,
    hoursAtEpoch: epoch.getHours(),
    offsetMinutes: epoch.getTimezoneOffset(),
    intlZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    greeting: process.env.GREETING === undefined ? null : process.env.GREETING,
    lastCaller: process.env.LAST_CALLER === undefined ? null : process.env.LAST_CALLER,
    hostSecret: process.env.CORPUS_HOST_SECRET === undefined ? null : process.env.CORPUS_HOST_SECRET,
    functionName: process.env.SCF_FUNCTIONNAME,
    keys: Object.keys(process.env),
  };
};
