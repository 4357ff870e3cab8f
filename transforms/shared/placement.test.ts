import { describe, expect, it } from 'vitest';
import type { Plan, PlanItem } from '../../src/core/plan.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan } from '../../src/pipeline/print.js';
import { contextSource, misplacedLines, withMovedLinesScoped } from './placement.js';

const runtime = { runtimeImage: 'golang:1.22', programs: [], movedPaths: {}, scriptInterpreters: [], baseUserNonRoot: false };

/** A one-stage plan of the original's instructions in the order `order` gives (indexes), with new lines as strings. */
function planOf(text: string, order: readonly (number | string)[]) {
  const original = parseDockerfile(text);
  const items: PlanItem[] = order.map((entry) => (typeof entry === 'string' ? { kind: 'new', lines: [entry] } : { kind: 'keep', instruction: original.instructions[entry]! }));
  const plan: Plan = { globalItems: [], stages: [{ name: 'builder', items }], changes: [], warnings: [], runtime, dockerignore: [] };
  return { original, plan };
}

describe('withMovedLinesScoped', () => {
  it("writes the original's WORKDIR above a RUN moved out of it, before the manifests copied for it", () => {
    const text = 'FROM golang:1.22\nCOPY . /app\nWORKDIR /app\nRUN go mod download\nRUN go build .\n';
    const { original, plan } = planOf(text, [0, 'COPY go.mod go.sum /app/', 3, 1, 2, 4]);
    expect(misplacedLines(original, plan).map((problem) => [problem.instruction.line + 1, problem.before, problem.after])).toEqual([[4, '/app', null]]);
    const scoped = withMovedLinesScoped(original, plan);
    expect(misplacedLines(original, scoped)).toEqual([]);
    expect(printPlan(original, scoped)).toBe('FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum /app/\nRUN go mod download\nCOPY . /app\nWORKDIR /app\nRUN go build .\n');
  });

  it('leaves a repair that would move another line, for the check to report', () => {
    const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . ./api\nWORKDIR /src/api\nRUN go mod download\n';
    const { original, plan } = planOf(text, [0, 1, 4, 2, 3]);
    const scoped = withMovedLinesScoped(original, plan);
    expect(misplacedLines(original, scoped).map((problem) => problem.instruction.line + 1)).toEqual([5]);
  });

  it('tells a relative COPY destination and a RUN user out of place', () => {
    const text = 'FROM node:20\nWORKDIR /app\nCOPY . .\nUSER node\nRUN npm ci\n';
    const { original, plan } = planOf(text, [0, 2, 1, 'USER 10001', 4]);
    expect(misplacedLines(original, plan).map((problem) => [problem.kind, problem.instruction.line + 1])).toEqual([['workdir', 3], ['user', 5]]);
  });
});
describe('contextSource', () => {
  it('reads a COPY source against the context root, as BuildKit does', () => {
    expect(contextSource('/backend')).toBe('backend');
    expect(contextSource('./backend/')).toBe('backend');
    expect(contextSource('/')).toBe('.');
    expect(contextSource('./')).toBe('.');
    expect(contextSource('/*.cs')).toBe('*.cs');
  });

  it('leaves what is not a context path as written', () => {
    expect(contextSource('../shared')).toBe('../shared');
    expect(contextSource('https://example.com/tool.tgz')).toBe('https://example.com/tool.tgz');
  });
});
