import { posix } from 'node:path';
import type { SourceText } from './source.js';

/** A flag such as `--from=builder`, with its place inside the instruction's raw text. */
export interface InstructionFlag {
  readonly name: string;
  readonly value: string | null;
  readonly start: number;
  readonly end: number;
}

/**
 * One instruction as written: `raw` is the exact original text from the start of its first
 * line (indentation included) to its last character, so the printer can give it back as is.
 */
export interface Instruction {
  readonly index: number;
  readonly keyword: string;
  readonly line: number;
  readonly lineStart: number;
  readonly end: number;
  readonly raw: string;
  /** Where the arguments start inside `raw` (after the keyword and its spacing). */
  readonly argsOffset: number;
  /** Argument words as the parser splits them; for analysis only, never for output. */
  readonly args: readonly string[];
  /** Arguments with continuations and inner comments removed; for analysis only. */
  readonly argsText: string;
  readonly flags: readonly InstructionFlag[];
  /** ENV, ARG and LABEL key/value pairs. */
  readonly properties: readonly (readonly [string, string | null])[];
  /** Exec-form (JSON array) words for RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD. */
  readonly json: readonly string[] | null;
  readonly heredoc: boolean;
  /** Names of the variables it references (`$NAME`, `${NAME:-x}`). */
  readonly variables: readonly string[];
  /** Comment lines (raw) between the previous instruction and this one. */
  readonly comments: readonly string[];
  /** Comment lines inside the instruction (a commented line in a multi-line RUN). */
  readonly innerComments: readonly string[];
  /** The original had a blank line right before this instruction or its comments. */
  readonly blankBefore: boolean;
  readonly stage: number;
}

export interface Directive {
  readonly name: string;
  readonly value: string;
  readonly raw: string;
}

export interface Stage {
  readonly index: number;
  readonly from: Instruction;
  readonly name: string | null;
  readonly instructions: readonly Instruction[];
}

export interface ParsedDockerfile {
  readonly source: SourceText;
  readonly directives: readonly Directive[];
  readonly escape: string;
  readonly instructions: readonly Instruction[];
  /** ARGs before the first FROM. */
  readonly globalArgs: readonly Instruction[];
  readonly stages: readonly Stage[];
  readonly trailingComments: readonly string[];
  /**
   * Most keywords written in one case are lower case (`from`, `run`), as BuildKit's
   * ConsistentInstructionCasing counts them: new instructions are then written lower case.
   */
  readonly lowercaseKeywords: boolean;
}

export const KNOWN_KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export function flagValue(instruction: Instruction, name: string): string | null | undefined {
  const flag = instruction.flags.find((candidate) => candidate.name === name);
  return flag ? flag.value : undefined;
}

/** The source words of a COPY or ADD, as written (either form). */
export function copySources(instruction: Instruction): string[] {
  return (instruction.json ?? instruction.args).slice(0, -1);
}

/** The destination word of a COPY or ADD, as written; `.` when it names none. */
/** An image path in the one spelling every comparison uses: normalised, with no trailing slash (`/` stays `/`). */
export function normalizedPath(path: string): string {
  return posix.normalize(path).replace(/(.)\/$/, '$1');
}

/** `path` as the builder resolves a relative COPY, WORKDIR or `cd` argument from the absolute `directory`: `.`, `..` and slashes folded. */
export function resolvePath(directory: string, path: string): string {
  return normalizedPath(path.startsWith('/') ? path : posix.join(directory, path));
}

/** The shell text a RUN (or CMD, ENTRYPOINT) runs: the shell form's arguments, or the exec form's words joined. */
export function runScript(instruction: Instruction): string {
  return instruction.json ? instruction.json.join(' ') : instruction.argsText;
}

export function copyDestination(instruction: Instruction): string {
  return (instruction.json ?? instruction.args).at(-1) ?? '.';
}
