import type { BuildContext } from '../../src/core/context.js';
import { commandWords } from '../../src/core/shell.js';
import type { CommandRole, Step } from './classify.js';
import { inBuildContext } from './detect.js';
import { projectPath } from './paths.js';

/** What a RUN that enters the package directory may run there: what the builder and the prune replace. */
const ENTERED_ROLES: readonly CommandRole[] = ['install', 'build', 'prune', 'cache-clean', 'no-effect'];

export type EnteredDirectory =
  | { readonly ok: true; readonly directory: string; readonly steps: readonly Step[] }
  | { readonly ok: false; readonly reason: string };

/** `cd simulation` as a RUN's first command, joined by `&&` to the rest: the plain relative directory it enters. */
function leadingDirectory(step: Step): string | null {
  const [first, second] = step.groups ?? [];
  if (first?.role !== 'chdir' || first.commands.length !== 1 || second === undefined || second.commands[0]!.joinedBy !== '&&') return null;
  const words = commandWords(first.commands[0]!);
  return words.length === 2 ? plainDirectory(words[1]!) : null;
}

/** A `cd` operand dfmod can follow: a relative path of plain names, below where it runs. */
export function plainDirectory(word: string): string | null {
  const directory = projectPath(word);
  return /^[\w.-]+(?:\/[\w.-]+)*$/.test(directory) && !directory.split('/').includes('..') ? directory : null;
}

/** A RUN of `commands` from the original's step, behind the `cd` it entered the package directory with. */
export function enteringCommands<T>(step: Step, commands: readonly (T | string)[]): (T | string)[] {
  return step.enters === undefined ? [...commands] : [`cd ${step.enters}`, ...commands];
}

/**
 * The package a build context holds below its root (`COPY simulation/package*.json simulation/`,
 * `RUN cd simulation && npm install`): the directory the install's RUN enters, when every RUN
 * that enters one enters that directory and runs only installs and builds there. Those RUNs lose
 * their `cd` from the groups and carry it as `enters`, so the stages write it back in front of
 * what they keep. Null when the install does not enter a directory.
 */
export function enteredDirectory(steps: readonly Step[]): EnteredDirectory | null {
  const install = steps.find((step) => step.groups?.some((group) => group.role === 'install'));
  const directory = install === undefined ? null : leadingDirectory(install);
  if (directory === null) return null;
  const rewritten: Step[] = [];
  for (const step of steps) {
    const entered = leadingDirectory(step);
    if (entered === null) {
      rewritten.push(step);
      continue;
    }
    const line = step.instruction.line + 1;
    if (entered !== directory) return { ok: false, reason: `line ${line}: the RUN enters ${entered}, but the install runs in ${directory}, so dfmod cannot tell which package production needs` };
    const groups = step.groups!.slice(1);
    const stray = groups.find((group) => !ENTERED_ROLES.includes(group.role));
    if (stray) return { ok: false, reason: `line ${line}: after cd ${directory} the RUN runs ${stray.commands[0]!.text}, which dfmod cannot place in the builder or production` };
    rewritten.push({ ...step, groups, enters: directory });
  }
  return { ok: true, directory, steps: rewritten };
}

/** A context path of the package's own path. */
export function inPackage(directory: string, path: string): string {
  return directory === '' ? path : path === '' ? directory : `${directory}/${path}`;
}

/**
 * The build context as the package sees it: the files below its directory that reach the
 * builder, named from there. The root .dockerignore is applied here, since its patterns name
 * paths from the context root; one inside the package directory is just a file.
 */
export function packageView(context: BuildContext, directory: string): BuildContext {
  const prefix = `${directory}/`;
  const below = (path: string) => path.startsWith(prefix);
  const strip = (path: string) => path.slice(prefix.length);
  return {
    files: context.files.filter((file) => below(file) && inBuildContext(context, file)).map(strip),
    directories: context.directories.filter(below).map(strip),
    contents: new Map([...context.contents].filter(([file]) => below(file) && file !== `${prefix}.dockerignore` && inBuildContext(context, file)).map(([file, text]) => [strip(file), text])),
  };
}
