import { posix } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { BuildContext } from '../../src/core/context.js';

/**
 * One MSBuild file of the context (a project, Directory.Build.props/targets), read with an XML
 * parser: the properties and items that decide what a publish writes and where it runs.
 * Property names are case-insensitive in MSBuild, so they are kept lower case.
 */
export interface MsbuildFile {
  readonly path: string;
  /** The SDK the project names (`Microsoft.NET.Sdk.Web`), lower case, without a version. */
  readonly sdk: string | null;
  readonly properties: ReadonlyMap<string, string>;
  /** Properties set under a Condition, which dfmod does not evaluate. */
  readonly conditional: ReadonlySet<string>;
  /** Context paths of the projects it references. */
  readonly projectReferences: readonly string[];
  readonly packageReferences: readonly string[];
  readonly frameworkReferences: readonly string[];
  /** `<Import Project>` of anything but an SDK: files dfmod does not read. */
  readonly imports: readonly string[];
  /** An ItemGroup or item has a Condition (a package only in Debug, ...). */
  readonly conditionalItems: boolean;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: true, isArray: (_name, _path, _leaf, isAttribute) => !isAttribute });

type Node = Record<string, unknown>;

function nodes(parent: Node, name: string): Node[] {
  const value = parent[name];
  if (!Array.isArray(value)) return [];
  return value.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Node) : { '#text': String(entry) }));
}

function attribute(node: Node, name: string): string | null {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : null;
}

function textOf(node: Node): string {
  const value = node['#text'];
  if (Array.isArray(value)) return value.map(String).join('');
  return value === undefined ? '' : String(value);
}

/** MSBuild writes paths with backslashes; the context uses forward slashes. */
export function msbuildPath(fromDirectory: string, written: string): string {
  return posix.normalize(posix.join(fromDirectory, written.replace(/\\/g, '/')));
}

/** Parses one MSBuild file; null when it is not well-formed XML with a `<Project>` root. */
export function parseMsbuild(path: string, xml: string): MsbuildFile | null {
  let document: Node;
  try {
    document = parser.parse(xml.replace(/^\uFEFF/, ''), true) as Node;
  } catch {
    return null;
  }
  const project = nodes(document, 'Project')[0];
  if (!project) return null;
  const directory = posix.dirname(path);
  const sdks = [attribute(project, 'Sdk'), ...nodes(project, 'Sdk').map((sdk) => attribute(sdk, 'Name'))];
  const imports: string[] = [];
  for (const element of nodes(project, 'Import')) {
    const sdk = attribute(element, 'Sdk');
    if (sdk !== null) sdks.push(sdk);
    else imports.push(attribute(element, 'Project') ?? '');
  }
  const sdk = sdks.find((name): name is string => name !== null && name !== '')?.split(';')[0]!.split('/')[0]!.trim().toLowerCase() ?? null;

  const properties = new Map<string, string>();
  const conditional = new Set<string>();
  for (const group of nodes(project, 'PropertyGroup')) {
    const groupCondition = attribute(group, 'Condition') !== null;
    for (const [name, value] of Object.entries(group)) {
      if (name.startsWith('@_') || name === '#text' || !Array.isArray(value)) continue;
      for (const element of nodes(group, name)) {
        const key = name.toLowerCase();
        if (groupCondition || attribute(element, 'Condition') !== null) conditional.add(key);
        else properties.set(key, textOf(element).trim());
      }
    }
  }
  const projectReferences: string[] = [];
  const packageReferences: string[] = [];
  const frameworkReferences: string[] = [];
  let conditionalItems = false;
  for (const group of nodes(project, 'ItemGroup')) {
    if (attribute(group, 'Condition') !== null) conditionalItems = true;
    for (const [kind, list] of [['ProjectReference', projectReferences], ['PackageReference', packageReferences], ['FrameworkReference', frameworkReferences]] as const) {
      for (const item of nodes(group, kind)) {
        if (attribute(item, 'Condition') !== null) conditionalItems = true;
        const include = attribute(item, 'Include');
        if (include === null) continue;
        list.push(kind === 'ProjectReference' ? msbuildPath(directory, include) : include);
      }
    }
  }
  return { path, sdk, properties, conditional, projectReferences, packageReferences, frameworkReferences, imports, conditionalItems };
}

/** A project as MSBuild evaluates it for a publish: Directory.Build.props, the project, Directory.Build.targets, then the command line's properties. */
export interface EvaluatedProject {
  readonly path: string;
  readonly directory: string;
  /** The project file's name without its extension (`MSBuildProjectName`). */
  readonly name: string;
  readonly sdk: string | null;
  readonly files: readonly MsbuildFile[];
  readonly projectReferences: readonly string[];
  readonly packageReferences: readonly string[];
  readonly frameworkReferences: readonly string[];
  readonly conditionalItems: boolean;
  /** The value of a property, `undefined` when unset; throws a reason when dfmod cannot tell it. */
  property(name: string): string | undefined;
}

export type Evaluation = { readonly ok: true; readonly project: EvaluatedProject } | { readonly ok: false; readonly reason: string };

/** The nearest file of that name in `directory` or above it, within the context, as MSBuild finds Directory.Build.props. */
export function nearestAbove(context: BuildContext, directory: string, name: string): string | null {
  let here = directory;
  for (;;) {
    const candidate = here === '.' ? name : `${here}/${name}`;
    if (context.files.includes(candidate)) return candidate;
    if (here === '.' || here === '') return null;
    here = posix.dirname(here);
  }
}

export class UnknownProperty extends Error {}

export function evaluateProject(context: BuildContext, path: string, globals: ReadonlyMap<string, string>): Evaluation {
  const text = context.contents.get(path);
  const own = text === undefined ? null : parseMsbuild(path, text);
  if (own === null) return { ok: false, reason: `${path} cannot be read as an MSBuild project` };
  const directory = posix.dirname(path);
  const around = (name: string): MsbuildFile[] | string => {
    const found = nearestAbove(context, directory, name);
    if (found === null) return [];
    const parsed = parseMsbuild(found, context.contents.get(found) ?? '');
    return parsed === null ? `${found} cannot be read as an MSBuild file` : [parsed];
  };
  const before = around('Directory.Build.props');
  const after = around('Directory.Build.targets');
  if (typeof before === 'string') return { ok: false, reason: before };
  if (typeof after === 'string') return { ok: false, reason: after };
  const files = [...before, own, ...after];
  for (const file of files) {
    const foreign = file.imports[0];
    if (foreign !== undefined) return { ok: false, reason: `${file.path} imports ${foreign}, which dfmod does not evaluate` };
  }
  const name = posix.basename(path).replace(/\.[^.]+$/, '');
  const builtIns = new Map([['msbuildprojectname', name]]);
  const property = (key: string): string | undefined => {
    const lower = key.toLowerCase();
    const global = globals.get(lower);
    if (global !== undefined) return global;
    for (const file of [...files].reverse()) {
      if (file.conditional.has(lower)) throw new UnknownProperty(`${file.path} sets ${key} under a Condition, which dfmod does not evaluate`);
      const value = file.properties.get(lower);
      if (value !== undefined) return expandProperties(value, (inner) => builtIns.get(inner.toLowerCase()) ?? property(inner), `${file.path} ${key}`);
    }
    return builtIns.get(lower);
  };
  const all = (pick: (file: MsbuildFile) => readonly string[]) => files.flatMap(pick);
  return {
    ok: true,
    project: {
      path,
      directory,
      name,
      sdk: own.sdk,
      files,
      projectReferences: all((file) => file.projectReferences),
      packageReferences: all((file) => file.packageReferences),
      frameworkReferences: all((file) => file.frameworkReferences),
      conditionalItems: files.some((file) => file.conditionalItems),
      property,
    },
  };
}

/** `$(Name)` replaced by known values; anything else MSBuild would compute (`$([System...])`, `@()`, `%()`) cannot be told. */
function expandProperties(value: string, lookup: (name: string) => string | undefined, where: string): string {
  let unknown: string | null = null;
  const expanded = value.replace(/\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string) => {
    const found = lookup(name);
    if (found === undefined) unknown ??= whole;
    return found ?? '';
  });
  if (unknown === null && /[$@%]\(/.test(expanded)) unknown = expanded;
  if (unknown !== null) throw new UnknownProperty(`${where} uses ${unknown}, which dfmod cannot evaluate`);
  return expanded;
}

/** Reads a boolean property as MSBuild compares it (`true`, case-insensitive). */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}
