import { lstatSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import type { BuildContext } from '../core/context.js';
import { notUtf8Text, type LineEnding } from '../core/source.js';
import { FileProblem, type DockerignoreUpdate, type FileResult } from '../core/status.js';
import type { Transform, TransformOptions } from '../core/transform.js';
import { DOTENV_FILE } from '../../transforms/shared/dotenv.js';
import { composeContext } from './compose-context.js';
import { composeBuilds } from './compose-services.js';
import { readContextFiles } from './context.js';
import { devContainerNaming } from './dev-container.js';
import { unifiedDiff } from './diff.js';
import { isDockerfileName, readDiscoveredFile, type DiscoveredFile } from './discover.js';
import { planDockerignore } from './dockerignore.js';
import { scriptShellWarnings } from './image-shell-use.js';
import { legacyBuilderWarnings } from './legacy-builders.js';
import { parseDockerfile } from './parse.js';
import { printPlan } from './print.js';
import type { RepositoryFiles } from './repository.js';
import { selectTransform } from './select.js';
import { missingCopySource } from './missing-copy-source.js';
import { withStackRules } from './stack-rules.js';
import { verifyMigration } from './verify.js';
import { writeAllAtomic } from './write.js';

export interface FileJob {
  readonly file: DiscoveredFile;
  readonly transforms: readonly Transform[];
  readonly only: ReadonlySet<string> | null;
  readonly options: TransformOptions;
  readonly write: boolean;
  /** False with --no-cache-mounts: dfmod's `RUN --mount=type=cache` flags are left out. */
  readonly cacheMounts: boolean;
  readonly contextOf: (directory: string) => BuildContext;
  /** The CI and compose files of the repository around the Dockerfile (by its absolute path). */
  readonly repositoryOf: (dockerfile: string) => RepositoryFiles;
}

/** One file through the whole pipeline: read, parse, select, plan, print, verify, diff, write. */
export async function migrateFile(job: FileJob): Promise<FileResult> {
  const path = job.file.relative;
  try {
    return await migrateOrThrow(job);
  } catch (problem) {
    if (problem instanceof FileProblem) return leave(path, problem.status, problem.reason);
    const message = problem instanceof Error ? problem.message : String(problem);
    return leave(path, 'error', `internal error: ${message.split('\n')[0]}`);
  }
}

async function migrateOrThrow(job: FileJob): Promise<FileResult> {
  const path = job.file.relative;
  const text = readDockerfile(job.file.absolute);
  const dockerfile = parseDockerfile(text);
  const directory = dirname(job.file.absolute);
  const repository = job.repositoryOf(job.file.absolute);
  const compose = composeBuilds(repository);
  const located = composeContext(compose.services, repository.dockerfile);
  if (located.kind === 'skip') return leave(path, 'skipped', located.reason);
  const contextDirectory = resolve(directory, posix.relative(posix.dirname(repository.dockerfile), located.context));
  const context = job.contextOf(contextDirectory);
  const input = { path, dockerfile, context, compose: compose.services, options: job.options };
  const devContainer = devContainerNaming(job.file.absolute);
  if (devContainer) return leave(path, 'skipped', `${devContainer} builds this file as a dev container, which needs its tools, dev dependencies and writable home`);

  const selection = selectTransform(input, job.transforms, job.only);
  if (selection.kind === 'leave') return leave(path, selection.status, selection.reason);
  const transform = selection.transform.meta.id;
  const absent = missingCopySource(dockerfile, context);
  if (absent) return leave(path, 'skipped', absent, transform);
  const planned = selection.transform.plan(input);
  if (!planned.ok) return leave(path, planned.status, planned.reason, transform);
  const ignore = ignoreFiles(path, directory, contextDirectory, context);
  const ruled = withStackRules(planned.plan, {
    dockerfile,
    context,
    repository,
    compose: compose.services,
    cacheMounts: job.cacheMounts,
    dotenvDecided: ignore.sharedLinked || planDockerignore(ignore.own ?? ignore.shared, [DOTENV_FILE]) === null,
    read: (files) => readContextFiles(contextDirectory, files),
  });
  if (!ruled.ok) return leave(path, ruled.status, ruled.reason, transform);
  const plan = ruled.plan;

  const output = printPlan(dockerfile, plan);
  if (output === text) return leave(path, 'unchanged', 'nothing to change', transform);
  const problems = verifyMigration(dockerfile, output, plan.runtime, plan);
  if (problems.length > 0) return leave(path, 'error', `the migrated file failed verification: ${problems[0]}`, transform);

  const linkWarning = ignore.sharedLinked && plan.dockerignore.length > 0 ? [{ id: 'dockerignore', message: `.dockerignore is a symbolic link, which dfmod neither reads nor writes through: check that the file it points to keeps ${plan.dockerignore.join(', ')} out of the build context` }] : [];
  const warnings = [...plan.warnings, ...legacyBuilderWarnings(repository, mountCount(output) > mountCount(text)), ...scriptShellWarnings(repository, plan.runtime.runtimeImage), ...linkWarning];
  const dockerignore = ignore.sharedLinked ? null : dockerignoreUpdate(path, ignore, plan.dockerignore, dockerfile.source.eol);
  if (job.write) {
    const dockerignoreWrite = dockerignore ? [{ path: join(directory, basename(dockerignore.path)), content: dockerignore.after }] : [];
    await writeAllAtomic([{ path: job.file.absolute, content: output }, ...dockerignoreWrite]);
  }
  const changes = dockerignore
    ? [...plan.changes, { id: 'dockerignore', message: dockerignoreMessage(dockerignore, directory !== contextDirectory, context, basename(job.file.absolute)) }]
    : plan.changes;
  return {
    path,
    status: 'migrated',
    transform,
    reason: null,
    changes,
    warnings,
    diff: unifiedDiff(path, text, output) + (dockerignore?.diff ?? ''),
    output,
    dockerignore,
  };
}

function mountCount(text: string): number {
  return text.split('--mount=').length - 1;
}

function readDockerfile(absolute: string): string {
  // Synchronous for the reason the context reads are (context.ts).
  const bytes = readDiscoveredFile(absolute);
  if (bytes.length === 0) throw new FileProblem('error', 'the file is empty');
  const notText = notUtf8Text(bytes);
  if (notText !== null) throw new FileProblem('error', notText);
  return bytes.toString('utf8');
}

/**
 * The ignore file the migration extends. Where other Dockerfiles share the context, the shared
 * `.dockerignore` is theirs too (a frontend lost the `.env` its build reads): dfmod writes the
 * `<name>.dockerignore` that BuildKit reads beside this file alone, starting from the shared
 * rules, and leaves the shared file as it was. So it does when compose builds the file from
 * a context above it, which other Dockerfiles may share unseen. A per-file ignore file that
 * exists is the one extended.
 */
function dockerignoreUpdate(path: string, { own, shared, perFile }: IgnoreFiles, wanted: readonly string[], eol: LineEnding): DockerignoreUpdate | null {
  if (wanted.length === 0) return null;
  const name = basename(path);
  const before = perFile ? own : shared;
  const after = planDockerignore(perFile ? (own ?? shared) : shared, wanted, eol);
  if (after === null) return null;
  const ignorePath = join(dirname(path), perFile ? `${name}.dockerignore` : '.dockerignore').split('\\').join('/');
  return { path: ignorePath, before, after, diff: unifiedDiff(ignorePath, before, after) };
}

/** The ignore files of a Dockerfile: BuildKit applies `own ?? shared` to its context today. */
interface IgnoreFiles {
  /** `<name>.dockerignore` beside the Dockerfile. */
  readonly own: string | null;
  /** The context's `.dockerignore`, as the context reader read it. */
  readonly shared: string | null;
  /** The migration extends a per-file ignore file, not the shared one. */
  readonly perFile: boolean;
  /**
   * The shared file it would extend is a symbolic link (to `.gitignore`, say): the context reader follows no link, and
   * the writer replaces no link, so dfmod leaves it alone in a dry run and a real one alike.
   */
  readonly sharedLinked: boolean;
}

function ignoreFiles(path: string, directory: string, contextDirectory: string, context: BuildContext): IgnoreFiles {
  const name = basename(path);
  const own = readOwnIgnoreFile(join(directory, `${name}.dockerignore`));
  const shared = context.contents.get('.dockerignore') ?? null;
  const perFile = own !== null || directory !== contextDirectory || siblingDockerfiles(context, name).length > 0;
  return { own, shared, perFile, sharedLinked: !perFile && isNotRegularFile(join(contextDirectory, '.dockerignore')) };
}

/** Whether a path is there and is not a regular file. */
function isNotRegularFile(absolute: string): boolean {
  try {
    return !lstatSync(absolute).isFile();
  } catch {
    return false;
  }
}

function siblingDockerfiles(context: BuildContext, name: string): string[] {
  return context.files.filter((file) => !file.includes('/') && file !== name && isDockerfileName(file)).sort();
}

function dockerignoreMessage(update: DockerignoreUpdate, elsewhere: boolean, context: BuildContext, name: string): string {
  const verb = update.before === null ? 'creates' : 'extends';
  if (basename(update.path) === '.dockerignore') return `${verb} ${update.path}`;
  const siblings = elsewhere ? [] : siblingDockerfiles(context, name);
  const shared = siblings.length > 0 ? `, since ${siblings.join(', ')} ${siblings.length === 1 ? 'shares' : 'share'} the context and its .dockerignore` : '';
  const why = elsewhere ? ', since compose builds it from a context other Dockerfiles may share' : shared;
  return `${verb} ${update.path}, read by BuildKit for this Dockerfile alone${why}`;
}

function readOwnIgnoreFile(absolute: string): string | null {
  try {
    return readFileSync(absolute, 'utf8');
  } catch {
    return null;
  }
}

function leave(path: string, status: FileResult['status'], reason: string, transform: string | null = null): FileResult {
  return { path, status, transform, reason, changes: [], warnings: [], diff: null };
}
