import type { Instruction } from '../../src/core/dockerfile.js';
import type { Edit } from '../../src/core/plan.js';
import { commandWords, type ShellCommand } from '../../src/core/shell.js';
import { isProductionOnly } from './classify.js';
import { PACKAGE_MANAGERS, type PackageManager } from './tables.js';

/** How one install command changes: words replaced, dropped, and flags added at its end. */
export interface InstallChange {
  /** The command's words after the leading `VAR=value`/`env`/`sudo` prefix. */
  readonly words: readonly string[];
  /** Index of a word replaced by another (`install` → `ci`). */
  readonly replace: ReadonlyMap<number, string>;
  /** Indexes of words dropped (`--include=dev` in a production install). */
  readonly drop: ReadonlySet<number>;
  readonly append: readonly string[];
  /** The whole command is replaced by this text (yarn berry's production install). */
  readonly wholly: string | null;
}

export function installText(command: ShellCommand, change: InstallChange): string {
  const prefix = command.words.slice(0, command.words.length - change.words.length);
  // `npm ci > /dev/null` keeps its redirections after the flags dfmod adds.
  const redirects = command.redirects.map((redirect) => redirect.text);
  if (change.wholly !== null) return [...prefix, change.wholly, ...redirects].join(' ');
  const words = change.words.flatMap((word, index) => (change.drop.has(index) ? [] : [change.replace.get(index) ?? word]));
  return [...prefix, ...words, ...change.append, ...redirects].join(' ');
}

function frozen(manager: PackageManager, words: readonly string[], lockfile: string | null): InstallChange {
  const replace = new Map<number, string>();
  const append: string[] = [];
  if (lockfile !== null) {
    const flag = PACKAGE_MANAGERS[manager].frozenFlag;
    if (flag === null && (words[1] === 'install' || words[1] === 'i')) replace.set(1, 'ci');
    // Yarn 1 ignores berry's `--immutable`, so only its own flag freezes its lockfile.
    if (flag !== null && !words.includes(flag)) append.push(flag);
  }
  return { words, replace, drop: new Set(), append, wholly: null };
}

/** The builder's install: the original command, made to follow the lockfile exactly. */
export function strictInstall(command: ShellCommand, manager: PackageManager, lockfile: string | null): InstallChange {
  return frozen(manager, commandWords(command), lockfile);
}

/**
 * The production-only install: the strict install without flags that bring dev dependencies
 * back, plus the tool's production flag. npm before 7 (Node before 15) only knows `--production`.
 */
export function productionInstall(command: ShellCommand, manager: PackageManager, lockfile: string | null, nodeMajor: number | null): InstallChange {
  const strict = strictInstall(command, manager, lockfile);
  const facts = PACKAGE_MANAGERS[manager];
  if (facts.productionFlag === null) return { ...strict, wholly: facts.prune };
  const drop = new Set(strict.words.flatMap((word, index) => (facts.devFlags.includes(word) ? [index] : [])));
  const kept = strict.words.filter((_, index) => !drop.has(index));
  if (isProductionOnly(kept)) return { ...strict, drop };
  const flag = manager === 'npm' && nodeMajor !== null && nodeMajor < 15 ? '--production' : facts.productionFlag;
  return { ...strict, drop, append: [...strict.append, flag] };
}

export function isUnchanged(change: InstallChange): boolean {
  return change.replace.size === 0 && change.drop.size === 0 && change.append.length === 0 && change.wholly === null;
}

interface Span {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function unquoted(word: string): string {
  let out = '';
  for (const char of word) if (char !== '"' && char !== "'") out += char;
  return out;
}

/**
 * The words of a RUN's script inside its raw text, so edits keep its continuations and inner
 * comments. Returns null when the script holds more than one command or anything the simple
 * word scan could misread (quotes with spaces, operators).
 */
export function scriptWordSpans(instruction: Instruction, escape: string): Span[] | null {
  const raw = instruction.raw;
  const lastFlag = instruction.flags.at(-1);
  let index = lastFlag ? lastFlag.end : instruction.argsOffset;
  const spans: Span[] = [];
  let start = -1;
  const close = (at: number) => {
    if (start >= 0) spans.push({ text: raw.slice(start, at), start, end: at });
    start = -1;
  };
  while (index < raw.length) {
    const char = raw[index]!;
    if (char === escape) {
      let next = index + 1;
      while (raw[next] === ' ' || raw[next] === '\t') next++;
      if (raw[next] === '\r') next++;
      if (raw[next] !== '\n') return null;
      close(index);
      index = skipCommentLines(raw, next + 1);
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      close(index);
    } else if ('&|;<>()`$'.includes(char)) {
      return null;
    } else if (start < 0) {
      start = index;
    }
    index++;
  }
  close(raw.length);
  return spans;
}

/** After a continuation, whole lines that start with `#` are comments inside the instruction. */
function skipCommentLines(raw: string, from: number): number {
  let index = from;
  for (;;) {
    let probe = index;
    while (raw[probe] === ' ' || raw[probe] === '\t') probe++;
    if (raw[probe] !== '#') return index;
    const newline = raw.indexOf('\n', probe);
    if (newline < 0) return raw.length;
    index = newline + 1;
  }
}

/**
 * Edits of a RUN holding only this install command that apply the change in place, or null when
 * the raw words cannot be matched to the command's words one for one.
 */
export function installEdits(instruction: Instruction, escape: string, command: ShellCommand, change: InstallChange): Edit[] | null {
  const spans = scriptWordSpans(instruction, escape);
  if (spans === null || spans.length !== command.words.length) return null;
  if (spans.some((span, index) => unquoted(span.text) !== command.words[index])) return null;
  const offset = command.words.length - change.words.length;
  const wordSpan = (index: number) => spans[index + offset]!;
  if (change.wholly !== null) return [{ start: wordSpan(0).start, end: spans.at(-1)!.end, text: change.wholly }];
  const edits: Edit[] = [];
  for (const [index, text] of change.replace) edits.push({ start: wordSpan(index).start, end: wordSpan(index).end, text });
  for (const index of change.drop) {
    // The spaces before the word go with it; a continuation or comment line before it stays.
    let start = wordSpan(index).start;
    while (start > 0 && (instruction.raw[start - 1] === ' ' || instruction.raw[start - 1] === '\t')) start--;
    edits.push({ start, end: wordSpan(index).end, text: '' });
  }
  if (change.append.length > 0) {
    const end = spans.at(-1)!.end;
    edits.push({ start: end, end, text: change.append.map((flag) => ` ${flag}`).join('') });
  }
  return edits;
}
