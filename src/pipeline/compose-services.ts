import { posix } from 'node:path';
import type { ComposeCommand, ComposeService, ComposeVolume } from '../core/compose.js';
import { splitCommands } from '../core/shell.js';
import type { RepositoryFiles } from './repository.js';
import { COMPOSE_FILES } from './repository.js';
import { asRecord, asString, readYaml } from './yaml-files.js';

/** What the repository's compose files say about the Dockerfile being migrated. */
export interface ComposeBuilds {
  /** The services that build this Dockerfile. */
  readonly services: readonly ComposeService[];
  /**
   * Services whose build dfmod cannot place (a variable or a remote URL in `context` or
   * `dockerfile`): any of them may build this Dockerfile, from a context dfmod cannot tell.
   */
  readonly unresolved: readonly string[];
}

/** The one reader of compose files: every consumer (transforms, the build context, dev-service warnings) sees the same services. */
export function composeBuilds(repository: RepositoryFiles): ComposeBuilds {
  const services: ComposeService[] = [];
  const unresolved: string[] = [];
  for (const [file, text] of repository.files) {
    if (!COMPOSE_FILES.includes(posix.basename(file))) continue;
    const declared = asRecord(asRecord(readYaml(text))?.services) ?? {};
    for (const [name, value] of Object.entries(declared)) {
      const service = asRecord(value);
      if (!service || service.build === undefined) continue;
      const build = buildOf(service.build, posix.dirname(file));
      if (build === null) unresolved.push(`${file} service ${name}`);
      else if (build.dockerfile === repository.dockerfile || (build.defaultName && repository.dockerfile === posix.join(build.context, 'dockerfile'))) services.push({ file, name, context: build.context, dockerfile: repository.dockerfile, target: build.target, user: scalar(service.user), command: commandOf(service.command), entrypoint: commandOf(service.entrypoint), volumes: volumesOf(service.volumes) });
    }
  }
  return { services, unresolved };
}

/** Context, Dockerfile and target of a `build:` (the `build: .` shorthand or its long form), relative to the repository root; null when they cannot be told. */
function buildOf(build: unknown, composeDirectory: string): { context: string; dockerfile: string; target: string | null; defaultName: boolean } | null {
  const record = asRecord(build);
  const context = asString(build) ?? (record ? (record.context === undefined ? '.' : asString(record.context)) : null);
  const dockerfile = record?.dockerfile === undefined ? 'Dockerfile' : asString(record.dockerfile);
  if (context === null || dockerfile === null || !local(context) || !local(dockerfile) || posix.isAbsolute(context) || posix.isAbsolute(dockerfile)) return null;
  const root = posix.normalize(posix.join(composeDirectory, context)).replace(/\/$/, '');
  if (root === '..' || root.startsWith('../')) return null;
  // With no name given, docker builds a lowercase `dockerfile` when the context has no `Dockerfile`.
  return { context: root, dockerfile: posix.normalize(posix.join(root, dockerfile)), target: record ? scalar(record.target) : null, defaultName: record?.dockerfile === undefined };
}

/** A path dfmod can follow: no interpolated variable, no Git or HTTP URL. */
function local(path: string): boolean {
  return !path.includes('$') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !/^git@|\.git(#.*)?$/.test(path);
}

function scalar(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return asString(value);
}

function commandOf(value: unknown): ComposeCommand | null {
  if (Array.isArray(value)) {
    const words = value.map(scalar);
    if (words.some((word) => word === null)) return { text: String(value), words: null };
    return { text: words.join(' '), words: words as string[] };
  }
  const text = asString(value);
  if (text === null) return value === undefined || value === null ? null : { text: String(value), words: null };
  // Compose splits the string into words itself and runs no shell, so a plain list of words is all it can be.
  const commands = splitCommands(text);
  return { text: text.trim(), words: commands?.length === 1 ? commands[0]!.words : null };
}

function volumesOf(value: unknown): ComposeVolume[] {
  const volumes: ComposeVolume[] = [];
  for (const entry of Array.isArray(value) ? value : []) {
    const record = asRecord(entry);
    if (record) {
      const target = asString(record.target);
      const type = asString(record.type);
      if (target !== null) volumes.push({ type: type === 'bind' || type === 'volume' ? type : 'other', source: asString(record.source), target });
      continue;
    }
    const parts = asString(entry)?.split(':') ?? [];
    if (parts.length === 1 && parts[0]) volumes.push({ type: 'volume', source: null, target: parts[0] });
    else if (parts.length >= 2) volumes.push({ type: parts[0]!.startsWith('.') || parts[0]!.startsWith('/') || parts[0]!.startsWith('~') ? 'bind' : 'volume', source: parts[0]!, target: parts[1]! });
  }
  return volumes;
}
