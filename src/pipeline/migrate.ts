import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuildContext } from '../core/context.js';
import type { FileResult } from '../core/status.js';
import type { RuntimeFamily, Transform } from '../core/transform.js';
import { TRANSFORMS } from '../../transforms/index.js';
import { contextReader } from './context.js';
import { discover, type DiscoveredFile } from './discover.js';
import { migrateFile } from './migrate-file.js';
import { repositoryReader, type RepositoryFiles } from './repository.js';
import { stopWrites, TEMP_FILE_NAME } from './write.js';

export type Mode = 'write' | 'dry-run' | 'check';

export interface MigrateOptions {
  readonly mode: Mode;
  readonly only: ReadonlySet<string> | null;
  readonly runtime: RuntimeFamily;
  /** False with --no-cache-mounts, for fleets whose builders may still be the legacy one. */
  readonly cacheMounts?: boolean;
  readonly jobs?: number;
  readonly cwd: string;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Temp files of dfmod's own that a killed run left (paths relative to `cwd`): removed before
   * the run in write mode (`removed` true), only named with --dry-run and --check.
   */
  readonly onLeftovers?: (paths: readonly string[], removed: boolean) => void;
}

/** What the main thread and a worker thread say to each other. */
export type ToWorker = { readonly kind: 'batch'; readonly groups: DiscoveredFile[][] } | { readonly kind: 'stop' };
export type FromWorker = { readonly kind: 'results'; readonly results: FileResult[] } | { readonly kind: 'stopped' };

/** What every file of a run shares, in a form a worker thread can receive. */
export interface RunSetup {
  readonly transformIds: readonly string[];
  readonly only: readonly string[] | null;
  readonly runtime: RuntimeFamily;
  readonly cacheMounts: boolean;
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
  const { files, problems, leftovers } = await discover(paths, options.cwd);
  handleLeftovers(leftovers, options);
  const groups = byDirectory(files);
  runDirectories = groups.map((group) => dirname(group[0]!.absolute));
  const setup: RunSetup = {
    transformIds: transforms.map((transform) => transform.meta.id),
    only: options.only ? [...options.only] : null,
    runtime: options.runtime,
    cacheMounts: options.cacheMounts ?? true,
    write: options.mode === 'write',
  };
  const jobs = options.jobs ?? availableParallelism();

  let done = 0;
  const progress = (count: number) => options.onProgress?.((done += count), files.length);
  const results =
    jobs > 1 && files.length >= WORKERS_FROM_FILES && canRunInWorkers(transforms)
      ? await migrateInWorkers(groups, jobs, setup, progress)
      : await migrateHere(groups, jobs, transforms, setup, progress);

  const missing: FileResult[] = problems.map(({ path, reason, status }) => ({
    path,
    status: status ?? 'error',
    transform: null,
    reason,
    changes: [],
    warnings: [],
    diff: null,
  }));
  return [...results, ...missing].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * A temp file is dfmod's leftover only when the process that wrote it is gone: a run still
 * going (or one on another tree) renames its temp files any moment now. Only regular files
 * whose name has dfmod's exact shape are ever removed, never through a link.
 */
function handleLeftovers(leftovers: readonly DiscoveredFile[], options: MigrateOptions): void {
  const stale = leftovers.filter((file) => !isRunning(Number(TEMP_FILE_NAME.exec(basename(file.absolute))?.[2])));
  if (stale.length === 0) return;
  const removed = options.mode === 'write';
  const named: string[] = [];
  for (const file of stale) {
    if (removed) {
      try {
        if (!lstatSync(file.absolute).isFile()) continue;
        rmSync(file.absolute);
      } catch {
        continue;
      }
    }
    named.push(file.relative);
  }
  if (named.length > 0) options.onLeftovers?.(named, removed);
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (problem) {
    // EPERM: it exists, under another user.
    return (problem as NodeJS.ErrnoException).code === 'EPERM';
  }
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
  readRepository: (dockerfile: string) => RepositoryFiles,
): Promise<FileResult[]> {
  // Compose may build a file from a context above it: each context directory is read once.
  const contexts = new Map<string, BuildContext>();
  const contextOf = (directory: string): BuildContext => {
    const known = contexts.get(directory);
    if (known) return known;
    const read = readContext(directory);
    contexts.set(directory, read);
    return read;
  };
  const only = setup.only ? new Set(setup.only) : null;
  const results: FileResult[] = [];
  for (const file of files) {
    const result = await migrateFile({
      file,
      transforms,
      only,
      options: { runtime: setup.runtime },
      write: setup.write,
      cacheMounts: setup.cacheMounts,
      contextOf,
      repositoryOf: readRepository,
    });
    // A per-file `<name>.dockerignore` leaves the shared one, which later files read, as it was.
    const context = contexts.get(dirname(file.absolute));
    if (context && result.dockerignore && basename(result.dockerignore.path) === '.dockerignore') {
      contexts.set(dirname(file.absolute), { ...context, contents: new Map(context.contents).set('.dockerignore', result.dockerignore.after) });
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
  const readRepository = repositoryReader();
  const results = await mapWithLimit(groups, jobs, async (group) => {
    const groupResults = await migrateDirectory(group, transforms, setup, readContext, readRepository);
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
  for (const worker of workers) running.add(worker);
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
    // After an interrupt, `interrupt` ends the workers once their writes are settled.
    if (!interrupted) await Promise.all(workers.map((worker) => worker.terminate()));
    for (const worker of workers) running.delete(worker);
  }
}

/** Sends one batch and waits for its results; a worker that fails or stops ends the run. */
function request(worker: Worker, groups: DiscoveredFile[][]): Promise<FileResult[]> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    const onMessage = (message: FromWorker) => {
      if (message.kind !== 'results') return;
      done();
      resolve(message.results);
    };
    const onError = (problem: Error) => {
      done();
      // An interrupted run ends through `interrupt`, not through a failed request.
      if (!interrupted) reject(problem);
    };
    const onExit = (code: number) => {
      done();
      if (!interrupted) reject(new Error(`a worker thread stopped with exit code ${String(code)}`));
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage({ kind: 'batch', groups } satisfies ToWorker);
  });
}

/** Worker threads of the run under way, which an interrupt must stop cleanly. */
const running = new Set<Worker>();
let interrupted: Promise<void> | null = null;
/** A worker stuck in one huge file still gets this long to settle its writes. */
const STOP_GRACE_MS = 5_000;

/**
 * Ends a run cut short by a signal, so that no temp file outlives it: this thread's writes and
 * every worker's either finish their rename or remove their temp file, and no new write starts.
 * Resolves when the process may exit. Only a worker that does not answer within the grace
 * period is cut off, and the next run removes what it may have left.
 */
export function interrupt(): Promise<void> {
  interrupted ??= Promise.all([stopWrites(), ...[...running].map(stopWorker)]).then(() => removeOwnTempFiles(runDirectories));
  return interrupted;
}

/** Directories of the run under way: the only places its temp files can be. */
let runDirectories: readonly string[] = [];

/**
 * A worker cut off after the grace period, on a machine too loaded for it to answer, may leave a
 * temp file (1 of 200 kill trials did): once every thread has stopped, the files named with this
 * process's id in the run's directories are removed, as only this process can have made them.
 */
function removeOwnTempFiles(directories: readonly string[]): void {
  for (const directory of directories) {
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch {
      continue;
    }
    for (const name of names) {
      if (Number(TEMP_FILE_NAME.exec(name)?.[2]) !== process.pid) continue;
      try {
        rmSync(join(directory, name), { force: true });
      } catch {
        // Not a file after all; nothing of this run's to remove.
      }
    }
  }
}

async function stopWorker(worker: Worker): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'stopped') resolve();
    });
    worker.once('exit', () => resolve());
    timer = setTimeout(resolve, STOP_GRACE_MS);
    worker.postMessage({ kind: 'stop' } satisfies ToWorker);
  });
  clearTimeout(timer);
  await worker.terminate();
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
