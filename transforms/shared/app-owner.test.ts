import { describe, expect, it } from 'vitest';
import type { Plan, PlanItem } from '../../src/core/plan.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan } from '../../src/pipeline/print.js';
import { withWrittenPathsOwned, type WrittenPath } from './app-owner.js';
import { dockerfileWrittenPaths } from './written-paths.js';

const ORIGINAL = parseDockerfile('FROM node:20\nWORKDIR /app\nCOPY --from=busybox /bin/wget /usr/local/bin/wget\nCOPY . .\nCMD ["node", "index.js"]\n');
const [from, workdir, toolCopy, sourceCopy, cmd] = ORIGINAL.instructions;

function planWith(items: PlanItem[], programs: string[]): Plan {
  return {
    globalItems: [],
    stages: [{ name: 'production', items }],
    changes: [],
    warnings: [],
    runtime: { runtimeImage: 'node:20-slim', programs, movedPaths: {}, scriptInterpreters: [], baseUserNonRoot: false },
    dockerignore: [],
  };
}

const items = (user: PlanItem): PlanItem[] => [
  { kind: 'keep', instruction: from! },
  { kind: 'keep', instruction: workdir! },
  { kind: 'new', lines: ['COPY --from=deps /app/node_modules ./node_modules'] },
  { kind: 'keep', instruction: toolCopy! },
  { kind: 'keep', instruction: sourceCopy! },
  user,
  { kind: 'keep', instruction: cmd! },
];

const DATA: WrittenPath = { path: 'data', kind: 'directory', source: 'app.js:3 (mkdir data)' };

describe('withWrittenPathsOwned', () => {
  it('leaves the code owned by root and hands only the written directory to the added user', () => {
    const plan = withWrittenPathsOwned(planWith(items({ kind: 'new', lines: ['USER 10001:10001'] }), ['sh', 'node']), [DATA]);
    expect(printPlan(ORIGINAL, plan)).toBe(
      'FROM node:20\nWORKDIR /app\nCOPY --from=deps /app/node_modules ./node_modules\n' +
        'COPY --from=busybox /bin/wget /usr/local/bin/wget\nCOPY . .\nRUN mkdir -p /app/data && chown 10001:10001 /app/data\nUSER 10001:10001\nCMD ["node", "index.js"]\n',
    );
    expect(plan.changes).toEqual([{ id: 'non-root', message: '/app/data owned by app (uid 10001), since the app writes there (app.js:3 (mkdir data)); the rest stays owned by root' }]);
  });

  it('adds nothing when the app writes nothing', () => {
    const plan = planWith(items({ kind: 'new', lines: ['USER 10001:10001'] }), ['sh']);
    expect(withWrittenPathsOwned(plan, [])).toBe(plan);
  });

  it('never chowns the filesystem root: production keeps the original user and says why', () => {
    const plan = withWrittenPathsOwned(planWith(items({ kind: 'new', lines: ['USER 10001:10001'] }), ['sh']), [{ path: '/todos.db', kind: 'file', source: 'main.py:4' }]);
    const text = printPlan(ORIGINAL, plan);
    expect(text).not.toContain('USER');
    expect(text).not.toContain('chown');
    expect(plan.warnings[0]!.message).toBe("production keeps the original's user (root): main.py:4 writes /todos.db in the filesystem root /, which dfmod never hands to another user");
  });

  it('leaves an original USER alone', () => {
    const originalUser = parseDockerfile('FROM x\nUSER app\n').instructions[1]!;
    const kept = planWith(items({ kind: 'keep', instruction: originalUser }), ['sh']);
    expect(withWrittenPathsOwned(kept, [DATA])).toBe(kept);
  });
});

describe('dockerfileWrittenPaths', () => {
  it('takes VOLUME and mkdir targets, but not a directory made to become the WORKDIR', () => {
    const file = parseDockerfile('FROM golang:1.22\nRUN mkdir -p /app\nWORKDIR /app\nRUN mkdir uploads\nVOLUME /data\n');
    expect(dockerfileWrittenPaths(file.stages[0]!.instructions).map((path) => path.path)).toEqual(['/app/uploads', '/data']);
  });
});
