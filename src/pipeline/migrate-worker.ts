import { parentPort, workerData } from 'node:worker_threads';
import type { Transform } from '../core/transform.js';
import { TRANSFORMS } from '../../transforms/index.js';
import type { DiscoveredFile } from './discover.js';
import { contextReaderFor, migrateDirectory, type RunSetup } from './migrate.js';

/** A worker thread of `migrate`: takes batches of directories, answers with their results in order. */
const setup = workerData as RunSetup;
const transforms = setup.transformIds.map((id) => TRANSFORMS.find((transform) => transform.meta.id === id)) as Transform[];
const readContext = contextReaderFor(transforms);

parentPort!.on('message', async (groups: DiscoveredFile[][]) => {
  const results = [];
  for (const group of groups) results.push(...(await migrateDirectory(group, transforms, setup, readContext)));
  parentPort!.postMessage(results);
});
