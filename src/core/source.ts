/**
 * The original bytes of a Dockerfile as text, with what the printer needs to give them back:
 * the byte-order mark, the dominant line ending and the offset of every line.
 */
export type LineEnding = '\n' | '\r\n';

export interface SourceText {
  readonly text: string;
  readonly bom: boolean;
  readonly eol: LineEnding;
  readonly lineStarts: readonly number[];
}

const BOM = '\uFEFF';

export function sourceFromText(raw: string): SourceText {
  const bom = raw.startsWith(BOM);
  const text = bom ? raw.slice(1) : raw;
  return { text, bom, eol: dominantLineEnding(text), lineStarts: computeLineStarts(text) };
}

/** The ending new lines use in a file that mixes them: the one most of its lines use (its own lines keep theirs). */
export function dominantLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export interface Position {
  readonly line: number;
  readonly character: number;
}

export function offsetAt(source: SourceText, position: Position): number {
  const start = source.lineStarts[position.line];
  if (start === undefined) return source.text.length;
  return Math.min(start + position.character, source.text.length);
}

export function lineStartOf(source: SourceText, line: number): number {
  return source.lineStarts[line] ?? source.text.length;
}

/**
 * Why the bytes cannot be read as a UTF-8 Dockerfile, or null when they can. A file in another
 * encoding is named as such: decoding it as UTF-8 would turn its other characters into U+FFFD,
 * and a migration would write those back in place of the user's bytes.
 */
export function notUtf8Text(bytes: Uint8Array): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16 text; dfmod reads UTF-8 only';
  if (bytes.includes(0)) return 'binary file, not a Dockerfile';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    return 'not UTF-8 text (a legacy encoding such as Latin-1?); dfmod reads UTF-8 only';
  }
}
