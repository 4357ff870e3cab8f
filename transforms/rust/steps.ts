import { copySources } from '../../src/core/dockerfile.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { flagValue } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import { isPackageHousekeeping } from '../shared/system-packages.js';

/** What one shell command of a RUN does, for splitting a Rust image into stages. */
export type CommandRole =
  /** apt/apk installs and their cleanup. */
  | 'system'
  /** `cargo build`, or `cargo install --path`: writes the binary. */
  | 'build'
  /** Any other cargo or rustup call (fetch, test, tool installs, targets). */
  | 'cargo'
  /** Moves, copies or strips a built binary out of target/. */
  | 'placement'
  /** Users, directories, permissions: the running container needs them too. */
  | 'setup'
  | 'other';

export interface ClassifiedCommand {
  readonly command: ShellCommand;
  readonly role: CommandRole;
  readonly cargo: CargoCall | null;
}

/** `meta`: EXPOSE, LABEL, VOLUME, STOPSIGNAL, HEALTHCHECK, CMD, ENTRYPOINT, MAINTAINER. */
export type StepRole = 'arg' | 'env' | 'workdir' | 'shell' | 'user' | 'meta' | 'manifest-copy' | 'source-copy' | 'asset-copy' | 'run';

export interface Step {
  readonly instruction: Instruction;
  readonly role: StepRole;
  /** For RUN: the shell script without flags, continuations or inner comments. */
  readonly script: string;
  /** For RUN: its commands, or null when the script is too rich to read (or a heredoc). */
  readonly commands: readonly ClassifiedCommand[] | null;
}

/** A `cargo` command line, read as far as placing its output goes. */
export interface CargoCall {
  readonly subcommand: string;
  /** The directory below target/ the profile writes: `release`, `debug`, or a custom profile's name. */
  readonly profileDir: string;
  readonly target: string | null;
  readonly targetDir: string | null;
  readonly bins: readonly string[];
  readonly packages: readonly string[];
  /** `cargo install --path <dir>`. */
  readonly installPath: string | null;
  readonly installRoot: string | null;
  readonly manifestPath: string | null;
  readonly locked: boolean;
  /** `--features`, sorted; with `--all-features` and `--no-default-features` they decide what compiles. */
  readonly features: readonly string[];
  readonly allFeatures: boolean;
  readonly noDefaultFeatures: boolean;
}

const SETUP_PROGRAMS = new Set(['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'mkdir', 'chown', 'chmod', 'chgrp', 'ln', 'touch']);
/**
 * Programs that handle what a build left in target/: copy the binary out, strip or compress it,
 * inspect it, or delete stale artifacts (`rm target/release/deps/app*` after a dummy build).
 */
export const PLACEMENT_PROGRAMS = new Set(['cp', 'mv', 'install', 'strip', 'upx', 'chmod', 'ls', 'file', 'ldd', 'rm']);
const CARGO_VALUE_OPTIONS = new Set([
  '--profile', '--target', '--target-dir', '--bin', '--example', '-p', '--package', '--features', '-F', '--manifest-path',
  '--root', '--path', '-j', '--jobs', '--config', '-Z', '--color', '--message-format', '--exclude', '--version', '--vers',
  '--git', '--branch', '--tag', '--rev', '--registry', '--index', '--lockfile-path', '--timings',
]);
const MANIFEST_NAMES = new Set(['Cargo.toml', 'Cargo.lock', 'rust-toolchain.toml', 'rust-toolchain']);

export function classifySteps(instructions: readonly Instruction[], escape: string, packageDirs: readonly string[]): Step[] {
  return instructions.map((instruction) => classifyStep(instruction, escape, packageDirs));
}

function classifyStep(instruction: Instruction, escape: string, packageDirs: readonly string[]): Step {
  const base = { instruction, script: '', commands: null };
  switch (instruction.keyword) {
    case 'ARG':
      return { ...base, role: 'arg' };
    case 'ENV':
      return { ...base, role: 'env' };
    case 'WORKDIR':
      return { ...base, role: 'workdir' };
    case 'SHELL':
      return { ...base, role: 'shell' };
    case 'USER':
      return { ...base, role: 'user' };
    case 'COPY':
    case 'ADD':
      return { ...base, role: copyRole(instruction, packageDirs) };
    case 'RUN': {
      // An exec-form RUN is one command, its words as written.
      if (instruction.json) {
        const command = { text: instruction.json.join(' '), words: instruction.json, joinedBy: null, redirects: [] };
        return { instruction, role: 'run', script: command.text, commands: [classifyCommand(command)] };
      }
      const script = runScript(instruction, escape);
      const commands = instruction.heredoc ? null : splitCommands(script);
      return { instruction, role: 'run', script, commands: commands?.map(classifyCommand) ?? null };
    }
    default:
      return { ...base, role: 'meta' };
  }
}

function cleanPath(path: string): string {
  const trimmed = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/** Whether a context path is what cargo compiles (or its manifests), rather than a runtime file. */
function isSourcePath(path: string, packageDirs: readonly string[]): boolean {
  const clean = cleanPath(path);
  if (clean === '.' || clean === '*' || clean.endsWith('.rs') || clean === '.cargo') return true;
  const inPackage = packageDirs.find((dir) => dir === '' ? true : clean === dir || clean.startsWith(`${dir}/`));
  if (inPackage !== undefined) {
    const rest = inPackage === '' ? clean : clean.slice(inPackage.length + 1);
    const first = rest.split('/')[0] ?? '';
    if (clean === inPackage || ['src', 'benches', 'examples', 'tests', 'build.rs', '.sqlx', 'proto', 'protos'].includes(first)) return true;
  }
  // A parent of package directories (`crates`) holds sources.
  return packageDirs.some((dir) => dir !== '' && dir.startsWith(`${clean}/`));
}

export function isManifestPath(path: string): boolean {
  const clean = cleanPath(path);
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  return MANIFEST_NAMES.has(base) || clean === '.cargo/config.toml' || clean === '.cargo/config';
}

function copyRole(instruction: Instruction, packageDirs: readonly string[]): StepRole {
  if (flagValue(instruction, 'from') !== undefined) return 'asset-copy';
  const sources = copySources(instruction);
  if (sources.some((source) => /^https?:\/\//.test(source) || source.startsWith('git@'))) return 'asset-copy';
  if (sources.length > 0 && sources.every(isManifestPath)) return 'manifest-copy';
  if (sources.some((source) => isSourcePath(source, packageDirs))) return 'source-copy';
  return 'asset-copy';
}

/**
 * A RUN's shell script from its own bytes: without its flags, with continuations joined and the
 * comment lines inside it dropped (they are not part of the script).
 */
export function runScript(instruction: Instruction, escape: string): string {
  const flagsEnd = Math.max(instruction.argsOffset, ...instruction.flags.map((flag) => flag.end));
  const lines = instruction.raw.slice(flagsEnd).split('\n').map((line) => line.replace(/\r$/, ''));
  const kept = lines.filter((line, index) => index === 0 || !line.trimStart().startsWith('#'));
  return kept
    .map((line) => (line.endsWith(escape) ? line.slice(0, -escape.length) : line))
    .join(' ')
    .trim();
}

export function classifyCommand(command: ShellCommand): ClassifiedCommand {
  const words = commandWords(command);
  const [program = ''] = words;
  if (program === 'cargo') {
    const cargo = parseCargo(words);
    const builds = cargo.subcommand === 'build' || (cargo.subcommand === 'install' && cargo.installPath !== null);
    return { command, role: builds ? 'build' : 'cargo', cargo };
  }
  if (program === 'rustup' || program === 'rustc') return { command, role: 'cargo', cargo: null };
  if (isPackageHousekeeping(command)) return { command, role: 'system', cargo: null };
  if (PLACEMENT_PROGRAMS.has(program) && words.slice(1).some(mentionsTarget)) return { command, role: 'placement', cargo: null };
  if (SETUP_PROGRAMS.has(program)) return { command, role: 'setup', cargo: null };
  return { command, role: 'other', cargo: null };
}

/** A word that names something below a `target/` directory (relative or absolute). */
export function mentionsTarget(word: string): boolean {
  return /(^|\/)target\//.test(word) || word === 'target' || word === './target';
}

const SUBCOMMAND_ALIASES: Readonly<Record<string, string>> = { b: 'build', c: 'check', t: 'test', r: 'run' };

export function parseCargo(words: readonly string[]): CargoCall {
  let subcommand = '';
  let profile: string | null = null;
  let release = false;
  let debug = false;
  let target: string | null = null;
  let targetDir: string | null = null;
  let installPath: string | null = null;
  let installRoot: string | null = null;
  let manifestPath: string | null = null;
  let locked = false;
  let allFeatures = false;
  let noDefaultFeatures = false;
  const features: string[] = [];
  const bins: string[] = [];
  const packages: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('+') && subcommand === '') continue;
    if (!word.startsWith('-')) {
      if (subcommand === '') subcommand = SUBCOMMAND_ALIASES[word] ?? word;
      continue;
    }
    const equals = word.indexOf('=');
    const name = equals > 0 ? word.slice(0, equals) : word;
    let value: string | null = equals > 0 ? word.slice(equals + 1) : null;
    if (value === null && CARGO_VALUE_OPTIONS.has(name)) value = words[++i] ?? null;
    switch (name) {
      case '--release':
      case '-r':
        release = true;
        break;
      case '--debug':
        debug = true;
        break;
      case '--profile':
        profile = value;
        break;
      case '--target':
        target = value;
        break;
      case '--target-dir':
        targetDir = value;
        break;
      case '--bin':
        if (value) bins.push(value);
        break;
      case '-p':
      case '--package':
        if (value) packages.push(value);
        break;
      case '--path':
        installPath = value;
        break;
      case '--root':
        installRoot = value;
        break;
      case '--manifest-path':
        manifestPath = value;
        break;
      case '--locked':
      case '--frozen':
        locked = true;
        break;
      case '--features':
      case '-F':
        features.push(...(value ?? '').split(/[\s,]+/).filter((feature) => feature !== ''));
        break;
      case '--all-features':
        allFeatures = true;
        break;
      case '--no-default-features':
        noDefaultFeatures = true;
        break;
    }
  }
  const defaultProfile = subcommand === 'install' ? (debug ? 'dev' : 'release') : release ? 'release' : 'dev';
  return {
    subcommand,
    profileDir: profileDirectory(profile ?? defaultProfile),
    target,
    targetDir,
    bins,
    packages,
    installPath,
    installRoot,
    manifestPath,
    locked,
    features: [...new Set(features)].sort(),
    allFeatures,
    noDefaultFeatures,
  };
}

/** The directory below target/ a profile writes: the built-in `dev` and `test` write `debug`. */
function profileDirectory(profile: string): string {
  if (profile === 'dev' || profile === 'test') return 'debug';
  if (profile === 'bench') return 'release';
  return profile;
}

/** The first words of a RUN that calls cargo anywhere, even when the script is too rich to read. */
export function callsCargo(step: Step): boolean {
  if (step.commands) return step.commands.some((command) => command.role === 'build' || (command.role === 'cargo' && commandWords(command.command)[0] === 'cargo'));
  return /(^|[\s;&|(])cargo\s/.test(step.script);
}
