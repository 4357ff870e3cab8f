import { posix } from 'node:path';
import { normalizedPath } from './dockerfile.js';

/**
 * A compose service that builds the Dockerfile being migrated, as transforms see it: what the
 * repository's compose files say about how the image is built and started. The pipeline reads
 * the files; transforms only read this data.
 */
export interface ComposeService {
  /** The compose file, relative to the repository root (`docker-compose.yml`). */
  readonly file: string;
  readonly name: string;
  /** The build context, relative to the repository root (`.` is the root itself). */
  readonly context: string;
  /** The Dockerfile, relative to the repository root. */
  readonly dockerfile: string;
  readonly target: string | null;
  readonly user: string | null;
  /** `command:`, null when absent: it replaces the image's CMD and runs under the image's ENTRYPOINT. */
  readonly command: ComposeCommand | null;
  /** `entrypoint:`, null when absent: it replaces the image's ENTRYPOINT and drops its CMD. */
  readonly entrypoint: ComposeCommand | null;
  readonly volumes: readonly ComposeVolume[];
}

export interface ComposeCommand {
  /** As written, for messages (a list joined by spaces). */
  readonly text: string;
  /**
   * The words compose runs: a list as it is, a string split the way compose splits it (quotes
   * and escapes, no shell). Null when the string holds what compose would not split plainly
   * (`;`, `|`, `&`, redirections).
   */
  readonly words: readonly string[] | null;
}

/** A `volumes:` entry in short (`./src:/app`) or long form. */
export interface ComposeVolume {
  readonly type: 'bind' | 'volume' | 'other';
  /** The host path (as written) or volume name; null for an anonymous volume. */
  readonly source: string | null;
  readonly target: string;
  /** Mounted read-only (`:ro`, `read_only: true`): the app cannot write it under any user. */
  readonly readOnly?: boolean;
}

/**
 * The words the service starts the image with when it overrides the image's command: its
 * entrypoint with its command, or its command alone, which then runs under the image's own
 * ENTRYPOINT (callers that care look at that). Null when it overrides nothing; `unreadable`
 * when dfmod cannot tell the words.
 */
export function serviceStart(service: ComposeService): readonly string[] | 'unreadable' | null {
  const parts = [service.entrypoint, service.command].filter((part): part is ComposeCommand => part !== null);
  if (parts.length === 0) return null;
  if (parts.some((part) => part.words === null)) return 'unreadable';
  return parts.flatMap((part) => part.words!);
}

/** The start override as written (entrypoint, then command), for messages and pattern checks; empty when none. */
export function serviceStartText(service: ComposeService): string {
  return [service.entrypoint?.text, service.command?.text].filter((text) => text !== undefined).join(' ');
}

/** A bind mount's host path relative to the repository root (compose resolves it from the compose file's folder), with no trailing slash. */
export function bindSource(service: ComposeService, volume: ComposeVolume): string | null {
  if (volume.type !== 'bind' || volume.source === null) return null;
  return normalizedPath(posix.join(posix.dirname(service.file), volume.source));
}

/** `docker-compose.yml service worker`: how reasons and warnings name a service. */
export function serviceName(service: ComposeService): string {
  return `${service.file} service ${service.name}`;
}
