import { posix } from 'node:path';
import type { Instruction, ParsedDockerfile } from '../../src/core/dockerfile.js';
import type { Plan, PlanItem } from '../../src/core/plan.js';

/**
 * What a RUN sees of its stage: the WORKDIR, ENV, ARG and USER in force where it runs. Every line
 * dfmod moves or writes must run under the scope its files were copied under; a `go mod download`
 * moved above its `WORKDIR /app` ran in the golang image's `/go` and failed.
 */
export interface Scope {
  /** The absolute working directory, or null when the base image's own default (or a variable) decides it. */
  readonly workdir: string | null;
  /** ENV and ARG values by name; null for an ARG without a default. */
  readonly variables: ReadonlyMap<string, string | null>;
  /** The WORKDIR, ENV, ARG and USER instructions that made this scope, in order. */
  readonly instructions: readonly Instruction[];
  readonly user: string | null;
}

const SCOPE_KEYWORDS = new Set(['WORKDIR', 'ENV', 'ARG', 'USER']);

export const EMPTY_SCOPE: Scope = { workdir: null, variables: new Map(), instructions: [], user: null };

/** The scope after one instruction; other keywords leave it as it was. */
export function nextScope(scope: Scope, instruction: Instruction): Scope {
  if (!SCOPE_KEYWORDS.has(instruction.keyword)) return scope;
  const instructions = [...scope.instructions, instruction];
  switch (instruction.keyword) {
    case 'WORKDIR':
      return { ...scope, instructions, workdir: resolveWorkdir(scope, instruction.args[0] ?? '') };
    case 'USER':
      return { ...scope, instructions, user: expand(instruction.args[0] ?? '', scope.variables) };
    default: {
      const variables = new Map(scope.variables);
      for (const [name, value] of instruction.properties) variables.set(name, value === null ? (variables.get(name) ?? null) : expand(value, scope.variables));
      return { ...scope, instructions, variables };
    }
  }
}

/** The scope the instruction at `index` of `instructions` (one stage, FROM excluded) runs under. */
export function scopeAt(instructions: readonly Instruction[], index: number): Scope {
  return instructions.slice(0, index).reduce(nextScope, EMPTY_SCOPE);
}

/**
 * A WORKDIR's argument resolved as BuildKit does: variables expanded, a relative path joined to
 * the current directory, the result cleaned (`WORKDIR .` under `/` is `/`). A production stage
 * starts on a runtime image whose default directory is `/`, so a relative chain from there is
 * known; from an unknown default it stays unknown (null).
 */
export function resolveWorkdir(scope: Pick<Scope, 'workdir' | 'variables'>, argument: string, base: string | null = '/'): string | null {
  // BuildKit reads `WORKDIR "/src/Api"` (Visual Studio writes it so) as the path inside the quotes.
  const quoted = /^(["'])(.*)\1$/.exec(argument);
  const path = expand(quoted ? quoted[2]! : argument, scope.variables);
  if (path === null || path === '') return null;
  if (path.startsWith('/')) return posix.normalize(path).replace(/(.)\/$/, '$1');
  const from = scope.workdir ?? base;
  return from === null ? null : posix.join(from, path).replace(/(.)\/$/, '$1');
}

/** `$NAME` and `${NAME}` replaced by known values; null when one is unknown or uses a modifier. */
export function expand(text: string, variables: ReadonlyMap<string, string | null>): string | null {
  let unknown = false;
  const result = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_whole, braced: string | undefined, modifier: string, bare: string | undefined) => {
    const value = variables.get((braced ?? bare)!);
    if (value === undefined || value === null || (modifier ?? '') !== '') unknown = true;
    return value ?? '';
  });
  return unknown || result.includes('$') ? null : result;
}

/**
 * The WORKDIR, ENV and ARG instructions of `needed` that a stage must repeat before a moved line,
 * so that the line runs where it ran in the original: the stage has only `present` of them.
 */
export function missingScope(needed: Scope, present: readonly Instruction[]): Instruction[] {
  const have = new Set(present);
  return needed.instructions.filter((instruction) => instruction.keyword !== 'USER' && !have.has(instruction));
}

/** The original instruction a plan item runs: itself when kept, the first one it carries when rewritten. */
function originalOf(item: PlanItem): Instruction | null {
  if (item.kind === 'keep') return item.instruction;
  return item.lines[0]!.startsWith('RUN ') ? (item.carry?.[0] ?? null) : null;
}

/** The scope after a plan item: an original instruction's effect, or a WORKDIR line dfmod wrote. */
export function nextPlanScope(scope: Scope, item: PlanItem): Scope {
  if (item.kind === 'keep') return nextScope(scope, item.instruction);
  const line = item.lines[0]!;
  return line.startsWith('WORKDIR ') ? { ...scope, workdir: resolveWorkdir(scope, line.slice(8).trim()) } : scope;
}

/**
 * The moved RUNs of a plan that run in another directory than in the original: for each, one
 * sentence naming its line and both directories. A check for the tests and the verifier.
 */
export function misplacedRuns(original: ParsedDockerfile, plan: Plan): string[] {
  const expected = new Map<Instruction, string | null>();
  for (const stage of original.stages) {
    let scope = EMPTY_SCOPE;
    for (const instruction of stage.instructions.slice(1)) {
      if (instruction.keyword === 'RUN') expected.set(instruction, scope.workdir);
      scope = nextScope(scope, instruction);
    }
  }
  const problems: string[] = [];
  for (const stage of plan.stages) {
    let scope = EMPTY_SCOPE;
    for (const item of stage.items.slice(1)) {
      const source = originalOf(item);
      if (source !== null && source.keyword === 'RUN' && expected.has(source)) {
        const before = expected.get(source)!;
        if (before !== scope.workdir) problems.push(`line ${source.line + 1} ran in ${before ?? "the image's default directory"} and now runs in ${scope.workdir ?? "the image's default directory"} (stage ${stage.name})`);
      }
      scope = nextPlanScope(scope, item);
    }
  }
  return problems;
}
