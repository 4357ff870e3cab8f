import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/pipeline/diff.js';
import { planDockerignore } from '../src/pipeline/dockerignore.js';
import { writePatch } from '../src/pipeline/patch.js';

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'dfmod-patch-'));
  git(repo, 'init', '-q');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  // Line-ending conversion would rewrite the bytes under test.
  return execFileSync('git', ['-c', 'user.email=x', '-c', 'user.name=x', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
  });
}

/** Migrations as dfmod would report them: path relative to `cwd`, original bytes (null: new), new bytes. */
interface Change {
  readonly path: string;
  readonly before: string | null;
  readonly after: string;
}

const CHANGES: readonly Change[] = [
  {
    path: 'Dockerfile',
    before: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n',
    after:
      'FROM node:22 AS builder\nWORKDIR /app\nCOPY . .\nRUN npm ci\n\nFROM node:22-alpine AS production\nWORKDIR /app\nCOPY --from=builder /app .\nCMD ["node", "server.js"]\n',
  },
  {
    path: 'svc/win/Dockerfile',
    before: 'FROM golang:1.22\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build -o /app\r\nCMD ["/app"]\r\n',
    after:
      'FROM golang:1.22 AS builder\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build -o /app\r\n\r\nFROM gcr.io/distroless/static-debian12 AS production\r\nCOPY --from=builder /app /app\r\nCMD ["/app"]\r\n',
  },
  {
    path: 'svc/no-newline/Dockerfile',
    before: 'FROM python:3.12\nCOPY . .\nCMD ["python", "app.py"]',
    after: 'FROM python:3.12 AS builder\nCOPY . .\n\nFROM python:3.12-slim AS production\nCMD ["python", "app.py"]',
  },
  {
    path: 'svc/gains-newline/Dockerfile',
    before: 'FROM ruby:3.3\nCMD ["ruby", "app.rb"]',
    after: 'FROM ruby:3.3-slim\nCMD ["ruby", "app.rb"]\n',
  },
  { path: 'svc/unchanged/Dockerfile', before: 'FROM scratch\n', after: 'FROM scratch\n' },
  { path: 'svc/api/.dockerignore', before: null, after: planDockerignore(null, ['.git', 'node_modules'])! },
  {
    path: 'svc/win/.dockerignore',
    before: 'bin\r\nobj',
    after: planDockerignore('bin\r\nobj', ['.git', 'obj/'])!,
  },
];

function setUp(root: string, changes: readonly Change[]): void {
  for (const { path, before } of changes) {
    if (before === null) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), before);
  }
}

function expectNewBytes(root: string, changes: readonly Change[]): void {
  for (const { path, after } of changes) {
    expect(readFileSync(join(root, path)).equals(Buffer.from(after)), path).toBe(true);
  }
}

describe('writePatch', () => {
  it('writes one patch that git apply checks and applies to the exact new bytes', async () => {
    setUp(repo, CHANGES);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'before');
    const patch = join(repo, 'dfmod.patch');
    await writePatch(patch, CHANGES.map(({ path, before, after }) => unifiedDiff(path, before, after)));

    git(repo, 'apply', '--check', 'dfmod.patch');
    git(repo, 'apply', 'dfmod.patch');
    expectNewBytes(repo, CHANGES);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all').split('\n').sort()).toEqual(
      [
        '',
        ' M Dockerfile',
        ' M svc/gains-newline/Dockerfile',
        ' M svc/no-newline/Dockerfile',
        ' M svc/win/.dockerignore',
        ' M svc/win/Dockerfile',
        '?? dfmod.patch',
        '?? svc/api/.dockerignore',
      ].sort(),
    );
  });

  it('applies from the subdirectory dfmod ran in, not only from the repository top', async () => {
    // dfmod run in svc/ names its files relative to svc/; git must not read them from the top.
    const cwd = join(repo, 'svc');
    const changes = CHANGES.filter(({ path }) => path.startsWith('svc/')).map((change) => ({
      ...change,
      path: change.path.slice('svc/'.length),
    }));
    setUp(cwd, changes);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'before');
    await writePatch(join(cwd, 'dfmod.patch'), changes.map(({ path, before, after }) => unifiedDiff(path, before, after)));

    git(cwd, 'apply', '--check', 'dfmod.patch');
    git(cwd, 'apply', 'dfmod.patch');
    expectNewBytes(cwd, changes);
  });

  it('applies outside any git repository too', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'dfmod-plain-'));
    try {
      setUp(plain, CHANGES);
      await writePatch(join(plain, 'dfmod.patch'), CHANGES.map(({ path, before, after }) => unifiedDiff(path, before, after)));
      git(plain, 'apply', 'dfmod.patch');
      expectNewBytes(plain, CHANGES);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('skips empty diffs and replaces a stale patch even when nothing changed', async () => {
    const patch = join(repo, 'dfmod.patch');
    writeFileSync(patch, 'stale\n');
    await writePatch(patch, ['', '']);
    expect(readFileSync(patch, 'utf8')).toBe('');
  });

  it('joins diffs without blank lines between them', async () => {
    const patch = join(repo, 'dfmod.patch');
    const first = unifiedDiff('a', 'x\n', 'y\n');
    const second = unifiedDiff('b', 'x', 'y');
    await writePatch(patch, [first, '', second]);
    expect(readFileSync(patch, 'utf8')).toBe(first + second);
    expect(existsSync(patch)).toBe(true);
  });
});
