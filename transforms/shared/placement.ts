import { posix } from 'node:path';
import { copyDestination, normalizedPath, type Instruction, type ParsedDockerfile } from '../../src/core/dockerfile.js';
import type { Change } from '../../src/core/findings.js';
import type { Plan, PlanItem } from '../../src/core/plan.js';
import { commandWords, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import { installsOnlyNamedPackages } from './system-packages.js';

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
  if (path.startsWith('/')) return normalizedPath(path);
  const from = scope.workdir ?? base;
  return from === null ? null : normalizedPath(posix.join(from, path));
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

/** The scope after a plan item: an original instruction's effect, or a WORKDIR or USER line dfmod wrote. */
export function nextPlanScope(scope: Scope, item: PlanItem): Scope {
  if (item.kind === 'keep') return nextScope(scope, item.instruction);
  const line = item.lines[0]!;
  if (line.startsWith('WORKDIR ')) return { ...scope, workdir: resolveWorkdir(scope, line.slice(8).trim()) };
  if (line.startsWith('USER ')) return { ...scope, user: line.slice(5).trim() };
  return scope;
}

/** An original line that the plan runs in another directory, or as another user, than the original did. */
export interface MisplacedLine {
  readonly instruction: Instruction;
  readonly stage: number;
  /** Where the plan item sits in its stage. */
  readonly item: number;
  readonly kind: 'workdir' | 'user';
  readonly before: string | null;
  readonly after: string | null;
}

/** Lines whose effect depends on the directory they run in: every RUN, a COPY or ADD to a relative destination, a relative WORKDIR. */
export function dependsOnWorkdir(instruction: Instruction): boolean {
  if (instruction.keyword === 'RUN') return true;
  if (instruction.keyword === 'WORKDIR') return !(instruction.args[0] ?? '').startsWith('/');
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  const destination = copyDestination(instruction);
  return !destination.startsWith('/') && !destination.startsWith('$');
}

/**
 * The original lines a plan runs elsewhere than the original did: in another working directory
 * (any line that depends on it), or as another user (a RUN). The verifier's net under every
 * transform, and what `withMovedLinesScoped` repairs.
 */
export function misplacedLines(original: ParsedDockerfile, plan: Plan): MisplacedLine[] {
  const expected = new Map<Instruction, Scope>();
  for (const stage of original.stages) {
    let scope = EMPTY_SCOPE;
    for (const instruction of stage.instructions.slice(1)) {
      if (dependsOnWorkdir(instruction)) expected.set(instruction, scope);
      scope = nextScope(scope, instruction);
    }
  }
  const problems: MisplacedLine[] = [];
  plan.stages.forEach((stage, stageIndex) => {
    let scope = EMPTY_SCOPE;
    stage.items.forEach((item, index) => {
      const source = index === 0 ? null : originalOf(item);
      const before = source === null ? undefined : expected.get(source);
      if (source !== null && before !== undefined) {
        if (before.workdir !== scope.workdir) problems.push({ instruction: source, stage: stageIndex, item: index, kind: 'workdir', before: before.workdir, after: scope.workdir });
        else if (source.keyword === 'RUN' && before.user !== scope.user) problems.push({ instruction: source, stage: stageIndex, item: index, kind: 'user', before: before.user, after: scope.user });
      }
      if (index > 0) scope = nextPlanScope(scope, item);
    });
  });
  return problems;
}

/** One sentence for the report: the line, and where (or as whom) it ran and would run. */
export function describeMisplaced(problem: MisplacedLine, plan: Plan): string {
  const stage = plan.stages[problem.stage]!.name;
  const line = `line ${problem.instruction.line + 1}`;
  if (problem.kind === 'user') return `${line} ran as ${problem.before ?? 'the image\'s default user'} and would run as ${problem.after ?? 'the image\'s default user'} in the ${stage} stage`;
  return `${line} ran in ${problem.before ?? "the image's default directory"} and would run in ${problem.after ?? "the image's default directory"} in the ${stage} stage`;
}

/**
 * A plan whose moved lines run in the directory they ran in: where a line dfmod moved up (a
 * `go mod download` above the `WORKDIR /app` it ran under) lands in another directory, the
 * original's WORKDIR is written first, before the manifests dfmod copies for it, so that the
 * builder starts as a hand-written one would (no `cd /app &&`, no `mkdir /app`, no second
 * `WORKDIR /app`: see `withWorkdirsMoved`). What it cannot repair stays for `misplacedLines` to report.
 */
export function withMovedLinesScoped(original: ParsedDockerfile, plan: Plan): Plan {
  let current = plan;
  const tried = new Set<Instruction>();
  for (;;) {
    // Only a RUN is moved; another line out of place was displaced, and moving it back is no repair.
    const problem = misplacedLines(original, current).find((candidate) => candidate.kind === 'workdir' && candidate.instruction.keyword === 'RUN' && candidate.before !== null && !tried.has(candidate.instruction));
    if (!problem) return withWorkdirsMoved(current);
    tried.add(problem.instruction);
    const stage = current.stages[problem.stage]!;
    let at = problem.item;
    // dfmod's own lines just above the moved one (the manifests it copies) belong with it.
    while (at > 1 && isWrittenLine(stage.items[at - 1]!)) at--;
    // The WORKDIR opens the block, taking the blank line that set it apart.
    const first = stage.items[at]!;
    const opensBlock = first.kind === 'new' && first.blankBefore === true;
    const workdir: PlanItem = { kind: 'new', lines: [`WORKDIR ${problem.before}`], blankBefore: opensBlock };
    const items = [...stage.items.slice(0, at), workdir, opensBlock ? { ...first, blankBefore: false } : first, ...stage.items.slice(at + 1)];
    const repaired = { ...current, stages: current.stages.map((candidate, index) => (index === problem.stage ? { ...stage, items } : candidate)) };
    // A repair that moves another line elsewhere is no repair.
    if (misplacedLines(original, repaired).length < misplacedLines(original, current).length) current = repaired;
  }
}

function isWrittenLine(item: PlanItem): boolean {
  if (item.kind !== 'new' || (item.carry?.length ?? 0) > 0) return false;
  return !/^(?:WORKDIR|USER|FROM) /i.test(item.lines[0]!);
}

/**
 * Where dfmod wrote a `WORKDIR <dir>` to open a block (for the manifests it copies, or a line it
 * moved up) and the user's own WORKDIR of the same directory follows, the user's line moves up
 * into its place rather than printing twice. A `RUN mkdir <dir>` above it existed only to make
 * the directory, which WORKDIR makes (as root, as the mkdir did): it is dropped, its comments
 * printing with the WORKDIR.
 */
export function withWorkdirsMoved(plan: Plan): Plan {
  const changes: Change[] = [];
  const stages = plan.stages.map((stage) => ({ ...stage, items: workdirsMoved(stage.items, changes) }));
  return { ...plan, stages, changes: [...plan.changes, ...changes] };
}

function workdirsMoved(stageItems: readonly PlanItem[], changes: Change[]): readonly PlanItem[] {
  let items = stageItems;
  for (let written = 1; written < items.length; written++) {
    const scopes = planScopes(items);
    const item = items[written]!;
    if (item.kind !== 'new' || !item.lines[0]!.startsWith('WORKDIR ') || item.lines.length > 1) continue;
    const directory = scopes[written]!.workdir;
    if (directory === null) continue;
    // The user's WORKDIR that sets the same directory again, with no other directory in between.
    let own = -1;
    for (let index = written + 1; index < items.length && scopes[index]!.workdir === directory; index++) {
      const candidate = items[index]!;
      if (candidate.kind === 'keep' && candidate.instruction.keyword === 'WORKDIR' && resolveWorkdir(scopes[written - 1]!, candidate.instruction.args[0] ?? '') === directory) {
        own = index;
        break;
      }
    }
    if (own < 0) continue;
    const workdir = items[own] as Extract<PlanItem, { kind: 'keep' }>;
    const dropped = items.filter((candidate, index) => index > 0 && index < own && candidate.kind === 'keep' && candidate.instruction.index < workdir.instruction.index && scopes[index - 1]!.user === null && makesOnly(candidate.instruction, scopes[index - 1]!, directory));
    const carry = [...(item.carry ?? []), ...(workdir.carry ?? []), ...dropped.map((candidate) => (candidate as Extract<PlanItem, { kind: 'keep' }>).instruction)];
    // A kept line prints its own spacing: where the written one (or the mkdir just above it) opened a block and the user's did not, the written one stays, with the user's comments.
    const opensBlock = item.blankBefore === true || (dropped.includes(items[written - 1]!) && (items[written - 1] as Extract<PlanItem, { kind: 'keep' }>).instruction.blankBefore);
    const moved: PlanItem = opensBlock && !workdir.instruction.blankBefore ? { ...item, blankBefore: true, carry: [...carry, workdir.instruction] } : { ...workdir, carry };
    for (const mkdir of dropped) {
      const instruction = (mkdir as Extract<PlanItem, { kind: 'keep' }>).instruction;
      changes.push({ id: 'mkdir-dropped', message: `line ${instruction.line + 1} (RUN ${instruction.argsText.trim()}) is dropped: the WORKDIR ${directory} that takes its place makes the directory` });
    }
    items = items.flatMap((candidate, index) => (index === written ? [moved] : index === own || dropped.includes(candidate) ? [] : [candidate]));
  }
  return items;
}

/** The scope after each item of a stage (index 0, its FROM, starts from nothing). */
function planScopes(items: readonly PlanItem[]): Scope[] {
  const scopes = [EMPTY_SCOPE];
  items.slice(1).forEach((item) => scopes.push(nextPlanScope(scopes.at(-1)!, item)));
  return scopes;
}

/** A shell-form `RUN mkdir [-p] <dir>...`, one command, whose every directory is `directory`. */
function makesOnly(instruction: Instruction, scope: Scope, directory: string): boolean {
  if (instruction.keyword !== 'RUN' || instruction.json !== null || instruction.heredoc || instruction.flags.length > 0) return false;
  const commands = splitCommands(instruction.argsText);
  if (commands?.length !== 1) return false;
  const [program, ...rest] = commandWords(commands[0]!);
  const paths = rest.filter((word) => word !== '-p');
  return program === 'mkdir' && paths.length > 0 && paths.every((path) => !path.startsWith('-') && resolveWorkdir(scope, path) === directory);
}

/**
 * A COPY or ADD source (not `--from`) as a path of the build context, `.` for its root. BuildKit
 * resolves every source against the context root, so `/backend`, `./backend/` and `backend` name
 * the same directory. A source that climbs out with `..` stays as written and matches nothing,
 * and an ADD of a URL or git address stays as written.
 */
export function contextSource(source: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@')) return source;
  const clean = posix.normalize(source.replace(/^\/+/, '') || '.').replace(/(.)\/+$/, '$1');
  return clean === '' || clean === './' ? '.' : clean;
}

/** What a step is to `orderWithPackagesLifted`: a COPY or ADD, a RUN of `installsOnlyNamedPackages`, or anything else. */
export type LiftKind = 'copy' | 'packages' | 'other';

/** A transform's classified step, as far as lifting reads it: copies have a `*-copy` role, and system commands the role `system`. */
interface LiftableStep {
  readonly role: string;
  readonly commands: readonly { readonly role: string; readonly command: ShellCommand }[] | null;
}

export function liftKind(step: LiftableStep): LiftKind {
  if (step.role.endsWith('-copy')) return 'copy';
  const commands = step.commands ?? [];
  const onlyPackages = commands.every((command) => command.role === 'system') && installsOnlyNamedPackages(commands.map((command) => command.command));
  return step.role === 'run' && onlyPackages ? 'packages' : 'other';
}

/**
 * The order a builder prints its steps in when the package installs that follow the source copy
 * (with only copies between them) move above it, where the manifests and the dependency fetch go:
 * a source change then reruns neither, and a fetch that needs git or a C toolchain finds it. A
 * WORKDIR, ENV, ARG, USER or any other RUN ends the run of movable steps, since the install may
 * depend on it.
 */
export function orderWithPackagesLifted(kinds: readonly LiftKind[], sourceCopy: number): { readonly order: number[]; readonly lifted: number[] } {
  const all = kinds.map((_, index) => index);
  if (sourceCopy < 0 || kinds[sourceCopy] !== 'copy') return { order: all, lifted: [] };
  const lifted: number[] = [];
  for (let index = sourceCopy + 1; index < kinds.length && kinds[index] !== 'other'; index++) {
    if (kinds[index] === 'packages') lifted.push(index);
  }
  const rest = all.filter((index) => !lifted.includes(index));
  return { order: [...rest.slice(0, sourceCopy), ...lifted, ...rest.slice(sourceCopy)], lifted };
}

/** What a manifest-first change adds when package installs (at these 1-based lines) moved above the source with the manifests. */
export function liftedNote(lines: readonly number[]): string {
  if (lines.length === 0) return '';
  const many = lines.length > 1;
  return `; the package install${many ? 's' : ''} of line${many ? 's' : ''} ${lines.join(', ')} ${many ? 'move' : 'moves'} up with them, so that a source change does not rerun ${many ? 'them' : 'it'}`;
}

/**
 * The builder without the lines at its end that production repeats as they are (a crontab
 * copied into /etc, `touch` of a log file, a runtime ENV): after the builder's last step of its
 * own nothing reads them there, so each runs once, in the stage that uses it. Production's
 * repeat then prints the comments the builder's copy held.
 */
export function withoutRepeatedTail(builder: readonly PlanItem[], production: readonly PlanItem[]): { builder: PlanItem[]; production: PlanItem[] } {
  const repeats = new Map(production.flatMap((item, index) => (item.kind === 'keep' ? [[item.instruction, index] as const] : [])));
  let end = builder.length;
  while (end > 1) {
    const item = builder[end - 1]!;
    if (item.kind !== 'keep' || item.carry !== undefined || (item.edits?.length ?? 0) > 0 || !repeats.has(item.instruction)) break;
    end--;
  }
  if (end === builder.length) return { builder: [...builder], production: [...production] };
  const dropped = new Set(builder.slice(end).map((item) => (item as { instruction: Instruction }).instruction));
  const printed = production.map((item) => (item.kind === 'keep' && dropped.has(item.instruction) && item.withComments === false ? { ...item, withComments: true } : item));
  return { builder: builder.slice(0, end), production: printed };
}
