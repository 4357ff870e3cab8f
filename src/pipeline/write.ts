import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const NEW_FILE_MODE = 0o644;

/** Temp files being written right now, so an interrupt can remove them before exiting. */
const pending = new Set<string>();

/** Removes the temp files of writes an interrupt cut short; their targets are still whole. */
export function removePendingTempFiles(): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
}

/**
 * Replaces `path` with `content` (UTF-8, exactly as given) so that a reader, or a crash, sees
 * either the old file or the new one, never a mix: the bytes go to a temporary file beside the
 * target (same file system, so the rename is atomic), are flushed to disk, and only then
 * renamed over it. The target's permission bits are kept.
 */
export async function writeAtomic(path: string, content: string): Promise<void> {
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
    await fs.rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  } finally {
    pending.delete(temp);
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
  if (!stats.isFile()) throw new Error(`${path} is not a regular file; refusing to replace it`);
  return stats.mode & 0o7777;
}
