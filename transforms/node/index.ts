import type { Transform } from '../../src/core/transform.js';
import { detectNode, looksLikeNode } from './detect.js';
import { SOURCE_EXTENSIONS } from './imports.js';
import { MESSAGES } from './messages.js';
import { planNode } from './plan.js';
import { withoutIdleRootSwitch } from './user-switch.js';
import { computedWrites, nodeWrittenPaths } from './written-files.js';
import { keepOriginalUser, ownWrittenPaths, withComputedWrites } from '../shared/app-owner.js';
import { scopeAt } from '../shared/placement.js';

export const node: Transform = {
  meta: {
    id: 'node',
    description: 'Node.js on the official node images: npm, yarn classic, yarn berry and pnpm',
    reads: [
      // The root manifest and the workspaces' ones, for their install scripts.
      'package.json',
      'tsconfig*.json',
      '/.yarnrc.yml',
      // The lockfile's format, to tell whether the package manager that runs reads it frozen.
      '/pnpm-lock.yaml',
      '/yarn.lock',
      '/pnpm-workspace.yaml',
      // The Node version the project names, for a builder on a floating tag.
      '/.nvmrc',
      '/.node-version',
      // A Prisma schema's SQLite datasource is a file the app writes.
      '*.prisma',
      // The app's modules, to tell the packages its code loads at run time from those only its build and tests use.
      ...SOURCE_EXTENSIONS.map((ext) => `*${ext}`),
      // Entrypoint scripts, to check that their interpreter is in the runtime image.
      '*.sh',
      'docker-entrypoint*',
      'entrypoint*',
      '/bin/*',
      '/scripts/*',
    ],
    messages: MESSAGES,
  },
  match(input) {
    const reason = looksLikeNode(input);
    return reason ? { matches: true, reason } : { matches: false, reason: 'no node base image and no Node.js package manager' };
  },
  plan(input) {
    const detection = detectNode(input);
    if (!detection.ok) return detection;
    const result = planNode(input, detection.facts);
    if (!result.ok) return result;
    // A database file copied with the source is handed over with it; one the production image does not copy only gets its directory.
    const sourceKept = result.plan.stages.at(-1)!.items.some((item) => item.kind === 'keep' && item.instruction.keyword === 'COPY' && item.instruction.flags.every((flag) => flag.name !== 'from'));
    const last = input.dockerfile.stages.at(-1)!;
    const environment = scopeAt(last.instructions, last.instructions.length).variables;
    const written = nodeWrittenPaths(input.context, environment).map((path) => (sourceKept || !path.copied ? path : { path: path.path, kind: path.kind, source: path.source }));
    const served = ownWrittenPaths(result, written);
    // vite bundles its config into a file beside vite.config (4.x) or in node_modules/.vite-temp (5 and later) each time it starts.
    const vite = served.ok && detection.facts.commandPrograms.includes('vite') ? keepOriginalUser(served.plan, 'the command runs vite, which writes its bundled config beside vite.config or into node_modules/.vite-temp when it starts, in directories the image copies owned by root') : null;
    const owned = withoutIdleRootSwitch(vite === null ? served : { ok: true, plan: vite });
    return withComputedWrites(owned, computedWrites(input.context), 'node', 'the WORKDIR, a path an env variable names');
  },
};
