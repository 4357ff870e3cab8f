/**
 * Words of one shell command with their place in its text, so a rewrite can drop or replace a
 * word and keep every other byte (quotes, `$VARIABLES`, spacing) as written.
 */
export interface Token {
  /** The word with quotes removed, as the command receives it. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    while (i < text.length && !/\s/.test(text[i]!)) {
      const char = text[i]!;
      if (char === "'" || char === '"') {
        const close = text.indexOf(char, i + 1);
        const end = close < 0 ? text.length : close;
        value += text.slice(i + 1, end).replace(char === '"' ? /\\(.)/g : /$^/g, '$1');
        i = end + 1;
      } else if (char === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else {
        value += char;
        i++;
      }
    }
    tokens.push({ value, start, end: Math.min(i, text.length) });
  }
  return tokens;
}

/** The text with the given tokens removed, each with the spacing before it. */
export function withoutTokens(text: string, remove: readonly Token[]): string {
  let out = text;
  for (const token of [...remove].sort((a, b) => b.start - a.start)) {
    let from = token.start;
    while (from > 0 && /[ \t]/.test(out[from - 1]!)) from--;
    out = out.slice(0, from) + out.slice(token.end);
  }
  return out;
}

/** Quotes a word for `sh` when it holds anything the shell would read (`>=`, `[`, `;`, spaces). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_.,:/@%+=-]+$/.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  return `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}
