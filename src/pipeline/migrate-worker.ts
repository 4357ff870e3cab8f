import { parentPort, workerData } from 'node:worker_threads';
import type { Transform } from '../core/transform.js';
import { TRANSFORMS } from '../../transforms/index.js';
import { contextReaderFor, migrateDirectory, type FromWorker, type RunSetup, type ToWorker } from './migrate.js';
import { repositoryReader } from './repository.js';
import { stopWrites } from './write.js';

/** A worker thread of `migrate`: takes batches of directories, answers with their results in order. */
const setup = workerData as RunSetup;
const transforms = setup.transformIds.map((id) => TRANSFORMS.find((transform) => transform.meta.id === id)) as Transform[];
const readContext = contextReaderFor(transforms);
const readRepository = repositoryReader();
const port = parentPort!;

port.on('message', async (message: ToWorker) => {
  if (message.kind === 'stop') {
    // The main thread was interrupted: it ends this thread once its writes are settled, so
    // that none leaves a temp file.
    await stopWrites();
    port.postMessage({ kind: 'stopped' } satisfies FromWorker);
    return;
  }
  const results = [];
  for (const group of message.groups) {
    results.push(...(await migrateDirectory(group, transforms, setup, readContext, readRepository)));
    // Files that need no write never leave the microtask queue, so without this turn of the event
    // loop a stop message waited for the whole batch, and on a loaded machine past the grace period.
    await new Promise((resolve) => setImmediate(resolve));
  }
  port.postMessage({ kind: 'results', results } satisfies FromWorker);
});
