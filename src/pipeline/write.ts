import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileProblem } from '../core/status.js';

const NEW_FILE_MODE = 0o644;

/**
 * The name of a temp file dfmod writes beside `<target>`: `.<target>.dfmod-<pid>-<12 hex>.tmp`.
 * Discovery recognises exactly this shape to remove what a killed run (SIGKILL) left behind.
 */
export const TEMP_FILE_NAME = /^\.(.+)\.dfmod-([1-9][0-9]*)-[0-9a-f]{12}\.tmp$/;

/** Temp files that exist right now, so an interrupt can remove them before exiting. */
const pending = new Set<string>();
/** Writes under way, so an interrupt can wait for each to finish or undo itself. */
const inFlight = new Set<Promise<unknown>>();
let stopping = false;

/** What the report says when a write met an interrupt: the target was left as it was. */
const INTERRUPTED = 'interrupted before the write; the file is left as it was';

/** Removes the temp files of writes an interrupt cut short; their targets are still whole. */
function removePendingTempFiles(): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
}

/**
 * Ends writing in this thread: no write starts after this, each write under way either
 * completes its rename or removes its temp file, and the promise resolves once none is left.
 * A temp file's creation runs in the thread pool, so removing the known names alone could miss
 * one whose `open` was still under way.
 */
export async function stopWrites(): Promise<void> {
  stopping = true;
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  removePendingTempFiles();
}

/**
 * Replaces `path` with `content` (UTF-8, exactly as given) so that a reader, or a crash, sees
 * either the old file or the new one, never a mix: the bytes go to a temporary file beside the
 * target (same file system, so the rename is atomic), are flushed to disk, and only then
 * renamed over it. The target's permission bits are kept.
 */
export async function writeAtomic(path: string, content: string): Promise<void> {
  await writeAllAtomic([{ path, content }], false);
}

export interface PlannedWrite {
  readonly path: string;
  readonly content: string;
}

/**
 * Writes several files as `writeAtomic` does, all temp files first: a file that cannot be
 * written (read-only, full disk, replaced by a link) then leaves every file of the set as it
 * was, instead of a Dockerfile rewritten beside a `.dockerignore` that could not be. With
 * `asProblem`, a failure becomes a one-line `FileProblem` for the report.
 */
export async function writeAllAtomic(writes: readonly PlannedWrite[], asProblem = true): Promise<void> {
  const work = writeAll(writes);
  inFlight.add(work);
  try {
    await work;
  } catch (problem) {
    if (!asProblem || problem instanceof FileProblem) throw problem;
    throw new FileProblem('error', writeFailure(problem));
  } finally {
    inFlight.delete(work);
  }
}

async function writeAll(writes: readonly PlannedWrite[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const write of writes) temps.push(await stage(write));
    // Past this point the renames run to the end: an interrupt waits for them.
    if (stopping) throw new FileProblem('error', INTERRUPTED);
    for (const [index, write] of writes.entries()) await fs.rename(temps[index]!, write.path);
  } finally {
    for (const temp of temps) {
      // A temp file that was renamed is gone already; `force` makes that a no-op.
      await fs.rm(temp, { force: true });
      pending.delete(temp);
    }
  }
}

/** Writes one temp file beside its target, flushed, with the target's mode; returns its name. */
async function stage({ path, content }: PlannedWrite): Promise<string> {
  if (stopping) throw new FileProblem('error', INTERRUPTED);
  const mode = await modeToKeep(path);
  const temp = join(dirname(path), `.${basename(path)}.dfmod-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  pending.add(temp);
  try {
    // 'wx' so that a name collision fails instead of truncating someone else's file.
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(content, 'utf8');
    // The mode given to open is filtered by the umask; the target's mode must survive intact.
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    return temp;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    pending.delete(temp);
    throw error;
  }
}

async function modeToKeep(path: string): Promise<number> {
  let stats;
  try {
    stats = await fs.lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NEW_FILE_MODE;
    throw error;
  }
  // Renaming over a symlink would turn the link into a plain file, and a directory cannot be
  // replaced by a file: both are refused before anything is written.
  if (!stats.isFile()) throw new Refusal(path, 'is not a regular file; refusing to replace it');
  // A rename replaces a read-only file as easily as any other (and root may write anything):
  // the mode is what says that its owner wants it left alone.
  if ((stats.mode & 0o222) === 0) throw new Refusal(path, 'is read-only; refusing to replace it');
  return stats.mode & 0o7777;
}

class Refusal extends Error {
  constructor(
    readonly target: string,
    readonly why: string,
  ) {
    super(`${target} ${why}`);
  }
}

const WRITE_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EISDIR: 'is a directory',
  ENOENT: 'the directory is gone',
  EIO: 'input/output error',
};

function writeFailure(problem: unknown): string {
  if (problem instanceof Refusal) return `cannot write ${basename(problem.target)}: it ${problem.why}`;
  const { code, message, path } = problem as NodeJS.ErrnoException;
  const what = path ? basename(path).replace(TEMP_FILE_NAME, '$1') : 'the file';
  const why = (code && WRITE_REASONS[code]) ?? (message || String(problem)).split('\n')[0]!.replace(/^.*?: /, '');
  return `cannot write ${what}: ${why}; the file is left as it was`;
}
