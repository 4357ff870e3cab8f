import { formatMessage, type Finding } from '../../src/core/findings.js';

/**
 * Every change and warning text the Node transform reports, by message id. The finding's id is
 * the part before the dot, so one id (`non-root`) can say several things.
 */
export const MESSAGES = {
  'split-stages': 'stages {stages}',
  'runtime-base': 'production stage runs on {image}',
  'runtime-base.pinned': '{image} fixes no Node major; both stages use {pinned}, the Node {major} that {source} names, so node_modules built in the builder runs on the same Node',
  'runtime-base.floating': '{image} fixes no Node major{files}: the builder and production each pull their own, and node_modules built for one may not load on the other; pin the major in the tag',
  'cache-mount': '{tool} cache mounted at {target}',
  'cache-mount.unknown-user': 'the install runs as {user}, whose home dfmod does not know; no cache mount added',
  'manifest-first': '{files} copied and installed before the source',
  'manifest-first.kept-order': '{why}, so the install still runs after the source is copied',
  'frozen-lockfile': 'the install follows {lockfile} exactly ({command})',
  'frozen-lockfile.unpinned': '{command} stays as written, not made to follow the lockfile exactly: {why}; pin the package manager (packageManager in package.json) to get a frozen install',
  'no-lockfile': 'no lockfile: {command} resolves versions at build time; commit a lockfile',
  'no-lockfile.removed': 'line {line}: "{command}" removes {lockfile} before the install, so {install} resolves versions at build time and dfmod does not make it follow the lockfile; keep the lockfile to get a frozen install',
  'prod-deps-only': 'production gets production dependencies only, installed in {stage} with {command}',
  'prod-deps-only.none': 'package.json lists no dependencies, so production copies no node_modules',
  'prod-deps-only.moved': 'line {line}: "{command}" after the install becomes the copy of node_modules to {path} in production',
  'prod-deps-only.reinstall': 'line {line}: the reinstall of production dependencies after removing node_modules is left out: production copies the production-only install of the stages dfmod writes',
  'prod-deps-only.codegen': "production copies the builder's node_modules, dev dependencies included: {generator} generates its client into node_modules from {schema}, which a production-only install would not",
  'prod-deps-only.pruned': 'dev dependencies pruned with {command} before production copies from {directory}',
  'prod-deps-only.dev-command': 'production keeps dev dependencies: the command runs {packages}, which package.json lists as devDependencies',
  'prod-deps-only.dev-import': 'production keeps dev dependencies: {file} loads {packages}, which package.json lists as devDependencies; move {packages} to dependencies to install production dependencies only',
  'build-packages': 'line {line}: {command} adds {packages}, which only compiling and type-checking read, so it runs in the builder only, and production installs package.json\'s dependencies without it',
  'build-packages.unused': 'line {line}: {command} adds {packages}, which only compiling and type-checking read, and no build follows it, so no stage runs it, and production installs package.json\'s dependencies without it',
  'build-tools': 'line {line}: "{command}" puts {programs} on the PATH for the build alone, so it runs in the builder only',
  'build-env': 'line {line}: ENV {names} is read only by the build, so it stays in the builder',
  'prod-deps-only.swc': 'production keeps dev dependencies: ts-node runs in swc mode, which compiles the app with {packages} from devDependencies when it starts; build with tsc or swc to install production dependencies only',
  'prod-deps-only.type-check': 'production keeps dev dependencies: ts-node type-checks the app when it starts, with {packages} from devDependencies; pass --transpile-only or build with tsc to install production dependencies only',
  'runtime-packages': 'production installs {packages}, which the container calls',
  'runtime-packages.libraries': 'production installs only the runtime packages of line {line}: {packages}',
  'runtime-packages.unknown-library': 'no runtime library is known for {packages}; check that production has what they link',
  'package-manager': 'production fetches {tool} as {user} at build time, so the command starts without a download',
  'non-root': "production runs as the image's node user, {user}",
  'non-root.kept': 'the original USER {user} is kept',
  'non-root.owned': '{directories} owned by node ({user})',
  'non-root.writes': 'the container now runs as node; directories the app writes must be owned by node',
  'non-root.low-port': 'port {ports} is below 1024; outside Docker a non-root user may not bind it',
  'redeclare-arg': '{stage} re-declares ARG {names}',
  'runtime-files.unmade-entry': 'the command starts {entry}, which the build context does not have and no step creates, so the container cannot start, as before the migration; build or copy {entry} in the Dockerfile',
  'runtime-files': 'production copies only {files}; add any other file the app reads at run time',
  'unproven-step': 'line {line}: "{command}" stays in the builder; add it to production if the running container needs its effect',
  'npm-start': '{command} as PID 1 does not forward SIGTERM to node; run node directly',
} as const satisfies Record<string, string>;

export type MessageId = keyof typeof MESSAGES;

/** A change or warning from the table, with its placeholders filled. */
export function finding(id: MessageId, values: Record<string, string | number> = {}): Finding {
  return { id: id.split('.')[0]!, message: formatMessage(MESSAGES[id], values) };
}
