import { posix } from 'node:path';
import type { BuildContext } from '../../src/core/context.js';
import type { WrittenPath } from '../shared/app-owner.js';
import { parseJsonc } from '../shared/jsonc.js';

/** Source files of the languages .NET builds, which dfmod reads for what they load at run time. */
export const CODE_EXTENSIONS = ['.cs', '.fs', '.vb'];

/** Calls that load an assembly or native library from a path: what they load is not in the publish output's graph. */
const LOADS_BY_PATH = ['Assembly.LoadFrom(', 'Assembly.LoadFile(', 'LoadFromAssemblyPath(', 'NativeLibrary.Load('];

/** The first place under `directory` where code loads an assembly by path (`Plugins.cs:12`), or null. */
export function assemblyLoadByPath(context: BuildContext, directories: readonly string[]): string | null {
  for (const [path, text] of context.contents) {
    if (!CODE_EXTENSIONS.some((extension) => path.endsWith(extension))) continue;
    if (!directories.some((directory) => directory === '.' || path.startsWith(`${directory}/`))) continue;
    const lines = text.split('\n');
    const index = lines.findIndex((line) => !line.trimStart().startsWith('//') && LOADS_BY_PATH.some((call) => line.includes(call)));
    if (index >= 0) return `${path}:${index + 1}`;
  }
  return null;
}

/** The app's `appsettings*.json` files in its project directory. */
export function appsettingsFiles(context: BuildContext, projectDirectory: string): string[] {
  const prefix = projectDirectory === '.' ? '' : `${projectDirectory}/`;
  return context.files.filter((file) => file.startsWith(prefix) && /^appsettings(\.[^/]+)?\.json$/i.test(file.slice(prefix.length)));
}

const SQLITE_PACKAGES = ['microsoft.entityframeworkcore.sqlite', 'microsoft.data.sqlite', 'system.data.sqlite'];
const SQLITE_KEYS = new Set(['data source', 'datasource', 'filename']);

/**
 * SQLite databases the app's connection strings name with a relative path: SQLite opens them
 * against the working directory, so the non-root user must own that directory. Only read when
 * the project references a SQLite provider, since `Data Source` names a server for the others.
 */
export function sqliteWrittenPaths(context: BuildContext, settings: readonly string[], packages: readonly string[]): WrittenPath[] {
  if (!packages.some((name) => SQLITE_PACKAGES.includes(name.toLowerCase()))) return [];
  const written: WrittenPath[] = [];
  for (const file of settings) {
    const document = parseJsonc(context.contents.get(file) ?? '');
    const strings = typeof document === 'object' && document !== null ? (document as Record<string, unknown>)['ConnectionStrings'] : undefined;
    if (typeof strings !== 'object' || strings === null) continue;
    for (const value of Object.values(strings as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      for (const part of value.split(';')) {
        const equals = part.indexOf('=');
        const key = part.slice(0, equals).trim().toLowerCase();
        const path = part.slice(equals + 1).trim();
        if (equals < 0 || !SQLITE_KEYS.has(key) || path === '' || path === ':memory:' || path.includes('|')) continue;
        const copied = context.files.includes(posix.join(posix.dirname(file), path));
        if (!written.some((entry) => entry.path === path)) written.push({ path, kind: 'file', source: `${file} (${part.trim()})`, copied });
      }
    }
  }
  return written;
}
