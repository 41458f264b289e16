exports.main = async () => {
  throw new Error('stock ran out in thrower');
};
