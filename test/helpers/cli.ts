import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

export const PROJECT = join(import.meta.dirname, '..', '..');
export const CLI = join(PROJECT, 'dist', 'src', 'cli.js');

/**
 * Builds the CLI unless `dist` is newer than every source file: `npm test` has just built it,
 * while `npx vitest run` on its own may find it missing or stale.
 */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(CLI)) {
    const built = (await stat(CLI)).mtimeMs;
    const sources = (await Promise.all(['src', 'transforms', 'test/fuzz'].map((folder) => sourceFiles(join(PROJECT, folder))))).flat();
    const modified = await Promise.all(sources.map(async (file) => (await stat(file)).mtimeMs));
    if (modified.every((time) => time <= built)) return;
  }
  await promisify(execFile)('npm', ['run', 'build'], { cwd: PROJECT });
}

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')).map((entry) => join(entry.parentPath, entry.name));
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  /** Added to an environment cleared of colour settings, so the caller's terminal does not leak in. */
  readonly env?: Readonly<Record<string, string>>;
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

/** A file of a test tree: its text, or its text and permission bits, or a symbolic link. */
export type Entry = string | { readonly text: string; readonly mode: number } | { readonly link: string } | { readonly directory: true };

export async function writeTree(root: string, entries: Readonly<Record<string, Entry>>): Promise<void> {
  for (const [path, entry] of Object.entries(entries)) {
    const absolute = join(root, path);
    await mkdir(dirname(absolute), { recursive: true });
    if (typeof entry === 'string') {
      await writeFile(absolute, entry);
    } else if ('link' in entry) {
      await symlink(entry.link, absolute);
    } else if ('directory' in entry) {
      await mkdir(absolute, { recursive: true });
    } else {
      await writeFile(absolute, entry.text);
      await chmod(absolute, entry.mode);
    }
  }
}

/**
 * Every entry under `root` (links not followed) with a hash of its bytes, its permission bits,
 * or its link target: two snapshots are equal only when nothing was written.
 */
export async function snapshot(root: string, skip: readonly string[] = []): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const visit = async (relative: string): Promise<void> => {
    for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (skip.includes(path)) continue;
      const absolute = join(root, path);
      const info = await lstat(absolute);
      if (entry.isSymbolicLink()) {
        result.set(path, `link ${await readlink(absolute)}`);
      } else if (entry.isDirectory()) {
        result.set(path, `directory ${(info.mode & 0o7777).toString(8)}`);
        await visit(path);
      } else {
        const hash = createHash('sha256').update(await readFile(absolute)).digest('hex');
        result.set(path, `file ${(info.mode & 0o7777).toString(8)} ${hash}`);
      }
    }
  };
  await visit('');
  return result;
}

/** The paths whose entry differs between two snapshots, sorted. */
export function changedPaths(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}
