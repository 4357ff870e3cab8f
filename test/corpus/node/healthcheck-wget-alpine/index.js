require('koa');
