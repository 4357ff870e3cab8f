import { closeSync, constants, fstatSync, openSync, promises as fs, readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { FileProblem } from '../core/status.js';
import { TEMP_FILE_NAME } from './write.js';

export interface DiscoveredFile {
  /** Absolute real path of the file. */
  readonly absolute: string;
  /** Path relative to `cwd`, forward slashes (what reports show). */
  readonly relative: string;
}

export interface DiscoveryProblem {
  /** Path relative to `cwd`, forward slashes. */
  path: string;
  /** `error` unless said: a link dfmod will not write through is `skipped`. */
  status?: 'skipped' | 'error';
  reason: string;
}

export interface DiscoverResult {
  files: DiscoveredFile[];
  problems: DiscoveryProblem[];
  /**
   * Temp files named as dfmod's own (`TEMP_FILE_NAME`), found as regular files in directories
   * walked without a link: what a run killed between a write and its rename left behind.
   */
  leftovers: DiscoveredFile[];
}

/** Larger than any real Dockerfile by far; reading a stray huge file whole would stall a run. */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;

const EXACT_NAMES = new Set(['Dockerfile', 'dockerfile', 'Containerfile']);
const NAME_PREFIXES = ['Dockerfile.'];
const NAME_SUFFIXES = ['.Dockerfile', '.dockerfile'];
/**
 * BuildKit reads `<Dockerfile name>.dockerignore` as that Dockerfile's own ignore file, and
 * `Dockerfile.dockerignore` would otherwise match `Dockerfile.*`.
 */
const NOT_DOCKERFILE_SUFFIXES = ['.dockerignore'];

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', 'vendor']);

/** git turns on `core.ignorecase` on case-insensitive file systems, usual on macOS and Windows. */
const IGNORE_OPTIONS = {
  ignorecase: process.platform === 'darwin' || process.platform === 'win32',
};

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
};

/** The rules of one `.gitignore`, which match paths relative to its own directory. */
interface IgnoreFrame {
  /** The directory of the `.gitignore`, relative to the walk's root: `''` or ending in `/`. */
  readonly base: string;
  readonly rules: Ignore;
}

interface Root {
  readonly real: string;
  readonly isDirectory: boolean;
}

/** A directory about to be read, with everything its entries inherit. */
interface Place {
  readonly real: string;
  /** Relative to the walk's root with a trailing `/`, or `''` for the root itself. */
  readonly rel: string;
  /** Relative to `cwd` with a trailing `/`, or `''` when it is `cwd`. */
  readonly report: string;
  readonly frames: readonly IgnoreFrame[];
  readonly viaLink: boolean;
  readonly rootIndex: number;
}

interface PendingLink {
  readonly parent: Place;
  readonly name: string;
}

interface Candidate {
  readonly real: string;
  readonly relative: string;
  readonly viaLink: boolean;
  /** Reached as a symbolic link to a file: processed only where the file itself is found. */
  readonly fileLink?: string;
}

interface Walk {
  readonly roots: Root[];
  /** Real paths of the directories walked so far, so that no link walks one again. */
  readonly claimed: Set<string>;
  readonly found: Candidate[];
  readonly problems: DiscoveryProblem[];
  readonly leftovers: DiscoveredFile[];
  /** Symbolic links met on the way, followed once the plain tree is known. */
  readonly links: PendingLink[];
}

/**
 * Finds the Dockerfiles to process under `roots` (files or directories, relative to `cwd` or
 * absolute). Never throws for a bad root: it becomes a problem and the other roots still count.
 */
export async function discover(roots: readonly string[], cwd: string): Promise<DiscoverResult> {
  const base = path.resolve(cwd);
  const walk: Walk = { roots: [], claimed: new Set(), found: [], problems: [], leftovers: [], links: [] };
  const starts = await Promise.all(roots.map((root, index) => openRoot(walk, base, root, index)));

  // Roots that overlap are each walked whole, so the result cannot depend on which gets
  // somewhere first; their shared files are merged below.
  for (const place of starts) if (place) walkDirectory(walk, place);
  await followLinks(walk);

  const files = pickOnePerFile(walk.found);
  const refused: DiscoveryProblem[] = files.filter((file) => file.fileLink).map((file) => ({
    path: file.relative,
    status: 'skipped',
    reason: `a symbolic link to ${file.fileLink}; dfmod does not write through links (name the file itself to migrate it)`,
  }));
  return {
    files: files.filter((file) => !file.fileLink).map(({ real, relative }) => ({ absolute: real, relative })),
    problems: onePerPath([...walk.problems, ...refused]),
    leftovers: walk.leftovers.sort((a, b) => compareCodeUnits(a.relative, b.relative)),
  };
}

/** Adds a named file to the results; returns where to start walking a named directory. */
async function openRoot(
  walk: Walk,
  cwd: string,
  root: string,
  rootIndex: number,
): Promise<Place | undefined> {
  const absolute = path.resolve(cwd, root);
  const report = toReportPath(cwd, absolute);
  try {
    const stats = await fs.stat(absolute);
    const real = await fs.realpath(absolute);
    if (stats.isFile()) {
      walk.roots.push({ real, isDirectory: false });
      walk.found.push({ real, relative: report, viaLink: false });
      return undefined;
    }
    if (!stats.isDirectory()) {
      walk.problems.push({ path: report || '.', reason: 'not a regular file or directory' });
      return undefined;
    }
    walk.roots.push({ real, isDirectory: true });
    const reportPrefix = report === '' ? '' : `${report}/`;
    return { real, rel: '', report: reportPrefix, frames: [], viaLink: false, rootIndex };
  } catch (error) {
    walk.problems.push({ path: report || '.', reason: reasonOf(error) });
    return undefined;
  }
}

/**
 * Synchronous and depth first on purpose: over a folder of thousands of repositories,
 * promise-based listings took three times as long (a thread-pool round trip each, with nothing
 * to overlap them with), and a walk fanned out over every directory at once kept every listing
 * alive until it ended.
 */
function walkDirectory(walk: Walk, place: Place): void {
  walk.claimed.add(place.real);
  const entries = readDirectory(walk, place);
  if (!entries) return;
  const frames = withGitignore(walk, place, entries);
  const inside = frames === place.frames ? place : { ...place, frames };

  const subdirectories: Place[] = [];
  for (const entry of entries) {
    if (entry.isFile()) {
      if (isDockerfileName(entry.name)) {
        addUnlessIgnored(walk, inside, entry.name, path.join(place.real, entry.name));
      } else if (!place.viaLink && TEMP_FILE_NAME.test(entry.name)) {
        walk.leftovers.push({ absolute: path.join(place.real, entry.name), relative: place.report + entry.name });
      }
    } else if (entry.isDirectory()) {
      const child = enterDirectory(inside, entry.name, path.join(place.real, entry.name));
      if (child) subdirectories.push(child);
    } else if (entry.isSymbolicLink()) {
      walk.links.push({ parent: inside, name: entry.name });
    } else if (isDockerfileName(entry.name) && !isIgnored(inside.frames, inside.rel + entry.name, false)) {
      // Opening a FIFO for reading blocks until a writer comes, which may be never.
      walk.problems.push({ path: inside.report + entry.name, reason: `not a regular file (${specialKind(entry)}); not read` });
    }
  }
  for (const child of subdirectories) walkDirectory(walk, child);
}

function readDirectory(walk: Walk, place: Place): Dirent[] | undefined {
  try {
    return readdirSync(place.real, { withFileTypes: true });
  } catch (error) {
    reportUnlessGone(walk, place.report, error);
    return undefined;
  }
}

function withGitignore(
  walk: Walk,
  place: Place,
  entries: readonly Dirent[],
): readonly IgnoreFrame[] {
  // The listing already says whether there is one, which spares a failed open per directory.
  const hasGitignore = entries.some((entry) => entry.name === '.gitignore' && entry.isFile());
  if (!hasGitignore) return place.frames;
  try {
    const text = readFileSync(path.join(place.real, '.gitignore'), 'utf8');
    return [...place.frames, { base: place.rel, rules: ignore(IGNORE_OPTIONS).add(text) }];
  } catch (error) {
    reportUnlessGone(walk, `${place.report}.gitignore`, error);
    return place.frames;
  }
}

function addUnlessIgnored(walk: Walk, parent: Place, name: string, real: string, fileLink?: string): void {
  if (isIgnored(parent.frames, parent.rel + name, false)) return;
  walk.found.push({ real, relative: parent.report + name, viaLink: parent.viaLink, fileLink });
}

function specialKind(entry: Dirent): string {
  if (entry.isFIFO()) return 'a named pipe';
  if (entry.isSocket()) return 'a socket';
  return entry.isBlockDevice() || entry.isCharacterDevice() ? 'a device' : 'an unknown kind of file';
}

function enterDirectory(parent: Place, name: string, real: string): Place | undefined {
  const rel = parent.rel + name;
  if (SKIPPED_DIRECTORIES.has(name) || isIgnored(parent.frames, rel, true)) return undefined;
  return {
    ...parent,
    real,
    rel: `${rel}/`,
    report: `${parent.report}${name}/`,
    frames: framesInside(parent.frames, rel),
  };
}

export function isDockerfileName(name: string): boolean {
  if (EXACT_NAMES.has(name)) return true;
  if (NOT_DOCKERFILE_SUFFIXES.some((suffix) => name.endsWith(suffix))) return false;
  return (
    NAME_PREFIXES.some((prefix) => name.length > prefix.length && name.startsWith(prefix)) ||
    NAME_SUFFIXES.some((suffix) => name.length > suffix.length && name.endsWith(suffix))
  );
}

/** `rel` is relative to the walk's root, without a trailing slash. */
function isIgnored(frames: readonly IgnoreFrame[], rel: string, isDirectory: boolean): boolean {
  const suffix = isDirectory ? '/' : '';
  // Like git: the deepest .gitignore with a rule for the path decides, and within one file the
  // last matching rule.
  for (let index = frames.length - 1; index >= 0; index -= 1) {
    const frame = frames[index]!;
    const result = frame.rules.test(rel.slice(frame.base.length) + suffix);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

/**
 * `ignore` also tests a path's parent directories, so a .gitignore that excludes a directory
 * would exclude all of its contents even after a deeper .gitignore re-included it, where git
 * lets the deeper file win. Re-including the directory in a copy of that file's rules leaves
 * only its rules for the entries themselves.
 */
function framesInside(frames: readonly IgnoreFrame[], rel: string): readonly IgnoreFrame[] {
  const excludes = (frame: IgnoreFrame): boolean =>
    frame.rules.test(`${rel.slice(frame.base.length)}/`).ignored;
  if (!frames.some(excludes)) return frames;
  return frames.map((frame) =>
    excludes(frame)
      ? {
          base: frame.base,
          rules: ignore(IGNORE_OPTIONS)
            .add(frame.rules)
            .add(`!/${escapePattern(rel.slice(frame.base.length))}/`),
        }
      : frame,
  );
}

function escapePattern(literal: string): string {
  return literal.replace(/[\\*?[\]]/g, (character) => `\\${character}`);
}

/**
 * Links are followed in rounds, one target at a time in path order, each only if no walk has
 * claimed it yet: which copy of a linked tree is kept, and the end of a link loop, then never
 * depend on how the file system's answers interleave.
 */
async function followLinks(walk: Walk): Promise<void> {
  while (walk.links.length > 0) {
    const round = walk.links.splice(0).sort(compareLinks);
    const directories = await Promise.all(round.map((link) => resolveLink(walk, link)));
    for (const directory of directories) {
      if (directory && !walk.claimed.has(directory.real)) walkDirectory(walk, directory);
    }
  }
}

/** Adds a linked Dockerfile; returns where to walk a linked directory. */
async function resolveLink(walk: Walk, link: PendingLink): Promise<Place | undefined> {
  const { parent, name } = link;
  const at = path.join(parent.real, name);
  let real: string;
  let isDirectory: boolean;
  try {
    const stats = await fs.stat(at);
    real = await fs.realpath(at);
    isDirectory = stats.isDirectory();
    if (!isDirectory && !stats.isFile()) return undefined;
  } catch {
    // A dangling link or a link loop points at no file to process.
    return undefined;
  }
  const linked = { ...parent, viaLink: true };
  if (!isInsideRoots(walk.roots, real)) {
    if (!isDirectory && isDockerfileName(name) && !isIgnored(parent.frames, parent.rel + name, false)) {
      walk.problems.push({ path: parent.report + name, status: 'skipped', reason: 'a symbolic link out of the given paths; not followed' });
    }
    return undefined;
  }
  if (isDirectory) return enterDirectory(linked, name, real);
  if (isDockerfileName(name)) addUnlessIgnored(walk, linked, name, real, toReportPathFromRoots(walk, real));
  return undefined;
}

function isInsideRoots(roots: readonly Root[], real: string): boolean {
  return roots.some((root) => {
    if (real === root.real) return true;
    if (!root.isDirectory) return false;
    const prefix = root.real.endsWith(path.sep) ? root.real : root.real + path.sep;
    return real.startsWith(prefix);
  });
}

/**
 * Keeps one path per real file: the one reached without links, else the first in order. A file
 * reached only as the target of a file link comes back with `fileLink` set.
 */
function pickOnePerFile(found: readonly Candidate[]): Candidate[] {
  const chosen = new Map<string, Candidate>();
  for (const candidate of found) {
    const current = chosen.get(candidate.real);
    if (!current || isPreferred(candidate, current)) chosen.set(candidate.real, candidate);
  }
  return [...chosen.values()].sort((a, b) => compareCodeUnits(a.relative, b.relative));
}

function isPreferred(candidate: Candidate, current: Candidate): boolean {
  if (!candidate.fileLink !== !current.fileLink) return !candidate.fileLink;
  if (candidate.viaLink !== current.viaLink) return !candidate.viaLink;
  return compareCodeUnits(candidate.relative, current.relative) < 0;
}

function compareLinks(a: PendingLink, b: PendingLink): number {
  const byPath = compareCodeUnits(a.parent.report + a.name, b.parent.report + b.name);
  return byPath || a.parent.rootIndex - b.parent.rootIndex;
}

/** Overlapping roots meet the same unreadable folder more than once. */
function onePerPath(problems: readonly DiscoveryProblem[]): DiscoveryProblem[] {
  const byPath = new Map(problems.map((problem) => [problem.path, problem]));
  return [...byPath.values()].sort((a, b) => compareCodeUnits(a.path, b.path));
}

function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Where a link's target is, for a reason: relative to the root that holds it. */
function toReportPathFromRoots(walk: Walk, real: string): string {
  const root = walk.roots.find((candidate) => candidate.isDirectory && (real + path.sep).startsWith(candidate.real + path.sep));
  return root ? toReportPath(root.real, real) : path.basename(real);
}

function toReportPath(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/');
}

/** A directory or file that vanished mid-walk had nothing to process; anything else is news. */
function reportUnlessGone(walk: Walk, reportPath: string, error: unknown): void {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return;
  walk.problems.push({ path: reportPath.replace(/\/$/, '') || '.', reason: reasonOf(error) });
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code && REASONS[code]) || message || String(error);
}

/**
 * Reads a discovered Dockerfile without trusting what is at its path now: a link swapped in
 * is not followed (`O_NOFOLLOW`), a FIFO swapped in does not block (`O_NONBLOCK`, then refused
 * by its type), and a huge file is refused by its size before any of it is read.
 */
export function readDiscoveredFile(absolute: string): Buffer {
  let descriptor: number;
  try {
    descriptor = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (problem) {
    const code = (problem as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new FileProblem('error', code === 'ELOOP' ? 'the file was replaced by a symbolic link; not followed' : `cannot read the file (${code})`);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new FileProblem('error', 'not a regular file; not read');
    if (stats.size > MAX_DOCKERFILE_BYTES) {
      throw new FileProblem('error', `the file is ${stats.size} bytes, over the 1 MiB limit for a Dockerfile; not read`);
    }
    return readFileSync(descriptor);
  } catch (problem) {
    if (problem instanceof FileProblem) throw problem;
    throw new FileProblem('error', `cannot read the file (${(problem as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  } finally {
    closeSync(descriptor);
  }
}
