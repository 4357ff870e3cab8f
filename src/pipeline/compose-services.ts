import { posix } from 'node:path';
import type { ComposeCommand, ComposeService, ComposeVolume } from '../core/compose.js';
import { splitCommands } from '../core/shell.js';
import type { RepositoryFiles } from './repository.js';
import { isComposeFile, isComposeOverride } from './repository.js';
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
  const declaredByFile = [...repository.files]
    .filter(([file]) => isComposeFile(posix.basename(file)))
    .map(([file, text]) => ({ file, declared: asRecord(asRecord(readYaml(text))?.services) ?? {} }));
  for (const { file, declared } of declaredByFile) {
    for (const [name, value] of Object.entries(declared)) {
      const service = asRecord(value);
      if (!service || service.build === undefined) continue;
      const build = buildOf(service.build, posix.dirname(file));
      if (build === null) unresolved.push(`${file} service ${name}`);
      else if (build.dockerfile === repository.dockerfile || (build.defaultName && repository.dockerfile === posix.join(build.context, 'dockerfile'))) services.push({ file, name, context: build.context, dockerfile: repository.dockerfile, target: build.target, user: scalar(service.user), command: commandOf(service.command), entrypoint: commandOf(service.entrypoint), volumes: volumesOf(service.volumes) });
    }
  }
  return { services: [...services, ...overlays(declaredByFile, services)], unresolved };
}

/**
 * A service that a second compose file of the same folder only adjusts (a command, mounts, a
 * user), as an override file does or a variant passed with `-f` after the base file: the same
 * service run that way, named by the file that adjusts it. The base service stays too, since
 * the image may be run either way.
 */
function overlays(declaredByFile: readonly { file: string; declared: Readonly<Record<string, unknown>> }[], bases: readonly ComposeService[]): ComposeService[] {
  const merged: ComposeService[] = [];
  for (const { file, declared } of declaredByFile) {
    for (const [name, value] of Object.entries(declared)) {
      const service = asRecord(value);
      // A service with an image of its own and no build stands alone in a variant file; an override file is merged whatever it holds.
      if (!service || service.build !== undefined || (service.image !== undefined && !isComposeOverride(posix.basename(file)))) continue;
      const candidates = bases.filter((candidate) => candidate.name === name && candidate.file !== file && posix.dirname(candidate.file) === posix.dirname(file));
      // An override file applies to the default file of its folder, which compose reads first.
      const base = candidates.find((candidate) => /^(?:docker-)?compose\.ya?ml$/i.test(posix.basename(candidate.file))) ?? candidates[0];
      if (!base) continue;
      merged.push({
        ...base,
        file,
        user: service.user === undefined ? base.user : scalar(service.user),
        command: service.command === undefined ? base.command : commandOf(service.command),
        entrypoint: service.entrypoint === undefined ? base.entrypoint : commandOf(service.entrypoint),
        volumes: mergedVolumes(base.volumes, volumesOf(service.volumes)),
      });
    }
  }
  return merged;
}

/** Compose merges `volumes:` by mount target: an entry of the later file replaces the one it mounts over. */
function mergedVolumes(base: readonly ComposeVolume[], later: readonly ComposeVolume[]): ComposeVolume[] {
  return [...base.filter((volume) => !later.some((entry) => entry.target === volume.target)), ...later];
}

/** Context, Dockerfile and target of a `build:` (the `build: .` shorthand or its long form), relative to the repository root (or absolute, from an absolute compose directory); null when they cannot be told. */
export function buildOf(build: unknown, composeDirectory: string): { context: string; dockerfile: string; target: string | null; defaultName: boolean } | null {
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
      if (target !== null) volumes.push({ type: type === 'bind' || type === 'volume' ? type : 'other', source: asString(record.source), target, ...(record.read_only === true ? { readOnly: true } : {}) });
      continue;
    }
    const parts = asString(entry)?.split(':') ?? [];
    if (parts.length === 1 && parts[0]) volumes.push({ type: 'volume', source: null, target: parts[0] });
    else if (parts.length >= 2) {
      const type = parts[0]!.startsWith('.') || parts[0]!.startsWith('/') || parts[0]!.startsWith('~') ? 'bind' : 'volume';
      volumes.push({ type, source: parts[0]!, target: parts[1]!, ...((parts[2] ?? '').split(',').includes('ro') ? { readOnly: true } : {}) });
    }
  }
  return volumes;
}
