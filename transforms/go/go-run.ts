import type { Instruction } from '../../src/core/dockerfile.js';
import { commandWords, shellWord, splitCommands } from '../../src/core/shell.js';
import { BUILD_FLAGS_WITH_VALUE } from './tables.js';

/**
 * `CMD ["go", "run", "."]`: at start go compiles the package in the working directory and execs
 * it with the words after the package. Production has no toolchain, so the builder compiles the
 * same package with the same build flags and production runs that binary.
 */
export interface GoRunCommand {
  readonly instruction: Instruction;
  readonly keyword: 'CMD' | 'ENTRYPOINT';
  /** The build flags as written (`-tags`, `prod`), which `go build` takes as they are. */
  readonly flags: readonly string[];
  /** The package, or the .go files, go run compiles. */
  readonly packages: readonly string[];
  /** The arguments go run passes to the program. */
  readonly args: readonly string[];
  /** `go run ./cmd/api`, for the report. */
  readonly written: string;
}

/** Flags of go run that change what runs rather than what is compiled. */
const REFUSED_FLAGS: Readonly<Record<string, string>> = {
  exec: 'runs the program through another one',
  C: 'changes directory before it compiles',
  toolexec: 'runs the compiler through another program',
};

const TOOLCHAIN_REASON = 'the container runs go in a way dfmod cannot replace with a binary, so it needs the toolchain at run time';

/**
 * The container's `go run`, read; null when its command does not run go; a reason when it runs
 * go in a way production cannot replace with the binary.
 */
export function readGoRun(cmd: Instruction | undefined, entrypoint: Instruction | undefined): GoRunCommand | string | null {
  const callsGo = (instruction: Instruction | undefined) => instruction !== undefined && (instruction.json ?? instruction.argsText.split(/\s+/)).some((word) => /(^|\/)go$/.test(word));
  if (!callsGo(cmd) && !callsGo(entrypoint)) return null;
  // ENTRYPOINT's words and CMD's are one command line: go would read CMD as its own operands.
  if (cmd && entrypoint) return TOOLCHAIN_REASON;
  const instruction = (entrypoint ?? cmd)!;
  const line = instruction.line + 1;
  const words = instruction.json ?? plainCommand(instruction);
  if (words === null) return `line ${line}: the shell-form command runs go with words dfmod does not rewrite`;
  if (!/^(\/usr\/local\/go\/bin\/)?go$/.test(words[0] ?? '') || words[1] !== 'run') return TOOLCHAIN_REASON;

  const flags: string[] = [];
  let index = 2;
  for (; index < words.length; index++) {
    const word = words[index]!;
    if (!word.startsWith('-') || word === '-') break;
    const body = word.replace(/^--?/, '');
    const name = body.includes('=') ? body.slice(0, body.indexOf('=')) : body;
    const refused = REFUSED_FLAGS[name];
    if (refused) return `line ${line}: go run -${name} ${refused}`;
    flags.push(word);
    if (!body.includes('=') && BUILD_FLAGS_WITH_VALUE.has(name)) {
      if (index + 1 >= words.length) return `line ${line}: go run ${word} has no value`;
      flags.push(words[++index]!);
    }
  }
  const first = words[index];
  if (first === undefined) return `line ${line}: go run names no package`;
  if (first.includes('@')) return `line ${line}: go run ${first} fetches and runs a module at start, which dfmod does not build ahead`;
  // go run takes either .go files or one package; the words after them go to the program.
  let end = index + 1;
  if (first.endsWith('.go')) while (words[end]?.endsWith('.go')) end++;
  return {
    instruction,
    keyword: instruction.keyword === 'ENTRYPOINT' ? 'ENTRYPOINT' : 'CMD',
    flags,
    packages: words.slice(index, end),
    args: words.slice(end),
    written: words.slice(0, end).join(' '),
  };
}

/** A one-line shell form of one command of plain words, as its words; null for anything richer. */
function plainCommand(instruction: Instruction): string[] | null {
  const commands = splitCommands(instruction.argsText);
  if (commands === null || commands.length !== 1 || commands[0]!.redirects.length > 0) return null;
  const words = commandWords(commands[0]!);
  const plain = words.length === commands[0]!.words.length && instruction.argsText.trim().split(/\s+/).every((word) => shellWord(word) === word);
  return plain ? [...words] : null;
}
