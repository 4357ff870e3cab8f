import type { RuntimeFamily } from '../../src/core/transform.js';
import {
  alpineImage,
  debianSlimImage,
  distrolessImage,
  NATIVE_PROGRAM_PACKAGES,
  NATIVE_RUNTIMES,
  SYSTEM_FILE_PACKAGES,
  type NativeRuntimeKind,
} from '../shared/native-runtime.js';
import { DISTROLESS_USERS, USER_TOOL_PACKAGES } from '../shared/run-user.js';
import { runtimePackagesFor, type PackageFamily } from '../shared/system-packages.js';
import type { RustFacts } from './detect.js';
import { runtimeInstalls } from './detect.js';
import { DEFAULT_RELEASE, DISTROLESS_PACKAGES, FAMILY_USERS, HEADER_ONLY_PACKAGES, RUST_BUILD_PACKAGES, type RuntimeKind } from './tables.js';

/** The production base, with what it offers the running container. */
export interface Runtime {
  readonly kind: RuntimeKind;
  readonly image: string;
  /** The package manager family, or null for distroless (no shell, no package manager). */
  readonly family: PackageFamily | null;
  readonly programs: readonly string[];
  /** Packages production installs: CA roots, zoneinfo, runtime libraries, called programs. */
  readonly packages: readonly string[];
  /** The part of `packages` that comes from the original (not the base's missing system files). */
  readonly carried: readonly string[];
}

/** What the running container needs from its base, gathered before the base is chosen. */
export interface RuntimeNeeds {
  /** Why the container needs a shell (a shell-form command, setup commands), or null. */
  readonly shell: string | null;
  /** Programs the container calls besides the binaries production copies. */
  readonly programs: readonly string[];
  /** Programs the setup commands production repeats call (`useradd`, `adduser`). */
  readonly setupTools: readonly string[];
  /** A named USER the original switches to without creating it. */
  readonly existingUser: string | null;
  /** The SHELL instruction's program, which production's RUN lines use. */
  readonly shellProgram: string | null;
}

export type RuntimeChoice =
  /** `passedOver`: why the smaller image tried first (distroless) could not run it, when one was tried. */
  | { readonly ok: true; readonly runtime: Runtime; readonly passedOver: string | null }
  | { readonly ok: false; readonly reason: string };

const FAMILY_OF: Readonly<Record<RuntimeKind, PackageFamily | null>> = {
  'distroless-static': null,
  'distroless-cc': null,
  'debian-slim': 'debian',
  alpine: 'alpine',
};

const NATIVE_KIND: Readonly<Record<RuntimeKind, NativeRuntimeKind>> = {
  'distroless-static': 'distroless',
  'distroless-cc': 'distroless',
  'debian-slim': 'debian-slim',
  alpine: 'alpine',
};

/**
 * The production base: the smallest image that runs the binary with everything the container
 * calls, within the family `--runtime` asks for. A family that cannot run it safely is refused.
 */
export function chooseRuntime(facts: RustFacts, requested: RuntimeFamily, needs: RuntimeNeeds): RuntimeChoice {
  const shellKind: RuntimeKind = facts.family === 'alpine' ? 'alpine' : 'debian-slim';
  const distroless: RuntimeKind = facts.linking === 'static' ? 'distroless-static' : 'distroless-cc';
  const candidates: Readonly<Record<RuntimeFamily, readonly RuntimeKind[]>> = {
    auto: [distroless, shellKind],
    distroless: [distroless],
    slim: ['debian-slim'],
    alpine: ['alpine'],
  };
  let firstProblem: string | null = null;
  for (const kind of candidates[requested]) {
    const runtime = runtimeFor(facts, kind, needs);
    if (typeof runtime !== 'string') return { ok: true, runtime, passedOver: firstProblem };
    firstProblem ??= runtime;
  }
  return { ok: false, reason: requested === 'auto' ? firstProblem! : `--runtime ${requested}: ${firstProblem}` };
}

/** The runtime of one kind, or why it cannot run this container. */
function runtimeFor(facts: RustFacts, kind: RuntimeKind, needs: RuntimeNeeds): Runtime | string {
  const family = FAMILY_OF[kind];
  const base = NATIVE_RUNTIMES[NATIVE_KIND[kind]];
  if (kind === 'alpine' && facts.linking === 'glibc') return 'the binary links glibc, which Alpine does not have';
  if (family === null && needs.shell) return `${needs.shell} needs a shell, which distroless images do not have`;
  if (kind === 'distroless-cc' && facts.release === 'moving') {
    return `${facts.baseImage} follows the newest Debian release, and no distroless image follows it`;
  }
  const users = family === null ? DISTROLESS_USERS : new Set(FAMILY_USERS[family]);
  if (needs.existingUser && !users.has(needs.existingUser)) return `USER ${needs.existingUser} is not a user of ${imageFor(facts, kind)}`;

  const carried = carriedPackages(facts);
  if (family === null) {
    const packages = carried.filter((name) => !DISTROLESS_PACKAGES.has(name));
    if (packages.length > 0) return `production needs ${packages.join(', ')}, and distroless images have no package manager to install them`;
    if (needs.programs.length > 0) return `the container calls ${needs.programs.join(', ')}, which distroless images do not have`;
    return { kind, image: imageFor(facts, kind), family, programs: base.programs, packages: [], carried: [] };
  }

  const foreign = family !== facts.family ? carried.filter((name) => !DISTROLESS_PACKAGES.has(name)) : [];
  if (foreign.length > 0) {
    return `the original installs ${foreign.join(', ')} with ${facts.family === 'alpine' ? 'apk' : 'apt-get'}, which may have other names on ${family}`;
  }
  const extra = new Set(carried);
  for (const program of [...needs.programs, ...(needs.shellProgram ? [needs.shellProgram] : [])]) {
    if (base.programs.includes(program)) continue;
    const known = NATIVE_PROGRAM_PACKAGES[program];
    if (!known) return `the container calls ${program}, which ${imageFor(facts, kind)} does not have`;
    extra.add(known[family]);
  }
  for (const tool of needs.setupTools) {
    const known = USER_TOOL_PACKAGES[family][tool];
    if (known) extra.add(known);
  }
  const systemFiles = [
    ...(base.caCertificates ? [] : [SYSTEM_FILE_PACKAGES.caCertificates[family]]),
    ...(base.zoneinfo ? [] : [SYSTEM_FILE_PACKAGES.zoneinfo[family]]),
  ];
  const sortedExtra = [...extra].filter((name) => !systemFiles.includes(name)).sort();
  return {
    kind,
    image: imageFor(facts, kind),
    family,
    programs: [...base.programs, ...needs.programs],
    packages: [...systemFiles, ...sortedExtra],
    carried: sortedExtra,
  };
}

/**
 * Packages the original installed that production needs again, under the original's family:
 * tools the app runs, and for glibc builds the shared libraries of `-dev` packages and `-sys` crates.
 */
export function carriedPackages(facts: RustFacts): string[] {
  if (facts.linking === 'static') return runtimeInstalls(facts.installs, 'static');
  const installed = [...facts.installs.flatMap((install) => install.packages), ...facts.crateLibraries];
  const release = facts.release === 'moving' ? null : facts.release;
  return runtimePackagesFor('debian', installed, release).packages.filter((name) => !RUST_BUILD_PACKAGES.has(name) && !HEADER_ONLY_PACKAGES.has(name));
}

/** `-dev` packages whose runtime library dfmod does not know (reported, not guessed). */
export function unknownLibraries(facts: RustFacts): string[] {
  if (facts.linking === 'static') return [];
  const installed = facts.installs.flatMap((install) => install.packages);
  return runtimePackagesFor('debian', installed, null).unknownDev.filter((name) => !HEADER_ONLY_PACKAGES.has(name));
}

function imageFor(facts: RustFacts, kind: RuntimeKind): string {
  const release = facts.release === null || facts.release === 'moving' ? DEFAULT_RELEASE : facts.release;
  switch (kind) {
    case 'distroless-static':
      return distrolessImage('static', release);
    case 'distroless-cc':
      return distrolessImage('cc', release);
    case 'debian-slim':
      // A builder that follows the newest Debian needs a runtime that follows it too.
      return facts.release === 'moving' ? 'debian:stable-slim' : debianSlimImage(release);
    case 'alpine':
      return alpineImage(alpineVersion(facts.baseRef.tag));
  }
}

/** The Alpine release a rust tag names (`1.79-alpine3.20`), if any. */
function alpineVersion(tag: string | null): string | null {
  const named = (tag ?? '').split('-').find((part) => part.startsWith('alpine') && part.length > 'alpine'.length);
  return named ? named.slice('alpine'.length) : null;
}
