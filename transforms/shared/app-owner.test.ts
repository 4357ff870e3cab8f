import { describe, expect, it } from 'vitest';
import type { Plan, PlanItem } from '../../src/core/plan.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan } from '../../src/pipeline/print.js';
import { withAppDirectoryOwned } from './app-owner.js';

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

describe('withAppDirectoryOwned', () => {
  it('hands the app directory and what is copied into it to a user dfmod added', () => {
    const plan = withAppDirectoryOwned(planWith(items({ kind: 'new', lines: ['USER node'] }), ['sh', 'node']));
    expect(printPlan(ORIGINAL, plan)).toBe(
      'FROM node:20\nWORKDIR /app\nCOPY --from=deps --chown=node:node /app/node_modules ./node_modules\n' +
        'COPY --from=busybox /bin/wget /usr/local/bin/wget\nCOPY --chown=node:node . .\nRUN chown node:node /app\nUSER node\nCMD ["node", "index.js"]\n',
    );
    expect(plan.changes).toEqual([{ id: 'non-root', message: '/app and the files copied into it are owned by node, so the app can still write there as it could as root' }]);
  });

  it('leaves an original USER, and runtimes without a shell, alone', () => {
    const originalUser = parseDockerfile('FROM x\nUSER app\n').instructions[1]!;
    const kept = planWith(items({ kind: 'keep', instruction: originalUser }), ['sh']);
    expect(withAppDirectoryOwned(kept)).toBe(kept);
    const distroless = planWith(items({ kind: 'new', lines: ['USER nonroot:nonroot'] }), []);
    expect(withAppDirectoryOwned(distroless)).toBe(distroless);
  });
});
