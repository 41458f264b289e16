// The DevTools quickstartFunctions shape: index.js only routes; each sub-module requires the SDK itself.
const getOpenId = require('./getOpenId/index');
const records = require('./records/index');
const { version } = require('./lib/meta.json');

exports.main = async (event, context) => {
  switch (event.type) {
    case 'getOpenId':
      return await getOpenId.main(event, context);
    case 'createCollection':
      return await records.createCollection();
    case 'insertRecord':
      return await records.insertRecord(event);
    case 'selectRecord':
      return await records.selectRecord();
    case 'version':
      return { version };
    default:
      return { success: false, errMsg: `unknown type ${event.type}` };
  }
};
