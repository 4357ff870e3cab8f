import { copySources, runScript } from '../../src/core/dockerfile.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands, writtenFiles, type ShellCommand } from '../../src/core/shell.js';
import { isPackageHousekeeping } from '../shared/system-packages.js';
import { isInspection } from '../shared/inspection.js';
import { BUILD_PROGRAMS, GLOBAL_PACKAGE_BINS } from './tables.js';
import type { StepRole } from '../shared/step-role.js';

/** What one shell command in a RUN does, as far as splitting stages is concerned. */
export type CommandRole =
  | 'system'
  | 'pm-setup'
  | 'install'
  | 'build'
  | 'prune'
  | 'cache-clean'
  | 'global-tool'
  | 'fs-setup'
  | 'chdir'
  | 'no-effect'
  /** `echo "$GIT_SHA" > build/REVISION`: prints into a file, and does nothing else. */
  | 'print-to-file'
  /** `npm i typescript`, `yarn add pm2`: a local install of named packages, on top of what package.json lists. */
  | 'add-packages'
  | 'other';


export interface CommandGroup {
  readonly role: CommandRole;
  readonly commands: readonly ShellCommand[];
}

export interface Step {
  readonly instruction: Instruction;
  readonly role: StepRole;
  /** For RUN: consecutive commands grouped by role; null when the script is too rich to read. */
  readonly groups: readonly CommandGroup[] | null;
  /** The package directory a RUN's leading `cd simulation &&` enters, taken off its groups (package-directory.ts). */
  readonly enters?: string;
}

const META_KEYWORDS = new Set(['LABEL', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'MAINTAINER']);
const FS_SETUP = new Set(['mkdir', 'chown', 'chmod', 'chgrp', 'ln', 'touch', 'useradd', 'adduser', 'addgroup', 'groupadd', 'usermod']);
const PACKAGE_MANAGER_PACKAGES = ['pnpm', 'yarn', 'npm', 'corepack'];
const MANIFEST_NAMES = new Set([
  'package.json', 'package*.json', 'package*', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml',
  'pnpm-workspace.yaml', '.npmrc', '.yarnrc', '.yarnrc.yml', '.nvmrc', '.pnpmfile.cjs',
]);
const PRODUCTION_FLAGS = new Set(['--production', '--prod', '--omit=dev', '--only=production', '--only=prod', '-P']);
const SCRIPT_RUNNERS = new Set(['run', 'run-script']);

function cleanPath(path: string): string {
  let clean = path;
  while (clean.startsWith('./')) clean = clean.slice(2);
  while (clean.endsWith('/') && clean.length > 1) clean = clean.slice(0, -1);
  return clean;
}

/** Manifest files: what an install reads before any source is there. */
export function isManifestPath(path: string): boolean {
  const name = cleanPath(path);
  // `package-lock.json*` copies the lockfile when there is one, as the official examples write it.
  const optional = baseName(name).endsWith('*') && MANIFEST_NAMES.has(baseName(name).slice(0, -1));
  return MANIFEST_NAMES.has(baseName(name)) || optional || name === '.yarn' || name.startsWith('.yarn/');
}

export function baseName(path: string): string {
  const trimmed = cleanPath(path);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The install only brings production dependencies (`npm ci --omit=dev`, `yarn --production`). */
export function isProductionOnly(words: readonly string[]): boolean {
  return words.some((word) => PRODUCTION_FLAGS.has(word));
}

function isGlobal(words: readonly string[]): boolean {
  return words.includes('-g') || words.includes('--global');
}

function installsPackageManager(operands: readonly string[]): boolean {
  return operands.length > 0 && operands.every((name) => PACKAGE_MANAGER_PACKAGES.some((pm) => name === pm || name.startsWith(`${pm}@`)));
}

function classifyNpm(words: readonly string[]): CommandRole {
  const sub = words[1] ?? '';
  const operands = words.slice(2).filter((word) => !word.startsWith('-'));
  if (sub === 'cache' && words[2] === 'clean') return 'cache-clean';
  if (sub === 'config' || sub === 'set') return 'pm-setup';
  if (['install', 'i', 'add'].includes(sub) && isGlobal(words)) return installsPackageManager(operands) ? 'pm-setup' : 'global-tool';
  if (sub === 'ci' || sub === 'clean-install') return 'install';
  if ((sub === 'install' || sub === 'i') && operands.length === 0) return 'install';
  if (['install', 'i', 'add'].includes(sub)) return 'add-packages';
  if (sub === 'prune') return 'prune';
  if (SCRIPT_RUNNERS.has(sub) && operands[0] !== undefined && operands[0] !== 'start') return 'build';
  if (sub === 'test' || sub === 'exec' || sub === 'x' || sub === 'rebuild') return 'build';
  return 'other';
}

/** `tsc`, `nest build`, `node_modules/.bin/vite build`: a build tool called by its own name. */
function isBuildCommand(words: readonly string[]): boolean {
  const program = baseName(words[0] ?? '');
  return BUILD_PROGRAMS.has(program) || BUILD_PROGRAMS.has(`${program} ${words[1] ?? ''}`);
}

function classifyYarn(words: readonly string[], scripts: ReadonlySet<string>): CommandRole {
  const sub = words[1] ?? '';
  if (sub === 'cache' && words[2] === 'clean') return 'cache-clean';
  if (sub === 'global' && words[2] === 'add') return 'global-tool';
  if (sub === 'config' || sub === 'set' || sub === 'plugin') return 'pm-setup';
  if (sub === '' || sub === 'install' || sub.startsWith('-')) return 'install';
  if (sub === 'workspaces' && words[2] === 'focus') return 'prune';
  if (sub === 'add' && words.slice(2).some((word) => !word.startsWith('-'))) return 'add-packages';
  if (sub === 'run' && words[2] !== undefined && words[2] !== 'start') return 'build';
  if (sub === 'workspace' || sub === 'workspaces' || sub === 'exec' || sub === 'dlx') return 'build';
  if (scripts.has(sub) && sub !== 'start') return 'build';
  // `yarn tsc` runs the compiler from node_modules/.bin when no script has that name.
  if (!scripts.has(sub) && isBuildCommand(words.slice(1))) return 'build';
  return 'other';
}

function classifyPnpm(words: readonly string[], scripts: ReadonlySet<string>): CommandRole {
  const sub = words[1] ?? '';
  const operands = words.slice(2).filter((word) => !word.startsWith('-'));
  if (sub === 'store' && words[2] === 'prune') return 'cache-clean';
  if (sub === 'config' || sub === 'set') return 'pm-setup';
  if ((sub === 'add' || sub === 'install' || sub === 'i') && isGlobal(words)) return 'global-tool';
  if ((sub === 'install' || sub === 'i') && operands.length === 0) return 'install';
  if (['add', 'install', 'i'].includes(sub)) return 'add-packages';
  if (sub === 'prune') return 'prune';
  if (sub === 'run' && operands[0] !== undefined && operands[0] !== 'start') return 'build';
  if (sub === 'exec' || sub === 'dlx' || sub === '--filter' || sub === '-F' || sub === '-r' || sub === '--recursive') return 'build';
  if (scripts.has(sub) && sub !== 'start') return 'build';
  // `yarn tsc` runs the compiler from node_modules/.bin when no script has that name.
  if (!scripts.has(sub) && isBuildCommand(words.slice(1))) return 'build';
  return 'other';
}

const CACHE_PATHS = ['/.npm', '.cache/yarn', 'pnpm/store', '.yarn/berry/cache'];

/** Options that make a package manager work in another directory than the WORKDIR. */
const DIRECTORY_OPTIONS = ['--prefix', '--cwd', '--dir', '-C'];

function changesDirectory(words: readonly string[]): boolean {
  return words.some((word) => DIRECTORY_OPTIONS.some((option) => word === option || word.startsWith(`${option}=`)));
}

export function classifyCommand(command: ShellCommand, scripts: ReadonlySet<string>): CommandRole {
  const words = commandWords(command);
  const tool = words[0] ?? '';
  if (isPackageHousekeeping(command)) return 'system';
  if (['npm', 'yarn', 'pnpm'].includes(tool) && changesDirectory(words)) return 'chdir';
  if (tool === 'corepack') return 'pm-setup';
  if (tool === 'npm') return classifyNpm(words);
  if (tool === 'npx') return 'build';
  if (tool === 'yarn') return classifyYarn(words, scripts);
  if (tool === 'pnpm') return classifyPnpm(words, scripts);
  if (tool === 'rm' && words.some((word) => CACHE_PATHS.some((path) => word.includes(path)))) return 'cache-clean';
  if (tool === 'cd') return 'chdir';
  if (FS_SETUP.has(tool)) return 'fs-setup';
  if (isInspection(words)) return writtenFiles(command).length > 0 ? 'print-to-file' : 'no-effect';
  if (isBuildCommand(words)) return 'build';
  return 'other';
}

function classifyRun(instruction: Instruction, scripts: ReadonlySet<string>): Step {
  // The files a RUN writes through redirections must reach production: planNode checks where they lie.
  const commands = instruction.heredoc ? null : splitCommands(runScript(instruction), { fileRedirects: true });
  if (commands === null) return { instruction, role: 'run', groups: null };
  const groups: { role: CommandRole; commands: ShellCommand[] }[] = [];
  for (const command of commands) {
    const role = classifyCommand(command, scripts);
    const last = groups.at(-1);
    if (last && last.role === role) last.commands.push(command);
    else groups.push({ role, commands: [command] });
  }
  return { instruction, role: 'run', groups };
}

const SIMPLE_ROLES: Readonly<Record<string, StepRole>> = { ARG: 'arg', ENV: 'env', WORKDIR: 'workdir', USER: 'user', SHELL: 'shell' };

function isRemote(source: string): boolean {
  return source.startsWith('http://') || source.startsWith('https://') || source.startsWith('git@');
}

/**
 * The role of one instruction of the single stage. `commandFiles` are the base names the final
 * CMD/ENTRYPOINT mention: a COPY of only those is a runtime asset (an entrypoint script).
 */
export function classifyStep(instruction: Instruction, scripts: ReadonlySet<string>, commandFiles: ReadonlySet<string>): Step {
  const keyword = instruction.keyword;
  if (keyword === 'RUN') return classifyRun(instruction, scripts);
  const simple = SIMPLE_ROLES[keyword];
  if (simple) return { instruction, role: simple, groups: null };
  if (META_KEYWORDS.has(keyword)) return { instruction, role: 'meta', groups: null };
  const sources = copySources(instruction);
  const external = instruction.flags.some((flag) => flag.name === 'from') || instruction.heredoc || sources.some(isRemote);
  if (external) return { instruction, role: 'external-copy', groups: null };
  if (sources.length > 0 && sources.every(isManifestPath)) return { instruction, role: 'manifest-copy', groups: null };
  if (sources.length > 0 && sources.every((source) => commandFiles.has(baseName(source)))) return { instruction, role: 'asset-copy', groups: null };
  return { instruction, role: 'source-copy', groups: null };
}

export function stepHas(step: Step, role: CommandRole): boolean {
  return step.groups?.some((group) => group.role === role) ?? false;
}

/** Commands a global install (`npm install -g pm2`, `yarn global add serve`) or `corepack enable` puts on the PATH. */
export function globalBins(command: ShellCommand): string[] {
  const words = commandWords(command);
  if (words[0] === 'corepack') return words.includes('enable') ? ['pnpm', 'pnpx', 'yarn', 'yarnpkg'] : [];
  const yarnGlobal = words[0] === 'yarn' && words[1] === 'global';
  if (!yarnGlobal && !words.includes('-g') && !words.includes('--global')) return [];
  const packages = words.slice(yarnGlobal ? 3 : 2).filter((word) => !word.startsWith('-'));
  return packages.flatMap((spec) => {
    const name = spec.startsWith('@') ? `@${spec.slice(1).split('@')[0]}` : spec.split('@')[0]!;
    return GLOBAL_PACKAGE_BINS[name] ?? [name.slice(name.lastIndexOf('/') + 1)];
  });
}
