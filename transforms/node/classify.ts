import type { Instruction } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import { isPackageHousekeeping } from '../shared/system-packages.js';

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
  | 'other';

export type StepRole =
  | 'arg'
  | 'env'
  | 'workdir'
  | 'user'
  | 'shell'
  | 'meta'
  | 'manifest-copy'
  | 'source-copy'
  | 'asset-copy'
  | 'external-copy'
  | 'run';

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

const META_KEYWORDS = new Set(['LABEL', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'MAINTAINER']);
const FS_SETUP = new Set(['mkdir', 'chown', 'chmod', 'chgrp', 'ln', 'touch', 'useradd', 'adduser', 'addgroup', 'groupadd', 'usermod']);
const PACKAGE_MANAGER_PACKAGES = ['pnpm', 'yarn', 'npm', 'corepack'];

/** Manifest files: what an install reads before any source is there. */
export function isManifestPath(path: string): boolean {
  const name = path.replace(/^\.\//, '').replace(/\/$/, '');
  const base = name.slice(name.lastIndexOf('/') + 1);
  return (
    base === 'package.json' ||
    base === 'package*.json' ||
    base === 'package-lock.json' ||
    base === 'npm-shrinkwrap.json' ||
    base === 'yarn.lock' ||
    base === 'pnpm-lock.yaml' ||
    base === 'pnpm-workspace.yaml' ||
    base === '.npmrc' ||
    base === '.yarnrc' ||
    base === '.yarnrc.yml' ||
    base === '.nvmrc' ||
    name === '.yarn' ||
    name.startsWith('.yarn/')
  );
}

export function copySources(instruction: Instruction): string[] {
  if (instruction.json) return instruction.json.slice(0, -1);
  return instruction.args.slice(0, -1);
}

export function copyDestination(instruction: Instruction): string {
  return (instruction.json ?? instruction.args).at(-1) ?? '.';
}

export function classifyCommand(command: ShellCommand, scripts: ReadonlySet<string>): CommandRole {
  const words = commandWords(command);
  const [tool = '', sub = ''] = words;
  const operands = words.slice(2).filter((word) => !word.startsWith('-'));
  const global = words.includes('-g') || words.includes('--global');

  if (isPackageHousekeeping(command)) return 'system';
  if (tool === 'corepack') return 'pm-setup';
  if (tool === 'npm') {
    if (sub === 'cache' && words[2] === 'clean') return 'cache-clean';
    if (['install', 'i', 'add'].includes(sub) && global) {
      return operands.every((name) => PACKAGE_MANAGER_PACKAGES.some((pm) => name === pm || name.startsWith(`${pm}@`))) ? 'pm-setup' : 'global-tool';
    }
    if (sub === 'ci' || sub === 'clean-install' || ((sub === 'install' || sub === 'i') && operands.length === 0)) {
      return isProductionOnly(words) ? 'prune' : 'install';
    }
    if (sub === 'prune') return 'prune';
    if ((sub === 'run' || sub === 'run-script') && operands[0] !== 'start' && operands[0] !== undefined) return 'build';
    if (sub === 'exec' || sub === 'x') return 'build';
  }
  if (tool === 'npx') return 'build';
  if (tool === 'yarn') {
    if (sub === 'cache' && words[2] === 'clean') return 'cache-clean';
    if (sub === 'global' && words[2] === 'add') return 'global-tool';
    if (sub === '' || sub === 'install' || sub.startsWith('-')) return isProductionOnly(words) ? 'prune' : 'install';
    if (sub === 'workspaces' && words[2] === 'focus') return 'prune';
    if (sub === 'run' && words[2] !== 'start') return 'build';
    if (scripts.has(sub) && sub !== 'start') return 'build';
    if (sub === 'exec' || sub === 'dlx') return 'build';
  }
  if (tool === 'pnpm') {
    if (sub === 'store' && words[2] === 'prune') return 'cache-clean';
    if ((sub === 'install' || sub === 'i') && operands.length === 0) return isProductionOnly(words) ? 'prune' : 'install';
    if ((sub === 'add' || sub === 'install') && global) return 'global-tool';
    if (sub === 'prune') return 'prune';
    if (sub === 'run' && words[2] !== 'start') return 'build';
    if (scripts.has(sub) && sub !== 'start') return 'build';
    if (sub === 'exec' || sub === 'dlx') return 'build';
  }
  if (tool === 'rm' && words.some((word) => /(^|\/)\.npm\b|\.cache\/yarn|pnpm\/store/.test(word))) return 'cache-clean';
  if (FS_SETUP.has(tool)) return 'fs-setup';
  return 'other';
}

function isProductionOnly(words: readonly string[]): boolean {
  return words.some((word) => ['--production', '--prod', '--omit=dev', '--only=production', '--only=prod', '-P'].includes(word));
}

export function classifyStep(instruction: Instruction, scripts: ReadonlySet<string>, commandFiles: ReadonlySet<string>): Step {
  const keyword = instruction.keyword;
  if (keyword === 'RUN') {
    const commands = instruction.heredoc ? null : splitCommands(instruction.json ? instruction.json.join(' ') : instruction.argsText);
    const groups: CommandGroup[] | null = commands === null ? null : [];
    for (const command of commands ?? []) {
      const role = classifyCommand(command, scripts);
      const last = groups!.at(-1);
      if (last && last.role === role) (last.commands as ShellCommand[]).push(command);
      else groups!.push({ role, commands: [command] });
    }
    return { instruction, role: 'run', groups };
  }
  if (keyword === 'ARG') return { instruction, role: 'arg', groups: null };
  if (keyword === 'ENV') return { instruction, role: 'env', groups: null };
  if (keyword === 'WORKDIR') return { instruction, role: 'workdir', groups: null };
  if (keyword === 'USER') return { instruction, role: 'user', groups: null };
  if (keyword === 'SHELL') return { instruction, role: 'shell', groups: null };
  if (META_KEYWORDS.has(keyword)) return { instruction, role: 'meta', groups: null };
  // COPY and ADD
  if (instruction.flags.some((flag) => flag.name === 'from') || instruction.heredoc) return { instruction, role: 'external-copy', groups: null };
  const sources = copySources(instruction);
  if (sources.some((source) => /^https?:\/\//.test(source) || source.startsWith('git@'))) return { instruction, role: 'external-copy', groups: null };
  if (sources.length > 0 && sources.every(isManifestPath)) return { instruction, role: 'manifest-copy', groups: null };
  if (sources.length > 0 && sources.every((source) => commandFiles.has(baseName(source)))) return { instruction, role: 'asset-copy', groups: null };
  return { instruction, role: 'source-copy', groups: null };
}

export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function stepHas(step: Step, role: CommandRole): boolean {
  return step.groups?.some((group) => group.role === role) ?? false;
}
