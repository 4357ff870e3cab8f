import { posix } from 'node:path';
import { bindSource, serviceName, type ComposeService } from '../core/compose.js';
import { normalizedPath } from '../core/dockerfile.js';
import type { Warning } from '../core/findings.js';
import type { Plan } from '../core/plan.js';
import { EMPTY_SCOPE, nextPlanScope } from '../../transforms/shared/placement.js';

/** Commands that serve the source as it changes: they need the builder's tools and write into the mounted tree. */
const DEV_COMMANDS: readonly RegExp[] = [
  /\bnodemon\b/, /\bts-node-dev\b/, /\btsx\s+watch\b/, /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:dev|watch|start:dev)\b/, /\bnext\s+dev\b/,
  /\bnest\s+start\s+.*--watch\b/, /\bvite\b(?!\s+(?:build|preview))/, /(?:^|\s)--reload\b/, /(?:^|\s)--watch\b/, /\brunserver\b/, /\bflask\s+(?:--\S+\s+)*run\b/,
  /^air\b/, /\bcargo\s+watch\b/, /\bgo\s+run\b/, /\bwatchexec\b/, /\bdotnet\s+watch\b/, /\bspring-boot:run\b/, /\bbootRun\b/,
];

/**
 * Commands that only keep the container up, so that the work is done in it with `docker compose
 * exec` (a build, a test run, a dev server started by hand): the service is a workbench.
 */
const IDLE_COMMANDS: readonly RegExp[] = [/\btail\s+-[fF]\s+\/dev\/null\b/, /\bsleep\s+inf(?:inity)?\b/];

export function isDevCommand(command: string): boolean {
  return DEV_COMMANDS.some((pattern) => pattern.test(command)) || isIdleCommand(command);
}

function isIdleCommand(command: string): boolean {
  return IDLE_COMMANDS.some((pattern) => pattern.test(command));
}

/** A compose service that serves the mounted source with a dev command, built from this Dockerfile. */
export interface ComposeDevService {
  /** `docker-compose.yml service api bind-mounts . over /app and runs \`npm run dev\`` */
  readonly what: string;
  /** It idles for `docker compose exec` rather than serving: what is run in it is not written anywhere dfmod reads. */
  readonly idle: boolean;
}

/**
 * Compose services that build this Dockerfile, bind-mount the source over its working directory
 * and run a dev command: with the migration they would start the production stage, which has
 * neither the dev dependencies nor a user that may write the host's files. A service that
 * already picks `target: builder` or sets its `user:` is fine.
 */
export function composeDevServices(services: readonly ComposeService[], plan: Plan): ComposeDevService[] {
  const production = plan.stages.at(-1);
  if (!production) return [];
  const workdir = production.items.slice(1).reduce(nextPlanScope, EMPTY_SCOPE).workdir;
  if (workdir === null) return [];
  const found: ComposeDevService[] = [];
  for (const service of services) {
    if (service.target === 'builder' || service.user !== null) continue;
    const mount = sourceMount(service, workdir);
    const command = service.command?.text ?? null;
    if (mount === null || command === null || !isDevCommand(command)) continue;
    found.push({ what: `${serviceName(service)} bind-mounts ${mount} over ${workdir} and runs \`${command}\``, idle: isIdleCommand(command) });
  }
  return found;
}

/**
 * Whether the builder stage still has what a dev service runs: it does unless the plan narrowed
 * the install to production dependencies in the builder itself (no separate `deps` stage).
 */
export function builderKeepsDevDependencies(plan: Plan): boolean {
  return !plan.changes.some((change) => change.id === 'prod-deps-only') || plan.stages.some((stage) => stage.name === 'deps');
}

/**
 * What the report says of a dev service: that production cannot serve it only when that is
 * true, because the plan left the dev dependencies out; otherwise only what the non-root user
 * needs of the mounted files, and nothing when production kept the original's user.
 */
export function composeDevWarning(service: ComposeDevService, plan: Plan): Warning | null {
  if (service.idle) {
    return {
      id: 'compose-dev',
      message: `${service.what}, a workbench for \`docker compose exec\`: it now starts the production stage, which has what the app runs but not the builder's tools or dev dependencies; give it \`target: builder\` under build`,
    };
  }
  const narrowed = plan.changes.find((change) => change.id === 'prod-deps-only');
  if (narrowed) {
    return {
      id: 'compose-dev',
      message: `${service.what}, which the production stage cannot serve: it has no dev dependencies (${narrowed.message}); give it \`target: builder\` under build, which has them`,
    };
  }
  // Production on the original's user, with every dependency, serves the mounted source as the original did.
  if (plan.runtime.rootKept !== undefined) return null;
  return {
    id: 'compose-dev',
    message: `${service.what}, which now starts the production stage as its non-root user: that user must be able to read the mounted files, and write where the command writes into them; \`target: builder\` under build keeps the builder's user, or set a \`user:\` that owns the mounted source`,
  };
}

/** The bind mount (as written) of the source, the build context or the Dockerfile's folder, over `workdir`, or null. */
function sourceMount(service: ComposeService, workdir: string): string | null {
  const sources = [service.context, posix.dirname(service.dockerfile)];
  for (const volume of service.volumes) {
    const source = bindSource(service, volume);
    if (source === null || !(volume.source!.startsWith('.') || volume.source!.startsWith('/')) || !sources.includes(source)) continue;
    if (normalizedPath(volume.target) === workdir) return volume.source;
  }
  return null;
}
