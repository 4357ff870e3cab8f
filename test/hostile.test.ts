import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMP_FILE_NAME } from '../src/pipeline/write.js';
import { changedPaths, ensureBuilt, runCli, snapshot, writeTree, type CliRun } from './helpers/cli.js';

/**
 * The built CLI over a tree built to hurt it (issue 11): links out of the root and in loops, a
 * Dockerfile that is a link, a directory or a FIFO, an unreadable directory, huge, binary,
 * Latin-1 and UTF-16 files, names with spaces, newlines and unicode, read-only files. dfmod
 * must write nothing outside the root or through a link, end, and give each problem one line.
 */
const NODE_DOCKERFILE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n';
const NODE_CONTEXT = {
  'package.json': JSON.stringify({ name: 'app', scripts: { start: 'node index.js' }, dependencies: { express: '^4.19.2' } }),
  'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages: {} }),
  'index.js': 'require("express")().listen(3000);\n',
};
const app = (directory: string, dockerfile = NODE_DOCKERFILE): Record<string, string> => ({
  [`${directory}/Dockerfile`]: dockerfile,
  ...Object.fromEntries(Object.entries(NODE_CONTEXT).map(([name, text]) => [`${directory}/${name}`, text])),
});

let scratch: string;
let root: string;
let outside: string;
/** Whether this process can be kept out of a mode-000 directory (not as root). */
let permissionsBite = false;

beforeAll(async () => {
  await ensureBuilt();
  scratch = await mkdtemp(join(tmpdir(), 'dfmod-hostile-'));
  root = join(scratch, 'tree');
  outside = join(scratch, 'outside');
  await writeTree(outside, app('.'));
  await writeTree(root, {
    ...app('plain'),
    ...app('with space/api'),
    ...app('new\nline'),
    ...app('ünïcödé ✓'),
    ...app('readonly'),
    'links/out': { link: '../../outside' },
    'links/Dockerfile.out': { link: '../../outside/Dockerfile' },
    'links/Dockerfile.in': { link: '../plain/Dockerfile' },
    'links/loop-a': { link: 'loop-b' },
    'links/loop-b': { link: 'loop-a' },
    'links/parent': { link: '..' },
    'links/Dockerfile.dangling': { link: 'nowhere' },
    'odd/Dockerfile.dir/inside.txt': 'a directory with a Dockerfile name\n',
    'odd/Dockerfile.binary': '',
    'odd/Dockerfile.latin1': '',
    'odd/Dockerfile.utf16': '',
    'odd/Dockerfile.huge': '',
    ...app('locked'),
    ...app('ignore-link'),
    'ignore-link/.gitignore': 'node_modules\n.env\n',
    'ignore-link/.dockerignore': { link: '.gitignore' },
  });
  await writeFile(join(root, 'odd/Dockerfile.binary'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0xff]));
  await writeFile(join(root, 'odd/Dockerfile.latin1'), Buffer.from(NODE_DOCKERFILE.replace('WORKDIR', '# caf\xe9\nWORKDIR'), 'latin1'));
  await writeFile(join(root, 'odd/Dockerfile.utf16'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NODE_DOCKERFILE, 'utf16le')]));
  await writeFile(join(root, 'odd/Dockerfile.huge'), `FROM node:20\n${'# padding\n'.repeat(120_000)}`);
  execFileSync('mkfifo', [join(root, 'odd', 'Dockerfile.fifo')]);
  await chmod(join(root, 'readonly/Dockerfile'), 0o444);
  await mkdir(join(root, 'locked/deeper'));
  await writeFile(join(root, 'locked/deeper/Dockerfile'), NODE_DOCKERFILE);
  await chmod(join(root, 'locked/deeper'), 0o000);
  try {
    await readdir(join(root, 'locked/deeper'));
  } catch {
    permissionsBite = true;
  }
}, 180_000);

afterAll(async () => {
  await chmod(join(root, 'locked/deeper'), 0o755).catch(() => undefined);
  await rm(scratch, { recursive: true, force: true });
});

interface Report {
  files: { path: string; status: string; reason: string | null }[];
}

/** Runs the CLI with a time bound: a hang fails the test instead of stalling the suite. */
async function dfmod(args: readonly string[]): Promise<CliRun> {
  const run = await Promise.race([
    runCli(args, { cwd: root }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('dfmod did not finish within 60 s')), 60_000)),
  ]);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return run;
}

describe('a hostile tree', () => {
  it('is walked to the end; each odd entry gets one status and a one-line reason', async () => {
    const run = await dfmod(['migrate', '--dry-run', '--format', 'json', '.']);
    const files = (JSON.parse(run.stdout) as Report).files;
    const byPath = Object.fromEntries(files.map((file) => [file.path, [file.status, file.reason]]));
    expect(byPath['plain/Dockerfile']?.[0]).toBe('migrated');
    expect(byPath['with space/api/Dockerfile']?.[0]).toBe('migrated');
    expect(byPath['new\nline/Dockerfile']?.[0]).toBe('migrated');
    expect(byPath['ünïcödé ✓/Dockerfile']?.[0]).toBe('migrated');
    expect(byPath['links/Dockerfile.out']).toEqual(['skipped', 'a symbolic link out of the given paths; not followed']);
    // A link to a file inside the root leaves it to the file's own path.
    expect(byPath['links/Dockerfile.in']).toBeUndefined();
    expect(byPath['odd/Dockerfile.fifo']).toEqual(['error', 'not a regular file (a named pipe); not read']);
    expect(byPath['odd/Dockerfile.binary']).toEqual(['error', 'binary file, not a Dockerfile']);
    expect(byPath['odd/Dockerfile.latin1']).toEqual(['error', 'not UTF-8 text (a legacy encoding such as Latin-1?); dfmod reads UTF-8 only']);
    expect(byPath['odd/Dockerfile.utf16']).toEqual(['error', 'UTF-16 text; dfmod reads UTF-8 only']);
    expect(byPath['odd/Dockerfile.huge']?.[1]).toMatch(/^the file is \d+ bytes, over the 1 MiB limit for a Dockerfile; not read$/);
    expect(Object.keys(byPath).some((path) => path.includes('Dockerfile.dir') || path.includes('loop') || path.includes('dangling'))).toBe(false);
    if (permissionsBite) expect(byPath['locked/deeper']).toEqual(['error', 'permission denied']);
    // As root a mode-000 directory is no obstacle: dfmod reads it like any other (this one has no package.json).
    else expect(byPath['locked/deeper/Dockerfile']).toEqual(['skipped', 'no package.json at the root of the build context']);
    for (const file of files) expect(file.reason ?? '').not.toContain('\n');
  });

  it('leaves a .dockerignore that is a link alone and says so, in a dry run as in a real one', async () => {
    const run = await dfmod(['migrate', '--dry-run', '--format', 'json', 'ignore-link']);
    const [file] = (JSON.parse(run.stdout) as { files: { status: string; changes: { id: string }[]; warnings: { id: string; message: string }[] }[] }).files;
    expect(file!.status).toBe('migrated');
    expect(file!.changes.map((change) => change.id)).not.toContain('dockerignore');
    expect(file!.warnings.find((warning) => warning.id === 'dockerignore')?.message).toMatch(/^\.dockerignore is a symbolic link, which dfmod neither reads nor writes through/);
  });

  it('prints every file on one line, odd names quoted as git quotes them', async () => {
    const run = await dfmod(['migrate', '--dry-run', '--no-color', '.']);
    const lines = run.stdout.split('\n').filter((line) => /^(migrated|unchanged|skipped|error) /.test(line));
    expect(lines.find((line) => line.includes('line/Dockerfile'))).toMatch(/^migrated {2}"new\\nline\/Dockerfile" \[node\]: /);
    expect(lines.some((line) => line.startsWith('migrated  ünïcödé ✓/Dockerfile [node]'))).toBe(true);
    expect(run.stdout).toContain('+++ "b/new\\nline/Dockerfile"');
    expect(run.stdout.split('\n').some((line) => line.startsWith('line/Dockerfile'))).toBe(false);
  });

  it('writes nothing outside the root, through a link, or into a read-only file, and leaves no temp file', async () => {
    const outsideBefore = await snapshot(outside);
    const before = await snapshot(root, ['odd/Dockerfile.fifo', 'locked/deeper']);
    const run = await dfmod(['migrate', '--format', 'json', '.']);
    const files = (JSON.parse(run.stdout) as Report).files;
    expect(changedPaths(outsideBefore, await snapshot(outside))).toEqual([]);
    const changed = changedPaths(before, await snapshot(root, ['odd/Dockerfile.fifo', 'locked/deeper']));
    const migrated = files.filter((file) => file.status === 'migrated').map((file) => file.path);
    // Each migrated file and the .dockerignore beside it; nothing else, no link, no temp file.
    expect(changed).toEqual(migrated.flatMap((path) => [path, ...(path.startsWith('ignore-link/') ? [] : [path.replace(/Dockerfile$/, '.dockerignore')])]).sort());
    expect(files.find((file) => file.path === 'ignore-link/Dockerfile')?.status).toBe('migrated');
    expect(files.find((file) => file.path === 'readonly/Dockerfile')).toMatchObject({ status: 'error', reason: 'cannot write Dockerfile: it is read-only; refusing to replace it' });
    const all = await readdir(root, { recursive: true });
    expect(all.filter((path) => TEMP_FILE_NAME.test(path.split('/').pop()!))).toEqual([]);
  });
});
