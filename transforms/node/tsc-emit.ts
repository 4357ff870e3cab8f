import type { BuildContext } from '../../src/core/context.js';
import { readText } from '../../src/core/context.js';
import { parseJsonc } from '../shared/jsonc.js';
import { inBuildContext } from './detect.js';
import { isInside, projectPath } from './paths.js';

/** TypeScript sources and the JavaScript tsc emits for each. */
const EMITTED_EXTENSIONS: Readonly<Record<string, string>> = { '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs' };

/** Folders tsc never takes sources from unless a config names them. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'bower_components', 'jspm_packages']);

interface CompilerOptions {
  readonly outDir?: unknown;
  readonly outFile?: unknown;
  readonly out?: unknown;
  readonly noEmit?: unknown;
  readonly emitDeclarationOnly?: unknown;
}

interface TsConfig {
  readonly compilerOptions?: CompilerOptions;
  readonly extends?: unknown;
  readonly include?: unknown;
  readonly files?: unknown;
  readonly exclude?: unknown;
  readonly references?: unknown;
}

/** What the tsconfig chain says about where tsc writes, as far as the context holds the chain. */
interface EmitSettings {
  /** The nearest `outDir`, relative to the context. */
  readonly outDir: string | null;
  readonly outFile: boolean;
  /** The nearest config that decides says tsc writes no JavaScript (`noEmit`, `emitDeclarationOnly`). */
  readonly noJavaScript: boolean;
  /** Some config of the chain narrows the sources (`include`, `files`, `exclude`). */
  readonly narrowed: boolean;
  /** The chain extends a config the context does not hold (a package in node_modules), which may set any of these. */
  readonly opaque: boolean;
}

/**
 * Where `tsc -p <project>` writes, relative to the context: the `outDir`, or, when the config
 * sets none, the places beside the sources, since tsc then emits each `.js` next to its `.ts`.
 * `entry` is the file the container starts, relative to the project: when the chain extends a
 * config dfmod cannot read, an entry that the context lacks and whose `.ts` sits right beside
 * it proves the emit in place (the original starts only because tsc wrote it there). With
 * `build` (`tsc -b`), the projects the config references are built too, and a solution config
 * (`"files": []`, as Vite's templates write it) compiles nothing of its own. Null when the
 * output cannot be told.
 */
export function tscOutputs(context: BuildContext, project: string, entry: string | null, build = false, depth = 0): string[] | null {
  const path = configPath(project);
  const config = parseJsonc(readText(context, path) ?? '') as TsConfig | undefined;
  const outputs = new Set<string>();
  if (build && config && Array.isArray(config.references)) {
    const directory = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    for (const reference of config.references as unknown[]) {
      const target = (reference as { path?: unknown } | null)?.path;
      if (typeof target !== 'string' || depth >= 3) return null;
      const referenced = tscOutputs(context, projectPath(directory + target), entry, build, depth + 1);
      if (referenced === null) return null;
      referenced.forEach((output) => outputs.add(output));
    }
  }
  const solutionOnly = config !== undefined && Array.isArray(config.files) && config.files.length === 0 && config.include === undefined;
  const own = solutionOnly ? [] : ownOutputs(context, path, entry);
  if (own === null) return null;
  return [...new Set([...outputs, ...own])].sort();
}

function ownOutputs(context: BuildContext, path: string, entry: string | null): string[] | null {
  const settings = readChain(context, path, 0);
  if (settings === null || settings.outFile) return null;
  if (settings.noJavaScript) return [];
  if (settings.outDir !== null) return [settings.outDir];
  const base = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  const entrySource = entry === null ? null : sourceOf(context, base + entry);
  if (settings.opaque && entrySource === null) return null;
  return inPlaceOutputs(context, base, settings.narrowed || settings.opaque ? entrySource : undefined);
}

/**
 * The folders (first level below the project) that hold the sources, and the emitted file of
 * each source at the project's top. Folders over-count safely: copying one brings its sources
 * and whatever tsc wrote there. A top-level file is counted only where tsc surely emits it:
 * every one when nothing narrows the sources (`proven` undefined), else only the entry's.
 */
function inPlaceOutputs(context: BuildContext, base: string, proven: string | null | undefined): string[] | null {
  const outputs = new Set<string>();
  for (const file of context.files) {
    if (!file.startsWith(base) || emittedFile(file) === null || !inBuildContext(context, file)) continue;
    const parts = file.slice(base.length).split('/');
    if (parts.some((part) => part.startsWith('.') || SKIPPED_FOLDERS.has(part))) continue;
    if (parts.length > 1) outputs.add(base + parts[0]!);
    else if (proven === undefined || proven === file) outputs.add(emittedFile(file)!);
    else return null;
  }
  return outputs.size > 0 ? [...outputs].sort() : null;
}

/** The context's TypeScript source of an emitted entry (`main` or `main.js` from `main.ts`), when the context lacks the entry itself. */
function sourceOf(context: BuildContext, entry: string): string | null {
  if (entry.startsWith('/') || entry.startsWith('..')) return null;
  const name = entry.slice(entry.lastIndexOf('/') + 1);
  const emitted = name.includes('.') ? entry : `${entry}.js`;
  if (context.files.includes(emitted) || context.files.includes(entry)) return null;
  const source = Object.keys(EMITTED_EXTENSIONS).map((extension) => emitted.replace(/\.[mc]?js$/, extension)).find((file) => file !== emitted && emittedFile(file) === emitted);
  return source !== undefined && inBuildContext(context, source) ? source : null;
}

/** The `.js` tsc writes beside a TypeScript source, or null for anything else (`.d.ts`, `.tsx`, whose emit depends on `jsx`). */
function emittedFile(file: string): string | null {
  if (/\.d\.[mc]?ts$/.test(file)) return null;
  const extension = Object.keys(EMITTED_EXTENSIONS).find((each) => file.endsWith(each));
  return extension === undefined ? null : file.slice(0, -extension.length) + EMITTED_EXTENSIONS[extension]!;
}

/** The settings of a tsconfig and the configs it extends, nearest first; null when the file is not there or not a config. */
function readChain(context: BuildContext, path: string, depth: number): EmitSettings | null {
  const config = parseJsonc(readText(context, path) ?? '') as TsConfig | undefined;
  if (!config || typeof config !== 'object' || Array.isArray(config)) return null;
  const directory = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  const options = config.compilerOptions ?? {};
  const own: EmitSettings = {
    outDir: typeof options.outDir === 'string' ? projectPath(directory + projectPath(options.outDir)) : null,
    outFile: typeof options.outFile === 'string' || typeof options.out === 'string',
    noJavaScript: options.noEmit === true || options.emitDeclarationOnly === true,
    narrowed: config.include !== undefined || config.files !== undefined || config.exclude !== undefined,
    opaque: false,
  };
  if (config.extends === undefined || own.outDir !== null || own.outFile || own.noJavaScript) return own;
  const parentPath = typeof config.extends === 'string' && config.extends.startsWith('.') && depth < 3 ? projectPath(directory + (config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`)) : null;
  const parent = parentPath === null || isInside(`/${parentPath}`, '/node_modules') ? null : readChain(context, parentPath, depth + 1);
  if (parent === null) return { ...own, opaque: true };
  return { outDir: parent.outDir, outFile: parent.outFile, noJavaScript: parent.noJavaScript, narrowed: own.narrowed || parent.narrowed, opaque: parent.opaque };
}

/** The `outDir` of a tsconfig and the configs it extends that the context holds, relative to the context. */
export function tsconfigOutDir(context: BuildContext, project: string): string | null {
  return readChain(context, configPath(project), 0)?.outDir ?? null;
}

/** `tsc -p .` names the project directory, which for the context root is the empty path. */
function configPath(project: string): string {
  return project.endsWith('.json') ? project : project === '' ? 'tsconfig.json' : `${project}/tsconfig.json`;
}

/** Whether a build output holds TypeScript sources: tsc wrote beside them, so the folder is source, not something to keep out of the context. */
export function holdsTypeScriptSources(context: BuildContext, output: string): boolean {
  return context.files.some((file) => file.startsWith(`${output}/`) && emittedFile(file) !== null);
}
