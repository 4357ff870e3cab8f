import { posix } from 'node:path';
import { bindSource, serviceName, serviceStart, serviceStartText, type ComposeService } from '../core/compose.js';
import { normalizedPath } from '../core/dockerfile.js';
import type { Plan } from '../core/plan.js';
import { ownedPaths } from '../../transforms/shared/app-owner.js';

import { isDevCommand } from './compose-dev.js';

/** Build tools that only a builder image has: a compose service that starts the image with one needs the toolchain at run time. */
const TOOLCHAIN_PROGRAMS = new Set(['cargo', 'rustc', 'go', 'mvn', 'mvnw', 'gradle', 'gradlew']);
const DOTNET_SDK_COMMANDS = new Set(['run', 'watch', 'build', 'test', 'publish', 'restore']);

/**
 * Why no production stage can serve a compose service that builds this Dockerfile: it starts the
 * image with a build tool (`command: ["cargo", "run", "--release"]`), which production leaves in
 * the builder. A service that picks a `target:` builds that stage, not production. Null when none does.
 */
export function composeToolchainStart(services: readonly ComposeService[]): string | null {
  for (const service of services) {
    if (service.target !== null) continue;
    const words = serviceStart(service);
    if (words === null || words === 'unreadable') continue;
    const program = posix.basename(words[0] ?? '');
    const sdk = program === 'dotnet' && DOTNET_SDK_COMMANDS.has(words[1] ?? '');
    if (!TOOLCHAIN_PROGRAMS.has(program) && !sdk) continue;
    return `${serviceName(service)} starts the image with \`${serviceStartText(service)}\`, and the production stage has no ${sdk ? 'dotnet SDK' : program}: compose would need \`target: builder\`, or a command that runs what production runs`;
  }
  return null;
}

/**
 * Why production must keep the original's user: a compose service that builds this Dockerfile
 * bind-mounts a host directory over a path the app writes, which the plan gave to the run user,
 * or mounts the whole build context in to work on. The host owns what it mounts, so that user
 * could not write it. Null when no service does.
 */
export function composeMountOverWrittenPath(services: readonly ComposeService[], plan: Plan): string | null {
  const owned = ownedPaths(plan);
  for (const service of services) {
    if (service.user !== null) continue;
    for (const volume of service.volumes) {
      const source = bindSource(service, volume);
      if (source === null) continue;
      const target = normalizedPath(volume.target);
      // The whole source mounted in: the service works on the host's files (a dev server gets compose-dev's advice instead).
      if (source === service.context && !isDevCommand(serviceStartText(service))) {
        return `${serviceName(service)} bind-mounts the build context ${volume.source} over ${target}, so the app works on the host's files, which a non-root user could not write`;
      }
      const hit = owned.find((path) => path === target || path.startsWith(`${target}/`) || target.startsWith(`${path}/`));
      if (hit !== undefined) {
        return `${serviceName(service)} bind-mounts ${volume.source} over ${target}, and the app writes ${hit}: the host owns what it mounts, so a non-root user could not write there`;
      }
      // A write whose path the code computes may land in the mount: root keeps writing it, as before.
      const computed = plan.runtime.computedWrites?.[0];
      if (computed !== undefined && !volume.readOnly) {
        return `${serviceName(service)} bind-mounts ${volume.source} over ${target}, and ${computed} writes a path dfmod cannot read, which may land there: the host owns what it mounts, so a non-root user might not write it`;
      }
    }
  }
  return null;
}
