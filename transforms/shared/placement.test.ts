import { describe, expect, it } from 'vitest';
import type { Plan, PlanItem } from '../../src/core/plan.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan } from '../../src/pipeline/print.js';
import { contextSource, misplacedLines, withMovedLinesScoped, withWorkdirsMoved } from './placement.js';

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
    expect(printPlan(original, scoped)).toBe('FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum /app/\nRUN go mod download\nCOPY . /app\nRUN go build .\n');
  });

  it("moves the user's WORKDIR up instead of writing it twice, and drops the mkdir that only made it", () => {
    const text = 'FROM golang:1.22\n# the app lives here\nRUN mkdir -p /app\nCOPY . /app\nWORKDIR /app\nRUN go mod download\nRUN go build .\n';
    const { original, plan } = planOf(text, [0, 1, 'COPY go.mod go.sum /app/', 4, 2, 3, 5]);
    const scoped = withMovedLinesScoped(original, plan);
    expect(printPlan(original, scoped)).toBe('FROM golang:1.22\n# the app lives here\nWORKDIR /app\nCOPY go.mod go.sum /app/\nRUN go mod download\nCOPY . /app\nRUN go build .\n');
  });

  it('keeps a mkdir that makes more than the WORKDIR, and a WORKDIR whose directory changed in between', () => {
    const text = 'FROM golang:1.22\nRUN mkdir /app /data\nCOPY . /app\nWORKDIR /app\nRUN go build .\n';
    const kept = withWorkdirsMoved(planOf(text, [0, 1, 'WORKDIR /app', 2, 3, 4]).plan);
    expect(printPlan(parseDockerfile(text), kept)).toBe('FROM golang:1.22\nRUN mkdir /app /data\nWORKDIR /app\nCOPY . /app\nRUN go build .\n');
    const between = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nWORKDIR /app\nRUN go build .\n';
    const { original, plan } = planOf(between, [0, 'WORKDIR /app', 1, 2, 3, 4]);
    expect(printPlan(original, withWorkdirsMoved(plan))).toBe('FROM golang:1.22\nWORKDIR /app\nWORKDIR /src\nCOPY . .\nWORKDIR /app\nRUN go build .\n');
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
