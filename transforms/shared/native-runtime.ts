import type { DebianRelease, PackageFamily } from './system-packages.js';

/**
 * Runtime images for compiled binaries (Go, Rust, C): what each kind ships, so a transform can
 * prove that the CA roots, zoneinfo, shell and programs the running container needs are there.
 */
/** Distroless has no shell nor package manager; the other two have both. */
export type NativeRuntimeKind = 'distroless' | 'debian-slim' | 'alpine';

/** `gcr.io/distroless/<flavour>-<suffix>`: static (no libc), base (glibc + openssl), cc (base + libgcc). */
export type DistrolessFlavour = 'static' | 'base' | 'cc';

const DISTROLESS_SUFFIX: Readonly<Record<DebianRelease, string>> = {
  bullseye: 'debian11',
  bookworm: 'debian12',
  trixie: 'debian13',
};

export function distrolessImage(flavour: DistrolessFlavour, release: DebianRelease): string {
  return `gcr.io/distroless/${flavour}-${DISTROLESS_SUFFIX[release]}`;
}

export function debianSlimImage(release: DebianRelease): string {
  return `debian:${release}-slim`;
}

/** `alpine:3.19` when the builder named its Alpine release, else the newest 3.x (musl runs older builds). */
export function alpineImage(version: string | null): string {
  return `alpine:${version ?? '3'}`;
}

export interface NativeRuntimeFacts {
  /** Programs on the image's PATH that a CMD, ENTRYPOINT or HEALTHCHECK may call. */
  readonly programs: readonly string[];
  /** /etc/ssl/certs/ca-certificates.crt is there. */
  readonly caCertificates: boolean;
  /** /usr/share/zoneinfo is there. */
  readonly zoneinfo: boolean;
}

const COMMON_TOOLS = ['cat', 'ls', 'sleep', 'env', 'mkdir', 'rm', 'cp', 'mv', 'chmod', 'chown', 'date', 'sed', 'grep', 'tar', 'gzip', 'find', 'xargs', 'id', 'kill', 'timeout'];

export const NATIVE_RUNTIMES: Readonly<Record<NativeRuntimeKind, NativeRuntimeFacts>> = {
  distroless: { programs: [], caCertificates: true, zoneinfo: true },
  'debian-slim': { programs: ['sh', 'bash', 'dash', ...COMMON_TOOLS], caCertificates: false, zoneinfo: false },
  // Alpine's base image carries ca-certificates-bundle; busybox gives wget and nc.
  alpine: { programs: ['sh', 'ash', 'wget', 'nc', 'awk', 'ps', ...COMMON_TOOLS], caCertificates: true, zoneinfo: false },
};

/** The packages that put CA roots and zoneinfo on a family's image. */
export const SYSTEM_FILE_PACKAGES: Readonly<Record<'caCertificates' | 'zoneinfo', Readonly<Record<PackageFamily, string>>>> = {
  caCertificates: { debian: 'ca-certificates', alpine: 'ca-certificates' },
  zoneinfo: { debian: 'tzdata', alpine: 'tzdata' },
};

/** The package that brings a program a command or health check calls, per family. */
export const NATIVE_PROGRAM_PACKAGES: Readonly<Record<string, Readonly<Record<PackageFamily, string>>>> = {
  curl: { debian: 'curl', alpine: 'curl' },
  wget: { debian: 'wget', alpine: 'wget' },
  bash: { debian: 'bash', alpine: 'bash' },
  tini: { debian: 'tini', alpine: 'tini' },
  'dumb-init': { debian: 'dumb-init', alpine: 'dumb-init' },
  nc: { debian: 'netcat-openbsd', alpine: 'netcat-openbsd' },
  'su-exec': { debian: 'su-exec', alpine: 'su-exec' },
  gosu: { debian: 'gosu', alpine: 'gosu' },
  jq: { debian: 'jq', alpine: 'jq' },
  git: { debian: 'git', alpine: 'git' },
  python3: { debian: 'python3', alpine: 'python3' },
};
