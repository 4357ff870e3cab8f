import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const links = new Map();
const app = new Hono();

app.post('/:slug', async (c) => {
  links.set(c.req.param('slug'), await c.req.text());
  return c.body(null, 201);
});
app.get('/:slug', (c) => {
  const target = links.get(c.req.param('slug'));
  return target ? c.redirect(target) : c.notFound();
});

serve({ fetch: app.fetch, port: 3000 });
