import type { UserFamily } from '../shared/run-user.js';

/** Where the builder keeps Maven's local repository: the maven images run as root, with `MAVEN_CONFIG=/root/.m2`. */
export const MAVEN_REPOSITORY = '/root/.m2';

/**
 * The Gradle user home a root build uses. The official gradle images link `/root/.gradle` to
 * `/home/gradle/.gradle` (their declared VOLUME), so the cache is mounted at the real directory;
 * on any other JDK image a root build keeps it in `/root/.gradle`.
 */
export const GRADLE_IMAGE_USER_HOME = '/home/gradle/.gradle';
export const GRADLE_ROOT_USER_HOME = '/root/.gradle';

/** Java majors whose runtime images dfmod knows to be published, per runtime repository. */
export const TEMURIN_JRE_MAJORS: ReadonlySet<number> = new Set([8, 11, 17, 21, 25]);
export const CORRETTO_MAJORS: ReadonlySet<number> = new Set([8, 11, 17, 21, 25]);
/** `gcr.io/distroless/java<major>-debian12` exists for these majors only. */
export const DISTROLESS_JAVA_MAJORS: ReadonlySet<number> = new Set([17, 21]);

/** The JDK's vendor line, which the runtime image keeps. */
export type JdkFamily = 'temurin' | 'corretto' | 'openjdk';

/** Ubuntu releases eclipse-temurin publishes JRE tags for (`17-jre-jammy`). */
export const TEMURIN_UBUNTU_VARIANTS: ReadonlySet<string> = new Set(['focal', 'jammy', 'noble']);

/** Programs on the PATH of each runtime family, for the verifier and the checks before it. */
export const RUNTIME_PROGRAMS: Readonly<Record<Exclude<UserFamily, 'debian'>, readonly string[]>> = {
  ubuntu: ['sh', 'bash', 'dash', 'java', 'cat', 'ls', 'sleep', 'env', 'mkdir', 'rm', 'cp', 'mv', 'chmod', 'chown', 'date', 'sed', 'grep', 'tar', 'gzip', 'find', 'xargs', 'id', 'kill', 'timeout'],
  alpine: ['sh', 'ash', 'java', 'wget', 'nc', 'cat', 'ls', 'sleep', 'env', 'mkdir', 'rm', 'cp', 'mv', 'chmod', 'chown', 'date', 'sed', 'grep', 'tar', 'gzip', 'find', 'xargs', 'id', 'kill', 'timeout'],
  rhel: ['sh', 'bash', 'java', 'cat', 'ls', 'sleep', 'env', 'mkdir', 'rm', 'cp', 'mv', 'chmod', 'chown', 'date', 'sed', 'grep', 'tar', 'gzip', 'find', 'xargs', 'id', 'kill'],
  distroless: ['java'],
};

/** Build files a Maven build reads before any source: copied first, each at its own path. */
export const MAVEN_WRAPPER_FILES = ['mvnw', '.mvn'];
export const GRADLE_WRAPPER_FILES = ['gradlew', 'gradle'];
export const GRADLE_BUILD_FILES = ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradle.properties'];

/** Spring Boot's external configuration, read from the working directory and its config/ folder. */
export const SPRING_CONFIG = /^(config\/?|config\/.*|application[^/]*\.(ya?ml|properties))$/;

/** Patterns the context must not send: the repository, build output and the IDE's files. */
export const JAVA_DOCKERIGNORE = ['.git', 'target', 'build', '.gradle', '.env'];

/** Change ids in the order the report lists them. */
export const CHANGE_ORDER = ['split-stages', 'runtime-base', 'runtime-jdk', 'deprecated-image', 'manifest-first', 'cache-mount', 'artifact', 'runtime-config', 'runtime-packages', 'non-root', 'redeclare-arg'];
