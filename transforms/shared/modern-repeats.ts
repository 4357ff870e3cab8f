import type { Instruction } from '../../src/core/dockerfile.js';
import type { Plan, PlanItem } from '../../src/core/plan.js';
import { commandWords, splitCommands } from '../../src/core/shell.js';
import { EMPTY_SCOPE, nextPlanScope, resolveWorkdir, type Scope } from './placement.js';
import { imageName, parseImageRef } from './image-ref.js';

/**
 * The working directory official images set, where a relative WORKDIR starts; an image not
 * listed here starts at `/` only when it is one of these known to set none.
 */
const IMAGE_WORKDIRS: Readonly<Record<string, string>> = {
  golang: '/go',
  node: '/',
  python: '/',
  rust: '/',
  pypy: '/',
};

/**
 * A user's line repeated into a second stage is dfmod's line there, and dfmod writes lines in
 * their modern form: `ENV KEY value` becomes `ENV KEY=value`, `WORKDIR app/` the absolute path
 * BuildKit resolves it to. The first occurrence, where the user's line stays, is left as written,
 * so BuildKit's LegacyKeyValueFormat and WorkdirRelativePath fire no more often than before.
 * A repeat whose modern form cannot be written exactly is left as it is (and the verifier judges it).
 */
export function modernRepeats(plan: Plan, originalImage: string): Plan {
  const seen = new Set<Instruction>();
  const mark = (items: readonly PlanItem[]) => items.forEach((item) => item.kind === 'keep' && seen.add(item.instruction));
  mark(plan.globalItems);
  let changed = false;
  const stages = plan.stages.map((stage) => {
    let scope: Scope = EMPTY_SCOPE;
    const repeats = new Set<PlanItem>();
    const items = stage.items.map((item, index) => {
      const before = scope;
      if (index > 0) scope = nextPlanScope(scope, item);
      if (item.kind !== 'keep' || (item.edits?.length ?? 0) > 0) return item;
      if (!seen.has(item.instruction)) {
        seen.add(item.instruction);
        return item;
      }
      const text = modernArguments(item.instruction, before, originalImage);
      if (text === null) {
        repeats.add(item);
        return item;
      }
      changed = true;
      const modern: PlanItem = { ...item, edits: [{ start: item.instruction.argsOffset, end: item.instruction.raw.length, text }] };
      repeats.add(modern);
      return modern;
    });
    const kept = withoutDeadRepeats(withoutDeadRepeats(items, repeats, shadowedWorkdir), repeats, mkdirBeforeWorkdir);
    if (kept.length !== items.length) changed = true;
    return { ...stage, items: kept };
  });
  return changed ? { ...plan, stages } : plan;
}

/** A repeat, with the scope before it and after it, and the item after it. */
interface RepeatAt {
  readonly item: Extract<PlanItem, { kind: 'keep' }>;
  readonly before: Scope;
  readonly after: Scope;
  readonly next: PlanItem;
}

/** The items without the repeats that `dead` says only do what the next item does anyway. */
function withoutDeadRepeats(items: readonly PlanItem[], repeats: ReadonlySet<PlanItem>, dead: (repeat: RepeatAt) => boolean): readonly PlanItem[] {
  const dropped = new Set<number>();
  let scope: Scope = EMPTY_SCOPE;
  items.forEach((item, index) => {
    const before = scope;
    scope = nextPlanScope(scope, item);
    const next = items[index + 1];
    if (repeats.has(item) && item.kind === 'keep' && next !== undefined && dead({ item, before, after: scope, next })) dropped.add(index);
  });
  return dropped.size === 0 ? items : items.filter((_, index) => !dropped.has(index));
}

/**
 * A repeated WORKDIR that the next line replaces by the same directory or one inside it only
 * makes a directory that the next one makes too (`WORKDIR /src` before `WORKDIR /src/cmd/api`),
 * so the stage it was repeated into leaves it out. A WORKDIR that a relative next one resolves
 * against stays.
 */
function shadowedWorkdir({ item, before, after, next }: RepeatAt): boolean {
  if (item.instruction.keyword !== 'WORKDIR' || !isWorkdir(next)) return false;
  const directory = after.workdir;
  const withIt = nextPlanScope(after, next).workdir;
  const without = nextPlanScope(before, next).workdir;
  if (directory === null || withIt === null || withIt !== without) return false;
  return withIt === directory || withIt.startsWith(`${directory.replace(/\/$/, '')}/`);
}

/**
 * A repeated `RUN mkdir [-p] /app` right before the WORKDIR that names the same directory only makes what WORKDIR makes
 * itself, so the stage it was repeated into leaves it out; as root only, since a user's mkdir would own the directory.
 */
function mkdirBeforeWorkdir({ item, before, next }: RepeatAt): boolean {
  if (item.instruction.keyword !== 'RUN' || next.kind !== 'keep' || next.instruction.keyword !== 'WORKDIR') return false;
  if (before.user !== null && !['root', '0'].includes(before.user.split(':')[0]!)) return false;
  const commands = item.instruction.json === null ? splitCommands(item.instruction.argsText) : null;
  const words = commands?.length === 1 ? commandWords(commands[0]!) : [];
  const operands = words.slice(1).filter((word) => word !== '-p');
  if (words[0] !== 'mkdir' || operands.length !== 1 || !operands[0]!.startsWith('/')) return false;
  const made = resolveWorkdir(before, operands[0]!);
  const workdir = nextPlanScope(before, next).workdir;
  return made !== null && workdir !== null && made.replace(/\/+$/, '') === workdir.replace(/\/+$/, '');
}

function isWorkdir(item: PlanItem): boolean {
  return item.kind === 'keep' ? item.instruction.keyword === 'WORKDIR' : item.lines[0]!.startsWith('WORKDIR ');
}

function modernArguments(instruction: Instruction, scope: Scope, originalImage: string): string | null {
  if (instruction.keyword === 'ENV' || instruction.keyword === 'LABEL') return modernKeyValue(instruction);
  if (instruction.keyword === 'WORKDIR') return absoluteWorkdir(instruction, scope, originalImage);
  return null;
}

/** `KEY value words` as `KEY="value words"`: the legacy form's value is the rest of the line. */
function modernKeyValue(instruction: Instruction): string | null {
  const text = instruction.argsText.trim();
  const [key = ''] = instruction.args;
  if (key.includes('=') || instruction.args.length < 2 || text.includes('\n')) return null;
  const value = text.slice(key.length).trim();
  if (!/\s/.test(value)) return `${key}=${value}`;
  // Quoting changes nothing only where no character is special inside double quotes.
  if (/["'\\`]/.test(value)) return null;
  return `${key}="${value}"`;
}

function absoluteWorkdir(instruction: Instruction, scope: Scope, originalImage: string): string | null {
  const path = instruction.args[0] ?? '';
  if (path.startsWith('/') || path.startsWith('$') || instruction.args.length !== 1) return null;
  // The original resolved it from its own image's directory, whatever this stage's image is.
  const start = scope.workdir ?? IMAGE_WORKDIRS[imageName(parseImageRef(originalImage))] ?? null;
  if (start === null) return null;
  return resolveWorkdir({ workdir: start, variables: scope.variables }, path);
}
