import { describe, expect, it } from 'vitest';
import { planDockerignore } from '../src/pipeline/dockerignore.js';

const WANTED = ['.git', 'node_modules', '.env', '*.log'];

describe('planDockerignore', () => {
  it('creates the file under one header, in the order asked', () => {
    expect(planDockerignore(null, WANTED)).toBe('# added by dfmod\n.git\nnode_modules\n.env\n*.log\n');
  });

  it('returns null when every entry is already there', () => {
    expect(planDockerignore('.git\nnode_modules\n.env\n*.log\n', WANTED)).toBeNull();
  });

  it('returns null when nothing is wanted', () => {
    expect(planDockerignore(null, [])).toBeNull();
  });

  it('appends below the user lines, apart from them, without touching them', () => {
    const existing = 'dist\n\n# secrets\n.env\n';
    const result = planDockerignore(existing, WANTED);
    expect(result).toBe(`${existing}\n# added by dfmod\n.git\nnode_modules\n*.log\n`);
  });

  it('adds no blank line when the file already ends with one', () => {
    expect(planDockerignore('dist\n\n', ['.git'])).toBe('dist\n\n# added by dfmod\n.git\n');
  });

  it.each(['node_modules/', '/node_modules', '**/node_modules', './node_modules', '  node_modules  '])(
    'counts %j as node_modules',
    (line) => {
      expect(planDockerignore(`${line}\n`, ['node_modules'])).toBeNull();
    },
  );

  it('counts node_modules as **/node_modules', () => {
    expect(planDockerignore('node_modules\n', ['**/node_modules'])).toBeNull();
  });

  it('counts a pattern that already matches the entry', () => {
    expect(planDockerignore('.env*\n', ['.env'])).toBeNull();
    expect(planDockerignore('*\n!src\n!package.json\n', ['.git', 'node_modules'])).toBeNull();
  });

  it('does not read a comment as a pattern', () => {
    expect(planDockerignore('# node_modules\n', ['node_modules'])).toBe(
      '# node_modules\n\n# added by dfmod\nnode_modules\n',
    );
  });

  it('terminates an unterminated last line first', () => {
    expect(planDockerignore('dist', ['.git'])).toBe('dist\n\n# added by dfmod\n.git\n');
  });

  it('keeps CRLF line endings', () => {
    const result = planDockerignore('dist\r\n.env\r\n', WANTED);
    expect(result).toBe('dist\r\n.env\r\n\r\n# added by dfmod\r\n.git\r\nnode_modules\r\n*.log\r\n');
  });

  it('terminates an unterminated CRLF file with CRLF', () => {
    expect(planDockerignore('dist\r\n.env', ['.git'])).toBe('dist\r\n.env\r\n\r\n# added by dfmod\r\n.git\r\n');
  });

  it('keeps a byte-order mark and still reads the first line', () => {
    expect(planDockerignore('\uFEFF.git\n', ['.git'])).toBeNull();
    expect(planDockerignore('\uFEFF.git\n', ['.env'])).toBe('\uFEFF.git\n\n# added by dfmod\n.env\n');
  });

  it('adds under an existing header without a second one', () => {
    const existing = 'dist\n\n# added by dfmod\n.git\n';
    expect(planDockerignore(existing, ['.git', '.env'])).toBe(`${existing}.env\n`);
  });

  it('adds each entry once, even when asked twice or in two spellings', () => {
    expect(planDockerignore(null, ['dist', 'dist/', '/dist', 'dist'])).toBe('# added by dfmod\ndist\n');
  });

  describe('respects what the user re-includes', () => {
    it('skips an entry the user negates', () => {
      expect(planDockerignore('!.env\n', ['.env', '.git'])).toBe('!.env\n\n# added by dfmod\n.git\n');
    });

    it('skips an entry whose contents the user re-includes', () => {
      expect(planDockerignore('node_modules\n!node_modules/keep\n', ['node_modules'])).toBeNull();
      expect(planDockerignore('!node_modules/keep\n', ['node_modules'])).toBeNull();
    });

    it('skips a glob that would exclude a re-included file', () => {
      expect(planDockerignore('!important.log\n', ['*.log'])).toBeNull();
      expect(planDockerignore('!**/important.log\n', ['*.log'])).toBeNull();
    });

    it('skips an entry inside a directory the user re-includes', () => {
      expect(planDockerignore('!dist\n', ['dist/cache'])).toBeNull();
    });

    it('still adds an entry the negation does not touch', () => {
      expect(planDockerignore('!.env.example\n', ['.env'])).toBe('!.env.example\n\n# added by dfmod\n.env\n');
      expect(planDockerignore('!sub/keep.log\n', ['*.log'])).toBe('!sub/keep.log\n\n# added by dfmod\n*.log\n');
    });
  });

  it('is deterministic and settles after one run', () => {
    const inputs: (string | null)[] = [null, '', 'dist', 'dist\r\n', '!.env\nbuild/\n', '# added by dfmod\n'];
    for (const existing of inputs) {
      const first = planDockerignore(existing, WANTED);
      expect(planDockerignore(existing, WANTED)).toBe(first);
      if (first !== null) {
        expect(first.startsWith(existing ?? '')).toBe(true);
        expect(planDockerignore(first, WANTED)).toBeNull();
      }
    }
  });

  it('writes a new file with the line ending of the Dockerfile beside it', () => {
    expect(planDockerignore(null, ['.git'], '\r\n')).toBe('# added by dfmod\r\n.git\r\n');
    expect(planDockerignore('node_modules\n', ['.git'], '\r\n')).toBe('node_modules\n\n# added by dfmod\n.git\n');
  });
});
