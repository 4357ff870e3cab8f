import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT } from './helpers/cli.js';

/**
 * A change message is a claim about the output: every installer flag a Python change names is
 * on an installer line of the Dockerfile it describes, except one it says was dropped (`drops --system`) or replaced
 * (`--no-dev becomes --only main`), which is not.
 */
const ROOT = join(PROJECT, '__fixtures__', 'python');
const cases = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'expected.Dockerfile.out')));

describe('Python change messages', () => {
  it.each(cases)('%s: the flags a change names match the output', (name) => {
    const lines = readFileSync(join(ROOT, name, 'expected.Dockerfile.out'), 'utf8').replace(/\\\r?\n/g, ' ').split(/\r?\n/).filter((line) => !line.trimStart().startsWith('#'));
    const output = lines.join('\n');
    // A dropped flag is gone from the installer lines: `groupadd --system` is no claim about pip.
    const installers = lines.filter((line) => /\b(?:pip3?|pipenv|poetry|uv)\b/.test(line)).join('\n');
    const { changes } = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as { changes: { id: string; message: string }[] };
    for (const { id, message } of changes) {
      const gone = new Set([...message.matchAll(/\bdrops (--[\w-]+)|(--[\w-]+) becomes\b/g)].map((match) => match[1] ?? match[2]!));
      for (const [flag] of message.matchAll(/--[\w-]+/g)) {
        if (gone.has(flag)) expect(installers, `${id}: "${message}"`).not.toMatch(new RegExp(`${flag}(?![\\w-])`));
        else expect(output, `${id}: "${message}"`).toContain(flag);
      }
    }
  });
});
