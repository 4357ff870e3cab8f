import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import ignore from 'ignore';
import type { BuildContext } from '../core/context.js';

/** Directories whose contents say nothing a transform needs, and can be huge. */
const NOT_DESCENDED = new Set(['.git', 'node_modules', 'vendor', 'target', 'dist', 'build', '.next', '__pycache__', '.venv', 'venv', 'bin', 'obj']);
const MAX_DEPTH = 4;
const MAX_ENTRIES = 5_000;
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Lists the build context next to a Dockerfile and reads the files that some transform declared
 * it reads. Nothing in the context is executed; sizes and depth are bounded.
 */
export async function readBuildContext(directory: string, reads: readonly string[]): Promise<BuildContext> {
  const wanted = ignore().add([...reads]);
  const files: string[] = [];
  const directories: string[] = [];
  await walk(directory, '', 0, files, directories);
  files.sort();
  directories.sort();

  const contents = new Map<string, string>();
  await Promise.all(
    files
      .filter((file) => wanted.ignores(file))
      .map(async (file) => {
        const absolute = join(directory, file);
        const info = await stat(absolute).catch(() => null);
        if (!info || info.size > MAX_FILE_BYTES) return;
        const text = await readFile(absolute, 'utf8').catch(() => null);
        if (text !== null) contents.set(file, text);
      }),
  );
  return { files, directories, contents };
}

async function walk(root: string, relative: string, depth: number, files: string[], directories: string[]): Promise<void> {
  if (depth > MAX_DEPTH || files.length + directories.length > MAX_ENTRIES) return;
  const entries = await readdir(join(root, relative), { withFileTypes: true }).catch(() => []);
  const children: Promise<void>[] = [];
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      directories.push(path);
      if (!NOT_DESCENDED.has(entry.name)) children.push(walk(root, path, depth + 1, files, directories));
    } else if (entry.isFile()) {
      files.push(path);
    }
  }
  await Promise.all(children);
}
