import { runScript, type Instruction } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import { isInspection } from '../shared/inspection.js';
import { isPackageHousekeeping } from '../shared/system-packages.js';
import { ASSET_TOOLS, BUILD_COMMANDS, DJANGO_BUILD_COMMANDS, INSTALLER_PACKAGES, INSTALLER_URLS, PIP_MACHINERY, PYTHON_BUILD_MODULES } from './tables.js';

/** What one shell command of a RUN does, as far as splitting stages is concerned. */
export type CommandRole =
  /** apt/apk housekeeping. */
  | 'system'
  /** Installs an installer (Poetry, Pipenv, uv) into the builder's system Python. */
  | 'installer-setup'
  /** Upgrades pip, setuptools or wheel. */
  | 'pip-setup'
  /** Creates a virtualenv. */
  | 'venv'
  /** Installs dependencies or the project into the environment. */
  | 'install'
  /** Configures an installer (`poetry config`, `pip config`). */
  | 'installer-config'
  /** Writes files the app serves (collectstatic, compilemessages, asset builds). */
  | 'build'
  /** Empties an installer's download cache: pointless, even harmful, with a cache mount. */
  | 'cache-clean'
  /** Removes files only the builder has (temporary files, bytecode). */
  | 'cleanup'
  /** Prints versions or lists packages. */
  | 'inspect'
  | 'fs-setup'
  | 'other';

export type StepRole = 'arg' | 'env' | 'workdir' | 'user' | 'shell' | 'meta' | 'copy' | 'run';

export interface CommandGroup {
  readonly role: CommandRole;
  readonly commands: readonly ShellCommand[];
}

export interface Step {
  readonly instruction: Instruction;
  readonly role: StepRole;
  /** For RUN: consecutive commands grouped by role; null when the script is too rich to read. */
  readonly groups: readonly CommandGroup[] | null;
}

export type Installer = 'pip' | 'poetry' | 'pipenv' | 'uv' | 'uv-pip';

/** A call of an installer, with the words after it (after `pip` for `python -m pip` and `uv pip`). */
export interface InstallerCall {
  readonly installer: Installer;
  readonly args: readonly string[];
}

const META_KEYWORDS = new Set(['LABEL', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'MAINTAINER']);
const FS_SETUP = new Set(['mkdir', 'chown', 'chmod', 'chgrp', 'ln', 'touch', 'useradd', 'adduser', 'addgroup', 'groupadd', 'usermod']);

export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function isPythonProgram(word: string): boolean {
  return /^python(3(\.\d+)?)?$/.test(baseName(word));
}

export function installerCall(words: readonly string[]): InstallerCall | null {
  const [first = '', second = '', third = ''] = words;
  const program = baseName(first);
  if (/^pip(3(\.\d+)?)?$/.test(program)) return { installer: 'pip', args: words.slice(1) };
  if (isPythonProgram(first) && second === '-m' && third === 'pip') return { installer: 'pip', args: words.slice(3) };
  if (program === 'uv' && second === 'pip') return { installer: 'uv-pip', args: words.slice(2) };
  if (program === 'poetry' || program === 'pipenv' || program === 'uv') return { installer: program, args: words.slice(1) };
  return null;
}

/** Options of pip (global and `install`) that take a value, so the value is not an operand. */
const PIP_VALUE_OPTIONS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '--root', '--src',
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host', '--only-binary', '--no-binary',
  '--platform', '--python-version', '--implementation', '--abi', '--upgrade-strategy', '--progress-bar', '--log',
  '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--cache-dir', '--global-option',
  '--install-option', '--config-settings', '-C', '--python', '--root-user-action', '--report', '--use-feature',
  '--use-deprecated', '--keyring-provider', '-p', '--group',
]);

export interface OptionScan {
  /** The first word that is not an option or an option's value. */
  readonly subcommand: string;
  /** Words that are neither options nor option values, after the subcommand. */
  readonly operands: readonly string[];
  /** Option values by option name (`-r` and `--requirement` are kept apart). */
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
}

/** Splits an installer's words into subcommand, operands, flags and option values. */
export function scanOptions(args: readonly string[], valueOptions: ReadonlySet<string> = PIP_VALUE_OPTIONS): OptionScan {
  let subcommand = '';
  const operands: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const addValue = (name: string, value: string) => values.set(name, [...(values.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word.startsWith('--') && word.includes('=')) {
      addValue(word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1));
    } else if (valueOptions.has(word)) {
      addValue(word, args[i + 1] ?? '');
      i++;
    } else if (/^-[rceit]./.test(word) && valueOptions.has(word.slice(0, 2))) {
      addValue(word.slice(0, 2), word.slice(2));
    } else if (word.startsWith('-')) {
      flags.add(word);
    } else if (subcommand === '') {
      subcommand = word;
    } else {
      operands.push(word);
    }
  }
  return { subcommand, operands, values, flags };
}

export function optionValues(scan: OptionScan, ...names: string[]): string[] {
  return names.flatMap((name) => [...(scan.values.get(name) ?? [])]);
}

/** `gunicorn==22.0`, `uvicorn[standard]>=0.29` -> the distribution name, lower-cased. */
export function requirementName(spec: string): string {
  return (spec.split(/[\s\[=<>!~;@]/)[0] ?? '').toLowerCase().replace(/_/g, '-');
}

/** A pip operand that names something in the build context rather than an index package. */
export function isLocalPath(operand: string): boolean {
  if (/^[a-z+]+:\/\//i.test(operand)) return false;
  return operand === '.' || operand.startsWith('./') || operand.startsWith('../') || operand.startsWith('/') || operand.startsWith('.[') || operand.startsWith('file:') || /\.(whl|tar\.gz|zip)$/.test(operand) || operand.includes('/');
}

function classifyInstaller(call: InstallerCall): CommandRole {
  const scan = scanOptions(call.args);
  const sub = scan.subcommand;
  if (scan.flags.has('--version') || scan.flags.has('-V') || sub === '') return 'inspect';
  switch (call.installer) {
    case 'pip':
    case 'uv-pip': {
      if (sub === 'install') {
        const names = scan.operands.map(requirementName);
        const hasFiles = optionValues(scan, '-r', '--requirement', '-e', '--editable').length > 0;
        if (!hasFiles && names.length > 0 && names.some((name) => INSTALLER_PACKAGES.has(name)) && names.every((name) => INSTALLER_PACKAGES.has(name) || PIP_MACHINERY.has(name))) {
          return 'installer-setup';
        }
        if (!hasFiles && names.length > 0 && names.every((name) => PIP_MACHINERY.has(name))) return 'pip-setup';
        return 'install';
      }
      if (sub === 'uninstall' || sub === 'sync') return 'install';
      if (sub === 'cache') return 'cache-clean';
      if (sub === 'config') return 'installer-config';
      if (['list', 'freeze', 'check', 'show', 'debug', 'tree'].includes(sub)) return 'inspect';
      return 'other';
    }
    case 'poetry':
      if (sub === 'install' || sub === 'export' || sub === 'lock' || sub === 'sync') return 'install';
      if (sub === 'config') return 'installer-config';
      if (sub === 'self') return 'installer-setup';
      if (sub === 'cache') return 'cache-clean';
      if (sub === 'build') return 'build';
      if (sub === 'show' || sub === 'check' || sub === 'env') return 'inspect';
      return 'other';
    case 'pipenv':
      if (sub === 'install' || sub === 'sync' || sub === 'lock') return 'install';
      if (scan.flags.has('--clear')) return 'cache-clean';
      if (sub === 'graph' || sub === 'check' || sub === 'verify') return 'inspect';
      return 'other';
    case 'uv':
      if (sub === 'sync' || sub === 'export' || sub === 'lock') return 'install';
      if (sub === 'venv') return 'venv';
      if (sub === 'cache') return 'cache-clean';
      if (sub === 'tool' || sub === 'self') return 'installer-setup';
      if (sub === 'build') return 'build';
      if (sub === 'tree') return 'inspect';
      return 'other';
  }
}

/** The command an installer's `run` executes (`poetry run python manage.py collectstatic`). */
export function runWrapped(words: readonly string[]): readonly string[] | null {
  const call = installerCall(words);
  if (!call || call.installer === 'pip' || call.installer === 'uv-pip') return null;
  const index = call.args.indexOf('run');
  if (index < 0 || call.args.slice(0, index).some((word) => !word.startsWith('-'))) return null;
  let rest = call.args.slice(index + 1);
  while (rest[0]?.startsWith('-')) rest = rest.slice(rest[0].includes('=') || !['--with', '--python', '--group', '--extra', '--package'].includes(rest[0]) ? 1 : 2);
  return rest;
}

function isBuildCommand(words: readonly string[]): boolean {
  const [first = '', second = '', third = ''] = words;
  if (isPythonProgram(first)) {
    if (baseName(second) === 'manage.py') return DJANGO_BUILD_COMMANDS.has(third);
    if (second === '-m') return PYTHON_BUILD_MODULES.has(third);
    return baseName(second) === 'setup.py' && (third === 'build_ext' || third === 'build');
  }
  if (baseName(first) === 'manage.py' || first === 'django-admin') return DJANGO_BUILD_COMMANDS.has(second);
  return BUILD_COMMANDS.has(`${first} ${second}`) || ASSET_TOOLS.has(first);
}

function isVenvCreation(words: readonly string[]): boolean {
  const [first = '', second = '', third = ''] = words;
  return (isPythonProgram(first) && second === '-m' && (third === 'venv' || third === 'virtualenv')) || first === 'virtualenv';
}

function rmRole(words: readonly string[], cacheDirs: readonly string[]): CommandRole {
  const targets = words.slice(1).filter((word) => !word.startsWith('-'));
  if (targets.length === 0) return 'other';
  const isCache = (path: string) =>
    /(^|\/)\.cache(\/|$)/.test(path) || /\$\{?(PIP|POETRY|PIPENV|UV)_CACHE_DIR\}?/.test(path) || cacheDirs.some((dir) => path === dir || path.startsWith(`${dir}/`));
  if (targets.every(isCache)) return 'cache-clean';
  const builderOnly = (path: string) => !path.startsWith('/') || path.startsWith('/tmp/') || path === '/tmp' || /__pycache__|\.py[co]$/.test(path) || /requirements[^/]*\.txt$/.test(path);
  return targets.every((path) => isCache(path) || builderOnly(path)) ? 'cleanup' : 'other';
}

export function classifyCommand(command: ShellCommand, cacheDirs: readonly string[]): CommandRole {
  const words = commandWords(command);
  const first = words[0] ?? '';
  if (isPackageHousekeeping(command) && first !== 'rm') return 'system';
  if (INSTALLER_URLS.some((url) => command.text.includes(url))) return 'installer-setup';
  if (first === 'pipx') return 'installer-setup';
  const wrapped = runWrapped(words);
  if (wrapped) return isBuildCommand(wrapped) ? 'build' : 'other';
  const call = installerCall(words);
  if (call) return classifyInstaller(call);
  if (isVenvCreation(words)) return 'venv';
  if (isPythonProgram(first) && (words[1] === '--version' || words[1] === '-V')) return 'inspect';
  if (isPythonProgram(first) && baseName(words[1] ?? '') === 'setup.py' && ['install', 'develop'].includes(words[2] ?? '')) return 'install';
  if (isBuildCommand(words)) return 'build';
  if (first === 'rm') {
    const role = rmRole(words, cacheDirs);
    return role === 'other' && isPackageHousekeeping(command) ? 'system' : role;
  }
  if (first === 'find' && (words.includes('-delete') || words.includes('rm'))) return 'cleanup';
  if (FS_SETUP.has(first)) return 'fs-setup';
  if (isInspection(words)) return 'inspect';
  return 'other';
}

/** Commands of a RUN, grouped by role; null for scripts too rich to read (subshells, `if`, redirections). */
export function commandGroups(instruction: Instruction, cacheDirs: readonly string[]): CommandGroup[] | null {
  if (instruction.heredoc) return null;
  const commands = splitCommands(runScript(instruction));
  if (commands === null) return null;
  const groups: CommandGroup[] = [];
  let previous: CommandRole | null = null;
  for (const command of commands) {
    // `curl -sSL https://install.python-poetry.org | python3 -`: the pipe's reader is the installer too.
    const role: CommandRole = command.joinedBy === '|' && previous === 'installer-setup' ? 'installer-setup' : classifyCommand(command, cacheDirs);
    const last = groups.at(-1);
    if (last && last.role === role) (last.commands as ShellCommand[]).push(command);
    else groups.push({ role, commands: [command] });
    previous = role;
  }
  return groups;
}

export function classifyStep(instruction: Instruction, cacheDirs: readonly string[]): Step {
  const keyword = instruction.keyword;
  if (keyword === 'RUN') return { instruction, role: 'run', groups: commandGroups(instruction, cacheDirs) };
  if (keyword === 'ARG') return { instruction, role: 'arg', groups: null };
  if (keyword === 'ENV') return { instruction, role: 'env', groups: null };
  if (keyword === 'WORKDIR') return { instruction, role: 'workdir', groups: null };
  if (keyword === 'USER') return { instruction, role: 'user', groups: null };
  if (keyword === 'SHELL') return { instruction, role: 'shell', groups: null };
  if (META_KEYWORDS.has(keyword)) return { instruction, role: 'meta', groups: null };
  return { instruction, role: 'copy', groups: null };
}

export function stepHas(step: Step, role: CommandRole): boolean {
  return step.groups?.some((group) => group.role === role) ?? false;
}
