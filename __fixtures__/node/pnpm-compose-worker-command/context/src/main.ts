import Fastify from 'fastify';

const app = Fastify({ logger: true });
app.get('/stock/:sku', async () => ({ available: 0 }));
await app.listen({ port: 3000, host: '0.0.0.0' });
