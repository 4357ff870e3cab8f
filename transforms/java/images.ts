import { formatImageRef, imageName, parseImageRef, withTag, type ImageRef } from '../shared/image-ref.js';
import type { UserFamily } from '../shared/run-user.js';
import { CORRETTO_MAJORS, TEMURIN_JRE_MAJORS, TEMURIN_UBUNTU_VARIANTS, type JdkFamily } from './tables.js';

/** What the builder image's tag says: the JDK's vendor line, its Java major and its OS variant. */
export interface Jdk {
  readonly family: JdkFamily;
  readonly major: number;
  /** `alpine`, an Ubuntu codename, a Corretto OS (`al2023`), or null for the default. */
  readonly variant: string | null;
  /** The official gradle image, whose Gradle user home is /home/gradle/.gradle. */
  readonly gradleImage: boolean;
}

export type JdkRead = { readonly ok: true; readonly jdk: Jdk } | { readonly ok: false; readonly reason: string };

const BUILDER_IMAGES = new Set(['maven', 'gradle', 'eclipse-temurin', 'openjdk', 'amazoncorretto']);

export function isJavaBuilderImage(image: string): boolean {
  return BUILDER_IMAGES.has(imageName(parseImageRef(image)));
}

function variantOf(rest: string | undefined): string | null {
  if (rest === undefined || rest === '') return null;
  if (rest.startsWith('alpine')) return 'alpine';
  return rest;
}

/** Reads the JDK from a builder tag (`maven:3.9-eclipse-temurin-17`, `gradle:8-jdk21-alpine`, `openjdk:17`). */
export function readJdk(image: string): JdkRead {
  const ref = parseImageRef(image);
  const name = imageName(ref);
  const tag = ref.tag ?? 'latest';
  const unknown = (why: string): JdkRead => ({ ok: false, reason: `${image} ${why}` });
  if (name === 'maven') {
    // The retired tags: `3.6-jdk-11(-slim)` was OpenJDK, `3.6-adoptopenjdk-8` the project that became Temurin.
    const retired = /(?:^|-)(jdk|adoptopenjdk)-(\d+)(?:-(.+))?$/.exec(tag);
    if (retired) {
      const rest = retired[3];
      if (rest !== undefined && rest !== 'slim' && !rest.startsWith('alpine')) return unknown(`is the ${rest} variant, whose runtime image dfmod does not know`);
      return { ok: true, jdk: { family: retired[1] === 'jdk' ? 'openjdk' : 'temurin', major: Number(retired[2]), variant: rest?.startsWith('alpine') ? 'alpine' : null, gradleImage: false } };
    }
    const match = /(?:^|-)(eclipse-temurin|amazoncorretto|openjdk)-(\d+)(?:-(.+))?$/.exec(tag);
    if (!match) return unknown('names no JDK dfmod knows (eclipse-temurin, amazoncorretto or openjdk with a major), so the Java version production needs is unknown');
    const family: JdkFamily = match[1] === 'eclipse-temurin' ? 'temurin' : match[1] === 'amazoncorretto' ? 'corretto' : 'openjdk';
    return { ok: true, jdk: { family, major: Number(match[2]), variant: variantOf(match[3]), gradleImage: false } };
  }
  if (name === 'gradle') {
    const match = /(?:^|-)jdk(\d+)(?:-(.+))?$/.exec(tag);
    if (!match) return unknown('names no JDK major, so the Java version production needs is unknown');
    const rest = match[2];
    if (rest === 'corretto') return { ok: true, jdk: { family: 'corretto', major: Number(match[1]), variant: null, gradleImage: true } };
    if (rest !== undefined && !rest.startsWith('alpine') && !TEMURIN_UBUNTU_VARIANTS.has(rest)) return unknown(`is the ${rest} variant, whose runtime image dfmod does not know`);
    return { ok: true, jdk: { family: 'temurin', major: Number(match[1]), variant: variantOf(rest), gradleImage: true } };
  }
  if (name === 'eclipse-temurin') {
    const match = /^(\d+)(?:[.\d_+]*)?(?:-(jdk|jre))?(?:-(.+))?$/.exec(tag);
    if (!match) return unknown('has a tag dfmod cannot read');
    if (match[2] === 'jre') return unknown('is a JRE, which cannot build');
    const rest = match[3];
    if (rest !== undefined && !rest.startsWith('alpine') && !TEMURIN_UBUNTU_VARIANTS.has(rest)) return unknown(`is the ${rest} variant, whose runtime image dfmod does not know`);
    return { ok: true, jdk: { family: 'temurin', major: Number(match[1]), variant: variantOf(rest), gradleImage: false } };
  }
  if (name === 'openjdk') {
    const match = /^(\d+)(?:[.\d]*)?(?:-jdk)?(?:-(.+))?$/.exec(tag);
    if (!match) return unknown('has a tag dfmod cannot read');
    if (match[2]?.includes('windows') || match[2]?.includes('nanoserver')) return unknown('is a Windows image');
    return { ok: true, jdk: { family: 'openjdk', major: Number(match[1]), variant: match[2]?.startsWith('alpine') ? 'alpine' : null, gradleImage: false } };
  }
  if (name === 'amazoncorretto') {
    const match = /^(\d+)(?:[.\d]*)?(?:-(.+))?$/.exec(tag);
    if (!match) return unknown('has a tag dfmod cannot read');
    return { ok: true, jdk: { family: 'corretto', major: Number(match[1]), variant: match[2] ?? null, gradleImage: false } };
  }
  return unknown('is not a Java build image dfmod knows');
}

export interface JavaRuntime {
  readonly image: string;
  readonly family: UserFamily;
  /** Why this image, when the report must say more than its name. */
  readonly note: { readonly id: string; readonly message: string } | null;
}

/** The runtime image of the same Java major and vendor line, or why there is none. */
export function runtimeFor(jdk: Jdk, original: ImageRef): { ok: true; runtime: JavaRuntime } | { ok: false; reason: string } {
  const { major } = jdk;
  if (jdk.family === 'corretto') {
    if (!CORRETTO_MAJORS.has(major)) return { ok: false, reason: `dfmod knows no amazoncorretto image for Java ${major}` };
    // Corretto publishes JDKs (full or headless), not JREs, for most majors: production keeps the JDK image of the builder's line.
    const sameImage = imageName(original) === 'amazoncorretto';
    const variant = jdk.variant === null ? '' : jdk.variant === 'alpine' ? '-alpine' : jdk.variant.startsWith('al2') ? `-${jdk.variant.split('-')[0]}` : null;
    if (variant === null) return { ok: false, reason: `amazoncorretto has no ${jdk.variant} image for production` };
    const image = sameImage ? formatImageRef(withTag(original, original.tag)) : `amazoncorretto:${major}${variant}`;
    return {
      ok: true,
      runtime: {
        image,
        family: image.includes('alpine') ? 'alpine' : 'rhel',
        note: { id: 'runtime-jdk', message: `Corretto publishes no JRE image for Java ${major}, so production runs the Corretto JDK image, without Maven or Gradle and the source` },
      },
    };
  }
  if (!TEMURIN_JRE_MAJORS.has(major)) return { ok: false, reason: `dfmod knows no eclipse-temurin JRE image for Java ${major}` };
  const suffix = jdk.variant === null ? '' : `-${jdk.variant}`;
  const tag = `${major}-jre${suffix}`;
  const image = imageName(original) === 'eclipse-temurin' ? formatImageRef(withTag(original, tag)) : `eclipse-temurin:${tag}`;
  return {
    ok: true,
    runtime: {
      image,
      family: jdk.variant === 'alpine' ? 'alpine' : 'ubuntu',
      note: jdk.family === 'openjdk'
        ? { id: 'deprecated-image', message: `the openjdk images are deprecated and no longer updated; production runs on ${image}, the same Java ${major}` }
        : null,
    },
  };
}
