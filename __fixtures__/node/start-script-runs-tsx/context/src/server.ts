import Fastify from 'fastify';

const app = Fastify({ logger: true });
app.post('/hook', async (request) => ({ received: request.body }));
await app.listen({ port: 3000, host: '0.0.0.0' });
