module.exports = {
  poweredByHeader: false,
};
