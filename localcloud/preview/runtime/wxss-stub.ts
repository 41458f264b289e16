/** miniprogram-simulate's `./wxss` in the preview: the server serves every style as one stylesheet. */
module.exports = {
  getContent: () => '',
  compile: () => '',
  insert: () => undefined,
};
