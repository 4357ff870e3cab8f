import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../transforms/index.js';
import { changedPaths, CLI, ensureBuilt, PROJECT, runCli, snapshot, writeTree, type CliRun, type Entry } from './helpers/cli.js';

/**
 * The built CLI as users run it, as a subprocess, on a fresh temp tree per test: every status,
 * the places discovery must not go, and the odd entries it must survive.
 */
const API_DOCKERFILE = `FROM node:20
WORKDIR /app
# install deps
COPY . .
RUN npm install && npm run build
EXPOSE 3000
HEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1
CMD ["node", "dist/index.js"]
`;

const API_PACKAGE = JSON.stringify(
  {
    name: 'api',
    scripts: { build: 'tsc -p tsconfig.json', start: 'node dist/index.js' },
    dependencies: { express: '^4.19.2' },
    devDependencies: { typescript: '^5.4.0' },
  },
  null,
  2,
);

const API_LOCK = JSON.stringify({ name: 'api', lockfileVersion: 3, requires: true, packages: {} }, null, 2);

/** Statuses of the files a walk of the whole tree must find, by path. */
const EXPECTED_STATUS: Readonly<Record<string, string>> = {
  'apps/api/Dockerfile': 'migrated',
  'apps/multi/Dockerfile': 'unchanged',
  'apps/web/Dockerfile': 'unchanged',
  // A link to a Dockerfile outside the given paths is named, never followed.
  'linked/Dockerfile.outside': 'skipped',
  'services/broken/Dockerfile': 'error',
  'services/elixir/Dockerfile': 'skipped',
  'services/empty/Dockerfile': 'error',
};

const MIGRATED_MODE = 0o640;

/** `outside` sits beside the tree; relative links keep two trees' snapshots comparable. */
function treeEntries(): Record<string, Entry> {
  return {
    '.gitignore': 'generated/\n',
    'apps/api/Dockerfile': { text: API_DOCKERFILE, mode: MIGRATED_MODE },
    'apps/api/package.json': API_PACKAGE,
    'apps/api/package-lock.json': API_LOCK,
    'apps/api/tsconfig.json': '{ "compilerOptions": { "outDir": "./dist", "strict": true } }\n',
    'apps/api/src/index.ts': 'console.log("api");\n',
    'apps/multi/Dockerfile':
      'FROM node:20 AS builder\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-slim AS production\nWORKDIR /app\nCOPY --from=builder /app/dist ./dist\nUSER node\nCMD ["node", "dist/index.js"]\n',
    'apps/web/Dockerfile': 'FROM nginx:1.27-alpine\nCOPY index.html /usr/share/nginx/html/\nEXPOSE 80\n',
    'apps/web/index.html': '<h1>hello</h1>\n',
    'services/elixir/Dockerfile': 'FROM elixir:1.16\nWORKDIR /app\nCOPY . .\nRUN mix deps.get && mix compile\nCMD ["mix", "run", "--no-halt"]\n',
    'services/elixir/mix.exs': 'defmodule App.MixProject do\nend\n',
    'services/broken/Dockerfile': 'FROM node:20\nFOOBAR --something\n',
    'services/empty/Dockerfile': '',
    'node_modules/left-pad/Dockerfile': 'FROM node:20\nRUN npm ci\n',
    'generated/Dockerfile': 'FROM node:20\nRUN npm ci\n',
    'deploy/api.containerfile.txt': 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n',
    'weird/Dockerfile/notes.txt': 'a directory that happens to be called Dockerfile\n',
    'linked/outside': { link: '../../outside' },
    'linked/Dockerfile.outside': { link: '../../outside/Dockerfile' },
  };
}

let scratch: string;
beforeAll(async () => {
  await ensureBuilt();
  scratch = await mkdtemp(join(tmpdir(), 'dfmod-cli-'));
}, 180_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

interface Tree {
  /** The root dfmod runs in. */
  readonly root: string;
  /** A directory outside the root that links inside it point at. */
  readonly outside: string;
}

let trees = 0;
async function freshTree(): Promise<Tree> {
  const base = join(scratch, `case-${++trees}`);
  const outside = join(base, 'outside');
  const root = join(base, 'tree');
  await writeTree(outside, { Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n', 'package.json': '{}\n' });
  await writeTree(root, treeEntries());
  return { root, outside };
}

/** Runs the CLI and checks what every run must satisfy: no stack trace, whatever happened. */
async function dfmod(args: readonly string[], cwd: string, env?: Record<string, string>): Promise<CliRun> {
  const run = await runCli(args, env ? { cwd, env } : { cwd });
  expect(run.stdout).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return run;
}

interface JsonReport {
  version: number;
  files: Array<{
    path: string;
    status: string;
    transform: string | null;
    reason: string | null;
    changes: Array<{ id: string; message: string }>;
    warnings: Array<{ id: string; message: string }>;
    diff: string | null;
  }>;
  summary: Record<string, number>;
}

function statusByPath(report: JsonReport): Record<string, string> {
  return Object.fromEntries(report.files.map((file) => [file.path, file.status]));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.autocrlf=false', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });
}

describe('dfmod migrate --dry-run', () => {
  it('finds every Dockerfile but the skipped, ignored and outside ones, and writes nothing', async () => {
    const { root, outside } = await freshTree();
    const before = await snapshot(root);
    const outsideBefore = await snapshot(outside);
    const run = await dfmod(['migrate', '--dry-run', '--format', 'json'], root);
    expect(changedPaths(before, await snapshot(root))).toEqual([]);
    expect(changedPaths(outsideBefore, await snapshot(outside))).toEqual([]);
    expect(run.code).toBe(2);
    expect(statusByPath(JSON.parse(run.stdout) as JsonReport)).toEqual(EXPECTED_STATUS);
  });

  it('prints a unified diff with a/ and b/ headers before the per-file lines', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--dry-run', 'apps'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^--- a\/apps\/api\/Dockerfile\n\+\+\+ b\/apps\/api\/Dockerfile\n@@ -1,\d+ \+1,\d+ @@\n/);
    expect(run.stdout).toContain('--- /dev/null\n+++ b/apps/api/.dockerignore\n');
    expect(run.stdout).toMatch(/^migrated {2}apps\/api\/Dockerfile \[node\]: .*split-stages/m);
    expect(run.stdout).toMatch(/^unchanged apps\/multi\/Dockerfile: already multi-stage/m);
    expect(run.stdout).toMatch(/^unchanged apps\/web\/Dockerfile: runtime-only image/m);
    expect(run.stdout).toMatch(/^3 files: 1 migrated, 2 unchanged, 0 skipped, 0 error\n$/m);
    expect(run.stderr).toBe('');
  });

  it('gives byte-identical output whatever --jobs is', async () => {
    const { root } = await freshTree();
    const one = await dfmod(['migrate', '--dry-run', '--jobs', '1', '--format', 'json'], root);
    const four = await dfmod(['migrate', '--dry-run', '--jobs', '4', '--format', 'json'], root);
    expect(four.stdout).toBe(one.stdout);
    const textOne = await dfmod(['migrate', '--dry-run', '--jobs', '1'], root);
    const textFour = await dfmod(['migrate', '--dry-run', '--jobs', '4'], root);
    expect(textFour.stdout).toBe(textOne.stdout);
  });
});

describe('dfmod migrate (write)', () => {
  it('rewrites migrated files in place, keeps their mode, and touches nothing else', async () => {
    const { root, outside } = await freshTree();
    const before = await snapshot(root);
    const outsideBefore = await snapshot(outside);
    const dryRun = JSON.parse((await dfmod(['migrate', '--dry-run', '--format', 'json'], root)).stdout) as JsonReport;
    const run = await dfmod(['migrate'], root);

    expect(run.code).toBe(2);
    expect(changedPaths(before, await snapshot(root))).toEqual(['apps/api/.dockerignore', 'apps/api/Dockerfile']);
    expect(changedPaths(outsideBefore, await snapshot(outside))).toEqual([]);
    expect((await stat(join(root, 'apps/api/Dockerfile'))).mode & 0o7777).toBe(MIGRATED_MODE);
    const written = await readFile(join(root, 'apps/api/Dockerfile'), 'utf8');
    expect(written).toMatch(/ AS production\n/);
    // What the dry run showed is what got written.
    const shown = dryRun.files.find((file) => file.path === 'apps/api/Dockerfile')!.diff!;
    for (const line of written.split('\n').filter((text) => text !== '')) expect(shown).toContain(line);
    expect(run.stdout).not.toContain('--- a/');
    expect(run.stdout).toMatch(/^7 files: 1 migrated, 2 unchanged, 2 skipped, 2 error\n$/m);
  });

  it('is idempotent: --check exits 1 before the write and 0 after it', async () => {
    const { root } = await freshTree();
    const check = await dfmod(['migrate', '--check', 'apps'], root);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('--- a/apps/api/Dockerfile');

    expect((await dfmod(['migrate', 'apps'], root)).code).toBe(0);
    const after = await snapshot(root);
    const again = await dfmod(['migrate', '--check', 'apps'], root);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('--- a/');
    expect(again.stdout).toMatch(/^3 files: 0 migrated, 3 unchanged, 0 skipped, 0 error\n$/m);
    expect((await dfmod(['migrate', 'apps'], root)).code).toBe(0);
    expect(changedPaths(after, await snapshot(root))).toEqual([]);
  });

  it('still processes and reports the other files when one is broken, and exits 2', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--format', 'json', 'services/broken', 'apps/api'], root);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(statusByPath(report)).toEqual({ 'apps/api/Dockerfile': 'migrated', 'services/broken/Dockerfile': 'error' });
    expect(report.files[1]!.reason).toMatch(/FOOBAR/);
    expect(await readFile(join(root, 'apps/api/Dockerfile'), 'utf8')).not.toBe(API_DOCKERFILE);
    expect(await readFile(join(root, 'services/broken/Dockerfile'), 'utf8')).toBe('FROM node:20\nFOOBAR --something\n');
  });

  it('--check exits 2, not 1, when a file is broken too', async () => {
    const { root } = await freshTree();
    expect((await dfmod(['migrate', '--check', 'apps', 'services/broken'], root)).code).toBe(2);
  });
});

describe('reports', () => {
  it('JSON: version 1, every field of every file, sorted paths relative to cwd, matching summary', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--dry-run', '--format', 'json', join(root, 'apps'), 'services'], root);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(Object.keys(report)).toEqual(['version', 'files', 'summary']);
    expect(report.version).toBe(1);
    const paths = report.files.map((file) => file.path);
    expect(paths).toEqual(Object.keys(EXPECTED_STATUS).filter((path) => !path.startsWith('linked/')));
    expect(paths).toEqual([...paths].sort());
    for (const file of report.files) {
      expect(Object.keys(file)).toEqual(['path', 'status', 'transform', 'reason', 'changes', 'warnings', 'diff']);
      expect(['migrated', 'unchanged', 'skipped', 'error']).toContain(file.status);
      for (const finding of [...file.changes, ...file.warnings]) {
        expect(Object.keys(finding)).toEqual(['id', 'message']);
        expect(finding.id).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(finding.message).not.toBe('');
      }
      if (file.status === 'migrated') {
        expect(file.reason).toBeNull();
        expect(file.transform).toBe('node');
        expect(file.changes.map((change) => change.id)).toEqual(expect.arrayContaining(['split-stages', 'runtime-base', 'dockerignore']));
        expect(file.diff).toMatch(new RegExp(`^--- a/${file.path}\\n\\+\\+\\+ b/${file.path}\\n@@ `));
      } else {
        expect(typeof file.reason).toBe('string');
        expect(file.reason).not.toBe('');
        expect(file.reason).not.toContain('\n');
        expect(file.changes).toEqual([]);
        expect(file.diff).toBeNull();
      }
    }
    const counts = { migrated: 0, unchanged: 0, skipped: 0, error: 0 };
    for (const file of report.files) counts[file.status as keyof typeof counts]++;
    expect(report.summary).toEqual(counts);
  });

  it('JSON paths stay relative to the directory dfmod runs in', async () => {
    const { root } = await freshTree();
    const fromParent = JSON.parse((await dfmod(['migrate', '--dry-run', '--format', 'json', 'tree/apps/web'], join(root, '..'))).stdout) as JsonReport;
    expect(fromParent.files.map((file) => file.path)).toEqual(['tree/apps/web/Dockerfile']);
    const fromSibling = JSON.parse((await dfmod(['migrate', '--dry-run', '--format', 'json', '../web'], join(root, 'apps/api'))).stdout) as JsonReport;
    expect(fromSibling.files.map((file) => file.path)).toEqual(['../web/Dockerfile']);
  });

  it('markdown: a heading, the summary, one table row per file, and a diff section per migrated file', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--dry-run', '--format', 'markdown'], root);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '## dfmod migration report',
      '',
      '7 files: 1 migrated, 2 unchanged, 2 skipped, 2 error',
      '',
      '| Status | File | Transform | Changes or reason |',
      '| --- | --- | --- | --- |',
    ]);
    const rows = lines.filter((line) => /^\| (migrated|unchanged|skipped|error) \|/.test(line));
    expect(rows.map((row) => row.split('`')[1])).toEqual(Object.keys(EXPECTED_STATUS));
    expect(run.stdout).toContain('### `apps/api/Dockerfile`');
    expect(run.stdout).toMatch(/<details><summary>diff<\/summary>\n\n```diff\n--- a\/apps\/api\/Dockerfile\n/);
    expect(run.stdout).toMatch(/\n```\n\n<\/details>\n$/);
    expect(run.stdout).not.toContain('\x1b[');
  });
});

describe('--patch', () => {
  it('writes one patch that git apply turns into exactly what a real run writes', async () => {
    const patched = await freshTree();
    const written = await freshTree();
    const patch = join(scratch, `dfmod-${trees}.patch`);
    const dryRun = await dfmod(['migrate', '--dry-run', '--patch', patch], patched.root);
    expect(dryRun.code).toBe(2);
    expect(await readFile(patch, 'utf8')).toContain('+++ b/apps/api/.dockerignore\n');

    git(patched.root, 'init', '-q');
    git(patched.root, 'apply', '--check', patch);
    git(patched.root, 'apply', patch);
    await dfmod(['migrate'], written.root);
    // File modes are not part of the patch: compare the bytes only.
    const bytes = (entries: Map<string, string>) => new Map([...entries].map(([path, value]) => [path, value.replace(/^file \d+ /, 'file ')]));
    const fromPatch = bytes(await snapshot(patched.root, ['.git']));
    const fromRun = bytes(await snapshot(written.root));
    expect(changedPaths(fromRun, fromPatch)).toEqual([]);
  });
  it('warns that git apply refuses a patch naming files outside the current directory', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--dry-run', '--patch', 'out.patch', '../api'], join(root, 'apps/web'));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'dfmod: warning: the patch names ../api/Dockerfile, outside this directory, which git apply refuses; run dfmod from a directory that contains every path\n',
    );
  });

  it('a patch that cannot be written fails the run after the report, with a one-line reason', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--dry-run', '--patch', 'missing-dir/out.patch', 'apps'], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^3 files: 1 migrated/m);
    expect(run.stderr).toBe('dfmod: cannot write the patch missing-dir/out.patch: ENOENT\n');
  });
});

describe('options', () => {
  it('--only with an unknown id exits 2 with a one-line error naming it', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--only', 'node,cobol', '.'], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('cobol');
  });

  it('--only node leaves a Python project alone', async () => {
    const { root } = await freshTree();
    await writeTree(root, {
      'worker/Dockerfile': 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n',
      'worker/requirements.txt': 'requests==2.32.3\n',
      'worker/main.py': 'print("worker")\n',
    });
    const report = JSON.parse((await dfmod(['migrate', '--dry-run', '--only', 'node', '--format', 'json', 'worker', 'apps/api'], root)).stdout) as JsonReport;
    const worker = report.files.find((file) => file.path === 'worker/Dockerfile')!;
    expect(worker.status).toBe('skipped');
    expect(worker.transform).toBeNull();
    expect(worker.reason).toMatch(/^Python build detected; /);
    expect(report.files.find((file) => file.path === 'apps/api/Dockerfile')!.status).toBe('migrated');
  });

  const otherTransform = TRANSFORMS.map((transform) => transform.meta.id).find((id) => id !== 'node');
  it.skipIf(otherTransform === undefined)('--only without node skips a Node app and says why', async () => {
    const { root } = await freshTree();
    const report = JSON.parse((await dfmod(['migrate', '--dry-run', '--only', otherTransform!, '--format', 'json', 'apps/api'], root)).stdout) as JsonReport;
    expect(report.files[0]).toMatchObject({ status: 'skipped', reason: 'Node.js build detected; transform node is not selected by --only' });
  });

  it('--runtime alpine puts production on the alpine variant', async () => {
    const { root } = await freshTree();
    const auto = await dfmod(['migrate', '--dry-run', 'apps/api'], root);
    const alpine = await dfmod(['migrate', '--dry-run', '--runtime', 'alpine', 'apps/api'], root);
    expect(auto.stdout).toContain('+FROM node:20-slim AS production\n');
    expect(alpine.stdout).toContain('+FROM node:20-alpine AS production\n');
    expect(alpine.code).toBe(0);
  });

  it.each([
    [['migrate', '--bogus']],
    [['migrate', '--format', 'xml']],
    [['migrate', '--runtime', 'windows']],
    [['migrate', '--jobs', '0']],
    [['migrate', '--jobs', 'many']],
    [['frobnicate']],
  ])('a wrong command line %j exits 2 with an error on stderr only', async (args) => {
    const { root } = await freshTree();
    const before = await snapshot(root);
    const run = await dfmod(args, root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: /);
    expect(changedPaths(before, await snapshot(root))).toEqual([]);
  });

  it('a nonexistent path exits 2 with a reason, and the other paths are still done', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--format', 'json', 'missing', 'apps/web'], root);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files.map((file) => [file.path, file.status, file.reason])).toEqual([
      ['apps/web/Dockerfile', 'unchanged', expect.any(String)],
      ['missing', 'error', 'no such file or directory'],
    ]);
  });
});

describe('help and version', () => {
  it('--help lists the migrate command and exits 0', async () => {
    const run = await dfmod(['--help'], scratch);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: dfmod');
    expect(run.stdout).toContain('migrate [options] [paths...]');
  });

  it('migrate --help shows every option and examples, and exits 0', async () => {
    const run = await dfmod(['migrate', '--help'], scratch);
    expect(run.code).toBe(0);
    for (const flag of ['--dry-run', '--check', '--format', '--only', '--runtime', '--jobs', '--patch', '--no-color']) expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('$ dfmod migrate');
  });

  it('--version prints the package version and exits 0', async () => {
    const pkg = JSON.parse(await readFile(join(PROJECT, 'package.json'), 'utf8')) as { version: string };
    const run = await dfmod(['--version'], scratch);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });

  it('dfmod with no command prints the help to stderr and exits 2', async () => {
    const run = await dfmod([], scratch);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: dfmod');
  });
});

describe('colour', () => {
  const ANSI = '\x1b[';
  it.each([
    ['nothing set (stdout is a pipe)', [], {}, false],
    ['FORCE_COLOR=1', [], { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0' }, false],
    ['NO_COLOR=1', [], { NO_COLOR: '1' }, false],
    ['NO_COLOR=1 over FORCE_COLOR=1', [], { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['--no-color over FORCE_COLOR=1', ['--no-color'], { FORCE_COLOR: '1' }, false],
  ])('%s', async (_name, flags, env, coloured) => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--dry-run', ...flags, 'apps'], root, env);
    expect(run.stdout.includes(ANSI)).toBe(coloured);
    expect(run.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toContain('--- a/apps/api/Dockerfile\n+++ b/apps/api/Dockerfile\n');
  });

  it('never colours JSON', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--dry-run', '--format', 'json', 'apps'], root, { FORCE_COLOR: '1' });
    expect(run.stdout).not.toContain(ANSI);
  });
});

describe('many files', () => {
  /** More files than dfmod migrates in its own thread, so that --jobs 2 uses worker threads. */
  async function bigTree(): Promise<string> {
    const { root } = await freshTree();
    const entries: Record<string, Entry> = {};
    for (let n = 0; n < 420; n++) {
      const app = `fleet/app-${String(n).padStart(3, '0')}`;
      if (n % 3 === 0) {
        entries[`${app}/Dockerfile`] = API_DOCKERFILE.replace('node:20', `node:${18 + (n % 3) * 2}`);
        entries[`${app}/package.json`] = API_PACKAGE;
        entries[`${app}/package-lock.json`] = API_LOCK;
        entries[`${app}/tsconfig.json`] = '{ "compilerOptions": { "outDir": "dist" } }\n';
      } else if (n % 3 === 1) {
        entries[`${app}/Dockerfile`] = 'FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n';
      } else {
        entries[`${app}/Dockerfile`] = n % 2 === 0 ? 'FROM node:20\nFOOBAR\n' : 'FROM elixir:1.16\nRUN mix compile\n';
      }
    }
    await writeTree(root, entries);
    return root;
  }

  it('gives byte-identical reports and writes with one job or with worker threads', async () => {
    const one = await bigTree();
    const two = await bigTree();
    const reportOne = await dfmod(['migrate', '--dry-run', '--format', 'json', '--jobs', '1', 'fleet'], one);
    const reportTwo = await dfmod(['migrate', '--dry-run', '--format', 'json', '--jobs', '2', 'fleet'], two);
    expect(reportTwo.stdout).toBe(reportOne.stdout);
    expect((JSON.parse(reportOne.stdout) as JsonReport).summary).toEqual({ migrated: 140, unchanged: 140, skipped: 70, error: 70 });

    const writeOne = await dfmod(['migrate', '--jobs', '1', 'fleet'], one);
    const writeTwo = await dfmod(['migrate', '--jobs', '2', 'fleet'], two);
    expect(writeTwo.stdout).toBe(writeOne.stdout);
    expect(writeOne.code).toBe(2);
    expect(changedPaths(await snapshot(one), await snapshot(two))).toEqual([]);
  });

  it('gives two Dockerfiles side by side each its own <name>.dockerignore, leaving the shared one, in a patch that applies', async () => {
    const { root } = await freshTree();
    await writeTree(root, {
      'apps/api/Dockerfile.worker': API_DOCKERFILE.replace('dist/index.js', 'dist/worker.js'),
    });
    const patch = join(scratch, `dfmod-${trees}-pair.patch`);
    const report = JSON.parse((await dfmod(['migrate', '--dry-run', '--format', 'json', '--patch', patch, 'apps/api'], root)).stdout) as JsonReport;
    expect(report.files.map((file) => [file.path, file.status, file.changes.some((change) => change.id === 'dockerignore')])).toEqual([
      ['apps/api/Dockerfile', 'migrated', true],
      ['apps/api/Dockerfile.worker', 'migrated', true],
    ]);
    expect(report.files[0]!.changes.find((change) => change.id === 'dockerignore')!.message).toBe(
      'creates apps/api/Dockerfile.dockerignore, read by BuildKit for this Dockerfile alone, since Dockerfile.worker shares the context and its .dockerignore',
    );
    const sharedBefore = await snapshot(join(root, 'apps/api'));
    git(root, 'init', '-q');
    git(root, 'apply', patch);
    const written = await freshTree();
    await writeTree(written.root, { 'apps/api/Dockerfile.worker': API_DOCKERFILE.replace('dist/index.js', 'dist/worker.js') });
    await dfmod(['migrate', 'apps/api'], written.root);
    for (const file of ['apps/api/Dockerfile', 'apps/api/Dockerfile.worker', 'apps/api/Dockerfile.dockerignore', 'apps/api/Dockerfile.worker.dockerignore']) {
      expect(await readFile(join(root, file), 'utf8')).toBe(await readFile(join(written.root, file), 'utf8'));
    }
    expect(changedPaths(sharedBefore, await snapshot(join(written.root, 'apps/api'))).filter((file) => !file.startsWith('Dockerfile'))).toEqual([]);
  });
});

describe('odd input', () => {
  it('keeps a backtick in a path inside its markdown code span', async () => {
    const { root } = await freshTree();
    await writeTree(root, { 'odd/Dockerfile.a`b': 'FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n' });
    const run = await dfmod(['migrate', '--dry-run', '--format', 'markdown', 'odd'], root);
    expect(run.stdout).toContain('| unchanged | `` odd/Dockerfile.a`b `` |');
  });

  it('processes a named file whatever its name', async () => {
    const { root } = await freshTree();
    const report = JSON.parse((await dfmod(['migrate', '--dry-run', '--format', 'json', 'deploy/api.containerfile.txt'], root)).stdout) as JsonReport;
    expect(report.files).toMatchObject([{ path: 'deploy/api.containerfile.txt', status: 'unchanged' }]);
  });

  it('does not follow links out of a walked root', async () => {
    const { root, outside } = await freshTree();
    const outsideBefore = await snapshot(outside);
    const run = await dfmod(['migrate', '--format', 'json', 'linked'], root);
    expect(run.code).toBe(0);
    const files = (JSON.parse(run.stdout) as JsonReport).files;
    expect(files.map((file) => [file.path, file.status, file.reason])).toEqual([['linked/Dockerfile.outside', 'skipped', 'a symbolic link out of the given paths; not followed']]);
    expect(changedPaths(outsideBefore, await snapshot(outside))).toEqual([]);
  });

  it('survives a directory named Dockerfile, walked or named', async () => {
    const { root } = await freshTree();
    const walked = await dfmod(['migrate', '--dry-run', '--format', 'json', 'weird'], root);
    expect(walked.code).toBe(0);
    expect((JSON.parse(walked.stdout) as JsonReport).files).toEqual([]);
    const named = await dfmod(['migrate', '--dry-run', 'weird/Dockerfile'], root);
    expect(named.code).toBe(0);
  });

  it('stays quiet when the reader closes the pipe early', async () => {
    const { root } = await freshTree();
    const child = spawn(process.execPath, [CLI, 'migrate', '--dry-run', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(2);
  });
});

describe('legacy builders and killed runs', () => {
  it('--no-cache-mounts writes no RUN --mount and no syntax line', async () => {
    const { root } = await freshTree();
    const run = await dfmod(['migrate', '--dry-run', '--no-cache-mounts', 'apps/api'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('+FROM node:20-slim AS production');
    expect(run.stdout).not.toContain('--mount=type=cache');
    expect(run.stdout).not.toContain('# syntax=');
  });

  it('removes the temp files a killed run left, names them on stderr, and leaves look-alikes alone', async () => {
    const { root } = await freshTree();
    const stale = 'apps/api/.Dockerfile.dfmod-999999-0123456789ab.tmp';
    const lookAlike = 'apps/api/.Dockerfile.dfmod-notes.tmp';
    await writeTree(root, { [stale]: 'FROM node:20\n', [lookAlike]: 'kept\n' });
    const dry = await dfmod(['migrate', '--dry-run', 'apps'], root);
    expect(dry.stderr).toContain(`dfmod: 1 temp file that an interrupted run left, removed by the next run without --dry-run or --check: ${stale}`);
    expect(await readFile(join(root, stale), 'utf8')).toBe('FROM node:20\n');
    const run = await dfmod(['migrate', 'apps'], root);
    expect(run.stderr).toContain(`dfmod: removed 1 temp file that an interrupted run left: ${stale}`);
    await expect(stat(join(root, stale))).rejects.toThrow();
    expect(await readFile(join(root, lookAlike), 'utf8')).toBe('kept\n');
  });
});
