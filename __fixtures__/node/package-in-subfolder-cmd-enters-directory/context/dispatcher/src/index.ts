import { Redis } from 'ioredis';
import pino from 'pino';
import { backoff } from '../../common/retry.js';

const log = pino();
const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');

for (;;) {
  const job = await redis.blpop('jobs', 0);
  log.info({ job }, 'job taken');
  await backoff(100);
}
