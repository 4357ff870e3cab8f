const fastify = require('fastify')({ logger: true });
const { relay } = require('./lib/relay');

fastify.post('/hooks/:target', relay);
fastify.listen({ port: 3000, host: '0.0.0.0' });
