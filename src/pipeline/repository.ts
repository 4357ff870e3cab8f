import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const MAX_FILE_BYTES = 512 * 1024;
/** Scripts are read whole; a bigger file with no extension is data, not a script someone runs by hand. */
const SCRIPT_BYTES = 64 * 1024;

/**
 * The CI systems whose config files build images with a plain `docker build`, by file name.
 * Repositories name them freely: `cloudbuild-push.yaml` beside `cloudbuild.yaml` (each one a
 * trigger's config), and Jenkins reads a `jenkinsfile` as readily as a `Jenkinsfile`.
 */
export type CiSystem = 'cloud-build' | 'travis' | 'jenkins';

export function ciSystem(name: string): CiSystem | null {
  if (/^cloudbuild[\w.-]*\.(?:ya?ml|json)$/i.test(name)) return 'cloud-build';
  if (name === '.travis.yml') return 'travis';
  if (/^jenkinsfile$/i.test(name)) return 'jenkins';
  return null;
}

/**
 * Compose files by name: the defaults compose reads by itself (`compose.yaml`,
 * `docker-compose.yml`), their `.override` files, which it applies on top of them unasked, and
 * the variants repositories pass with `-f` (`docker-compose.dev.yml`, `docker-compose-prod.yaml`,
 * `local-docker-compose.yml`).
 */
export function isComposeFile(name: string): boolean {
  return /^(?:[\w.-]+[.-])?(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/i.test(name);
}

/** An override file, which compose merges onto the default file of its folder whenever it runs that file. */
export function isComposeOverride(name: string): boolean {
  return /^(?:docker-)?compose\.override\.ya?ml$/i.test(name);
}

/**
 * The repository's own scripts that may run the image: shell scripts, Makefiles, justfiles,
 * and files with no extension that start with `#!` (`./debug`, `bin/run`).
 */
export function isRepositoryScript(name: string, text: string): boolean {
  if (/\.(?:sh|bash)$/i.test(name) || /^(?:GNUmakefile|makefile|justfile)$/i.test(name)) return true;
  return !name.includes('.') && text.startsWith('#!');
}

/** A GitHub action's metadata: a Docker container action names its Dockerfile there. */
export const ACTION_FILES = ['action.yml', 'action.yaml'];
const WORKFLOWS = '.github/workflows';

/**
 * What the repository around a Dockerfile says about how it is built and run: its CI, compose and
 * action files and its scripts, by path relative to the repository root. The root is the nearest directory
 * up from the Dockerfile that holds `.git` (a directory, or a worktree's file); without one,
 * the Dockerfile's own directory, since dfmod cannot tell where the repository ends.
 */
export interface RepositoryFiles {
  /** The Dockerfile, relative to the root, with forward slashes. */
  readonly dockerfile: string;
  readonly files: ReadonlyMap<string, string>;
}

/** A reader that reads each repository once per run, however many of its Dockerfiles migrate. */
export function repositoryReader(): (dockerfile: string) => RepositoryFiles {
  const byRoot = new Map<string, Map<string, string>>();
  return (dockerfile) => {
    const directory = dirname(dockerfile);
    const root = repositoryRoot(directory);
    let files = byRoot.get(root);
    if (!files) byRoot.set(root, (files = readRepositoryFiles(root)));
    const beside = directory === root ? files : new Map([...files, ...readPlaces(root, directory)]);
    return { dockerfile: slashes(relative(root, dockerfile)), files: beside };
  };
}

function repositoryRoot(directory: string): string {
  for (let current = directory; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return directory;
  }
}

function readRepositoryFiles(root: string): Map<string, string> {
  const files = readPlaces(root, root);
  const workflows = join(root, WORKFLOWS);
  for (const name of listFiles(workflows).filter((file) => /\.ya?ml$/.test(file)).sort()) {
    const text = readSmall(join(workflows, name));
    if (text !== null) files.set(`${WORKFLOWS}/${name}`, text);
  }
  return files;
}

/** The CI, compose and action files and the scripts of one directory, keyed relative to the root. */
function readPlaces(root: string, directory: string): Map<string, string> {
  const files = new Map<string, string>();
  const names = listFiles(directory);
  const ciFiles = names.filter((name) => ciSystem(name) !== null).sort();
  const composeFiles = names.filter(isComposeFile).sort();
  for (const name of [...ciFiles, ...composeFiles, ...ACTION_FILES]) {
    const text = readSmall(join(directory, name));
    if (text !== null) files.set(slashes(relative(root, join(directory, name))), text);
  }
  for (const name of names.filter((each) => !each.includes('.') || /\.(?:sh|bash)$/i.test(each)).sort()) {
    const text = readSmall(join(directory, name), SCRIPT_BYTES);
    if (text !== null && isRepositoryScript(name, text)) files.set(slashes(relative(root, join(directory, name))), text);
  }
  return files;
}

function listFiles(directory: string): string[] {
  try {
    return readdirSync(directory, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

function readSmall(path: string, limit = MAX_FILE_BYTES): string | null {
  try {
    // lstat: a link is not followed, in or out of the repository.
    const stats = lstatSync(path);
    if (!stats.isFile() || stats.size > limit) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function slashes(path: string): string {
  return path.split('\\').join('/');
}
