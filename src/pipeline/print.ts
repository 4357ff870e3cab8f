import type { Instruction, ParsedDockerfile } from '../core/dockerfile.js';
import type { Edit, Plan, PlanItem } from '../core/plan.js';

export const SYNTAX_DIRECTIVE = '# syntax=docker/dockerfile:1';

/** Flags and forms that the classic builder rejects, so the output needs the syntax directive. */
const BUILDKIT_FLAGS = ['--mount=', '--chmod=', '--link', '--exclude=', '--parents'];

/**
 * Produces the migrated text from the original bytes: kept instructions are copied from their
 * own slices (edits applied), new ones use the file's line ending, escape character and keyword
 * casing, and every comment is printed next to the instruction it described.
 */
export function printPlan(original: ParsedDockerfile, plan: Plan): string {
  const { eol } = original.source;
  const lines: string[] = [];
  const stagesText: string[][] = [];

  const renderSection = (items: readonly PlanItem[]): string[] => {
    const section: string[] = [];
    items.forEach((item, position) => {
      const blank = item.kind === 'keep' ? item.instruction.blankBefore : item.blankBefore === true;
      if (position > 0 && blank) section.push('');
      section.push(...renderItem(original, item));
    });
    return section;
  };

  for (const stage of plan.stages) stagesText.push(renderSection(stage.items));
  let bodyText = stagesText.map((section) => section.join(eol)).join(eol + eol);
  if (plan.globalItems.length > 0) {
    // Global ARGs sit right above the first FROM unless the original set them apart.
    const first = plan.stages[0]?.items[0];
    const apart = first === undefined || first.kind === 'new' || first.instruction.blankBefore;
    bodyText = renderSection(plan.globalItems).join(eol) + (apart ? eol + eol : eol) + bodyText;
  }
  const addsSyntax = needsBuildKit(bodyText, plan) && !original.directives.some((directive) => directive.name === 'syntax');
  if (addsSyntax) lines.push(SYNTAX_DIRECTIVE);
  for (const directive of original.directives) lines.push(directive.raw);
  // A comment put right under a directive dfmod adds would read as part of the directives: keep
  // them apart. Under the file's own directives, the comments stay where they were.
  const first = original.instructions[0];
  const gap = first !== undefined && (first.blankBefore || (addsSyntax && original.directives.length === 0 && first.comments.length > 0)) ? eol : '';
  const header = lines.length > 0 ? lines.join(eol) + eol + gap : '';

  let trailing = '';
  if (original.trailingComments.length > 0) trailing = eol + eol + original.trailingComments.join(eol);
  // A file that did not end with a line break does not gain one: that would be noise in the diff.
  const finalEol = original.source.text.endsWith('\n') ? eol : '';
  return (original.source.bom ? '\uFEFF' : '') + header + bodyText + trailing + finalEol;
}

function needsBuildKit(body: string, plan: Plan): boolean {
  if (BUILDKIT_FLAGS.some((flag) => body.includes(flag))) return true;
  return plan.stages.some((stage) =>
    stage.items.some((item) => item.kind === 'keep' && item.instruction.heredoc),
  );
}

function renderItem(original: ParsedDockerfile, item: PlanItem): string[] {
  const out: string[] = [];
  const carried = (item.carry ?? []).flatMap((instruction) => [...instruction.comments, ...instruction.innerComments]);
  if (item.kind === 'keep') {
    if (item.withComments !== false) out.push(...item.instruction.comments);
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
