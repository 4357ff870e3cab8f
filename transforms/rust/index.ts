import type { Transform } from '../../src/core/transform.js';
import { ownWrittenPaths } from '../shared/app-owner.js';
import { CARGO_READS } from './cargo.js';
import { detectRust, looksLikeRust } from './detect.js';
import { LOG_CONFIG_READS } from './log-config.js';
import { SOURCE_READS } from './opened-paths.js';
import { planRust } from './plan.js';

export const rust: Transform = {
  meta: {
    id: 'rust',
    description: 'Rust on the official rust images: cargo build and cargo install --path, glibc or static musl binaries',
    reads: [...CARGO_READS, ...SOURCE_READS, ...LOG_CONFIG_READS, '/.dockerignore', '/*.sh', '/docker-entrypoint*', '/entrypoint*'],
    messages: {
      'split-stages': 'stages {stages}',
      'no-command': "the image has no CMD or ENTRYPOINT; production carries the build's only binary at {path}, so a command given at run time must name that path or {name}",
      'runtime-base': 'production stage runs on {image}',
      linking: '{binaries} linked {how}',
      'cache-mount': 'cargo caches mounted at {targets}',
      'manifest-first': '{files} copied and dependencies fetched before the source',
      'binary-only': 'production copies only {files} from the builder',
      'cargo-run': '{keyword} runs {binary}, the binary "cargo run" started, since production has no cargo',
      'build-packages': '{packages} stay in the builder',
      'runtime-packages': 'production installs {packages}',
      'non-root': 'production runs as {user}',
      'redeclare-arg': 'production re-declares ARG {names}',
      'no-lockfile': 'no Cargo.lock: dependency versions resolve at build time',
      'runtime-library': '{crates} may link a system library production lacks',
      'runtime-files': 'production has only the binary and known runtime files',
      'unproven-step': 'a step stays in the builder',
      dockerignore: '{crates} reads .git at build time, so .git stays in the build context',
    },
  },
  match(input) {
    const reason = looksLikeRust(input);
    return reason ? { matches: true, reason } : { matches: false, reason: 'no rust base image and no cargo build' };
  },
  plan(input) {
    const detection = detectRust(input);
    if (!detection.ok) return detection;
    return ownWrittenPaths(planRust(input, detection.facts), detection.facts.databases);
  },
};
