import { posix } from 'node:path';
import type { Plan, PlanItem, PlannedStage } from '../../src/core/plan.js';
import { commandWords, splitCommands } from '../../src/core/shell.js';
import type { PlanResult } from '../../src/core/transform.js';
import { normalizedPath } from '../../src/core/dockerfile.js';
import { EMPTY_SCOPE, nextPlanScope, resolveWorkdir, type Scope } from './placement.js';
import { computedWritesWarning } from './warnings.js';
import { CREATED_USER, CREATED_USER_SPEC, DISTROLESS_USER, isUserCreationLine, NODE_IMAGE_USER, NODE_IMAGE_USER_SPEC } from './run-user.js';

/**
 * A path the running app writes, found in its code, config or Dockerfile. `path` is absolute or
 * relative to the production stage's final WORKDIR; `source` says where it was found
 * (`app/db.py:12 (sqlite:///./todos.db)`, `VOLUME /data`), for the report.
 */
export interface WrittenPath {
  readonly path: string;
  readonly kind: 'file' | 'directory';
  readonly source: string;
  /** A file production copies in (a SQLite database in the context): it is handed over too. */
  readonly copied?: boolean;
}

/**
 * Directories no user but root may own: handing one over lets the app replace what the system
 * runs (`chown app /.` gave it `/lib64`'s loader). Exact matches; the trees below are system too.
 */
const SYSTEM_DIRECTORIES: ReadonlySet<string> = new Set([
  '/', '/home', '/mnt', '/media', '/opt', '/run', '/srv', '/usr', '/usr/local', '/usr/src', '/var', '/var/lib', '/var/cache', '/var/log', '/var/run', '/var/spool', '/var/mail', '/go',
]);
const SYSTEM_TREES = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/root', '/sbin', '/sys',
  '/usr/bin', '/usr/include', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec', '/usr/sbin', '/usr/share',
  '/usr/local/bin', '/usr/local/include', '/usr/local/lib', '/usr/local/sbin', '/usr/local/share',
];
/** Writable by every user already (sticky bit): nothing to hand over, and never to chown. */
const SHARED_WRITABLE: ReadonlySet<string> = new Set(['/tmp', '/var/tmp', '/dev/shm']);

export function isSystemDirectory(path: string): boolean {
  return SYSTEM_DIRECTORIES.has(path) || SYSTEM_TREES.some((tree) => path === tree || path.startsWith(`${tree}/`));
}

/**
 * Follows `docker init`: code stays owned by root, and only the paths the app writes are given to
 * the non-root user dfmod added, in one RUN before its USER (directories created, a file's
 * directory and the copied file chowned; recursively only for a database file's own directory, which a build step
 * may have filled). Where a path cannot be given safely
 * (`/` or a system directory, or a directory a variable hides), production keeps the original's
 * user and the report says why. An original's own USER is left alone: it owns what it set up.
 */
export function ownWrittenPaths(result: PlanResult, written: readonly WrittenPath[]): PlanResult {
  return result.ok ? { ok: true, plan: withWrittenPathsOwned(result.plan, written) } : result;
}

export function withWrittenPathsOwned(plan: Plan, written: readonly WrittenPath[]): Plan {
  const production = plan.stages.at(-1);
  if (!production || written.length === 0) return plan;
  const userIndex = production.items.findLastIndex(isAddedUser);
  if (userIndex < 0) return plan;
  const spec = (production.items[userIndex] as { lines: readonly string[] }).lines[0]!.slice(5).trim();
  const owner = spec.includes(':') ? spec : `${spec}:${spec}`;

  let scope: Scope = EMPTY_SCOPE;
  const workdirs = new Set<string>();
  for (const item of production.items.slice(1, userIndex)) {
    scope = nextPlanScope(scope, item);
    if (scope.workdir !== null) workdirs.add(scope.workdir);
  }
  const workdir = scope.workdir ?? '/';

  const created: string[] = [];
  const owned: string[] = [];
  // A database file the app writes in a directory of its own may already be there from a build step (`RUN python3
  // create.py` making instance/data.db), root-owned: the directory is handed over with what is in it.
  const recursive: string[] = [];
  for (const path of written) {
    const absolute = resolveWorkdir(scope, path.path, workdir);
    if (absolute === null) return keepRoot(plan, production, `${path.source} writes ${path.path}, which a variable hides, so dfmod cannot give it to the non-root user`);
    const directory = path.kind === 'directory' ? absolute : posix.dirname(absolute);
    if (SHARED_WRITABLE.has(directory)) continue;
    if (isSystemDirectory(directory)) {
      const where = directory === '/' ? 'the filesystem root /' : `the system directory ${directory}`;
      return keepRoot(plan, production, `${path.source} writes ${absolute} in ${where}, which dfmod never hands to another user`);
    }
    if (!workdirs.has(directory) && !created.includes(directory)) created.push(directory);
    if (path.kind === 'file' && !path.copied && !workdirs.has(directory)) {
      if (!recursive.includes(directory)) recursive.push(directory);
      continue;
    }
    for (const target of path.kind === 'file' && path.copied ? [directory, absolute] : [directory]) {
      if (!owned.includes(target)) owned.push(target);
    }
  }
  const plain = owned.filter((path) => !recursive.some((tree) => path === tree || path.startsWith(`${tree}/`)));
  if (plain.length === 0 && recursive.length === 0) return plan;

  if (!plan.runtime.programs.includes('sh')) {
    // A directory copied with --chown hands over everything in it.
    const handed = production.items.flatMap((item) => copiedWithOwner(item, owner));
    const missing = [...plain, ...recursive].find((path) => !handed.some((copy) => path === copy || path.startsWith(`${copy}/`)));
    if (missing) return keepRoot(plan, production, `${plan.runtime.runtimeImage} has no shell to create and chown ${missing}, which the app writes`);
    return plan;
  }

  const commands = [
    ...(created.length > 0 ? [`mkdir -p ${created.join(' ')}`] : []),
    ...(plain.length > 0 ? [`chown ${owner} ${plain.join(' ')}`] : []),
    ...(recursive.length > 0 ? [`chown -R ${owner} ${recursive.join(' ')}`] : []),
  ];
  const items = [...production.items];
  // A VOLUME's directory changed after its declaration may be discarded: hand it over first, unless a copied file must exist by then.
  const firstVolume = items.findIndex((item) => item.kind === 'keep' && item.instruction.keyword === 'VOLUME');
  const at = firstVolume >= 0 && firstVolume < userIndex && !written.some((path) => path.copied) ? firstVolume : userIndex;
  items.splice(at, 0, { kind: 'new', lines: [`RUN ${commands.join(' && ')}`] });
  const stage: PlannedStage = { ...production, items };
  const sources = [...new Set(written.map((path) => path.source))].join('; ');
  const who = ownerName(spec, owner);
  const message = `${[...plain, ...recursive].join(', ')} owned by ${who}, since the app writes there (${sources}); the rest stays owned by root`;
  return { ...plan, stages: [...plan.stages.slice(0, -1), stage], changes: [...plan.changes, { id: 'non-root', message }] };
}

/** The run user as the report names it: a user dfmod writes by number is named with its number. */
function ownerName(spec: string, owner: string): string {
  if (spec === CREATED_USER_SPEC) return `${CREATED_USER.name} (uid ${CREATED_USER.uid})`;
  if (spec === NODE_IMAGE_USER_SPEC) return `${NODE_IMAGE_USER.name} (${NODE_IMAGE_USER_SPEC})`;
  if (spec === DISTROLESS_USER) return `nonroot (${DISTROLESS_USER})`;
  return owner.split(':')[0]!;
}

/** The RUN withWrittenPathsOwned writes: `mkdir -p` of the directories and `chown <owner>` of the paths, nothing else. */
function isOwnershipRun(item: PlanItem, owner: string): boolean {
  if (item.kind !== 'new' || item.lines.length !== 1 || !item.lines[0]!.startsWith('RUN ')) return false;
  const commands = splitCommands(item.lines[0]!.slice(4)) ?? [];
  return commands.some((command) => commandWords(command)[0] === 'chown') && commands.every((command) => {
    const words = commandWords(command);
    return (words[0] === 'mkdir' && words[1] === '-p') || (words[0] === 'chown' && (words[1] === owner || (words[1] === '-R' && words[2] === owner)));
  });
}

/** A COPY dfmod wrote, without the `--chown=<owner>` it gave for the user it added. */
function withoutAddedOwner(item: PlanItem, owner: string): PlanItem {
  if (item.kind !== 'new' || !item.lines[0]!.startsWith('COPY ') || !item.lines[0]!.includes(`--chown=${owner} `)) return item;
  return { ...item, lines: [item.lines[0]!.replace(`--chown=${owner} `, ''), ...item.lines.slice(1)] };
}

function isAddedUser(item: PlanItem): boolean {
  return item.kind === 'new' && item.lines[0]!.startsWith('USER ');
}

/** Destinations a `COPY --chown=<owner>` line dfmod wrote hands to the user (a distroless stage's writable directories); any owner when none is given. */
function copiedWithOwner(item: PlanItem, owner?: string): string[] {
  if (item.kind !== 'new' || !item.lines[0]!.startsWith('COPY ') || !item.lines[0]!.includes(owner === undefined ? '--chown=' : `--chown=${owner} `)) return [];
  return [normalizedPath(item.lines[0]!.split(' ').at(-1)!)];
}

/** The paths production hands to its run user: what dfmod's `chown` lines and `COPY --chown` lines give it. */
export function ownedPaths(plan: Plan): string[] {
  const production = plan.stages.at(-1);
  if (!production) return [];
  const paths: string[] = [];
  for (const item of production.items) {
    if (item.kind !== 'new') continue;
    paths.push(...copiedWithOwner(item));
    const line = item.lines.join(' ');
    if (!line.startsWith('RUN ')) continue;
    for (const command of splitCommands(line.slice(4)) ?? []) {
      const words = commandWords(command);
      if (words[0] !== 'chown') continue;
      const operands = words.slice(1).filter((word) => !word.startsWith('-'));
      paths.push(...operands.slice(1).map(normalizedPath));
    }
  }
  return paths;
}

/**
 * The plan of an app whose code writes paths dfmod cannot read (`sites`), when production runs as the user dfmod
 * added: a warning names them, and the plan carries them for the pipeline's compose and working-directory rules,
 * which keep root where such a write may land in a mount.
 */
export function withComputedWrites(result: PlanResult, sites: readonly string[], user: string, where: string): PlanResult {
  if (!result.ok || sites.length === 0 || !result.plan.stages.at(-1)?.items.some(isAddedUser)) return result;
  const { plan } = result;
  return { ok: true, plan: { ...plan, warnings: [...plan.warnings, computedWritesWarning(sites, user, where)], runtime: { ...plan.runtime, computedWrites: sites } } };
}

/**
 * The plan with production on the original's user, for a reason found outside the transform (an
 * image a CI job runs in as its container). Unchanged when dfmod added no USER: the original's own
 * user is kept already.
 */
export function keepOriginalUser(plan: Plan, why: string): Plan {
  const production = plan.stages.at(-1);
  return production && production.items.some(isAddedUser) ? keepRoot(plan, production, why) : plan;
}

/**
 * Production without the USER dfmod added (and the user it created for it, unless a line dfmod
 * wrote names it): the original's user stays, and a warning says why in one sentence.
 */
function keepRoot(plan: Plan, production: PlannedStage, why: string): Plan {
  const added = production.items.find(isAddedUser);
  const spec = added ? (added as { lines: readonly string[] }).lines[0]!.slice(5).trim() : null;
  const owner = spec === null ? null : spec.includes(':') ? spec : `${spec}:${spec}`;
  // What dfmod wrote to hand paths to that user goes with it: root writes them as the original did.
  const handed = production.items.filter((item) => owner !== null && isOwnershipRun(item, owner));
  const kept = production.items.filter((item) => !handed.includes(item)).map((item) => (owner !== null ? withoutAddedOwner(item, owner) : item));
  const named = kept.some((item) => item.kind === 'new' && !isAddedUser(item) && !isUserCreationLine(item.lines[0]!) && item.lines.some((line) => line.includes(`${CREATED_USER.name}:`)));
  const items = kept.filter((item) => !isAddedUser(item) && !(!named && item.kind === 'new' && item.lines.length === 1 && isUserCreationLine(item.lines[0]!)));
  return {
    ...plan,
    stages: [...plan.stages.slice(0, -1), { ...production, items }],
    changes: plan.changes.filter((change) => change.id !== 'non-root'),
    warnings: [...plan.warnings.filter((warning) => warning.id !== 'non-root'), { id: 'non-root', message: `production keeps the original's user (root): ${why}` }],
    runtime: { ...plan.runtime, rootKept: why },
  };
}
