import { availableParallelism } from 'node:os';
import type { BuildContext } from '../core/context.js';
import type { FileResult } from '../core/status.js';
import type { RuntimeFamily, Transform } from '../core/transform.js';
import { readBuildContext } from './context.js';
import { discover } from './discover.js';
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

/** Discovers the Dockerfiles under `paths` and migrates each; results come sorted by path. */
export async function migrate(paths: readonly string[], transforms: readonly Transform[], options: MigrateOptions): Promise<FileResult[]> {
  const { files, problems } = await discover(paths, options.cwd);
  const reads = ['/.dockerignore', ...transforms.flatMap((transform) => transform.meta.reads)];
  const contexts = new Map<string, Promise<BuildContext>>();
  const contextOf = (directory: string) => {
    let context = contexts.get(directory);
    if (!context) contexts.set(directory, (context = readBuildContext(directory, reads)));
    return context;
  };

  let done = 0;
  const results = await mapWithLimit(files, options.jobs ?? availableParallelism(), async (file) => {
    const result = await migrateFile({
      file,
      transforms,
      only: options.only,
      options: { runtime: options.runtime },
      write: options.mode === 'write',
      contextOf,
    });
    options.onProgress?.(++done, files.length);
    return result;
  });

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
 * Runs `work` over the items with at most `limit` in flight. The files' work is mostly
 * waiting on the disk, so a few in flight per core keeps it busy.
 */
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
