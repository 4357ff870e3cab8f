import { describe, expect, it } from 'vitest';
import { FileProblem } from '../src/core/status.js';
import { parseDockerfile } from '../src/pipeline/parse.js';

function problemOf(text: string): string {
  try {
    parseDockerfile(text);
  } catch (problem) {
    if (problem instanceof FileProblem) return `${problem.status}: ${problem.reason}`;
    throw problem;
  }
  return 'parsed';
}

describe('parse', () => {
  it('refuses text that is not a Dockerfile, with a one-line reason', () => {
    expect(problemOf('')).toBe('error: the file is empty');
    expect(problemOf('\n  \n')).toBe('error: the file is empty');
    expect(problemOf('hello world\n')).toBe('error: not a Dockerfile: line 1 starts with unknown instruction "hello"');
    expect(problemOf('# just a comment\n')).toBe('error: not a Dockerfile: it has no FROM instruction');
    expect(problemOf('RUN echo hi\nFROM x\n')).toBe('error: not a Dockerfile: line 1 has RUN before the first FROM');
    expect(problemOf('ARG X=1\nFROM node:${X}\n')).toBe('parsed');
  });

  it('keeps each instruction as its exact text, with comments attached to the next instruction', () => {
    const parsed = parseDockerfile('\uFEFF# escape=\\\r\n\r\n# base\r\nFROM node:20\r\n\r\n# deps\r\nRUN npm ci \\\r\n  # inner\r\n  --silent\r\n# tail\r\n');
    expect(parsed.source.bom).toBe(true);
    expect(parsed.source.eol).toBe('\r\n');
    expect(parsed.directives.map((directive) => directive.raw)).toEqual(['# escape=\\']);
    const [from, run] = parsed.instructions;
    expect(from!.comments).toEqual(['# base']);
    expect(from!.blankBefore).toBe(true);
    expect(run!.raw).toBe('RUN npm ci \\\r\n  # inner\r\n  --silent');
    expect(run!.comments).toEqual(['# deps']);
    expect(run!.innerComments).toEqual(['  # inner']);
    expect(run!.blankBefore).toBe(true);
    expect(parsed.trailingComments).toEqual(['# tail']);
  });

  it('reads exec forms as JSON and leaves the shell form alone', () => {
    const parsed = parseDockerfile('FROM x\nCMD ["node", "a b.js"]\nENTRYPOINT node x\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x"]\n');
    expect(parsed.instructions.map((instruction) => instruction.json)).toEqual([null, ['node', 'a b.js'], null, ['curl', '-f', 'http://x']]);
  });

  it('detects lower-case keywords so new lines can follow them', () => {
    expect(parseDockerfile('from node:20\nrun npm ci\ncmd ["node"]\n').lowercaseKeywords).toBe(true);
    expect(parseDockerfile('FROM node:20\nrun npm ci\nCMD ["node"]\n').lowercaseKeywords).toBe(false);
  });

  it('refuses a here-document that is never closed, which would own the last line break', () => {
    expect(() => parseDockerfile('FROM x\nRUN <<A <<B\necho a\nA\necho b\nBx\n')).toThrow('not a Dockerfile: the here-document <<B on line 2 is never closed');
    expect(parseDockerfile('FROM x\nRUN <<EOF\necho\nEOF\n').instructions[1]!.heredoc).toBe(true);
  });
});
