import type { Instruction } from '../../src/core/dockerfile.js';
import type { Edit, PlanItem } from '../../src/core/plan.js';

/**
 * Edits that turn an original FROM into a named stage, optionally on another image: the flags,
 * spacing and comments of the line are kept. A FROM `repeated` into a second stage is dfmod's line
 * there, so its keyword (and its `AS`) take the file's majority casing, as the other lines dfmod writes do.
 */
export function fromEdits(from: Instruction, stageName: string, lowercase: boolean, image?: string, repeated = false): Edit[] {
  const edits: Edit[] = [];
  const keyword = from.raw.slice(0, from.argsOffset).trimEnd();
  const written = lowercase ? 'from' : 'FROM';
  const recased = repeated && keyword.toUpperCase() === 'FROM' && keyword !== written;
  if (recased) edits.push({ start: 0, end: keyword.length, text: written });
  const words = wordSpans(from);
  const imageWord = words.find((word) => !word.text.startsWith('--'));
  if (image !== undefined && imageWord) edits.push({ start: imageWord.start, end: imageWord.end, text: image });
  const as = words.findIndex((word) => word.text.toUpperCase() === 'AS');
  const nameWord = as >= 0 ? words[as + 1] : undefined;
  const asWord = lowercase ? 'as' : 'AS';
  if (recased && as >= 0 && words[as]!.text !== asWord) edits.push({ start: words[as]!.start, end: words[as]!.end, text: asWord });
  if (nameWord) edits.push({ start: nameWord.start, end: nameWord.end, text: stageName });
  else edits.push({ start: from.raw.length, end: from.raw.length, text: ` ${recased ? asWord : asKeyword(from, lowercase)} ${stageName}` });
  return edits;
}

/** BuildKit's FromAsCasing compares `AS` with its own FROM; a mixed-case `From` takes the file's casing. */
function asKeyword(from: Instruction, lowercase: boolean): string {
  const written = from.raw.slice(0, from.argsOffset).trim();
  if (written === 'from') return 'as';
  if (written === 'FROM') return 'AS';
  return lowercase ? 'as' : 'AS';
}

/** Word spans of a one-line instruction's arguments, relative to its raw text. */
function wordSpans(instruction: Instruction): { text: string; start: number; end: number }[] {
  const spans: { text: string; start: number; end: number }[] = [];
  const raw = instruction.raw;
  let index = instruction.argsOffset;
  while (index < raw.length) {
    while (index < raw.length && /\s/.test(raw[index]!)) index++;
    const start = index;
    while (index < raw.length && !/\s/.test(raw[index]!)) index++;
    if (index > start) spans.push({ text: raw.slice(start, index), start, end: index });
  }
  return spans;
}

/** Adds flags (such as a cache mount) right after the keyword, before any existing flag. */
export function insertFlagsEdit(instruction: Instruction, flags: readonly string[]): Edit {
  return { start: instruction.argsOffset, end: instruction.argsOffset, text: flags.map((flag) => `${flag} `).join('') };
}

export function cacheMountFlag(target: string, owner?: { uid: number; gid: number }, id?: string): string {
  const ownership = owner ? `,uid=${owner.uid},gid=${owner.gid}` : '';
  return `--mount=type=cache,${id ? `id=${id},` : ''}target=${target}${ownership}`;
}

export function keep(instruction: Instruction, options: { edits?: Edit[]; withComments?: boolean; carry?: Instruction[] } = {}): PlanItem {
  return { kind: 'keep', instruction, ...options };
}

export function added(lines: string | readonly string[], options: { carry?: Instruction[]; blankBefore?: boolean } = {}): PlanItem {
  return { kind: 'new', lines: typeof lines === 'string' ? [lines] : lines, ...options };
}

/** Items whose comments are dropped with them get their comments moved to the next item kept. */
export function attachOrphanComments(items: PlanItem[], orphans: Instruction[]): PlanItem[] {
  if (orphans.length === 0) return items;
  const [first, ...rest] = items;
  if (!first) return items;
  return [{ ...first, carry: [...orphans, ...(first.carry ?? [])] }, ...rest];
}

/** Instructions that only describe the running container, kept last in a production stage. */
const TRAILING_METADATA = new Set(['EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'LABEL', 'STOPSIGNAL', 'VOLUME', 'MAINTAINER']);

/** Where USER (and the steps before it) go: after the last step that writes files, before the trailing metadata. */
export function userPosition(items: readonly PlanItem[]): number {
  let position = items.length;
  while (position > 0) {
    const item = items[position - 1]!;
    if (item.kind === 'keep' && TRAILING_METADATA.has(item.instruction.keyword)) position--;
    else break;
  }
  return position;
}
