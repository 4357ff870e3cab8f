import type { Transform } from '../../src/core/transform.js';
import { detectNode, looksLikeNode } from './detect.js';
import { SOURCE_EXTENSIONS } from './imports.js';
import { MESSAGES } from './messages.js';
import { planNode } from './plan.js';

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
    return planNode(input, detection.facts);
  },
};
