import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../src/pipeline/discover.js';

const created: string[] = [];

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Writes files (path -> content) into a fresh temporary directory; returns its real path. */
async function makeTree(files: Record<string, string>): Promise<string> {
  // os.tmpdir() is itself behind a link on macOS; the real path keeps `absolute` comparable.
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'dfmod-discover-')));
  created.push(dir);
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  return dir;
}

async function link(dir: string, at: string, target: string): Promise<void> {
  await fs.mkdir(path.join(dir, path.dirname(at)), { recursive: true });
  await fs.symlink(target, path.join(dir, at));
}

async function found(roots: readonly string[], cwd: string): Promise<string[]> {
  const result = await discover(roots, cwd);
  expect(result.problems).toEqual([]);
  return result.files.map((file) => file.relative);
}

const FROM = 'FROM alpine:3.20\n';

describe('discover: names', () => {
  it('finds every Dockerfile naming convention, at any depth', async () => {
    const dir = await makeTree({
      Dockerfile: FROM,
      'Dockerfile.prod': FROM,
      'api.Dockerfile': FROM,
      'web.dockerfile': FROM,
      Containerfile: FROM,
      'lower/dockerfile': FROM,
      'a/b/c/Dockerfile.dev': FROM,
    });
    expect(await found(['.'], dir)).toEqual([
      'Containerfile',
      'Dockerfile',
      'Dockerfile.prod',
      'a/b/c/Dockerfile.dev',
      'api.Dockerfile',
      'lower/dockerfile',
      'web.dockerfile',
    ]);
  });

  it('leaves files that only look like Dockerfiles alone', async () => {
    // One per folder, so that a case-insensitive file system cannot fold two names together.
    const dir = await makeTree({
      'upper/DOCKERFILE': FROM,
      'lower/containerfile': FROM,
      'dash/Dockerfile-old': FROM,
      'glued/Dockerfilex': FROM,
      'variant/Containerfile.prod': FROM,
      'shouting/api.DOCKERFILE': FROM,
      'ignorefile/Dockerfile.dockerignore': 'node_modules\n',
      'fixture/expected.Dockerfile.txt': FROM,
      'compose/docker-compose.yml': 'services: {}\n',
      'docs/README.md': '# docs\n',
    });
    expect(await found(['.'], dir)).toEqual([]);
  });

  it('processes a file named as a root, whatever its name, folder or .gitignore', async () => {
    const dir = await makeTree({
      '.gitignore': 'ignored.Dockerfile\n',
      'deploy/build-image.txt': FROM,
      'node_modules/pkg/Dockerfile': FROM,
      'ignored.Dockerfile': FROM,
    });
    const named = ['deploy/build-image.txt', 'node_modules/pkg/Dockerfile', 'ignored.Dockerfile'];
    expect(await found(named, dir)).toEqual([
      'deploy/build-image.txt',
      'ignored.Dockerfile',
      'node_modules/pkg/Dockerfile',
    ]);
  });
});

describe('discover: skipped folders', () => {
  it('skips .git, node_modules and vendor at any depth, but not look-alikes', async () => {
    const dir = await makeTree({
      '.git/Dockerfile': FROM,
      'node_modules/pkg/Dockerfile': FROM,
      'svc/node_modules/pkg/Dockerfile': FROM,
      'svc/vendor/lib/Dockerfile': FROM,
      'svc/Dockerfile': FROM,
      'vendored/Dockerfile': FROM,
      'vendor.Dockerfile': FROM,
      '.github/Dockerfile': FROM,
    });
    expect(await found(['.'], dir)).toEqual([
      '.github/Dockerfile',
      'svc/Dockerfile',
      'vendor.Dockerfile',
      'vendored/Dockerfile',
    ]);
  });

  it('walks a skipped folder named as a root, still skipping the ones inside it', async () => {
    const dir = await makeTree({
      'vendor/lib/Dockerfile': FROM,
      'vendor/lib/node_modules/pkg/Dockerfile': FROM,
    });
    expect(await found(['vendor'], dir)).toEqual(['vendor/lib/Dockerfile']);
  });
});

describe('discover: .gitignore', () => {
  // Every expectation here was checked against `git ls-files --others --exclude-standard`.
  const tree = {
    '.gitignore': [
      '# generated output',
      'build/',
      '!build/Dockerfile',
      'generated/',
      '*.local.Dockerfile',
      'Dockerfile.*',
      '!Dockerfile.prod',
      '/local/',
      '',
    ].join('\n'),
    Dockerfile: FROM,
    'Dockerfile.dev': FROM,
    'Dockerfile.prod': FROM,
    'build/Dockerfile': FROM,
    'generated/Dockerfile': FROM,
    'dev.local.Dockerfile': FROM,
    'local/Dockerfile': FROM,
    'services/.gitignore': ['!generated/', '!keep.local.Dockerfile', '/local/', ''].join('\n'),
    'services/Dockerfile.prod': FROM,
    'services/Dockerfile.test': FROM,
    'services/keep.local.Dockerfile': FROM,
    'services/other.local.Dockerfile': FROM,
    'services/generated/Dockerfile': FROM,
    'services/generated/dev.local.Dockerfile': FROM,
    'services/local/Dockerfile': FROM,
    'services/api/local/Dockerfile': FROM,
    'services/worker/.gitignore': 'Dockerfile\n',
    'services/worker/Dockerfile': FROM,
    'services/worker/nested/Dockerfile': FROM,
    'services/worker/worker.Dockerfile': FROM,
  };

  it('applies nested .gitignore files as git does, negations included', async () => {
    const dir = await makeTree(tree);
    expect(await found(['.'], dir)).toEqual([
      'Dockerfile',
      'Dockerfile.prod',
      'services/Dockerfile.prod',
      'services/api/local/Dockerfile',
      'services/generated/Dockerfile',
      'services/keep.local.Dockerfile',
      'services/worker/worker.Dockerfile',
    ]);
  });

  it('reads only the .gitignore files from the named folder down', async () => {
    const dir = await makeTree(tree);
    expect(await found(['services'], dir)).toEqual([
      'services/Dockerfile.prod',
      'services/Dockerfile.test',
      'services/api/local/Dockerfile',
      'services/generated/Dockerfile',
      'services/generated/dev.local.Dockerfile',
      'services/keep.local.Dockerfile',
      'services/other.local.Dockerfile',
      'services/worker/worker.Dockerfile',
    ]);
  });

  it('matches names with glob characters literally when a folder is re-included', async () => {
    const dir = await makeTree({
      '.gitignore': 'app*/\n',
      'svc/.gitignore': '!app*/\n',
      'svc/app[1]*/Dockerfile': FROM,
      'svc/app1x/Dockerfile': FROM,
    });
    expect(await found(['.'], dir)).toEqual(['svc/app1x/Dockerfile', 'svc/app[1]*/Dockerfile']);
  });
});

describe('discover: symbolic links', () => {
  it('does not follow links that leave the roots', async () => {
    const outside = await makeTree({ Dockerfile: FROM, 'svc/Dockerfile': FROM });
    const dir = await makeTree({ Dockerfile: FROM });
    await link(dir, 'external', path.join(outside, 'svc'));
    await link(dir, 'external.Dockerfile', path.join(outside, 'Dockerfile'));
    await link(dir, 'up/parent', '../..');
    const result = await discover(['.'], dir);
    expect(result.files.map((file) => file.relative)).toEqual(['Dockerfile']);
    expect(result.problems).toEqual([{ path: 'external.Dockerfile', status: 'skipped', reason: 'a symbolic link out of the given paths; not followed' }]);
  });

  it('reports a file reached through links inside the roots once, under its own path', async () => {
    const dir = await makeTree({ 'svc/Dockerfile': FROM, 'svc/api.Dockerfile': FROM });
    await link(dir, 'alias', 'svc');
    await link(dir, 'shortcut.Dockerfile', 'svc/Dockerfile');
    await link(dir, 'deep/again', '../alias');
    const result = await discover(['.'], dir);
    expect(result.files).toEqual([
      { absolute: path.join(dir, 'svc/Dockerfile'), relative: 'svc/Dockerfile' },
      { absolute: path.join(dir, 'svc/api.Dockerfile'), relative: 'svc/api.Dockerfile' },
    ]);
  });

  it('follows a link inside the roots to a folder the walk does not otherwise reach', async () => {
    const dir = await makeTree({ '.gitignore': 'generated/\n', 'generated/svc/Dockerfile': FROM });
    // Two links to one folder: the first in path order names it, however the links resolve.
    await link(dir, 'svc', 'generated/svc');
    await link(dir, 'api', 'generated/svc');
    const result = await discover(['.'], dir);
    expect(result.files).toEqual([
      { absolute: path.join(dir, 'generated/svc/Dockerfile'), relative: 'api/Dockerfile' },
    ]);
  });

  it('ends on link loops, dangling links and links to themselves', async () => {
    const dir = await makeTree({ 'a/Dockerfile': FROM });
    await link(dir, 'a/up', '..');
    await link(dir, 'a/b/root', path.join(dir, 'a'));
    await link(dir, 'ping', 'pong');
    await link(dir, 'pong', 'ping');
    await link(dir, 'self', 'self');
    await link(dir, 'gone.Dockerfile', 'missing/Dockerfile');
    expect(await found(['.'], dir)).toEqual(['a/Dockerfile']);
  });

  it('keeps the path of a root given through a link, with the real absolute path', async () => {
    const dir = await makeTree({ 'project/svc/Dockerfile': FROM });
    await link(dir, 'current', 'project');
    const result = await discover(['current'], dir);
    expect(result.files).toEqual([
      { absolute: path.join(dir, 'project/svc/Dockerfile'), relative: 'current/svc/Dockerfile' },
    ]);
  });
});

describe('discover: roots and paths', () => {
  it('reports a missing root as a problem and still processes the others', async () => {
    const dir = await makeTree({ 'svc/Dockerfile': FROM });
    const roots = ['missing', 'svc', 'svc/Dockerfile/inner', 'gone/Dockerfile', 'missing'];
    const result = await discover(roots, dir);
    expect(result.files.map((file) => file.relative)).toEqual(['svc/Dockerfile']);
    expect(result.problems).toEqual([
      { path: 'gone/Dockerfile', reason: 'no such file or directory' },
      { path: 'missing', reason: 'no such file or directory' },
      { path: 'svc/Dockerfile/inner', reason: 'not a directory' },
    ]);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'reports a folder it cannot read and keeps going',
    async () => {
      const dir = await makeTree({ 'locked/Dockerfile': FROM, 'open/Dockerfile': FROM });
      await fs.chmod(path.join(dir, 'locked'), 0o000);
      try {
        const result = await discover(['.'], dir);
        expect(result.files.map((file) => file.relative)).toEqual(['open/Dockerfile']);
        expect(result.problems).toEqual([{ path: 'locked', reason: 'permission denied' }]);
      } finally {
        await fs.chmod(path.join(dir, 'locked'), 0o755);
      }
    },
  );

  it('makes paths relative to cwd, whether the root is absolute or relative', async () => {
    const dir = await makeTree({ 'svc/api/Dockerfile': FROM, 'other/Dockerfile': FROM });
    const expected = [
      { absolute: path.join(dir, 'svc/api/Dockerfile'), relative: 'svc/api/Dockerfile' },
    ];
    expect((await discover([path.join(dir, 'svc')], dir)).files).toEqual(expected);
    expect((await discover(['svc'], dir)).files).toEqual(expected);
    expect((await discover(['./svc/../svc/'], dir)).files).toEqual(expected);

    const inside = path.join(dir, 'svc');
    expect(await found(['.'], inside)).toEqual(['api/Dockerfile']);
    expect(await found(['../other'], inside)).toEqual(['../other/Dockerfile']);
    const absoluteFile = path.join(dir, 'other', 'Dockerfile');
    expect(await found([absoluteFile], inside)).toEqual(['../other/Dockerfile']);
  });

  it('lists each file once when roots overlap', async () => {
    const dir = await makeTree({ 'svc/Dockerfile': FROM, Dockerfile: FROM });
    const roots = ['.', 'svc', 'svc/Dockerfile', dir, './'];
    expect(await found(roots, dir)).toEqual(['Dockerfile', 'svc/Dockerfile']);
  });

  it('sorts by code units, whatever the order of roots or of the file system', async () => {
    const dir = await makeTree({
      'a/Dockerfile': FROM,
      'B/Dockerfile': FROM,
      'a-b/Dockerfile': FROM,
      Dockerfile: FROM,
      'a.Dockerfile': FROM,
      'a/b/Dockerfile': FROM,
    });
    const expected = [
      'B/Dockerfile',
      'Dockerfile',
      'a-b/Dockerfile',
      'a.Dockerfile',
      'a/Dockerfile',
      'a/b/Dockerfile',
    ];
    expect(await found(['.'], dir)).toEqual(expected);
    expect(await found(['a', 'B', 'a-b', 'Dockerfile', 'a.Dockerfile'], dir)).toEqual(expected);
    expect(await found(['a.Dockerfile', 'Dockerfile', 'a-b', 'B', 'a'], dir)).toEqual(expected);
  });

  it('returns nothing for no roots', async () => {
    expect(await discover([], os.tmpdir())).toEqual({ files: [], problems: [], leftovers: [] });
  });
});
