import { parentPort, workerData } from 'node:worker_threads';
import { contextReaderFor } from '../../src/pipeline/migrate.js';
import { TRANSFORMS } from '../../transforms/index.js';
import type { DockerfileCase } from './arbitraries.js';
import { checkCase, type Outcome } from './check-case.js';

/**
 * A thread that checks generated cases one at a time, so that the runner can bound each case's
 * time: a case that does not answer in time is a hang, and the thread is ended and replaced.
 */
export interface CaseRequest {
  readonly id: number;
  readonly testCase: DockerfileCase;
}
export interface CaseAnswer {
  readonly id: number;
  readonly outcome: Outcome;
}

const directory = (workerData as { directory: string }).directory;
const readContext = contextReaderFor(TRANSFORMS);
parentPort!.on('message', async ({ id, testCase }: CaseRequest) => {
  const outcome = await checkCase(testCase, directory, readContext);
  parentPort!.postMessage({ id, outcome } satisfies CaseAnswer);
});
