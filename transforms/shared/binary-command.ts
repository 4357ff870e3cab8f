import type { Instruction } from '../../src/core/dockerfile.js';
import type { Edit } from '../../src/core/plan.js';

/** Production's command where the original ran a toolchain (`cargo run`, `go run`) that compiled and started the program. */
export interface BinaryCommand {
  /** The edit that writes the binary and its arguments over the instruction's command. */
  readonly edit: Edit;
  /** What the verifier compares the new command with, since it no longer matches the original's. */
  readonly compared: { readonly keyword: 'CMD' | 'ENTRYPOINT'; readonly command: string };
}

/**
 * The instruction's command rewritten to start `path` itself with the arguments the toolchain
 * passed on: exec form stays exec form; shell form keeps the arguments' own text (`argsText`),
 * so quotes and `$VARIABLES` stay as written.
 */
export function binaryCommand(instruction: Instruction, keyword: 'CMD' | 'ENTRYPOINT', path: string, args: readonly string[], argsText: string): BinaryCommand {
  const text = instruction.json
    ? `[${[path, ...args].map((word) => JSON.stringify(word)).join(', ')}]`
    : [path, argsText].filter((part) => part !== '').join(' ');
  return {
    edit: { start: instruction.argsOffset, end: instruction.raw.trimEnd().length, text },
    compared: { keyword, command: instruction.json ? JSON.stringify([path, ...args]) : `sh -c ${text}` },
  };
}
