import Koa from 'koa';
import Router from 'koa-router';

const app = new Koa();
const router = new Router();

router.get('/status', (ctx) => {
  ctx.body = { ok: true, region: process.env.REGION };
});

app.use(router.routes());
app.listen(Number(process.env.PORT) || 8080);
