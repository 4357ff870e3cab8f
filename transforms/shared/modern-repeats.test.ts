import { describe, expect, it } from 'vitest';
import type { Plan, PlanItem } from '../../src/core/plan.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan } from '../../src/pipeline/print.js';
import { modernRepeats } from './modern-repeats.js';

function twoStages(text: string, image: string): string {
  const original = parseDockerfile(text);
  const [from, ...rest] = original.instructions;
  const keep = (instruction: (typeof rest)[number]): PlanItem => ({ kind: 'keep', instruction });
  const plan: Plan = {
    globalItems: [],
    stages: [
      { name: 'builder', items: [keep(from!), ...rest.map(keep)] },
      { name: 'production', items: [{ kind: 'new', lines: [`FROM ${image}-slim AS production`] }, ...rest.map(keep)] },
    ],
    changes: [],
    warnings: [],
    runtime: { runtimeImage: `${image}-slim`, programs: [], movedPaths: {}, scriptInterpreters: [], baseUserNonRoot: false },
    dockerignore: [],
  };
  return printPlan(original, modernRepeats(plan, image)).split('\n\n')[1]!;
}

describe('modernRepeats', () => {
  it('writes the repeat of a legacy ENV, LABEL and relative WORKDIR in modern form', () => {
    const text = 'FROM golang:1.22\nENV GREETING hello world\nLABEL team core\nWORKDIR src/app/\n';
    expect(twoStages(text, 'golang:1.22')).toBe('FROM golang:1.22-slim AS production\nENV GREETING="hello world"\nLABEL team=core\nWORKDIR /go/src/app\n');
  });

  it('leaves a repeat alone where quoting could change the value or the start directory is unknown', () => {
    const text = 'FROM example/tool:1\nENV MESSAGE it\'s "quoted"\nWORKDIR app\n';
    expect(twoStages(text, 'example/tool:1')).toBe('FROM example/tool:1-slim AS production\nENV MESSAGE it\'s "quoted"\nWORKDIR app\n');
  });

  it('leaves out a repeated WORKDIR that the next WORKDIR replaces by a directory inside it, and keeps one a relative WORKDIR resolves against', () => {
    expect(twoStages('FROM golang:1.22\nWORKDIR /src\nWORKDIR /src/cmd/api\n', 'golang:1.22')).toBe('FROM golang:1.22-slim AS production\nWORKDIR /src/cmd/api\n');
    expect(twoStages('FROM golang:1.22\nWORKDIR /src\nWORKDIR /srv\n', 'golang:1.22')).toBe('FROM golang:1.22-slim AS production\nWORKDIR /src\nWORKDIR /srv\n');
    expect(twoStages('FROM golang:1.22\nWORKDIR /src\nWORKDIR cmd/api\n', 'golang:1.22')).toBe('FROM golang:1.22-slim AS production\nWORKDIR /src\nWORKDIR /src/cmd/api\n');
  });
});
