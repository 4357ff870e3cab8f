const { src, dest } = require('gulp');
exports.build = () => src('assets/**').pipe(dest('www'));
