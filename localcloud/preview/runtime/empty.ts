/** Node built-ins miniprogram-simulate requires only on its Node.js path (`fs`): nothing in the browser. */
module.exports = {};
