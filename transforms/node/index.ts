import type { Transform } from '../../src/core/transform.js';
import { detectNode, looksLikeNode } from './detect.js';
import { planNode } from './plan.js';

export const node: Transform = {
  meta: {
    id: 'node',
    description: 'Node.js on the official node images: npm, yarn classic, yarn berry and pnpm',
    reads: [
      '/package.json',
      '/tsconfig*.json',
      '/.yarnrc.yml',
      '/pnpm-workspace.yaml',
      '/.nvmrc',
      '/*.sh',
      '/docker-entrypoint*',
      '/entrypoint*',
    ],
    messages: {
      'split-stages': 'stages {stages}',
      'runtime-base': 'production stage runs on {image}',
      'cache-mount': '{tool} cache mounted at {target}',
      'manifest-first': '{files} copied and installed before the source',
      'frozen-lockfile': 'the install follows {lockfile} exactly',
      'prod-deps-only': 'production gets dependencies only',
      'runtime-packages': 'production installs {packages}',
      'non-root': 'production runs as {user}',
      'redeclare-arg': 'production re-declares ARG {names}',
      'no-lockfile': 'no lockfile: versions resolve at build time',
      'npm-start': 'npm start as PID 1 does not forward signals',
      'runtime-files': 'production copies only the build output',
      'unproven-step': 'a step stays in the builder',
    },
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
