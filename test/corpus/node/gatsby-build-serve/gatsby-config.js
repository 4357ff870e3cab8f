module.exports = { siteMetadata: { title: "blog" } };
