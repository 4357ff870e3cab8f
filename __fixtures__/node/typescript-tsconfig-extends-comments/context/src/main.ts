import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();
const router = new Router();
router.get('/entries', (ctx) => { ctx.body = []; });
app.use(router.routes()).listen(3000);
