import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuildContext } from '../core/context.js';
import type { FileResult } from '../core/status.js';
import type { RuntimeFamily, Transform } from '../core/transform.js';
import { TRANSFORMS } from '../../transforms/index.js';
import { contextReader } from './context.js';
import { discover, type DiscoveredFile } from './discover.js';
import { migrateFile } from './migrate-file.js';

export type Mode = 'write' | 'dry-run' | 'check';

export interface MigrateOptions {
  readonly mode: Mode;
  readonly only: ReadonlySet<string> | null;
  readonly runtime: RuntimeFamily;
  readonly jobs?: number;
  readonly cwd: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What every file of a run shares, in a form a worker thread can receive. */
export interface RunSetup {
  readonly transformIds: readonly string[];
  readonly only: readonly string[] | null;
  readonly runtime: RuntimeFamily;
  readonly write: boolean;
}

/**
 * A worker thread first loads the whole pipeline, which takes as long as migrating a couple of
 * hundred files; below this many files, one thread finishes first.
 */
const WORKERS_FROM_FILES = 400;
/** Files sent to a worker at once: enough to make messaging cheap, few enough to balance the load. */
const BATCH_FILES = 32;
const WORKER = new URL('./migrate-worker.js', import.meta.url);

/** Discovers the Dockerfiles under `paths` and migrates each; results come sorted by path. */
export async function migrate(paths: readonly string[], transforms: readonly Transform[], options: MigrateOptions): Promise<FileResult[]> {
  const { files, problems } = await discover(paths, options.cwd);
  const groups = byDirectory(files);
  const setup: RunSetup = {
    transformIds: transforms.map((transform) => transform.meta.id),
    only: options.only ? [...options.only] : null,
    runtime: options.runtime,
    write: options.mode === 'write',
  };
  const jobs = options.jobs ?? availableParallelism();

  let done = 0;
  const progress = (count: number) => options.onProgress?.((done += count), files.length);
  const results =
    jobs > 1 && files.length >= WORKERS_FROM_FILES && canRunInWorkers(transforms)
      ? await migrateInWorkers(groups, jobs, setup, progress)
      : await migrateHere(groups, jobs, transforms, setup, progress);

  const missing: FileResult[] = problems.map(({ path, reason }) => ({
    path,
    status: 'error',
    transform: null,
    reason,
    changes: [],
    warnings: [],
    diff: null,
  }));
  return [...results, ...missing].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Migrates the Dockerfiles of one directory in order, reading their build context once. Each
 * file sees the `.dockerignore` the files before it left, so that two Dockerfiles side by side
 * extend it one after the other instead of each overwriting the other's lines, and their diffs
 * apply one after the other.
 */
export async function migrateDirectory(
  files: readonly DiscoveredFile[],
  transforms: readonly Transform[],
  setup: RunSetup,
  readContext: (directory: string) => BuildContext,
): Promise<FileResult[]> {
  let context: BuildContext | undefined;
  const only = setup.only ? new Set(setup.only) : null;
  const results: FileResult[] = [];
  for (const file of files) {
    const result = await migrateFile({
      file,
      transforms,
      only,
      options: { runtime: setup.runtime },
      write: setup.write,
      contextOf: (directory) => (context ??= readContext(directory)),
    });
    if (context && result.dockerignore) {
      context = { ...context, contents: new Map(context.contents).set('.dockerignore', result.dockerignore.after) };
    }
    results.push(result);
  }
  return results;
}

export function contextReaderFor(transforms: readonly Transform[]): (directory: string) => BuildContext {
  return contextReader(['/.dockerignore', ...transforms.flatMap((transform) => transform.meta.reads)]);
}

/** Groups the files by directory, keeping the order in which each directory is first met. */
function byDirectory(files: readonly DiscoveredFile[]): DiscoveredFile[][] {
  const groups = new Map<string, DiscoveredFile[]>();
  for (const file of files) {
    const directory = dirname(file.absolute);
    const group = groups.get(directory);
    if (group) group.push(file);
    else groups.set(directory, [file]);
  }
  return [...groups.values()];
}

/**
 * The pipeline itself is synchronous apart from writes, so in one thread `jobs` only lets
 * writes overlap; the CPUs are put to work by the worker threads.
 */
async function migrateHere(
  groups: readonly DiscoveredFile[][],
  jobs: number,
  transforms: readonly Transform[],
  setup: RunSetup,
  progress: (count: number) => void,
): Promise<FileResult[]> {
  const readContext = contextReaderFor(transforms);
  const results = await mapWithLimit(groups, jobs, async (group) => {
    const groupResults = await migrateDirectory(group, transforms, setup, readContext);
    progress(group.length);
    return groupResults;
  });
  return results.flat();
}

/**
 * A worker finds its transforms by id in the registry, so only registered ones can run there;
 * and it loads the compiled pipeline, which does not exist when dfmod runs from its TypeScript
 * sources (as under vitest).
 */
function canRunInWorkers(transforms: readonly Transform[]): boolean {
  return transforms.every((transform) => TRANSFORMS.includes(transform)) && existsSync(fileURLToPath(WORKER));
}

/** Hands batches of whole directories to `jobs` worker threads, as each becomes free. */
async function migrateInWorkers(
  groups: readonly DiscoveredFile[][],
  jobs: number,
  setup: RunSetup,
  progress: (count: number) => void,
): Promise<FileResult[]> {
  const batches = batch(groups, BATCH_FILES);
  // A worker's garbage is short-lived per file: a small young generation keeps the peak memory of
  // a large run well under the 300 MB target for a few percent of speed.
  const workers = Array.from(
    { length: Math.min(jobs, batches.length) },
    () => new Worker(WORKER, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 8 } }),
  );
  try {
    const results = new Array<FileResult[]>(batches.length);
    let next = 0;
    await Promise.all(
      workers.map(async (worker) => {
        while (next < batches.length) {
          const index = next++;
          const received = await request(worker, batches[index]!);
          results[index] = received;
          progress(received.length);
        }
      }),
    );
    return results.flat();
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Sends one batch and waits for its results; a worker that fails or stops ends the run. */
async function request(worker: Worker, groups: readonly DiscoveredFile[][]): Promise<FileResult[]> {
  const settled = new AbortController();
  worker.postMessage(groups);
  try {
    // `once` rejects by itself when the worker emits an error.
    const [results] = await Promise.race([
      once(worker, 'message', { signal: settled.signal }),
      once(worker, 'exit', { signal: settled.signal }).then(([code]) => {
        throw new Error(`a worker thread stopped with exit code ${String(code)}`);
      }),
    ]);
    return results as FileResult[];
  } finally {
    settled.abort();
  }
}

function batch(groups: readonly DiscoveredFile[][], size: number): DiscoveredFile[][][] {
  const batches: DiscoveredFile[][][] = [];
  let current: DiscoveredFile[][] = [];
  let files = 0;
  for (const group of groups) {
    current.push(group);
    files += group.length;
    if (files >= size) {
      batches.push(current);
      current = [];
      files = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Runs `work` over the items with at most `limit` in flight. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
