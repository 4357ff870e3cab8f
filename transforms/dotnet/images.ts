import { formatImageRef, imageName, parseImageRef, type ImageRef } from '../shared/image-ref.js';
import { CHISELED_DEFAULT, CHISELED_RELEASES, DEFAULT_VARIANTS, MAJOR_VARIANTS, RUNTIME_MAJORS, VARIANT_FAMILIES, type RuntimeRepository } from './tables.js';

/** What the SDK image's tag says: its .NET version and the distribution variant it runs on. */
export interface Sdk {
  readonly ref: ImageRef;
  readonly major: number;
  readonly minor: number;
  /** `bookworm-slim`, `jammy`, `noble`, `alpine3.20`, ...; null for the unsuffixed default. */
  readonly variant: string | null;
}

export type SdkRead = { readonly ok: true; readonly sdk: Sdk } | { readonly ok: false; readonly reason: string };

/** `mcr.microsoft.com/dotnet/sdk`, or a mirror that keeps the `dotnet/sdk` path. */
export function isDotnetSdkImage(image: string): boolean {
  const ref = parseImageRef(image);
  return imageName(ref) === 'sdk' && (ref.path === 'dotnet/sdk' || ref.path.endsWith('/dotnet/sdk'));
}

export function readSdk(image: string): SdkRead {
  const ref = parseImageRef(image);
  const match = /^(\d+)\.(\d+)(?:\.\d+)?(?:-(.+))?$/.exec(ref.tag ?? '');
  if (!match) return { ok: false, reason: `${image} names no .NET version in its tag, so the distribution of its runtime images is unknown` };
  const rest = match[3] ?? null;
  if (rest !== null && /preview|rc/.test(rest)) return { ok: false, reason: `${image} is a preview SDK, whose runtime images dfmod does not know` };
  const variant = rest === null ? null : rest.replace(/-aot$/, '');
  if (variant !== null && familyOf(variant) === null) return { ok: false, reason: `${image} is the ${variant} variant, whose runtime images dfmod does not know` };
  return { ok: true, sdk: { ref, major: Number(match[1]), minor: Number(match[2]), variant: variant === 'aot' ? null : variant } };
}

/** The user family of a variant's images, or null for one dfmod does not know (Azure Linux, Mariner). */
export function familyOf(variant: string | null): 'debian' | 'ubuntu' | 'alpine' | null {
  if (variant === null) return 'debian';
  if (variant.startsWith('alpine')) return 'alpine';
  return VARIANT_FAMILIES[variant] ?? null;
}

/** The distribution an SDK image runs, written out: its variant, or what its unsuffixed tag means. */
export function distributionOf(sdk: Sdk): string | null {
  return sdk.variant ?? DEFAULT_VARIANTS[sdk.major] ?? null;
}

export interface RuntimeImage {
  readonly image: string;
  readonly family: 'debian' | 'ubuntu' | 'alpine' | 'chiseled';
}

export type RuntimeChoice = { readonly ok: true; readonly runtime: RuntimeImage } | { readonly ok: false; readonly reason: string };

function imageFor(sdk: Sdk, repository: RuntimeRepository, tag: string): string {
  const path = `${sdk.ref.path.slice(0, sdk.ref.path.length - 'sdk'.length)}${repository}`;
  return formatImageRef({ registry: sdk.ref.registry, path, tag, digest: null });
}

/**
 * The runtime image for an app of `target` (major, minor) built on `sdk`: the same distribution
 * as the SDK, written as the variant suffix unless the target's unsuffixed tag already means it.
 */
export function runtimeImageFor(sdk: Sdk, repository: RuntimeRepository, target: { major: number; minor: number }): RuntimeChoice {
  if (!RUNTIME_MAJORS.has(target.major)) return { ok: false, reason: `dfmod knows no runtime images for .NET ${target.major}.${target.minor}` };
  const distribution = distributionOf(sdk);
  if (distribution === null) return { ok: false, reason: `dfmod does not know which distribution ${formatImageRef(sdk.ref)} runs on` };
  const version = `${target.major}.${target.minor}`;
  const published = MAJOR_VARIANTS[target.major]!.includes(distribution.startsWith('alpine') ? 'alpine' : distribution);
  if (!published) return { ok: false, reason: `Microsoft publishes no ${distribution} runtime images for .NET ${version}, the project's target` };
  const suffix = distribution === DEFAULT_VARIANTS[target.major] ? '' : `-${distribution}`;
  const family = familyOf(distribution)!;
  return { ok: true, runtime: { image: imageFor(sdk, repository, `${version}${suffix}`), family } };
}

/** The chiseled Ubuntu image (no shell, no package manager) of the same major, or why there is none. */
export function chiseledImageFor(sdk: Sdk, repository: RuntimeRepository, target: { major: number; minor: number }, invariantGlobalization: boolean): RuntimeChoice {
  const releases = CHISELED_RELEASES[target.major];
  if (!releases) return { ok: false, reason: `--runtime distroless: Microsoft publishes chiseled images for .NET 8.0 and later, not ${target.major}.${target.minor}` };
  const distribution = distributionOf(sdk);
  if (distribution === null || familyOf(distribution) === 'alpine') return { ok: false, reason: '--runtime distroless: the builder is Alpine (musl), and the chiseled images are Ubuntu (glibc)' };
  const release = releases.includes(distribution) ? distribution : CHISELED_DEFAULT;
  if (!releases.includes(release)) return { ok: false, reason: `--runtime distroless: there is no ${release} chiseled image for .NET ${target.major}.${target.minor}` };
  // The plain chiseled images lack ICU and tzdata, which the SDK had: only an invariant app can do without them.
  const extra = invariantGlobalization ? '' : '-extra';
  return { ok: true, runtime: { image: imageFor(sdk, repository, `${target.major}.${target.minor}-${release}-chiseled${extra}`), family: 'chiseled' } };
}
