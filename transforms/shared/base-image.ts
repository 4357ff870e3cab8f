import type { Instruction, ParsedDockerfile } from '../../src/core/dockerfile.js';

export type BaseImage =
  | {
      readonly kind: 'resolved';
      /** The image reference with global ARG defaults substituted. */
      readonly image: string;
      /** The global ARGs the FROM line used, if any (`FROM node:${NODE_VERSION}`). */
      readonly args: readonly string[];
      readonly from: Instruction;
    }
  | { readonly kind: 'unresolved'; readonly reason: string };

/**
 * The single stage's base image, resolving `${ARG}` from the global ARGs' defaults as the
 * builder would when no --build-arg is given.
 */
export function resolveBaseImage(dockerfile: ParsedDockerfile): BaseImage {
  const from = dockerfile.stages[0]!.from;
  const written = from.args.find((word) => !word.startsWith('--')) ?? '';
  const defaults = new Map<string, string | null>();
  for (const arg of dockerfile.globalArgs) for (const [name, value] of arg.properties) defaults.set(name, value);

  const used: string[] = [];
  let missing: string | null = null;
  const image = expandVariables(written, (name, fallback) => {
    used.push(name);
    const value = defaults.get(name);
    if (value !== undefined && value !== null && value !== '') return value;
    if (fallback !== null) return fallback;
    missing ??= name;
    return '';
  });
  if (missing !== null) {
    return { kind: 'unresolved', reason: `the base image comes from ARG ${missing}, which has no default` };
  }
  if (image === '') return { kind: 'unresolved', reason: 'the FROM line names no image' };
  return { kind: 'resolved', image, args: used, from };
}

/** Expands `$NAME`, `${NAME}` and `${NAME:-fallback}` as Dockerfile variable substitution does. */
export function expandVariables(text: string, lookup: (name: string, fallback: string | null) => string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '$') {
      out += char;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) return out + text.slice(i);
      const body = text.slice(i + 2, close);
      const [name = '', fallback] = body.includes(':-') ? [body.slice(0, body.indexOf(':-')), body.slice(body.indexOf(':-') + 2)] : [body, null];
      out += lookup(name, fallback ?? null);
      i = close;
    } else {
      let end = i + 1;
      while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
      if (end === i + 1) {
        out += char;
        continue;
      }
      out += lookup(text.slice(i + 1, end), null);
      i = end - 1;
    }
  }
  return out;
}
