/**
 * The directives of a go.mod file that dfmod needs: the module path, the go version and the
 * required modules. go.mod is line-based (`directive args` or `directive ( ... )` blocks, `//`
 * comments), so a small reader of its lines is enough; nothing else in it is interpreted.
 */
export interface GoMod {
  readonly module: string | null;
  /** The `go 1.22` directive's version. */
  readonly go: string | null;
  /** Required module paths, direct and indirect. */
  readonly requires: readonly string[];
  /** Module paths a `replace` points at a local directory (`=> ../lib`). */
  readonly localReplacements: readonly string[];
}

export function readGoMod(text: string): GoMod {
  let module: string | null = null;
  let go: string | null = null;
  const requires: string[] = [];
  const localReplacements: string[] = [];
  let block: string | null = null;

  for (const rawLine of text.split(/\r?\n/)) {
    const line = stripComment(rawLine).trim();
    if (line === '') continue;
    if (block !== null) {
      if (line === ')') {
        block = null;
        continue;
      }
      collect(block, tokens(line));
      continue;
    }
    const [directive = '', ...rest] = tokens(line);
    if (rest[0] === '(' && rest.length === 1) {
      block = directive;
      continue;
    }
    if (directive === 'module') module = rest[0] ?? null;
    else if (directive === 'go') go = rest[0] ?? null;
    else collect(directive, rest);
  }
  return { module, go, requires, localReplacements };

  function collect(directive: string, args: readonly string[]): void {
    if (directive === 'require' && args[0]) requires.push(args[0]);
    if (directive === 'replace') {
      const arrow = args.indexOf('=>');
      const target = arrow >= 0 ? args[arrow + 1] : undefined;
      if (target && (target.startsWith('./') || target.startsWith('../') || target.startsWith('/'))) localReplacements.push(target);
    }
  }
}

/** A `//` comment ends the line, outside quoted strings. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote !== null) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === '`') {
      quote = char;
    } else if (char === '/' && line[i + 1] === '/') {
      return line.slice(0, i);
    }
  }
  return line;
}

function tokens(line: string): string[] {
  return line
    .split(/\s+/)
    .filter((token) => token !== '')
    .map((token) => (token.length >= 2 && (token.startsWith('"') || token.startsWith('`')) ? token.slice(1, -1) : token));
}

/** The binary name Go gives a main package: the last path element that is not a `/vN` suffix. */
export function binaryNameOf(importPath: string): string {
  const parts = importPath.replace(/\/+$/, '').split('/').filter((part) => part !== '' && part !== '.');
  const last = parts.at(-1) ?? '';
  if (/^v[0-9]+$/.test(last) && parts.length > 1) return parts.at(-2)!;
  return last;
}

/** `[1, 22]` for `1.22`, `1.22.3`, `1.22rc1`; null for `latest`, `1` or anything else. */
export function goMinorVersion(version: string | null): readonly [number, number] | null {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2])] : null;
}
