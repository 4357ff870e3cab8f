import { posix } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { BuildContext } from '../../src/core/context.js';

/** One pom.xml of the context, read with an XML parser: the parts that name and place the jar. */
export interface Pom {
  /** The pom's context path (`pom.xml`, `api/pom.xml`). */
  readonly path: string;
  readonly directory: string;
  readonly groupId: string | null;
  readonly artifactId: string | null;
  readonly version: string | null;
  readonly packaging: string;
  readonly finalName: string | null;
  /** `<build><directory>`, which moves target/. */
  readonly buildDirectory: string | null;
  readonly modules: readonly string[];
  readonly properties: ReadonlyMap<string, string>;
  readonly plugins: readonly PomPlugin[];
  /** `groupId:artifactId` of each dependency, and whether any is needed at run time. */
  readonly dependencies: readonly { readonly key: string; readonly scope: string }[];
  readonly parentPath: string | null;
}

export interface PomPlugin {
  readonly artifactId: string;
  /** The plugin's `<configuration>` and those of its executions, as parsed. */
  readonly configurations: readonly Record<string, unknown>[];
  readonly goals: readonly string[];
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

function list(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Parses one pom.xml; null when it is not a well-formed Maven project. */
export function parsePom(path: string, xml: string): Pom | null {
  let document: Record<string, unknown>;
  try {
    document = record(parser.parse(xml, true));
  } catch {
    return null;
  }
  const project = record(document['project']);
  if (Object.keys(project).length === 0) return null;
  const parent = record(project['parent']);
  const build = record(project['build']);
  const properties = new Map<string, string>();
  for (const [name, value] of Object.entries(record(project['properties']))) {
    const literal = text(value);
    if (literal !== null) properties.set(name, literal);
  }
  const plugins = list(record(build['plugins'])['plugin']).map(record).map((plugin): PomPlugin => {
    const executions = list(record(plugin['executions'])['execution']).map(record);
    return {
      artifactId: text(plugin['artifactId']) ?? '',
      configurations: [record(plugin['configuration']), ...executions.map((execution) => record(execution['configuration']))],
      goals: executions.flatMap((execution) => list(record(execution['goals'])['goal']).map(text).filter((goal): goal is string => goal !== null)),
    };
  });
  const directory = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const relativeParent = text(parent['relativePath']) ?? '../pom.xml';
  const parentPath = Object.keys(parent).length === 0 ? null : posix.normalize(posix.join(directory, relativeParent.endsWith('.xml') ? relativeParent : `${relativeParent}/pom.xml`));
  return {
    path,
    directory,
    groupId: text(project['groupId']) ?? text(parent['groupId']),
    artifactId: text(project['artifactId']),
    version: text(project['version']) ?? text(parent['version']),
    packaging: text(project['packaging']) ?? 'jar',
    finalName: text(build['finalName']),
    buildDirectory: text(build['directory']),
    modules: list(record(project['modules'])['module']).map(text).filter((module): module is string => module !== null),
    properties,
    plugins,
    dependencies: list(record(project['dependencies'])['dependency']).map(record).map((dependency) => ({
      key: `${text(dependency['groupId']) ?? ''}:${text(dependency['artifactId']) ?? ''}`,
      scope: text(dependency['scope']) ?? 'compile',
    })),
    parentPath: parentPath !== null && !parentPath.startsWith('..') ? parentPath : null,
  };
}

/** The Maven project of a context: the root pom and every module below it, by directory. */
export interface MavenProject {
  readonly root: Pom;
  readonly modules: ReadonlyMap<string, Pom>;
}

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function readMavenProject(context: BuildContext, rootDirectory: string): Read<MavenProject> {
  const rootPath = rootDirectory === '' ? 'pom.xml' : `${rootDirectory}/pom.xml`;
  const rootXml = context.contents.get(rootPath);
  if (rootXml === undefined) return { ok: false, reason: `${rootPath} is not in the build context` };
  const root = parsePom(rootPath, rootXml);
  if (!root) return { ok: false, reason: `${rootPath} is not a readable Maven project` };
  const modules = new Map<string, Pom>([[root.directory, root]]);
  const pending = [root];
  while (pending.length > 0) {
    const pom = pending.pop()!;
    for (const module of pom.modules) {
      const directory = posix.normalize(posix.join(pom.directory, module)).replace(/^\.$/, '');
      const path = directory === '' ? 'pom.xml' : `${directory}/pom.xml`;
      const xml = context.contents.get(path);
      if (xml === undefined) return { ok: false, reason: `${pom.path} lists module ${module}, whose pom.xml is not in the build context` };
      const parsed = parsePom(path, xml);
      if (!parsed) return { ok: false, reason: `${path} is not a readable Maven project` };
      if (!modules.has(directory)) {
        modules.set(directory, parsed);
        pending.push(parsed);
      }
    }
  }
  return { ok: true, value: { root, modules } };
}

/** The pom's properties with its parents' in the context below them, as Maven inherits them. */
export function effectiveProperties(project: MavenProject, pom: Pom): Map<string, string> {
  const chain: Pom[] = [];
  let current: Pom | undefined = pom;
  while (current && !chain.includes(current)) {
    chain.unshift(current);
    const parentPath: string | null = current.parentPath;
    current = parentPath === null ? undefined : [...project.modules.values()].find((candidate) => candidate.path === parentPath);
  }
  const properties = new Map<string, string>();
  for (const link of chain) for (const [name, value] of link.properties) properties.set(name, value);
  if (pom.artifactId) properties.set('project.artifactId', pom.artifactId);
  if (pom.version) properties.set('project.version', pom.version);
  if (pom.groupId) properties.set('project.groupId', pom.groupId);
  properties.set('project.build.directory', '${project.basedir}/target');
  return properties;
}

/** `${name}` references replaced by the properties; null when one is unknown. */
export function interpolate(value: string, properties: ReadonlyMap<string, string>): string | null {
  let unknown = false;
  let result = value;
  for (let depth = 0; depth < 5 && result.includes('${'); depth++) {
    result = result.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      const found = properties.get(name);
      if (found === undefined) {
        if (name !== 'project.basedir') unknown = true;
        return whole;
      }
      return found;
    });
  }
  if (unknown) return null;
  return result.replace(/\$\{project\.basedir\}\/?/g, '');
}

export function plugin(pom: Pom, artifactId: string): PomPlugin | undefined {
  return pom.plugins.find((candidate) => candidate.artifactId === artifactId);
}

/** One configuration value of a plugin, from any of its configurations. */
export function pluginSetting(found: PomPlugin, path: readonly string[]): string | null {
  for (const configuration of found.configurations) {
    let value: unknown = configuration;
    for (const key of path) value = record(value)[key];
    const literal = text(value);
    if (literal !== null) return literal;
  }
  return null;
}

/** The Java release the pom compiles for, as a major (`1.8` is 8), with the property that says so. */
export function mavenJavaRelease(project: MavenProject, pom: Pom): { major: number; source: string } | null | 'unreadable' {
  const properties = effectiveProperties(project, pom);
  const compiler = inheritedPlugin(project, pom, 'maven-compiler-plugin');
  const candidates: [string, string | null][] = [
    ['maven.compiler.release', properties.get('maven.compiler.release') ?? null],
    ['maven-compiler-plugin <release>', compiler ? pluginSetting(compiler, ['release']) : null],
    ['maven.compiler.source', properties.get('maven.compiler.source') ?? null],
    ['maven-compiler-plugin <source>', compiler ? pluginSetting(compiler, ['source']) : null],
    ['java.version', properties.get('java.version') ?? null],
  ];
  const declaring = (name: string) => {
    for (let current: Pom | undefined = pom; current; current = [...project.modules.values()].find((candidate) => candidate.path === current!.parentPath)) {
      if (current.properties.has(name)) return current.path;
      if (current.parentPath === null) break;
    }
    return pom.path;
  };
  for (const [source, raw] of candidates) {
    if (raw === null) continue;
    const value = interpolate(raw, properties);
    const major = value === null ? null : javaMajor(value);
    if (major === null) return 'unreadable';
    return { major, source: `${source.startsWith('maven-compiler-plugin') ? pom.path : declaring(source)} ${source} ${value}` };
  }
  return null;
}

export function javaMajor(value: string): number | null {
  const match = /^(?:1\.)?(\d+)$/.exec(value.trim());
  return match ? Number(match[1]) : null;
}

/** A plugin declared by the pom or by one of its parents in the context, the nearest first. */
export function inheritedPlugin(project: MavenProject, pom: Pom, artifactId: string): PomPlugin | undefined {
  const seen = new Set<Pom>();
  for (let current: Pom | undefined = pom; current && !seen.has(current); current = [...project.modules.values()].find((candidate) => candidate.path === current!.parentPath)) {
    seen.add(current);
    const found = plugin(current, artifactId);
    if (found) return found;
    if (current.parentPath === null) break;
  }
  return undefined;
}
