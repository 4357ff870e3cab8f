import Fastify from 'fastify';

const app = Fastify({ logger: true });
const parcels = new Map();

app.get('/parcels/:id', async (request, reply) => {
  const parcel = parcels.get(request.params.id);
  if (!parcel) return reply.code(404).send({ error: 'unknown parcel' });
  return parcel;
});

app.put('/parcels/:id', async (request) => {
  parcels.set(request.params.id, { id: request.params.id, ...request.body, seen: Date.now() });
  return parcels.get(request.params.id);
});

await app.listen({ host: '0.0.0.0', port: Number(process.env.PORT ?? 4000) });
