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

/** Calls that create or write a file or directory at the path of their first argument. */
const WRITE_CALL = /\b(?:File\.(?:WriteAll(?:Text|Bytes|Lines)|AppendAll(?:Text|Lines)|Create|CreateText|AppendText|OpenWrite)(?:Async)?|Directory\.CreateDirectory|new\s+StreamWriter)\s*\(/g;
/** A FileStream opened to create or append (`new FileStream(path, FileMode.Create)`, `FileStream fs = new(path, FileMode.Append)`). */
const STREAM_CALL = /\b(?:new\s+FileStream\s*\(|FileStream\s+\w+\s*=\s*new\s*\()(?=[^;]*FileMode\.(?:Create|CreateNew|Append|OpenOrCreate)\b)/g;

/** The text of a call's first argument, from just after its `(`. */
function firstArgument(text: string, from: number): string {
  let depth = 0;
  for (let index = from; index < text.length; index++) {
    const char = text[index]!;
    if (char === '(') depth++;
    else if (char === ')' && depth-- === 0) return text.slice(from, index).trim();
    else if (char === ',' && depth === 0) return text.slice(from, index).trim();
    else if (char === '"') index = text.indexOf('"', index + 1);
  }
  return text.slice(from).trim();
}

/** A plain or verbatim string literal's value; null for an interpolated string or any expression. */
function literal(expression: string): string | null {
  const match = /^@?"([^"{}\\]*)"$/.exec(expression);
  return match ? match[1]! : null;
}

type NamedPath = { path: string; kind: 'file' | 'directory' };

/** A configuration value by its `Section:Key` name in the app's settings files. */
type SettingLookup = (key: string) => string[] | null;

/**
 * What a path expression names: a literal, `Path.Combine("dir", ...)` (a file in that
 * directory), `config["Section:Key"] ?? "fallback"` (the fallback and what the settings files
 * set), or a variable set once to one of those in the same file.
 */
function resolvePath(expression: string, text: string, setting: SettingLookup, depth = 0): NamedPath[] | null {
  const value = literal(expression);
  if (value !== null) return [{ path: value, kind: 'file' }];
  const combine = /^Path\.Combine\s*\(/.exec(expression);
  if (combine) {
    const base = literal(firstArgument(expression, combine[0].length));
    return base === null ? null : [{ path: base, kind: 'directory' }];
  }
  const fallback = /^\w+\s*\[\s*"([^"]+)"\s*\]\s*\?\?\s*(@?"[^"]*")$/.exec(expression);
  if (fallback) {
    const configured = setting(fallback[1]!);
    const last = literal(fallback[2]!);
    return configured === null || last === null ? null : [...new Set([...configured, last])].map((path) => ({ path, kind: 'file' }));
  }
  if (depth > 0 || !/^[A-Za-z_]\w*$/.test(expression)) return null;
  const assignments = [...text.matchAll(new RegExp(`\\b${expression}\\s*=\\s*([^;=][^;]*);`, 'g'))];
  if (assignments.length !== 1) return null;
  return resolvePath(assignments[0]![1]!.trim(), text, setting, depth + 1);
}

/** The string values the settings files give `Section:Key`; null when one is not a string. */
function settingLookup(context: BuildContext, settings: readonly string[]): SettingLookup {
  return (key) => {
    const values: string[] = [];
    for (const file of settings) {
      let node: unknown = parseJsonc((context.contents.get(file) ?? '').replace(/^\uFEFF/, ''));
      for (const part of key.split(':')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
      if (node === undefined) continue;
      if (typeof node !== 'string') return null;
      values.push(node);
    }
    return values;
  };
}

function opensStream(expression: string, text: string): boolean {
  if (/^new\s+(?:FileStream|MemoryStream)\b|^File\.(?:Open|Create|OpenWrite)\b/.test(expression)) return true;
  if (!/^[A-Za-z_]\w*$/.test(expression)) return false;
  const assignments = [...text.matchAll(new RegExp(`\\b${expression}\\s*=\\s*([^;=][^;]*);`, 'g'))];
  return assignments.length === 1 && opensStream(assignments[0]![1]!.trim(), '');
}

export type CodeWrites = { readonly ok: true; readonly paths: readonly WrittenPath[] } | { readonly ok: false; readonly at: string };

/**
 * Paths the app's code writes (`File.WriteAllText("users.json", ...)`, a FileStream opened with
 * `FileMode.Create`, `Directory.CreateDirectory`). A relative path is opened against the working
 * directory, which the publish output makes root-owned: the non-root user must own it. A write
 * whose path is not a literal dfmod can follow comes back as the place it is written (`at`).
 */
export function codeWrittenPaths(context: BuildContext, directories: readonly string[], settings: readonly string[]): CodeWrites {
  const paths: WrittenPath[] = [];
  const setting = settingLookup(context, settings);
  for (const [file, text] of context.contents) {
    if (!CODE_EXTENSIONS.some((extension) => file.endsWith(extension))) continue;
    if (!directories.some((directory) => directory === '.' || file.startsWith(`${directory}/`))) continue;
    const code = text.split('\n').map((line) => (line.trimStart().startsWith('//') ? '' : line)).join('\n');
    for (const pattern of [WRITE_CALL, STREAM_CALL]) {
      for (const match of code.matchAll(pattern)) {
        const at = `${file}:${code.slice(0, match.index).split('\n').length}`;
        const argument = firstArgument(code, match.index + match[0].length);
        // A StreamWriter over a stream the code opened writes where that stream's own call (matched on its own) does.
        if (match[0].includes('StreamWriter') && opensStream(argument, code)) continue;
        const resolved = resolvePath(argument, code, setting);
        if (resolved === null) return { ok: false, at };
        for (const named of resolved) {
          const kind = match[0].includes('CreateDirectory') ? 'directory' : named.kind;
          if (!paths.some((entry) => entry.path === named.path)) paths.push({ path: named.path, kind, source: at });
        }
      }
    }
  }
  return { ok: true, paths };
}
