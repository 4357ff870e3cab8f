import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan, PlanItem } from '../src/core/plan.js';
import { parseDockerfile } from '../src/pipeline/parse.js';
import { applyEdits, printPlan } from '../src/pipeline/print.js';
import { identityPlan } from './fuzz/round-trip.js';

const instruction = fc.constantFrom(
  'RUN apt-get update && \\\n    apt-get install -y curl',
  'RUN npm ci \\\n  # a comment inside\n  && npm run build',
  'ENV A=1 B="two words"',
  'COPY --chown=node:node . .',
  'CMD ["node", "dist/index.js"]',
  'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1',
  'RUN <<EOF\necho one\necho two\nEOF',
  'EXPOSE 3000',
  'WORKDIR /app',
  'LABEL org.opencontainers.image.source="https://example.com/repo"',
  '  USER node',
);
const comment = fc.constantFrom('# a comment', '#another', '  # indented comment');

const dockerfileText = fc
  .record({
    directives: fc.constantFrom([], ['# syntax=docker/dockerfile:1'], ['# escape=\\']),
    body: fc.array(fc.record({ blank: fc.boolean(), comments: fc.array(comment, { maxLength: 2 }), instruction }), { maxLength: 8 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ directives, body, crlf, bom, finalNewline }) => {
    const lines: string[] = [...directives];
    if (directives.length > 0) lines.push('');
    lines.push('ARG BASE=node:20', 'FROM ${BASE}');
    for (const part of body) {
      if (part.blank) lines.push('');
      lines.push(...part.comments, part.instruction);
    }
    const text = lines.join('\n') + (finalNewline ? '\n' : '');
    return (bom ? '\uFEFF' : '') + (crlf ? text.replace(/\n/g, '\r\n') : text);
  });

describe('printer', () => {
  it('gives back the exact bytes when every instruction is kept', () => {
    fc.assert(
      fc.property(dockerfileText, (text) => {
        const parsed = parseDockerfile(text);
        // A heredoc is BuildKit-only syntax: SPEC §3 wants the directive named whenever one is used.
        const needsDirective = text.includes('<<EOF') && !text.includes('# syntax=');
        const expected = needsDirective ? text.replace(/^(\uFEFF?)/, `$1# syntax=docker/dockerfile:1${parsed.source.eol}`) : text;
        expect(printPlan(parsed, identityPlan(parsed))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('writes new instructions with the file line ending, escape character and keyword case', () => {
    const parsed = parseDockerfile('# escape=`\r\nfrom node:20\r\nrun echo hi\r\n');
    const plan: Plan = {
      ...identityPlan(parsed),
      stages: [
        { name: 'builder', items: [{ kind: 'keep', instruction: parsed.instructions[0]! }] },
        { name: 'production', items: [{ kind: 'new', lines: ['FROM node:20-slim AS production'] }, { kind: 'new', lines: ['RUN a &&', 'b'] }] },
      ],
    };
    expect(printPlan(parsed, plan)).toBe('# escape=`\r\nfrom node:20\r\n\r\nfrom node:20-slim as production\r\nrun a && `\r\n    b\r\n');
  });

  it('adds the syntax directive once, only for BuildKit syntax, after no existing one', () => {
    const parsed = parseDockerfile('FROM node:20\nRUN npm ci\n');
    const mount: PlanItem = { kind: 'new', lines: ['RUN --mount=type=cache,target=/root/.npm npm ci'] };
    const plan: Plan = { ...identityPlan(parsed), stages: [{ name: 'builder', items: [{ kind: 'keep', instruction: parsed.instructions[0]! }, mount] }] };
    expect(printPlan(parsed, plan)).toBe('# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n');
    const withDirective = parseDockerfile('# syntax=docker/dockerfile:1.7\nFROM node:20\nRUN npm ci\n');
    const kept: Plan = { ...identityPlan(withDirective), stages: [{ name: 'b', items: [{ kind: 'keep', instruction: withDirective.instructions[0]! }, mount] }] };
    expect(printPlan(withDirective, kept)).toBe('# syntax=docker/dockerfile:1.7\nFROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n');
  });

  it("keeps a comment right under the file's own directives where it was, and apart from a directive dfmod adds", () => {
    const own = parseDockerfile('# syntax=docker/dockerfile:1\n# the api\nFROM node:20\nRUN <<EOF\necho\nEOF\n');
    expect(printPlan(own, identityPlan(own))).toBe('# syntax=docker/dockerfile:1\n# the api\nFROM node:20\nRUN <<EOF\necho\nEOF\n');
    const added = parseDockerfile('# the api\nFROM node:20\nRUN <<EOF\necho\nEOF\n');
    expect(printPlan(added, identityPlan(added))).toBe('# syntax=docker/dockerfile:1\n\n# the api\nFROM node:20\nRUN <<EOF\necho\nEOF\n');
  });

  it('moves the comments of a dropped instruction with the item that carries them', () => {
    const parsed = parseDockerfile('FROM node:20\n# install\nRUN npm install \\\n  # quietly\n  --silent\n');
    const plan: Plan = {
      ...identityPlan(parsed),
      stages: [{ name: 'b', items: [{ kind: 'keep', instruction: parsed.instructions[0]! }, { kind: 'new', lines: ['RUN npm ci'], carry: [parsed.instructions[1]!] }] }],
    };
    expect(printPlan(parsed, plan)).toBe('FROM node:20\n# install\n  # quietly\nRUN npm ci\n');
  });

  it('prints each comment once, with the first copy of its line, and moves the comments of a line no stage keeps to production', () => {
    const parsed = parseDockerfile('# the base\nFROM golang:1.22\n# where the code lives\nWORKDIR /app\n# read by CI only\nARG VERSION\nCMD ["./app"]\n');
    const [from, workdir, , cmd] = parsed.instructions;
    const plan: Plan = {
      ...identityPlan(parsed),
      stages: [
        { name: 'builder', items: [{ kind: 'keep', instruction: from! }, { kind: 'keep', instruction: workdir! }] },
        { name: 'production', items: [{ kind: 'keep', instruction: from! }, { kind: 'keep', instruction: workdir! }, { kind: 'keep', instruction: cmd! }] },
      ],
    };
    expect(printPlan(parsed, plan)).toBe('# the base\nFROM golang:1.22\n# where the code lives\nWORKDIR /app\n\nFROM golang:1.22\nWORKDIR /app\n# read by CI only\nCMD ["./app"]\n');
  });

  it('leaves out the comments of a line the plan drops on purpose', () => {
    const parsed = parseDockerfile('FROM golang:1.22\nRUN go build -o main .\n# make it executable\nRUN chmod +x main\nEXPOSE 8000\n');
    const [from, build, chmod, expose] = parsed.instructions;
    const keep = (instruction: typeof from): PlanItem => ({ kind: 'keep', instruction: instruction! });
    const stages = [{ name: 'production', items: [keep(from), keep(build), keep(expose)] }];
    const dropped = [{ instruction: chmod!, because: { id: 'unproven-step', message: 'chmod +x main is dropped' } }];
    expect(printPlan(parsed, { ...identityPlan(parsed), stages, dropped })).toBe('FROM golang:1.22\nRUN go build -o main .\nEXPOSE 8000\n');
    expect(printPlan(parsed, { ...identityPlan(parsed), stages })).toBe('FROM golang:1.22\nRUN go build -o main .\n# make it executable\nEXPOSE 8000\n');
  });

  it('applies edits in order and refuses overlapping ones', () => {
    const [from] = parseDockerfile('FROM node:20\n').instructions;
    expect(applyEdits(from!, [{ start: 12, end: 12, text: ' AS builder' }, { start: 5, end: 12, text: 'node:22' }])).toBe('FROM node:22 AS builder');
    expect(() => applyEdits(from!, [{ start: 5, end: 9, text: 'x' }, { start: 7, end: 12, text: 'y' }])).toThrow(/overlapping/);
  });
});
