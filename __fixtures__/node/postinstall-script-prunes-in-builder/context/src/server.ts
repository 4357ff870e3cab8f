import Fastify from 'fastify';\nFastify().listen({ port: 3000, host: '0.0.0.0' });
