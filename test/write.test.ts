import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeAllAtomic, writeAtomic } from '../src/pipeline/write.js';

// Running as root makes permission tricks unreliable, so a failing rename is simulated here,
// and so is a full disk: the write into the temp file of a chosen target fails half way.
const failRename = vi.hoisted(() => ({ on: false }));
const diskFullFor = vi.hoisted(() => ({ name: null as string | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof actual.rename = async (from, to) => {
    if (failRename.on) throw Object.assign(new Error('simulated rename failure'), { code: 'EXDEV' });
    return actual.rename(from, to);
  };
  const open = (async (path: string, flags: string, mode: number) => {
    const handle = await actual.open(path, flags, mode);
    if (diskFullFor.name === null || !String(path).includes(`.${diskFullFor.name}.dfmod-`)) return handle;
    return Object.assign(Object.create(handle) as typeof handle, {
      writeFile: async (content: string) => {
        await handle.writeFile(content.slice(0, 10));
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', path });
      },
      close: () => handle.close(),
    });
  }) as typeof actual.open;
  return { ...actual, rename, open, default: { ...actual, rename, open } };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfmod-write-'));
  failRename.on = false;
  diskFullFor.name = null;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (path: string): number => statSync(path).mode & 0o7777;

describe('writeAtomic', () => {
  it('writes the string as exact UTF-8 bytes, BOM and CRLF included', async () => {
    const target = join(dir, 'Dockerfile');
    const content = '\uFEFFFROM node:22\r\n# café ✓\r\nCMD ["node"]';
    await writeAtomic(target, content);
    expect(readFileSync(target).equals(Buffer.from(content, 'utf8'))).toBe(true);
  });

  it('replaces an existing file and keeps its mode', async () => {
    const target = join(dir, 'entrypoint.sh');
    writeFileSync(target, 'old');
    chmodSync(target, 0o755);
    await writeAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(modeOf(target)).toBe(0o755);
  });

  it('keeps a mode that the umask would otherwise strip', async () => {
    const target = join(dir, 'Dockerfile');
    writeFileSync(target, 'old');
    chmodSync(target, 0o777);
    await writeAtomic(target, 'new');
    expect(modeOf(target)).toBe(0o777);
  });

  it('gives a new file mode 0644', async () => {
    const target = join(dir, '.dockerignore');
    await writeAtomic(target, '.git\n');
    expect(modeOf(target)).toBe(0o644);
  });

  it('leaves no temporary file behind', async () => {
    const target = join(dir, 'Dockerfile');
    writeFileSync(target, 'old');
    await writeAtomic(target, 'new');
    expect(readdirSync(dir)).toEqual(['Dockerfile']);
  });

  it('ends with one whole version when writes race', async () => {
    const target = join(dir, 'Dockerfile');
    const versions = Array.from({ length: 8 }, (_, index) => `version ${index}\n`.repeat(1000));
    await Promise.all(versions.map((content) => writeAtomic(target, content)));
    expect(versions).toContain(readFileSync(target, 'utf8'));
    expect(readdirSync(dir)).toEqual(['Dockerfile']);
  });

  it('leaves the original untouched and cleans up when the rename fails', async () => {
    const target = join(dir, 'Dockerfile');
    writeFileSync(target, 'original\n');
    chmodSync(target, 0o640);
    failRename.on = true;
    await expect(writeAtomic(target, 'migrated\n')).rejects.toThrow('simulated rename failure');
    expect(readFileSync(target, 'utf8')).toBe('original\n');
    expect(modeOf(target)).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['Dockerfile']);
  });

  it('refuses to replace a directory', async () => {
    const target = join(dir, 'Dockerfile');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    await expect(writeAtomic(target, 'FROM a\n')).rejects.toThrow(/not a regular file/);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['Dockerfile']);
  });

  it('refuses to turn a symlink into a plain file', async () => {
    const real = join(dir, 'real');
    const link = join(dir, 'Dockerfile');
    writeFileSync(real, 'real\n');
    symlinkSync(real, link);
    await expect(writeAtomic(link, 'FROM a\n')).rejects.toThrow(/not a regular file/);
    expect(readFileSync(real, 'utf8')).toBe('real\n');
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'real']);
  });

  it('fails without creating anything when the directory is missing', async () => {
    await expect(writeAtomic(join(dir, 'missing', 'Dockerfile'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('on a full disk leaves every file of the set as it was, removes its temp files, and says so in one line', async () => {
    const dockerfile = join(dir, 'Dockerfile');
    const ignore = join(dir, '.dockerignore');
    writeFileSync(dockerfile, 'FROM node:20\n');
    writeFileSync(ignore, '.git\n');
    diskFullFor.name = '.dockerignore';
    await expect(
      writeAllAtomic([
        { path: dockerfile, content: 'FROM node:20 AS builder\n' },
        { path: ignore, content: '.git\nnode_modules\n' },
      ]),
    ).rejects.toThrow(/^cannot write \.dockerignore: no space left on device; the file is left as it was$/);
    expect(readFileSync(dockerfile, 'utf8')).toBe('FROM node:20\n');
    expect(readFileSync(ignore, 'utf8')).toBe('.git\n');
    expect(readdirSync(dir).sort()).toEqual(['.dockerignore', 'Dockerfile']);
  });
});
