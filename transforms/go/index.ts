import type { Transform } from '../../src/core/transform.js';
import { ownWrittenPaths } from '../shared/app-owner.js';
import { dockerfileWrittenPaths } from '../shared/written-paths.js';
import { detectGo, looksLikeGo } from './detect.js';
import { MESSAGES } from './messages.js';
import { planGo } from './plan.js';

export const go: Transform = {
  meta: {
    id: 'go',
    description: 'Go modules on the official golang images, to a static or libc-matched runtime',
    reads: ['/go.mod', '*.go', '/*.sh', '/docker-entrypoint*', '/entrypoint*'],
    messages: MESSAGES,
  },
  match(input) {
    const reason = looksLikeGo(input);
    return reason ? { matches: true, reason } : { matches: false, reason: 'no golang base image and no go.mod with a go command' };
  },
  plan(input) {
    const detection = detectGo(input);
    if (!detection.ok) return detection;
    return ownWrittenPaths(planGo(input, detection.facts), [...dockerfileWrittenPaths(input.dockerfile.stages.at(-1)!.instructions), ...detection.facts.codeWrites]);
  },
};
