import { builtinModules } from 'node:module';
import type { BuildContext } from '../../src/core/context.js';
import { readText } from '../../src/core/context.js';

/** Extensions of the files Node or a TypeScript build loads as modules. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

const BUILTINS = new Set(builtinModules);

/**
 * The text of a source file with its comments blanked out, strings kept: a commented-out
 * `require('x')` imports nothing. Regular expression literals are not told from divisions, which
 * can only make the scan find more, never fewer, specifiers.
 */
function withoutComments(text: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote !== null) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === quote || (char === '\n' && quote !== '`')) quote = null;
      continue;
    }
    if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
      continue;
    }
    if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    out += char;
  }
  return out;
}

const SPECIFIER = String.raw`(['"])([^'"\n]+)\1`;
const IMPORT_FORMS = [
  new RegExp(String.raw`\brequire\s*\(\s*${SPECIFIER}\s*\)`, 'g'),
  new RegExp(String.raw`\bimport\s*\(\s*${SPECIFIER}`, 'g'),
  new RegExp(String.raw`\bimport\s*${SPECIFIER}`, 'g'),
  // `import type` and `export type` are erased by the TypeScript build, so they load nothing at run time.
  new RegExp(String.raw`\b(?:import|export)\s+(?!type\s)[\w$*{},\s]*?\bfrom\s*${SPECIFIER}`, 'g'),
];

/** Every module specifier a JavaScript or TypeScript file loads at run time (`express`, `./routes`). */
export function moduleSpecifiers(text: string): string[] {
  const code = withoutComments(text);
  const found = new Set<string>();
  for (const form of IMPORT_FORMS) for (const match of code.matchAll(form)) found.add(match[2]!);
  return [...found];
}

/** The package a bare specifier names (`@scope/pkg` of `@scope/pkg/sub`, `dotenv` of `dotenv/config`); null for relative paths and built-ins. */
export function packageOfSpecifier(specifier: string): string | null {
  if (/^[./#]/.test(specifier) || specifier.startsWith('node:') || /^[a-z]+:/i.test(specifier)) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return BUILTINS.has(name) || name === '' ? null : name;
}

function directoryOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

function joinPath(directory: string, relative: string): string | null {
  const parts = directory === '' ? [] : directory.split('/');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** The context file a relative specifier loads, as Node's resolver and TypeScript's (`./db.js` → `db.ts`) find it. */
function resolveRelative(context: BuildContext, from: string, specifier: string): string | null {
  const base = joinPath(directoryOf(from), specifier);
  if (base === null) return null;
  const stem = base.replace(/\.(?:m|c)?js$/, '');
  const candidates = [base, ...SOURCE_EXTENSIONS.map((ext) => `${base}${ext}`), ...SOURCE_EXTENSIONS.map((ext) => `${stem}${ext}`), ...SOURCE_EXTENSIONS.map((ext) => `${base}/index${ext}`)];
  return candidates.find((candidate) => context.contents.has(candidate)) ?? null;
}

/**
 * The packages the given files load, following their relative imports through the context,
 * each with the first file that loads it.
 */
export function importedPackages(context: BuildContext, starts: readonly string[]): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = starts.filter((file) => context.contents.has(file));
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of moduleSpecifiers(readText(context, file) ?? '')) {
      const name = packageOfSpecifier(specifier);
      if (name !== null) {
        if (!packages.has(name)) packages.set(name, file);
        continue;
      }
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(context, file, specifier);
      if (target !== null && !seen.has(target)) queue.push(target);
    }
  }
  return packages;
}
