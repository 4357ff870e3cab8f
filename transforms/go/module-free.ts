import type { BuildContext } from '../../src/core/context.js';
import { runScript, type Instruction } from '../../src/core/dockerfile.js';
import { splitCommands } from '../../src/core/shell.js';
import { parseGoInvocation } from './classify.js';
import type { GoMod } from './gomod.js';

/** What a build without go.mod knows of its module: nothing. */
export const NO_GO_MOD: GoMod = { module: null, go: null, requires: [], localReplacements: [] };

/**
 * Why a build without go.mod cannot be planned, or null when it can: every `go` command is a
 * `go build` of named .go files (`go build -o main main.go`), which Go compiles outside any
 * module, and every .go file of the context imports the standard library alone, so there is
 * nothing to download. `go get`, `go mod` and package builds need a module or GOPATH.
 */
export function moduleFreeBuildProblem(instructions: readonly Instruction[], context: BuildContext): string | null {
  const gopath = 'no go.mod at the root of the build context: dfmod plans module builds, and builds of named .go files that import only the standard library, not GOPATH builds or go.work workspaces';
  let builds = 0;
  for (const instruction of instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of splitCommands(runScript(instruction)) ?? []) {
      const invocation = parseGoInvocation(command);
      if (invocation === null) continue;
      if (invocation.subcommand !== 'build' || invocation.operands.length === 0 || !invocation.operands.every((operand) => operand.endsWith('.go'))) return gopath;
      builds++;
    }
  }
  if (builds === 0) return gopath;
  for (const [file, text] of context.contents) {
    if (!file.endsWith('.go')) continue;
    const outside = importPaths(text).find((path) => path.split('/')[0]!.includes('.'));
    if (outside !== undefined) return `no go.mod at the root of the build context, and ${file} imports ${outside}, which only a module can fetch`;
  }
  return null;
}

/** The import paths of a Go file: single `import "x"` lines and `import ( ... )` blocks, aliases allowed. */
function importPaths(text: string): string[] {
  const paths: string[] = [];
  for (const block of text.matchAll(/^import\s*\(([\s\S]*?)\)/gm)) {
    for (const line of block[1]!.split('\n')) {
      const path = /^\s*(?:[\w.]+\s+)?"([^"]+)"/.exec(line);
      if (path) paths.push(path[1]!);
    }
  }
  for (const single of text.matchAll(/^import\s+(?:[\w.]+\s+)?"([^"]+)"/gm)) paths.push(single[1]!);
  return paths;
}
