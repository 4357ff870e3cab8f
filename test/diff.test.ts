import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { colorizeDiff, unifiedDiff } from '../src/pipeline/diff.js';

const numbered = (count: number, eol = '\n'): string =>
  Array.from({ length: count }, (_, index) => `line ${index + 1}${eol}`).join('');

describe('unifiedDiff', () => {
  it('is empty when nothing changes', () => {
    expect(unifiedDiff('Dockerfile', 'FROM node:22\n', 'FROM node:22\n')).toBe('');
  });

  it('writes a/ and b/ names and three lines of context', () => {
    const before = numbered(10);
    const after = before.replace('line 5\n', 'line five\n');
    expect(unifiedDiff('svc/api/Dockerfile', before, after)).toBe(
      [
        '--- a/svc/api/Dockerfile',
        '+++ b/svc/api/Dockerfile',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  it('keeps far-apart changes in separate hunks', () => {
    const before = numbered(20);
    const after = before.replace('line 2\n', 'two\n').replace('line 18\n', 'eighteen\n');
    const diff = unifiedDiff('Dockerfile', before, after);
    expect(diff.match(/^@@ /gm)).toHaveLength(2);
  });

  it('marks a last line without a newline', () => {
    const diff = unifiedDiff('Dockerfile', 'FROM a\nCMD x', 'FROM a\nCMD y');
    expect(diff).toBe(
      [
        '--- a/Dockerfile',
        '+++ b/Dockerfile',
        '@@ -1,2 +1,2 @@',
        ' FROM a',
        '-CMD x',
        '\\ No newline at end of file',
        '+CMD y',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
  });

  it('keeps the carriage return of CRLF lines in the patch', () => {
    const diff = unifiedDiff('Dockerfile', 'FROM a\r\nCMD x\r\n', 'FROM a\r\nCMD y\r\n');
    expect(diff).toContain('\n FROM a\r\n-CMD x\r\n+CMD y\r\n');
  });

  it('creates a new file from /dev/null', () => {
    expect(unifiedDiff('svc/.dockerignore', null, '.git\nnode_modules\n')).toBe(
      ['--- /dev/null', '+++ b/svc/.dockerignore', '@@ -0,0 +1,2 @@', '+.git', '+node_modules', ''].join('\n'),
    );
  });

  it("uses git's extended header for an empty new file, which no hunk can create", () => {
    expect(unifiedDiff('.dockerignore', null, '')).toBe('diff --git a/.dockerignore b/.dockerignore\nnew file mode 100644\n');
  });

  it('never writes the Index or diff --git lines', () => {
    const diff = unifiedDiff('Dockerfile', 'a\n', 'b\n');
    expect(diff.startsWith('--- a/Dockerfile\n')).toBe(true);
    expect(diff).not.toMatch(/^(Index:|=+$|diff --git)/m);
  });

  it('ends a name that contains a space with a tab, as git does', () => {
    const diff = unifiedDiff('my app/Dockerfile', 'a\n', 'b\n');
    expect(diff.startsWith('--- a/my app/Dockerfile\t\n+++ b/my app/Dockerfile\t\n')).toBe(true);
  });

  it('quotes a name git would misread', () => {
    const diff = unifiedDiff('odd"name\\x/Dockerfile', 'a\n', 'b\n');
    expect(diff.startsWith('--- "a/odd\\"name\\\\x/Dockerfile"\n+++ "b/odd\\"name\\\\x/Dockerfile"\n')).toBe(true);
  });

  it('gives patches that git apply turns into the exact new bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfmod-diff-'));
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const line = fc.constantFrom('FROM a', 'RUN b', '', '  x', 'CMD ["c"]');
      const eol = fc.constantFrom('\n', '\r\n');
      const file = fc
        .tuple(fc.array(fc.tuple(line, eol), { maxLength: 12 }), fc.boolean())
        .map(([lines, terminated]) => {
          const text = lines.map(([content, ending]) => content + ending).join('');
          return terminated || text === '' ? text : text.replace(/\r?\n$/, '');
        });
      fc.assert(
        fc.property(file, file, (before, after) => {
          fc.pre(before !== after);
          const target = join(dir, 'Dockerfile');
          writeFileSync(target, before);
          writeFileSync(join(dir, 'change.patch'), unifiedDiff('Dockerfile', before, after));
          execFileSync('git', ['-c', 'core.autocrlf=false', 'apply', 'change.patch'], { cwd: dir, stdio: 'pipe' });
          expect(readFileSync(target).equals(Buffer.from(after))).toBe(true);
        }),
        { numRuns: 60, seed: 20240611 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('colorizeDiff', () => {
  const colors = pc.createColors(true);
  const diff = unifiedDiff('Dockerfile', 'FROM a\n-- old\nCMD x\n', 'FROM a\nCMD y\n');

  it('returns the diff untouched without colour', () => {
    expect(colorizeDiff(diff, false)).toBe(diff);
  });

  it('colours headers, hunk headers, additions and removals', () => {
    expect(colorizeDiff(diff, true)).toBe(
      [
        colors.bold('--- a/Dockerfile'),
        colors.bold('+++ b/Dockerfile'),
        colors.cyan('@@ -1,3 +1,2 @@'),
        ' FROM a',
        // A removed line that starts with `--` is a removal, not a file header.
        colors.red('--- old'),
        colors.red('-CMD x'),
        colors.green('+CMD y'),
        '',
      ].join('\n'),
    );
  });

  it('finds the next file header after a hunk ends', () => {
    const two = unifiedDiff('a', 'x', 'y') + unifiedDiff('b', 'x\n', 'y\n');
    const lines = colorizeDiff(two, true).split('\n');
    expect(lines[4]).toBe('\\ No newline at end of file');
    expect(lines[6]).toBe('\\ No newline at end of file');
    expect(lines[7]).toBe(colors.bold('--- a/b'));
    expect(lines[8]).toBe(colors.bold('+++ b/b'));
  });
});
