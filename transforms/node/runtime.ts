import type { RuntimeFamily } from '../../src/core/transform.js';
import { formatImageRef, parseImageRef, withTag, type ImageRef } from '../shared/image-ref.js';
import { NODE_IMAGE_PROGRAMS, type Family } from './tables.js';

/** The production base: the same node image repository and version on the runtime flavour. */
export interface Runtime {
  /** As written on the production FROM line (it may hold `${NODE_VERSION}`). */
  readonly written: string;
  /** With global ARG defaults substituted. */
  readonly resolved: string;
  readonly family: Family;
  readonly programs: readonly string[];
  /** The runtime's libc differs from the original's: dependencies must be installed on the runtime image. */
  readonly crossFamily: boolean;
}

export interface RuntimeRequest {
  /** The image word of the original FROM line, as written. */
  readonly written: string;
  readonly resolved: ImageRef;
  readonly requested: RuntimeFamily;
  /** Why dependencies built on the original cannot move to another libc, if they cannot. */
  readonly libcBound: string | null;
}

export function familyOfTag(tag: string | null): Family {
  return tag !== null && tag.split('-').some((part) => part.startsWith('alpine')) ? 'alpine' : 'debian';
}

function isSlim(tag: string | null): boolean {
  return tag !== null && tag.split('-').includes('slim');
}

/** The version part of a tag (`20.11.1` of `20.11.1-bookworm`), keeping `${VAR}` whole; null for `latest` or none. */
export function versionPart(tag: string | null): string | null {
  if (tag === null || tag === 'latest') return null;
  let depth = 0;
  for (let i = 0; i < tag.length; i++) {
    if (tag.startsWith('${', i)) depth++;
    else if (tag[i] === '}' && depth > 0) depth--;
    else if (tag[i] === '-' && depth === 0) return tag.slice(0, i);
  }
  return tag;
}

/** The Node major a resolved tag names (`20` of `20.11-alpine`), or null for `lts`, `latest`, codenames. */
export function nodeMajor(tag: string | null): number | null {
  const version = versionPart(tag);
  if (version === null) return null;
  const major = Number.parseInt(version, 10);
  return Number.isFinite(major) && /^\d/.test(version) ? major : null;
}

/**
 * The runtime tag for a family, computed on the resolved tag and written on the original's
 * text: alpine keeps its tag, Debian gains `-slim`, a family change keeps only the version.
 * Null when the written tag's variables decide the flavour, so no suffix can be trusted.
 */
export function runtimeTag(written: string | null, resolved: string | null, to: Family): string | null | undefined {
  const from = familyOfTag(resolved);
  if (from === to) {
    if (to === 'alpine' || isSlim(resolved)) return written;
    if (resolved === null || resolved === 'latest') return 'slim';
    return `${written}-slim`;
  }
  const version = versionPart(written);
  if (written !== null && version !== null && written.slice(version.length).includes('$')) return undefined;
  const flavour = to === 'alpine' ? 'alpine' : 'slim';
  return versionPart(resolved) === null || version === null ? flavour : `${version}-${flavour}`;
}

type Choice = { readonly ok: true; readonly runtime: Runtime } | { readonly ok: false; readonly reason: string };

export function chooseRuntime(request: RuntimeRequest): Choice {
  const { requested, resolved } = request;
  if (requested === 'distroless') {
    return { ok: false, reason: 'distroless node images have no shell or npm and run node as their entrypoint; dfmod does not rewrite the command for them' };
  }
  const original = familyOfTag(resolved.tag);
  const family: Family = requested === 'alpine' ? 'alpine' : requested === 'slim' ? 'debian' : original;
  const crossFamily = family !== original;
  if (crossFamily && request.libcBound !== null) {
    return { ok: false, reason: `--runtime ${requested} would move ${request.libcBound} from ${libc(original)} to ${libc(family)}` };
  }
  const writtenRef = parseImageRef(request.written);
  const tag = runtimeTag(writtenRef.tag, resolved.tag, family);
  const resolvedTag = runtimeTag(resolved.tag, resolved.tag, family);
  if (tag === undefined || resolvedTag === undefined) {
    return { ok: false, reason: `the tag ${writtenRef.tag ?? ''} takes its flavour from an ARG, so dfmod cannot name its ${family === 'alpine' ? 'alpine' : 'slim'} variant` };
  }
  return {
    ok: true,
    runtime: {
      written: formatImageRef(withTag(writtenRef, tag)),
      resolved: formatImageRef(withTag(resolved, resolvedTag)),
      family,
      programs: NODE_IMAGE_PROGRAMS[family === 'alpine' ? 'alpine' : 'debian-slim'],
      crossFamily,
    },
  };
}

function libc(family: Family): string {
  return family === 'alpine' ? 'musl' : 'glibc';
}
