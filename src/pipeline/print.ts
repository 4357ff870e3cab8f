import type { Instruction, ParsedDockerfile } from '../core/dockerfile.js';
import type { Edit, Plan, PlanItem } from '../core/plan.js';
import { commentsOf, placeComments } from './comments.js';

export const SYNTAX_DIRECTIVE = '# syntax=docker/dockerfile:1';

/** Flags and forms that the classic builder rejects, so the output needs the syntax directive. */
const BUILDKIT_FLAGS = ['--mount=', '--chmod=', '--link', '--exclude=', '--parents'];

/**
 * Produces the migrated text from the original bytes: kept instructions are copied from their
 * own slices (edits applied), new ones use the file's line ending, escape character and keyword
 * casing, and every comment is printed where placeComments puts it. Between two
 * instructions that were neighbours in the original, and before the first and after the last
 * when they stay where they were, the original bytes are copied as they are: blank lines,
 * comments and line endings survive exactly, so a plan that keeps everything prints the input.
 */
export function printPlan(original: ParsedDockerfile, planned: Plan): string {
  const plan = placeComments(original, planned);
  const { eol, text } = original.source;
  const entries = [
    ...plan.globalItems.map((item, position) => ({ item, stageStart: false, sectionStart: position === 0 })),
    ...plan.stages.flatMap((stage, stageIndex) =>
      stage.items.map((item, position) => ({ item, stageStart: position === 0 && (stageIndex > 0 || plan.globalItems.length > 0), sectionStart: position === 0 })),
    ),
  ];
  let body = '';
  entries.forEach(({ item, stageStart, sectionStart }, index) => {
    const previous = index > 0 ? entries[index - 1]!.item : null;
    if (previous?.kind === 'keep' && neighbours(previous, item)) {
      body += text.slice(previous.instruction.end, item.instruction.lineStart) + applyEdits(item.instruction, item.edits ?? []);
      return;
    }
    if (previous !== null) body += separator(plan, item, stageStart, sectionStart, eol);
    body += renderItem(original, item, index === 0 && startsInPlace(item)).join(eol);
  });

  const addsSyntax = needsBuildKit(body, plan) && !original.directives.some((directive) => directive.name === 'syntax');
  const first = original.instructions[0];
  const firstEntry = entries[0]?.item;
  let header: string;
  if (firstEntry !== undefined && startsInPlace(firstEntry)) {
    // A comment put right under a directive dfmod adds would read as part of the directives.
    const gap = addsSyntax && original.directives.length === 0 && first !== undefined && first.comments.length > 0 && !first.blankBefore ? eol : '';
    header = (addsSyntax ? SYNTAX_DIRECTIVE + eol + gap : '') + text.slice(0, firstEntry.instruction.lineStart);
  } else {
    const lines = [...(addsSyntax ? [SYNTAX_DIRECTIVE] : []), ...original.directives.map((directive) => directive.raw)];
    // Under the file's own directives, the comments stay where they were.
    const gap = first !== undefined && (first.blankBefore || (addsSyntax && original.directives.length === 0 && first.comments.length > 0)) ? eol : '';
    header = lines.length > 0 ? lines.join(eol) + eol + gap : '';
  }

  const lastEntry = entries.at(-1)?.item;
  const lastOriginal = original.instructions.at(-1);
  let tail: string;
  if (lastEntry !== undefined && lastEntry.kind === 'keep' && lastEntry.instruction === lastOriginal) {
    tail = text.slice(lastOriginal.end);
  } else {
    const trailing = original.trailingComments.length > 0 ? eol + eol + original.trailingComments.join(eol) : '';
    // A file that did not end with a line break does not gain one: that would be noise in the diff.
    tail = trailing + (text.endsWith('\n') ? eol : '');
  }
  return (original.source.bom ? '\uFEFF' : '') + header + body + tail;
}

/** Kept instructions that followed each other in the original, with the later one's comments still its own. */
function neighbours(previous: PlanItem, item: PlanItem): item is Extract<PlanItem, { kind: 'keep' }> & { readonly instruction: Instruction } {
  return previous.kind === 'keep' && item.kind === 'keep' && item.instruction.index === previous.instruction.index + 1 && item.withComments !== false && (item.carry ?? []).length === 0;
}

/** The original's first instruction, first in the output with its own comments: the bytes above it are copied. */
function startsInPlace(item: PlanItem): item is Extract<PlanItem, { kind: 'keep' }> {
  return item.kind === 'keep' && item.instruction.index === 0 && item.withComments !== false && (item.carry ?? []).length === 0;
}

/** The break dfmod writes where the original gives none: a blank line between stages, or where the item asks for one. */
function separator(plan: Plan, item: PlanItem, stageStart: boolean, sectionStart: boolean, eol: string): string {
  if (stageStart && plan.stages[0]?.items[0] === item && plan.globalItems.length > 0) {
    // Global ARGs sit right above the first FROM unless the original set them apart.
    return item.kind === 'new' || item.instruction.blankBefore ? eol + eol : eol;
  }
  if (stageStart) return eol + eol;
  const blank = item.kind === 'keep' ? item.instruction.blankBefore : item.blankBefore === true;
  return !sectionStart && blank ? eol + eol : eol;
}

function needsBuildKit(body: string, plan: Plan): boolean {
  if (BUILDKIT_FLAGS.some((flag) => body.includes(flag))) return true;
  return plan.stages.some((stage) =>
    stage.items.some((item) => item.kind === 'keep' && item.instruction.heredoc),
  );
}

function renderItem(original: ParsedDockerfile, item: PlanItem, commentsInHeader = false): string[] {
  const out: string[] = [];
  const carried = (item.carry ?? []).flatMap(commentsOf);
  if (item.kind === 'keep') {
    if (item.withComments !== false && !commentsInHeader) out.push(...item.instruction.comments);
    out.push(...carried);
    out.push(applyEdits(item.instruction, item.edits ?? []));
  } else {
    out.push(...carried);
    out.push(renderNew(original, item.lines));
  }
  return out;
}

export function applyEdits(instruction: Instruction, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let text = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > instruction.raw.length) {
      throw new Error(`overlapping or out-of-range edit on line ${instruction.line + 1}`);
    }
    text += instruction.raw.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return text + instruction.raw.slice(cursor);
}

function renderNew(original: ParsedDockerfile, lines: readonly string[]): string {
  const [first = '', ...rest] = lines;
  const head = original.lowercaseKeywords ? lowercaseKeywordWords(first) : first;
  if (rest.length === 0) return head;
  const joiner = ` ${original.escape}${original.source.eol}    `;
  return [head, ...rest].join(joiner);
}

/** `FROM x AS y` becomes `from x as y`, so the output keeps the file's casing (BuildKit lints mixed casing). */
function lowercaseKeywordWords(line: string): string {
  const words = line.split(' ');
  const keyword = (words[0] ?? '').toLowerCase();
  words[0] = keyword;
  if (keyword === 'from') {
    const as = words.findIndex((word, index) => index > 0 && word === 'AS');
    if (as > 0) words[as] = 'as';
  }
  return words.join(' ');
}
