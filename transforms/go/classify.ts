import { copySources, runScript } from '../../src/core/dockerfile.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import { contextSource } from '../shared/placement.js';
import { isPackageHousekeeping } from '../shared/system-packages.js';
import { BUILD_FLAGS_WITH_VALUE } from './tables.js';
import type { StepRole } from '../shared/step-role.js';

/** What one shell command of a RUN does, as far as splitting stages is concerned. */
export type CommandRole =
  /** apt/apk housekeeping. */
  | 'system'
  /** `go mod download`: fetches what go.mod/go.sum name, nothing else. */
  | 'download'
  /** `go build` or `go install` of a package from the context. */
  | 'build'
  /** `go install module@version`: a tool built from the module proxy. */
  | 'tool'
  /** Other `go` commands (test, vet, generate, mod tidy): builder only. */
  | 'check'
  /** `export NAME=value`, read by the commands after it. */
  | 'export'
  /** `cd dir`: the commands after it run there. */
  | 'cd'
  /** `git config`: prepares fetching private modules. */
  | 'vcs-setup'
  /** Empties the Go caches to shrink the single image; a cache mount and a split make it moot. */
  | 'cache-clean'
  | 'fs-setup'
  | 'other';


export interface ClassifiedCommand {
  readonly command: ShellCommand;
  readonly role: CommandRole;
}

export interface Step {
  readonly instruction: Instruction;
  readonly role: StepRole;
  /** For RUN: its commands in order; null when the script is too rich to read. */
  readonly commands: readonly ClassifiedCommand[] | null;
}

const GO_CACHE_PATHS = ['/go/pkg', '/root/.cache', '~/.cache', '$HOME/.cache', '$GOPATH/pkg', '${GOPATH}/pkg'];
const META_KEYWORDS = new Set(['LABEL', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'MAINTAINER']);
const FS_SETUP = new Set(['mkdir', 'chown', 'chmod', 'chgrp', 'ln', 'touch', 'useradd', 'adduser', 'addgroup', 'groupadd', 'usermod']);
export const USER_MANAGEMENT = new Set(['useradd', 'adduser', 'addgroup', 'groupadd', 'usermod']);

/** A `go` command line: its subcommand, flags (by name, without dashes) and operands. */
export interface GoInvocation {
  readonly subcommand: string;
  readonly flags: ReadonlyMap<string, string | true>;
  readonly operands: readonly string[];
  /** `NAME=value` assignments written before the command. */
  readonly assignments: ReadonlyMap<string, string>;
}

export function parseGoInvocation(command: ShellCommand): GoInvocation | null {
  const words = commandWords(command);
  if (words[0] !== 'go' || words.length < 2) return null;
  const assignments = new Map<string, string>();
  for (const word of command.words.slice(0, command.words.length - words.length)) {
    const equals = word.indexOf('=');
    if (equals > 0) assignments.set(word.slice(0, equals), word.slice(equals + 1));
  }
  const [, subcommand = '', ...rest] = words;
  const flags = new Map<string, string | true>();
  const operands: string[] = [];
  let index = 0;
  if (subcommand === 'mod' || subcommand === 'tool') {
    operands.push(...rest);
    return { subcommand, flags, operands, assignments };
  }
  for (; index < rest.length; index++) {
    const word = rest[index]!;
    if (word === '--') {
      index++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    const body = word.replace(/^--?/, '');
    const equals = body.indexOf('=');
    if (equals >= 0) flags.set(body.slice(0, equals), body.slice(equals + 1));
    else if (BUILD_FLAGS_WITH_VALUE.has(body)) flags.set(body, rest[++index] ?? '');
    else flags.set(body, true);
  }
  operands.push(...rest.slice(index));
  return { subcommand, flags, operands, assignments };
}

export function classifyCommand(command: ShellCommand): CommandRole {
  if (isPackageHousekeeping(command)) return 'system';
  const words = commandWords(command);
  const tool = words[0] ?? '';
  if (tool === 'export' && words.length > 1 && words.slice(1).every((word) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word))) return 'export';
  if (tool === 'git' && words[1] === 'config') return 'vcs-setup';
  if (tool === 'cd') return 'cd';
  if (tool === 'rm' && words.slice(1).some((word) => GO_CACHE_PATHS.some((path) => word.startsWith(path)))) return 'cache-clean';
  if (FS_SETUP.has(tool)) return 'fs-setup';
  const go = parseGoInvocation(command);
  if (!go) return 'other';
  if (go.subcommand === 'clean' && (go.flags.has('cache') || go.flags.has('modcache'))) return 'cache-clean';
  if (go.subcommand === 'mod' && go.operands[0] === 'download') return 'download';
  if (go.subcommand === 'build') return 'build';
  if (go.subcommand === 'install') return go.operands.some((operand) => operand.includes('@')) ? 'tool' : 'build';
  return 'check';
}


const MANIFESTS = new Set(['go.mod', 'go.sum', 'go.work', 'go.work.sum']);

/** How a COPY's sources relate to the Go build: manifests, Go source, or files the app reads. */
function copyRole(instruction: Instruction, goDirectories: ReadonlySet<string>, contextFiles: readonly string[]): StepRole {
  if (instruction.flags.some((flag) => flag.name === 'from') || instruction.heredoc) return 'external-copy';
  const sources = copySources(instruction).map(contextSource);
  if (sources.some((source) => /^https?:\/\//.test(source) || source.startsWith('git@'))) return 'external-copy';
  if (sources.length > 0 && sources.every((source) => MANIFESTS.has(source) || manifestGlob(source, contextFiles))) return 'manifest-copy';
  const isGo = (source: string) =>
    source === '.' || source.includes('*') || MANIFESTS.has(source) || source.endsWith('.go') || source === 'vendor' || goDirectories.has(source);
  return sources.some(isGo) ? 'source-copy' : 'asset-copy';
}

/**
 * Classifies every instruction after FROM. `goDirectories` are the context directories that hold
 * Go source (at any depth below them), so `COPY internal ./internal` reads as source.
 */
export function classifySteps(instructions: readonly Instruction[], goDirectories: ReadonlySet<string>, contextFiles: readonly string[]): Step[] {
  return instructions.map((instruction) => {
    const keyword = instruction.keyword;
    if (keyword === 'RUN') {
      const script = runScript(instruction);
      const commands = instruction.heredoc ? null : splitCommands(script);
      return { instruction, role: 'run', commands: commands?.map((command) => ({ command, role: classifyCommand(command) })) ?? null };
    }
    if (keyword === 'ARG') return { instruction, role: 'arg', commands: null };
    if (keyword === 'ENV') return { instruction, role: 'env', commands: null };
    if (keyword === 'WORKDIR') return { instruction, role: 'workdir', commands: null };
    if (keyword === 'USER') return { instruction, role: 'user', commands: null };
    if (keyword === 'SHELL') return { instruction, role: 'shell', commands: null };
    if (META_KEYWORDS.has(keyword)) return { instruction, role: 'meta', commands: null };
    return { instruction, role: copyRole(instruction, goDirectories, contextFiles), commands: null };
  });
}

/** `go.*` and the like: a pattern that matches go.mod and nothing but manifests at the context root. */
function manifestGlob(pattern: string, contextFiles: readonly string[]): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return false;
  const matched = contextFiles.filter((file) => globMatch(pattern, file));
  return matched.includes('go.mod') && matched.every((file) => MANIFESTS.has(file));
}

/** Dockerfile COPY wildcards (`*`, `?`) within one path segment. */
export function globMatch(pattern: string, path: string): boolean {
  let source = '';
  for (const char of pattern) source += char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${source}$`).test(path);
}

/** Directories of the context that hold `.go` files, with every parent directory of them. */
export function goSourceDirectories(files: readonly string[]): Set<string> {
  const directories = new Set<string>();
  for (const file of files) {
    if (!file.endsWith('.go')) continue;
    const parts = file.split('/').slice(0, -1);
    for (let depth = 1; depth <= parts.length; depth++) directories.add(parts.slice(0, depth).join('/'));
  }
  return directories;
}
