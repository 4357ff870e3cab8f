import { request } from 'undici';

async function ping(): Promise<void> {
  const { statusCode } = await request('http://status.internal/ping');
  console.log(`ping answered ${statusCode}`);
}

ping();
