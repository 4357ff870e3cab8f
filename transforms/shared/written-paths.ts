import { posix } from 'node:path';
import type { Instruction } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands } from '../../src/core/shell.js';
import type { WrittenPath } from './app-owner.js';
import { EMPTY_SCOPE, expand, nextScope, type Scope } from './placement.js';

/** mkdir's options that take a value (`-m 0755`). */
const MKDIR_VALUE_OPTIONS = new Set(['-m', '--mode', '--context']);

/**
 * What the Dockerfile itself says the app writes: its VOLUME mount points, and the directories
 * it creates with mkdir (uploads, data, logs), resolved against the WORKDIR they were made in.
 * A directory made to become a WORKDIR (`mkdir /app` before `WORKDIR /app`) is the app's home, not
 * a place it writes; and when the original chowns anything itself, its own mkdirs are its business.
 * A path a variable hides is returned as written, so that ownership can say why it stops there.
 */
export function dockerfileWrittenPaths(instructions: readonly Instruction[]): WrittenPath[] {
  const workdirs = new Set<string>();
  let scope: Scope = EMPTY_SCOPE;
  for (const instruction of instructions) {
    scope = nextScope(scope, instruction);
    if (instruction.keyword === 'WORKDIR' && scope.workdir !== null) workdirs.add(scope.workdir);
  }
  const homeOfApp = (path: string) => [...workdirs].some((workdir) => workdir === path || workdir.startsWith(`${path}/`));

  const volumes: WrittenPath[] = [];
  const made: WrittenPath[] = [];
  let chowns = false;
  scope = EMPTY_SCOPE;
  for (const instruction of instructions) {
    if (instruction.keyword === 'VOLUME') {
      for (const path of volumePaths(instruction)) volumes.push({ path: resolve(scope, scope.workdir, path), kind: 'directory', source: `VOLUME ${path}` });
    } else if (instruction.keyword === 'RUN' && !instruction.heredoc && instruction.json === null) {
      let here = scope.workdir;
      for (const command of splitCommands(instruction.argsText) ?? []) {
        const words = commandWords(command);
        if (words[0] === 'chown') chowns = true;
        if (words[0] === 'cd') {
          const target = expand(words[1] ?? '', scope.variables);
          // Past a `cd` it cannot follow, a relative mkdir could be anywhere.
          if (target === null || target === '') break;
          here = posix.resolve(here ?? '/', target);
        }
        if (words[0] !== 'mkdir') continue;
        for (const path of mkdirTargets(words)) {
          const resolved = resolve(scope, here, path);
          if (!homeOfApp(resolved)) made.push({ path: resolved, kind: 'directory', source: `line ${instruction.line + 1} (${command.text})` });
        }
      }
    }
    scope = nextScope(scope, instruction);
  }
  const all = [...(chowns ? [] : made), ...volumes];
  return all.filter((path, index) => all.findIndex((other) => other.path === path.path) === index);
}

function resolve(scope: Scope, here: string | null, path: string): string {
  const expanded = expand(path, scope.variables);
  if (expanded === null) return path;
  return posix.resolve(here ?? '/', expanded).replace(/(.)\/$/, '$1');
}

function mkdirTargets(words: readonly string[]): string[] {
  const targets: string[] = [];
  for (let index = 1; index < words.length; index++) {
    const word = words[index]!;
    if (MKDIR_VALUE_OPTIONS.has(word)) index++;
    else if (!word.startsWith('-')) targets.push(word);
  }
  return targets;
}

function volumePaths(instruction: Instruction): string[] {
  const text = instruction.argsText.trim();
  if (text.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value)) return value.filter((path): path is string => typeof path === 'string');
    } catch {
      return [];
    }
  }
  return [...instruction.args];
}

/**
 * The database files SQLite URLs in a source or config text name, as written: `sqlite:///./todos.db`
 * gives `./todos.db` (relative to the working directory), `sqlite:////data/app.db` gives
 * `/data/app.db`, driver suffixes included (`sqlite+aiosqlite:///`). In-memory databases and
 * URLs built from variables give nothing. Each comes with its 1-based line.
 */
export function sqliteUrlPaths(text: string): { readonly path: string; readonly line: number; readonly url: string }[] {
  const found: { path: string; line: number; url: string }[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\s*(#|\/\/)/.test(line)) return;
    for (const match of line.matchAll(/\bsqlite(?:\+\w+)?:\/\/\/([^\s"'`?{}$]+)/g)) {
      const path = match[1]!;
      if (path === ':memory:' || path.includes('%')) continue;
      found.push({ path, line: index + 1, url: match[0] });
    }
  });
  return found;
}

/**
 * The SQLite database a Prisma schema's datasource names, relative to the context: Prisma reads a
 * `file:` URL relative to the schema's own directory (`prisma/schema.prisma` with
 * `url = "file:./dev.db"` writes `prisma/dev.db`). A URL from `env("DATABASE_URL")` is looked up
 * in `environment` (the image's ENV); one the image does not set comes back as its variable,
 * since only the running container knows where the database is. With its 1-based line.
 */
export function prismaSqlitePath(
  schemaPath: string,
  text: string,
  environment: ReadonlyMap<string, string | null> = new Map(),
): { readonly path: string; readonly line: number } | { readonly variable: string; readonly line: number } | null {
  let inDatasource = false;
  let sqlite = false;
  let url: { value: string; line: number } | { variable: string; line: number } | null = null;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (/^datasource\s+\w+\s*\{$/.test(line)) inDatasource = true;
    else if (inDatasource && line === '}') break;
    else if (inDatasource && /^provider\s*=\s*"sqlite"$/.test(line)) sqlite = true;
    else if (inDatasource) {
      const literal = /^url\s*=\s*"([^"]*)"/.exec(line);
      const variable = /^url\s*=\s*env\(\s*"([^"]+)"\s*\)/.exec(line);
      if (literal) url = { value: literal[1]!, line: index + 1 };
      else if (variable) {
        const value = environment.get(variable[1]!);
        url = typeof value === 'string' ? { value, line: index + 1 } : { variable: variable[1]!, line: index + 1 };
      }
    }
  }
  if (!sqlite || url === null) return null;
  if ('variable' in url) return url;
  const file = /^file:([^?]+)/.exec(url.value);
  if (!file) return null;
  const path = file[1]!.startsWith('/') ? file[1]! : posix.join(posix.dirname(schemaPath), file[1]!);
  return { path, line: url.line };
}

/**
 * Expressions that name a place under the system's temporary directory, which every user may
 * write: Node's `os.tmpdir()`, Rust's `env::temp_dir()`, Go's `os.TempDir()`, Python's
 * `tempfile.gettempdir()`, or a literal (or format string) that starts with `/tmp/`.
 */
const TEMPORARY_PATH = /\b(?:os\.)?tmpdir\(|\b(?:std::)?env::temp_dir\(|\bos\.TempDir\(|\btempfile\.gettempdir\(|^(?:format!\(\s*|path\.join\(\s*|Path::new\(\s*)?["'`]\/tmp(?:\/|["'`])/;

/**
 * Whether the path a write computes lands in the temporary directory: the argument itself, or,
 * for a plain name, the expression the same file last assigned to it (`const file =
 * path.join(os.tmpdir(), name)`, `let out = env::temp_dir().join(name)`), so that such a write
 * needs nothing of the run user.
 */
export function isTemporaryPath(argument: string, source: string): boolean {
  if (TEMPORARY_PATH.test(argument.trim())) return true;
  const name = /^[A-Za-z_$][\w$]*$/.exec(argument.trim())?.[0];
  if (name === undefined) return false;
  const assignment = new RegExp(`\\b(?:const|let|var|let\\s+mut)\\s+${name.replace(/\$/g, '\\$')}\\s*(?::[^=]+)?=\\s*([^;\\n]+)`, 'g');
  const value = [...source.matchAll(assignment)].at(-1)?.[1];
  return value !== undefined && TEMPORARY_PATH.test(value.trim());
}
