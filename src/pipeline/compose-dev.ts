import { posix } from 'node:path';
import type { Warning } from '../core/findings.js';
import type { Plan } from '../core/plan.js';
import { EMPTY_SCOPE, nextPlanScope } from '../../transforms/shared/placement.js';
import type { RepositoryFiles } from './repository.js';
import { COMPOSE_FILES } from './repository.js';
import { asRecord, asString, readYaml } from './yaml-files.js';

/** Commands that serve the source as it changes: they need the builder's tools and write into the mounted tree. */
const DEV_COMMANDS: readonly RegExp[] = [
  /\bnodemon\b/, /\bts-node-dev\b/, /\btsx\s+watch\b/, /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:dev|watch|start:dev)\b/, /\bnext\s+dev\b/,
  /\bnest\s+start\s+.*--watch\b/, /\bvite\b(?!\s+(?:build|preview))/, /(?:^|\s)--reload\b/, /(?:^|\s)--watch\b/, /\brunserver\b/, /\bflask\s+(?:--\S+\s+)*run\b/,
  /^air\b/, /\bcargo\s+watch\b/, /\bgo\s+run\b/, /\bwatchexec\b/, /\bdotnet\s+watch\b/, /\bspring-boot:run\b/, /\bbootRun\b/,
];

/** A compose service that serves the mounted source with a dev command, built from this Dockerfile. */
export interface ComposeDevService {
  /** `docker-compose.yml service api bind-mounts . over /app and runs \`npm run dev\`` */
  readonly what: string;
}

/**
 * Compose services that build this Dockerfile, bind-mount the source over its working directory
 * and run a dev command: with the migration they would start the production stage, which has
 * neither the dev dependencies nor a user that may write the host's files. A service that
 * already picks `target: builder` or sets its `user:` is fine.
 */
export function composeDevServices(repository: RepositoryFiles, plan: Plan): ComposeDevService[] {
  const production = plan.stages.at(-1);
  if (!production) return [];
  const workdir = production.items.slice(1).reduce(nextPlanScope, EMPTY_SCOPE).workdir;
  if (workdir === null) return [];
  const context = posix.dirname(repository.dockerfile);
  const found: ComposeDevService[] = [];
  for (const [path, text] of repository.files) {
    if (!COMPOSE_FILES.includes(posix.basename(path))) continue;
    const services = asRecord(asRecord(readYaml(text))?.services) ?? {};
    for (const [name, value] of Object.entries(services)) {
      const service = asRecord(value);
      if (!service || !buildsThisDockerfile(service.build, posix.dirname(path), repository.dockerfile)) continue;
      if (asString(asRecord(service.build)?.target) === 'builder' || service.user !== undefined) continue;
      const mount = sourceMount(service.volumes, posix.dirname(path), context, workdir);
      const command = commandText(service.command);
      if (mount === null || command === null || !DEV_COMMANDS.some((pattern) => pattern.test(command))) continue;
      found.push({ what: `${path} service ${name} bind-mounts ${mount} over ${workdir} and runs \`${command}\`` });
    }
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

export function composeDevWarning(service: ComposeDevService): Warning {
  return {
    id: 'compose-dev',
    message: `${service.what}, which the production stage cannot serve (no dev dependencies, a user that cannot write the mounted files): give it \`target: builder\` under build, which has the dev dependencies and runs as root, or, where the command needs nothing but to write there, a \`user:\` that owns the mounted source`,
  };
}

function buildsThisDockerfile(build: unknown, composeDirectory: string, dockerfile: string): boolean {
  const record = asRecord(build);
  const context = asString(build) ?? asString(record?.context) ?? (record ? '.' : null);
  if (context === null || /[$]/.test(context) || /^[a-z]+:\/\//i.test(context)) return false;
  const file = asString(record?.dockerfile) ?? 'Dockerfile';
  if (/[$]/.test(file)) return false;
  return posix.normalize(posix.join(composeDirectory, context, file)) === dockerfile;
}

/** The bind mount (as written) of the build context over `workdir`, or null. */
function sourceMount(volumes: unknown, composeDirectory: string, context: string, workdir: string): string | null {
  for (const volume of Array.isArray(volumes) ? volumes : []) {
    const record = asRecord(volume);
    let source: string | null;
    let target: string | null;
    if (record) {
      if (asString(record.type) !== 'bind') continue;
      source = asString(record.source);
      target = asString(record.target);
    } else {
      const parts = asString(volume)?.split(':') ?? [];
      [source = null, target = null] = parts.length >= 2 ? parts : [];
    }
    if (source === null || target === null || !(source.startsWith('.') || source.startsWith('/'))) continue;
    if (posix.normalize(posix.join(composeDirectory, source)).replace(/\/$/, '') !== (context === '.' ? '.' : context)) continue;
    if (posix.normalize(target).replace(/(.)\/$/, '$1') === workdir) return source;
  }
  return null;
}

function commandText(command: unknown): string | null {
  if (typeof command === 'string') return command.trim();
  if (Array.isArray(command) && command.every((word) => typeof word === 'string')) return command.join(' ');
  return null;
}
