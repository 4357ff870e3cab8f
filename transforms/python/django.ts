import type { BuildContext } from '../../src/core/context.js';

/**
 * Where a Django setting puts files, as far as the settings text says it: below BASE_DIR
 * (a context directory), at an absolute image path, or unknown.
 */
export type SettingPath =
  | { readonly kind: 'context'; readonly path: string }
  | { readonly kind: 'absolute'; readonly path: string }
  | { readonly kind: 'unknown'; readonly expression: string };

export interface DjangoFacts {
  /** The context directory holding manage.py. */
  readonly projectDir: string;
  readonly staticRoot: SettingPath | null;
  readonly mediaRoot: SettingPath | null;
  /** The settings store the database in a SQLite file, which the app must be able to write. */
  readonly sqlite: boolean;
  /**
   * Directories the settings write when they load: a path setting they `mkdir`
   * (`LOG_DIR.mkdir(exist_ok=True)`, `os.makedirs(LOG_DIR)`), and the folder of each logging
   * handler's `filename`, each with the setting's name.
   */
  readonly writtenDirs: readonly { readonly name: string; readonly path: SettingPath }[];
}

const SETTINGS_MODULE = /DJANGO_SETTINGS_MODULE['"]?\s*,\s*['"]([\w.]+)['"]/;
const ENV_LOOKUP = /^(?:os\.environ\.get|os\.getenv|env(?:\.str|\.path)?)\(\s*['"](\w+)['"]\s*(?:,\s*(?:default\s*=\s*)?(.*))?\)$/;
const BASE_NAMES = /\b(BASE_DIR|PROJECT_ROOT|ROOT_DIR|BASE_PATH|PROJECT_DIR)\b/;

/**
 * Reads the Django settings the project's manage.py names (following `from .base import *`)
 * for the directories the app serves and writes. Settings are Python: only plain assignments
 * of paths built from BASE_DIR, string literals and environment lookups are understood.
 */
export function readDjango(context: BuildContext, env: ReadonlyMap<string, string>): DjangoFacts | null {
  const settings = djangoSettings(context, env);
  if (settings === null) return null;
  const { projectDir, chain, files } = settings;
  const resolve = (name: string): SettingPath | null => {
    const found = files.flatMap((file) => {
      const expression = lastAssignment(context.contents.get(file) ?? '', name);
      return expression === null ? [] : [settingPath(expression, file, env)];
    });
    if (found.length === 0) return null;
    // Along the module's star imports the most specific file wins; among unrelated files they must agree.
    if (chain.length > 0) return found[0]!;
    const distinct = new Map(found.map((path) => [JSON.stringify(path), path]));
    return distinct.size === 1 ? found[0]! : { kind: 'unknown', expression: `${name} differs between settings files` };
  };
  // A commented-out DATABASES block says nothing about the database in use.
  const sqlite = files.some((file) => (context.contents.get(file) ?? '').split(/\r?\n/).some((line) => !line.trimStart().startsWith('#') && line.includes('django.db.backends.sqlite3')));
  return { projectDir, staticRoot: resolve('STATIC_ROOT'), mediaRoot: resolve('MEDIA_ROOT'), sqlite, writtenDirs: settingsWrites(context, files, env, resolve) };
}

/** The directories the settings files make or log into, by the path settings they name. */
function settingsWrites(context: BuildContext, files: readonly string[], env: ReadonlyMap<string, string>, resolve: (name: string) => SettingPath | null): { name: string; path: SettingPath }[] {
  const written: { name: string; path: SettingPath }[] = [];
  const add = (name: string, path: SettingPath | null) => {
    if (path !== null && !written.some((entry) => entry.name === name)) written.push({ name, path });
  };
  for (const file of files) {
    const text = (context.contents.get(file) ?? '').split(/\r?\n/).filter((line) => !line.trimStart().startsWith('#')).join('\n');
    for (const match of text.matchAll(/\b([A-Z][A-Z0-9_]*)\.mkdir\(|\bos\.(?:makedirs|mkdir)\(\s*([A-Z][A-Z0-9_]*)\b/g)) {
      const name = match[1] ?? match[2]!;
      add(name, resolve(name));
    }
    for (const match of text.matchAll(/['"]filename['"]\s*:\s*([^,\n}]+)/g)) {
      const expression = match[1]!.trim();
      const named = /^([A-Z][A-Z0-9_]*)\s*\/\s*['"][^'"]+['"]$/.exec(expression) ?? /^os\.path\.join\(\s*([A-Z][A-Z0-9_]*)\s*,\s*['"][^'"]+['"]\s*\)$/.exec(expression);
      if (named && !BASE_NAMES.test(named[1]!)) add(named[1]!, resolve(named[1]!));
      else {
        const path = settingPath(expression, file, env);
        if (path.kind !== 'unknown' && path.path.includes('/')) add(`LOGGING filename ${path.path}`, { ...path, path: path.path.slice(0, path.path.lastIndexOf('/')) });
      }
    }
  }
  return written;
}

/**
 * The Django project of the context: manage.py's directory, the settings module's chain (empty
 * when no module is named) and the settings files dfmod reads. Null without a manage.py.
 */
function djangoSettings(context: BuildContext, env: ReadonlyMap<string, string>): { projectDir: string; chain: string[]; files: string[] } | null {
  const manage = context.files.filter((file) => file === 'manage.py' || file.endsWith('/manage.py')).sort((a, b) => a.length - b.length)[0];
  if (manage === undefined) return null;
  const projectDir = manage.includes('/') ? manage.slice(0, manage.lastIndexOf('/')) : '';
  const module = env.get('DJANGO_SETTINGS_MODULE') ?? SETTINGS_MODULE.exec(context.contents.get(manage) ?? '')?.[1];
  const chain = module ? settingsChain(context, projectDir, module) : [];
  const files = chain.length > 0 ? chain : context.files.filter((file) => /(^|\/)settings(\.py|\/[\w]+\.py)$/.test(file) && context.contents.has(file));
  return { projectDir, chain, files };
}

/** The Django settings files of the context with manage.py: what a command that does not run Django never loads. */
export function djangoSettingsFiles(context: BuildContext, env: ReadonlyMap<string, string>): string[] {
  return djangoSettings(context, env)?.files ?? [];
}

/** The settings module's file and the files it star-imports, most specific first. */
function settingsChain(context: BuildContext, projectDir: string, module: string): string[] {
  const chain: string[] = [];
  const prefix = projectDir === '' ? '' : `${projectDir}/`;
  let current: string | undefined = moduleFile(context, prefix + module.split('.').join('/'));
  while (current !== undefined && !chain.includes(current) && chain.length < 4) {
    chain.push(current);
    const text = context.contents.get(current) ?? '';
    const star = /^from\s+(\.+)?([\w.]*)\s+import\s+\*/m.exec(text);
    if (!star) break;
    const directory = current.slice(0, current.lastIndexOf('/') + 1);
    const target = star[1] ? directory + (star[2] ?? '').split('.').join('/') : prefix + (star[2] ?? '').split('.').join('/');
    current = moduleFile(context, target);
  }
  return chain;
}

function moduleFile(context: BuildContext, path: string): string | undefined {
  return [`${path}.py`, `${path}/__init__.py`].find((candidate) => context.contents.has(candidate));
}

/** The expression a module assigns `name` last at its top level (`LOG_DIR = BASE_DIR / "logs"`), or null. */
export function lastAssignment(text: string, name: string): string | null {
  let found: string | null = null;
  const pattern = new RegExp(`^${name}\\s*=\\s*(.+?)\\s*(#.*)?$`, 'gm');
  for (const match of text.matchAll(pattern)) found = match[1]!;
  return found;
}

function settingPath(expression: string, file: string, env: ReadonlyMap<string, string>): SettingPath {
  const lookup = ENV_LOOKUP.exec(expression);
  if (lookup) {
    const value = env.get(lookup[1]!);
    if (value !== undefined) return value.startsWith('/') ? { kind: 'absolute', path: value } : { kind: 'unknown', expression };
    return lookup[2] ? settingPath(lookup[2].trim(), file, env) : { kind: 'unknown', expression };
  }
  const literals = [...expression.matchAll(/(['"])([^'"]*)\1/g)].map((match) => match[2]!);
  if (BASE_NAMES.test(expression)) {
    const base = baseDirOf(file);
    const parts = literals.flatMap((literal) => literal.split('/')).filter((part) => part !== '' && part !== '.');
    if (base === null || parts.includes('..')) return { kind: 'unknown', expression };
    return { kind: 'context', path: [base, ...parts].filter(Boolean).join('/') };
  }
  if (literals.length === 1 && literals[0]!.startsWith('/') && /^(str\(|Path\()?\s*['"][^'"]*['"]\s*\)?$/.test(expression)) {
    return { kind: 'absolute', path: literals[0]!.replace(/\/+$/, '') || '/' };
  }
  return { kind: 'unknown', expression };
}

/** BASE_DIR as Django's startproject template computes it: the settings file's directory, up one level per `.parent`/`dirname` past the first. */
function baseDirOf(file: string): string | null {
  const directory = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const parts = directory === '' ? [] : directory.split('/');
  // settings.py in <project>/<package>/settings.py → BASE_DIR is <project>; settings/<env>.py is one level deeper.
  const levels = /(^|\/)settings\/[\w]+\.py$/.test(file) ? 2 : 1;
  if (parts.length < levels) return null;
  return parts.slice(0, parts.length - levels).join('/');
}
