import type { BuildContext } from '../../src/core/context.js';
import type { WrittenPath } from '../shared/app-owner.js';

/**
 * Calls that open a SQLite database file, creating it (and its `-journal` next to it) when it is
 * missing, by their literal argument: r2d2_sqlite's manager and rusqlite's connection.
 */
const DATABASE_OPENERS: readonly RegExp[] = [
  /\bSqliteConnectionManager::file\(\s*"([^"\\]+)"/g,
  /\bConnection::open(?:_with_flags)?\(\s*"([^"\\]+)"/g,
];

/**
 * sqlx's SQLite URLs in string literals: `sqlite://todo.db`, `sqlite:todo.db` and
 * `sqlite:///data/app.db` (sqlx takes what follows `sqlite://` or `sqlite:` as the path).
 */
const SQLX_URL = /"sqlite:(?:\/\/)?([^"\\?]+)(\?[^"\\]*)?"/g;

/** The database a literal names, or null for an in-memory one or one a format string builds. */
function databasePath(path: string, query: string): string | null {
  if (path === '' || path.startsWith(':memory:') || /[{}$]/.test(path) || /(^|[?&])mode=memory\b/.test(query)) return null;
  return path;
}

/**
 * The SQLite database files the package sources open at run time by a literal path, absolute or
 * relative to the working directory: the directory each lands in must be the run user's.
 */
export function sqliteDatabases(context: BuildContext): WrittenPath[] {
  const found: WrittenPath[] = [];
  for (const [file, text] of context.contents) {
    if (!file.endsWith('.rs') || file.endsWith('build.rs') || !/(^|\/)src\//.test(file)) continue;
    text.split(/\r?\n/).forEach((line, index) => {
      if (/^\s*\/\//.test(line)) return;
      const hits = [
        ...DATABASE_OPENERS.flatMap((opener) => [...line.matchAll(opener)].map((match) => ({ path: databasePath(match[1]!, ''), what: `${match[0]})` }))),
        ...[...line.matchAll(SQLX_URL)].map((match) => ({ path: databasePath(match[1]!, match[2] ?? ''), what: match[0] })),
      ];
      for (const { path, what } of hits) {
        if (path === null || found.some((known) => known.path === path)) continue;
        found.push({ path, kind: 'file', source: `${file}:${index + 1} (${what})` });
      }
    });
  }
  return found;
}
