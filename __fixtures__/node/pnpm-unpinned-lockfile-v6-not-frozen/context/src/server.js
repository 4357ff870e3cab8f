const Koa = require('koa');

const app = new Koa();
const readings = [];

app.use(async (ctx) => {
  if (ctx.method === 'POST') {
    readings.push({ at: Date.now(), level: Number(ctx.query.level) });
    ctx.status = 204;
    return;
  }
  ctx.body = readings.slice(-100);
});

app.listen(Number(process.env.PORT ?? 8080));
