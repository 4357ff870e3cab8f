import { posix } from 'node:path';
import { dominantLineEnding, type LineEnding } from '../core/source.js';

const DOCKERIGNORE_HEADER = '# added by dfmod';

/**
 * The .dockerignore text that also keeps `wanted` out of the build context, or null when
 * nothing needs adding. The user's lines are never removed, reordered or re-encoded: missing
 * entries are appended under one `# added by dfmod` header, in the order given, with the
 * file's own line ending.
 *
 * An entry is left out when the file already excludes it (the same pattern up to Docker's
 * clean-up, or a pattern that already matches it) and when the user re-includes any of it
 * with `!`: Docker lets the last matching line win, so appending it would silently undo the
 * user's re-inclusion.
 */
export function planDockerignore(existing: string | null, wanted: readonly string[], newFileEol: LineEnding = '\n'): string | null {
  const lines = existing === null ? [] : existing.replace(/^\uFEFF/, '').split(/\r?\n/);
  const excluded: string[] = [];
  const reincluded: string[] = [];
  for (const line of lines) {
    const pattern = readPattern(line);
    if (pattern === null) continue;
    if (pattern.startsWith('!')) reincluded.push(cleanPath(pattern.slice(1)));
    else excluded.push(cleanPath(pattern));
  }

  const additions: string[] = [];
  const taken = new Set(excluded.map(equivalenceKey));
  for (const entry of wanted) {
    const pattern = entry.trim();
    if (pattern === '') continue;
    const path = cleanPath(pattern);
    const key = equivalenceKey(path);
    if (taken.has(key)) continue;
    taken.add(key);
    if (reincluded.some((negated) => overlaps(path, negated))) continue;
    if (excluded.some((user) => matchesOrParentMatches(user, path))) continue;
    additions.push(pattern);
  }
  if (additions.length === 0) return null;

  // A new file follows the Dockerfile beside it; an existing one keeps its own endings.
  const eol = existing === null ? newFileEol : dominantLineEnding(existing);
  let text = existing ?? '';
  if (text !== '' && !text.endsWith('\n')) text += eol;
  const hasHeader = lines.some((line) => line.trim() === DOCKERIGNORE_HEADER);
  const block = hasHeader ? additions : [DOCKERIGNORE_HEADER, ...additions];
  // Our block stands apart from the user's lines, unless they already end with a blank line.
  const lastLine = text.split(/\r?\n/).at(-2);
  const gap = !hasHeader && lastLine !== undefined && lastLine.trim() !== '' ? eol : '';
  return text + gap + block.map((line) => line + eol).join('');
}

/** The pattern a line holds as Docker reads it: comments only at column 0, spaces trimmed. */
function readPattern(line: string): string | null {
  if (line.startsWith('#')) return null;
  const pattern = line.trim();
  if (pattern === '') return null;
  return pattern.startsWith('!') ? `!${pattern.slice(1).trim()}` : pattern;
}

/** Docker cleans every pattern (`./a/` is `a`) and anchors it at the context root (`/a` is `a`). */
function cleanPath(pattern: string): string {
  return posix.normalize(pattern).replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * `node_modules` and `**\/node_modules` differ for nested directories, but a user who wrote
 * either has decided about that directory, and adding the other would only be noise.
 */
function equivalenceKey(path: string): string {
  return path.replace(/^(\*\*\/)+/, '');
}

function overlaps(path: string, other: string): boolean {
  return matchesOrParentMatches(path, other) || matchesOrParentMatches(other, path);
}

/**
 * Whether Docker's `pattern` would exclude the (possibly glob) `path`, as Docker does, through
 * the path itself or any of its parent directories. Globs in `path` are read literally, which
 * errs towards "yes", the safe answer for both callers.
 */
function matchesOrParentMatches(pattern: string, path: string): boolean {
  const regexp = patternRegExp(pattern);
  const target = equivalenceKey(path);
  const parts = target.split('/');
  return parts.some((_, index) => regexp.test(parts.slice(0, index + 1).join('/')));
}

function patternRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        source += '(?:.*/)?';
      } else {
        source += '.*';
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      // A character class matches one character; reading it as any character errs towards a match.
      const end = pattern.indexOf(']', i + 1);
      source += end === -1 ? '\\[' : '[^/]';
      if (end !== -1) i = end;
    } else if (char === '\\' && i + 1 < pattern.length) {
      i++;
      source += escapeRegExp(pattern[i]!);
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
