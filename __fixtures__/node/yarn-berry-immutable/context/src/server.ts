import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/invoices', (c) => c.json([]));
serve({ fetch: app.fetch, port: 3000 });
