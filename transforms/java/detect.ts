import { posix } from 'node:path';
import { copyDestination, copySources, type Instruction } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands } from '../../src/core/shell.js';
import type { TransformInput } from '../../src/core/transform.js';
import { resolveBaseImage } from '../shared/base-image.js';
import { parseImageRef, type ImageRef } from '../shared/image-ref.js';
import { isInspection } from '../shared/inspection.js';
import { contextSource, EMPTY_SCOPE, nextScope, resolveWorkdir, type Scope } from '../shared/placement.js';
import { readGradleProject, readGradleSettings } from './gradle.js';
import { isJavaBuilderImage, readJdk, type Jdk } from './images.js';
import { effectiveProperties, inheritedPlugin, interpolate, mavenJavaRelease, pluginSetting, readMavenProject, type MavenProject, type Pom } from './pom.js';
import { GRADLE_BUILD_FILES, GRADLE_IMAGE_USER_HOME, GRADLE_ROOT_USER_HOME, GRADLE_WRAPPER_FILES, MAVEN_REPOSITORY, MAVEN_WRAPPER_FILES, SPRING_CONFIG } from './tables.js';

export type StepRole = 'scope' | 'build-files' | 'source' | 'config' | 'chmod' | 'inspect' | 'prefetch' | 'build' | 'place' | 'meta';

export interface Step {
  readonly instruction: Instruction;
  readonly role: StepRole;
  readonly scope: Scope;
}

/** What production copies from the builder, and where the container's command finds it. */
export type Artifact =
  | { readonly kind: 'jar'; readonly builderPath: string; readonly description: string; readonly libDir: string | null; readonly libName: string | null }
  | { readonly kind: 'install'; readonly builderPath: string; readonly description: string };

export interface JavaFacts {
  readonly baseImage: string;
  readonly baseRef: ImageRef;
  readonly from: Instruction;
  readonly jdk: Jdk;
  readonly tool: 'maven' | 'gradle';
  /** The program as the build RUN calls it: `mvn`, `./mvnw`, `gradle`, `./gradlew`. */
  readonly program: string;
  readonly steps: readonly Step[];
  /** The directory the build runs in, which holds the context's root. */
  readonly projectDir: string;
  readonly finalWorkdir: string;
  readonly cacheTarget: string;
  readonly artifact: Artifact;
  /** The command word that named the artifact, and the instruction it is in. */
  readonly commandWord: { readonly instruction: Instruction; readonly word: string; readonly replacement: string } | null;
  /** Build files (context paths) copied before the source. */
  readonly buildFiles: readonly string[];
  /** The pre-fetch command to add, or why none is added. */
  readonly prefetch: { readonly command: string } | { readonly reason: string } | null;
  /**
   * Set when the source is copied by absolute path before the WORKDIR the build runs in: the
   * builder then sets that WORKDIR before the build files, so they and the pre-fetch land there.
   */
  readonly earlyWorkdir: string | null;
  /** Spring configuration files of the context root that production copies next to the jar. */
  readonly springConfig: readonly string[];
  /** Why production runs that Java major, for the report. */
  readonly javaSource: string;
}

export type Detection = { readonly ok: true; readonly facts: JavaFacts } | { readonly ok: false; readonly status: 'skipped'; readonly reason: string };

class Skip extends Error {}
function skip(reason: string): never {
  throw new Skip(reason);
}

const BUILD_PROGRAMS = new Set(['mvn', './mvnw', 'mvnw', 'gradle', './gradlew', 'gradlew']);
const MAVEN_BUILD_GOALS = new Set(['package', 'install', 'verify', 'spring-boot:repackage']);
const GRADLE_BUILD_TASKS = new Set(['build', 'bootJar', 'installDist', 'assemble', 'jar', 'shadowJar']);
const PREFETCH_GOALS = new Set(['dependency:go-offline', 'dependency:resolve', 'dependency:resolve-plugins', 'dependencies']);
const META_KEYWORDS = new Set(['EXPOSE', 'LABEL', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL', 'CMD', 'ENTRYPOINT', 'MAINTAINER']);

export function looksLikeJava(input: TransformInput): string | null {
  const base = resolveBaseImage(input.dockerfile);
  if (base.kind === 'resolved' && isJavaBuilderImage(base.image)) {
    const calls = input.dockerfile.stages[0]?.instructions.some((instruction) => instruction.keyword === 'RUN' && buildCall(instruction) !== null);
    if (calls) return `base image ${base.image} and a Maven or Gradle build`;
  }
  return null;
}

export function detectJava(input: TransformInput): Detection {
  try {
    return { ok: true, facts: gatherFacts(input) };
  } catch (problem) {
    if (problem instanceof Skip) return { ok: false, status: 'skipped', reason: problem.message };
    throw problem;
  }
}

function line(instruction: Instruction): string {
  return `line ${instruction.line + 1}`;
}

interface BuildCall {
  readonly program: string;
  /** How the RUN starts the program: `./mvnw`, or `sh mvnw` for a wrapper that is not executable. */
  readonly launcher: string;
  readonly words: readonly string[];
  readonly goals: readonly string[];
  readonly kind: 'build' | 'prefetch' | 'chmod' | 'inspect' | 'place';
}

/** A `cp` or `mv` of the built jar to another file, after the build. */
export interface Placement {
  readonly from: string;
  readonly to: string;
}

const WRAPPERS = new Set(['mvnw', './mvnw', 'gradlew', './gradlew']);
const WRAPPER_MODES = new Set(['+x', 'u+x', 'a+x', 'ug+x', 'ugo+x', '755', '0755', '775', '0775', '700', '0700', '777']);

/**
 * Commands that only look around (the shared inspection list) or make a directory (`mkdir -p
 * app`): they stay in the builder as written and change nothing production needs (a directory
 * the app writes is found from the Dockerfile and made again in production).
 */
function isPreparation(words: readonly string[]): boolean {
  if (words[0] === 'mkdir') return words.slice(1).every((word) => word === '-p' || !word.startsWith('-'));
  return isInspection(words);
}

/** The Maven or Gradle commands of a RUN, or null when it runs anything else too. */
function buildCalls(instruction: Instruction): BuildCall[] | null {
  if (instruction.json !== null || instruction.heredoc) return null;
  const commands = splitCommands(instruction.argsText);
  if (!commands || commands.length === 0) return null;
  const calls: BuildCall[] = [];
  for (const command of commands) {
    if (command.joinedBy !== null && command.joinedBy !== '&&') return null;
    let words = commandWords(command);
    if (words[0] === 'chmod' && words.length >= 3 && WRAPPER_MODES.has(words[1]!) && words.slice(2).every((word) => WRAPPERS.has(word))) {
      calls.push({ program: 'chmod', launcher: 'chmod', words, goals: [], kind: 'chmod' });
      continue;
    }
    if (isPreparation(words)) {
      calls.push({ program: words[0]!, launcher: words[0]!, words, goals: [], kind: 'inspect' });
      continue;
    }
    if ((words[0] === 'cp' || words[0] === 'mv') && words.length === 3 && words.slice(1).every((word) => !word.startsWith('-')) && words[2]!.endsWith('.jar')) {
      calls.push({ program: words[0], launcher: words[0], words, goals: [], kind: 'place' });
      continue;
    }
    const interpreter = words[0] === 'sh' || words[0] === 'bash' ? `${words[0]} ` : '';
    if (interpreter !== '') words = words.slice(1);
    if (!BUILD_PROGRAMS.has(words[0] ?? '')) return null;
    const goals = words.slice(1).filter((word, index, all) => !word.startsWith('-') && !['-P', '-pl', '-s', '-x', '-f', '-T', '--settings', '--file', '--exclude-task'].includes(all[index - 1] ?? '') && !word.includes('='));
    const gradle = words[0]!.includes('gradle');
    const named = (goal: string) => (gradle ? gradleTask(goal).name : goal);
    const kind = goals.some((goal) => (gradle ? GRADLE_BUILD_TASKS : MAVEN_BUILD_GOALS).has(named(goal))) ? 'build' : goals.length > 0 && goals.every((goal) => PREFETCH_GOALS.has(named(goal)) || named(goal) === 'clean') ? 'prefetch' : null;
    if (kind === null) return null;
    calls.push({ program: words[0]!, launcher: `${interpreter}${words[0]!}`, words, goals, kind });
  }
  return calls;
}

/**
 * A Gradle task as the command line names it: `bootJar` runs in every project that has it
 * (`project` null), `:bootJar` in the root only, `:services:api:bootJar` in `services/api`.
 */
function gradleTask(goal: string): { project: string | null; name: string } {
  if (!goal.includes(':')) return { project: null, name: goal };
  const parts = goal.replace(/^:/, '').split(':');
  return { project: parts.slice(0, -1).join('/'), name: parts.at(-1)! };
}

/** True when the build RUN's tasks build `task` (or any build task when null) in the project at `directory`. */
function gradleBuilds(build: BuildCall, directory: string, task: string | null = null): boolean {
  return build.goals.map(gradleTask).some(({ project, name }) => (task === null ? GRADLE_BUILD_TASKS.has(name) : name === task) && (project === null || project === directory));
}

function buildCall(instruction: Instruction): BuildCall | null {
  return buildCalls(instruction)?.find((call) => call.kind === 'build') ?? null;
}

function normalize(path: string): string {
  const clean = posix.normalize(path).replace(/\/$/, '');
  return clean === '' ? '.' : clean;
}

function isBuildFile(path: string): boolean {
  return path === 'pom.xml' || path.endsWith('/pom.xml') || [...MAVEN_WRAPPER_FILES, ...GRADLE_WRAPPER_FILES, ...GRADLE_BUILD_FILES].includes(path) || path.startsWith('.mvn/') || path.startsWith('gradle/');
}

function gatherFacts(input: TransformInput): JavaFacts {
  const { dockerfile, context } = input;
  if (dockerfile.stages.length !== 1) skip('the Dockerfile has several stages');
  const base = resolveBaseImage(dockerfile);
  if (base.kind !== 'resolved') skip(base.reason);
  if (base.args.length > 0) skip(`the base image takes its tag from ARG ${base.args.join(', ')}, and a production JRE written by tag would not follow it`);
  const jdkRead = readJdk(base.image);
  if (!jdkRead.ok) skip(jdkRead.reason);
  const jdk = jdkRead.jdk;
  const stage = dockerfile.stages[0]!;

  const steps: Step[] = [];
  let scope: Scope = EMPTY_SCOPE;
  let buildIndex = -1;
  let build: BuildCall | null = null;
  const placements: Placement[] = [];
  for (const instruction of stage.instructions.slice(1)) {
    const here = scope;
    scope = nextScope(scope, instruction);
    const keyword = instruction.keyword;
    if (keyword === 'WORKDIR' || keyword === 'ENV' || keyword === 'ARG') {
      steps.push({ instruction, role: 'scope', scope: here });
    } else if (META_KEYWORDS.has(keyword)) {
      steps.push({ instruction, role: 'meta', scope: here });
    } else if (keyword === 'COPY') {
      if (instruction.flags.some((flag) => flag.name !== 'chown' && flag.name !== 'chmod')) skip(`${line(instruction)}: COPY with ${instruction.flags[0]!.name} is not a plain copy of the context`);
      const sources = copySources(instruction).map(contextSource);
      const role: StepRole = sources.every(isBuildFile) ? 'build-files' : sources.every((source) => SPRING_CONFIG.test(source)) ? 'config' : 'source';
      if (role === 'config' && !copyDestination(instruction).startsWith('/') && scope.workdir !== stage.instructions.slice(1).reduce(nextScope, EMPTY_SCOPE).workdir) {
        skip(`${line(instruction)} copies configuration under another WORKDIR than the one the app runs in`);
      }
      if (buildIndex >= 0 && role !== 'config') skip(`${line(instruction)} copies files after the build, and dfmod cannot tell whether production needs them`);
      steps.push({ instruction, role, scope: here });
    } else if (keyword === 'RUN') {
      const calls = buildCalls(instruction);
      if (calls === null) skip(`${line(instruction)}: the RUN is not a Maven or Gradle step, and dfmod cannot tell whether production needs what it does`);
      const places = calls.filter((call) => call.kind === 'place');
      const found = calls.find((call) => call.kind === 'build');
      if (buildIndex >= 0 && (found || places.length !== calls.length)) skip(`${line(instruction)} runs after the build, and dfmod cannot tell whether production needs what it does`);
      if (places.length > 0 && (buildIndex < 0 && !found || calls.indexOf(places[0]!) < calls.findIndex((call) => call.kind === 'build'))) skip(`${line(instruction)} moves a jar before it is built`);
      for (const place of places) {
        const from = resolveWorkdir(here, place.words[1]!);
        const to = resolveWorkdir(here, place.words[2]!);
        if (from === null || to === null) skip(`${line(instruction)}: ${place.words.join(' ')} uses a path dfmod cannot resolve`);
        placements.push({ from, to });
      }
      const role: StepRole = found ? 'build' : places.length > 0 ? 'place' : calls.some((call) => call.kind === 'prefetch') ? 'prefetch' : calls.every((call) => call.kind === 'inspect') ? 'inspect' : 'chmod';
      if (found) {
        buildIndex = steps.length;
        build = found;
      }
      steps.push({ instruction, role, scope: here });
    } else if (keyword === 'USER') {
      skip(`${line(instruction)}: the original sets its own USER, and dfmod adds a user only where none is set`);
    } else {
      skip(`${line(instruction)}: ${keyword} is not an instruction the Java transform moves`);
    }
  }
  if (buildIndex < 0 || build === null) skip('no RUN builds with Maven or Gradle');
  const buildStep = steps[buildIndex]!;
  const projectDir = buildStep.scope.workdir;
  if (projectDir === null) skip(`${line(buildStep.instruction)} builds without a WORKDIR of its own, in the image's default directory, so dfmod cannot place the project`);
  if (projectDir === '/') skip(`${line(buildStep.instruction)} builds in /, the filesystem root, where the early build-file copies and the production copy of the project would mix with the system's files`);
  const finalWorkdir = scope.workdir ?? projectDir;

  const tool = build.program.includes('mvn') ? 'maven' : 'gradle';
  if (build.words.some((word) => word === '-f' || word === '--file' || word.startsWith('--file=') || word === '-p' || word === '--project-dir')) {
    skip(`${line(buildStep.instruction)} points the build at another project file, which dfmod does not follow`);
  }
  const rootCopied = steps.some((step) => step.role !== 'meta' && step.instruction.keyword === 'COPY' && (step.scope.workdir !== null || copyDestination(step.instruction).startsWith('/')) && copySources(step.instruction).map(contextSource).some((source) => source === '.' || source === (tool === 'maven' ? 'pom.xml' : 'build.gradle') || source === 'build.gradle.kts') && resolveWorkdir(step.scope, copyDestination(step.instruction)) === projectDir);
  if (!rootCopied) {
    const buildFileNames = tool === 'maven' ? ['pom.xml'] : ['build.gradle', 'build.gradle.kts'];
    const subProject = steps.find((step) => step.instruction.keyword === 'COPY' && (step.scope.workdir !== null || copyDestination(step.instruction).startsWith('/')) && resolveWorkdir(step.scope, copyDestination(step.instruction)) === projectDir && copySources(step.instruction).map(contextSource).some((source) => buildFileNames.some((name) => context.files.includes(`${source}/${name}`))));
    if (subProject) skip(`${line(subProject.instruction)} copies a folder of the context as the project ${line(buildStep.instruction)} builds, and dfmod reads build files only at the context's root`);
    skip(`no COPY puts the project's root into ${projectDir}, where ${line(buildStep.instruction)} builds`);
  }
  const firstSource = steps.find((step) => step.role === 'source');
  if (!firstSource) skip(`no COPY before ${line(buildStep.instruction)} brings the source`);
  const earlyWorkdir = firstSource.scope.workdir === projectDir ? null : workdirBeforeSource(steps, firstSource, projectDir);
  const cacheTarget = cacheTargetFor(tool, jdk, build, buildStep.instruction);
  const wrapper = build.program.startsWith('./') || build.program.endsWith('w');

  const commandSteps = steps.filter((step) => step.instruction.keyword === 'CMD' || step.instruction.keyword === 'ENTRYPOINT');
  let artifact: Artifact;
  let buildFiles: string[];
  let prefetch: JavaFacts['prefetch'];
  let javaSource: string;
  let commandWord: JavaFacts['commandWord'] = null;

  if (tool === 'maven') {
    const read = readMavenProject(context, '');
    if (!read.ok) skip(read.reason);
    const project = read.value;
    const found = findCommandJar(commandSteps, finalWorkdir, projectDir, /^(?:(.+)\/)?target\/([^/]+\.jar)$/, placements);
    const module = project.modules.get(found.module);
    if (!module) skip(`${line(found.instruction)} runs ${found.word}, which is not in target/ of a module of pom.xml`);
    const maven = mavenArtifact(project, module, projectDir);
    if (found.file.includes('*')) {
      if (found.placedAt === null && found.instruction.json !== null) skip(`${line(found.instruction)} runs ${found.word} in exec form, which expands no glob`);
      const other = ['maven-shade-plugin', 'maven-source-plugin', 'maven-javadoc-plugin', 'maven-assembly-plugin'].find((id) => inheritedPlugin(project, module, id));
      if (other) skip(`${line(found.instruction)} runs ${found.word}, which also matches the other jar ${other} writes to target/`);
    }
    if (!jarMatches(found.file, maven.fileName)) skip(`${line(found.instruction)} runs ${found.word}, but ${module.path} builds ${maven.fileName}`);
    artifact = found.placedAt !== null && maven.artifact.kind === 'jar' ? { ...maven.artifact, builderPath: found.placedAt } : maven.artifact;
    const release = mavenJavaRelease(project, module);
    if (release === 'unreadable') skip(`${module.path} sets its Java release through a value dfmod cannot read`);
    javaSource = javaSourceFor(base.image, jdk, release);
    commandWord = { instruction: found.instruction, word: found.word, replacement: found.word.startsWith('/') ? posix.join(finalWorkdir, 'app.jar') : 'app.jar' };
    buildFiles = [...[...project.modules.values()].map((pom) => pom.path), ...(context.directories.includes('.mvn') ? ['.mvn'] : []), ...(wrapper ? ['mvnw'] : [])];
    if (wrapper && !context.files.includes('mvnw')) skip(`${line(buildStep.instruction)} runs the Maven wrapper, but mvnw is not in the build context`);
    prefetch = mavenPrefetch(project, build);
    const settingsAt = build.words.findIndex((word) => word === '-s' || word === '--settings');
    const settings = settingsAt >= 0 ? build.words[settingsAt + 1] : build.words.find((word) => /^(-s|--settings=)./.test(word))?.replace(/^(-s|--settings=)/, '');
    if (settings !== undefined) {
      const path = normalize(settings);
      if (path.startsWith('/') || path.startsWith('..') || !context.files.includes(path)) skip(`${line(buildStep.instruction)} reads Maven settings from ${settings}, which is not a file of the build context`);
      buildFiles.push(path);
    }
  } else {
    const settingsRead = readGradleSettings(context);
    if (!settingsRead.ok) skip(settingsRead.reason);
    const settings = settingsRead.value;
    const readProject = (directory: string, nameFollowed = false) => {
      if (!settings.projects.includes(directory)) skip(`${settings.settingsFile ?? 'the settings script'} includes no project at ${directory}, where the container's command finds its artifact`);
      const read = readGradleProject(context, settings, directory, { nameFollowed });
      if (!read.ok) skip(read.reason);
      return read.value;
    };
    const inProject = (directory: string, path: string) => (directory === '' ? path : `${directory}/${path}`);
    let module: string;
    let gradle: ReturnType<typeof readProject>;
    if (build.goals.some((goal) => gradleTask(goal).name === 'installDist')) {
      const started = findInstallScript(commandSteps, finalWorkdir, projectDir);
      module = started.module;
      gradle = readProject(module);
      if (!gradleBuilds(build, module, 'installDist')) skip(`${line(buildStep.instruction)} runs no installDist in the project at ${module}, whose start script the container runs`);
      if (!gradle.application) skip(`${line(buildStep.instruction)} runs installDist, but ${gradle.buildFile} applies no application plugin dfmod can see`);
      // The main distribution is named after applicationName, which defaults to the project's name.
      const distribution = gradle.applicationName ?? gradle.name;
      if (started.distribution !== distribution || started.script !== distribution) skip(`the container's command does not run ${inProject(module, `build/install/${distribution}/bin/${distribution}`)}, the start script installDist writes`);
      const installDir = posix.join(projectDir, inProject(module, 'build/install'), distribution);
      artifact = { kind: 'install', builderPath: installDir, description: inProject(module, `build/install/${distribution}`) };
    } else {
      const found = findCommandJar(commandSteps, finalWorkdir, projectDir, /^(?:(.+)\/)?build\/libs\/([^/]+\.jar)$/, placements);
      module = found.module;
      const followed = found.placedAt !== null && found.file.includes('*');
      gradle = readProject(module, followed);
      if (!gradleBuilds(build, module)) skip(`${line(buildStep.instruction)} builds no jar in the project at ${module === '' ? 'the root' : module}, whose jar the container runs`);
      if (!gradle.springBoot) skip(`${gradle.buildFile} applies no Spring Boot plugin, and dfmod cannot prove a plain Gradle jar carries its dependencies`);
      const fileName = gradle.bootJarFileName ?? `${gradle.name}${gradle.version === null ? '' : `-${gradle.version}`}.jar`;
      if (found.file.includes('*') && !followed) skip(`${line(found.instruction)} runs ${found.word}, which also matches the -plain.jar Spring Boot's Gradle plugin writes beside ${fileName}`);
      if (!followed && found.file !== fileName) skip(`${line(found.instruction)} runs ${found.word}, but ${gradle.buildFile} builds ${fileName}`);
      const libs = inProject(module, 'build/libs');
      const description = followed ? `the jar the Dockerfile's own copy of ${libs}/*.jar leaves at ${found.placedAt}` : `${libs}/${fileName}`;
      artifact = { kind: 'jar', builderPath: found.placedAt ?? posix.join(projectDir, libs, fileName), description, libDir: null, libName: null };
      commandWord = { instruction: found.instruction, word: found.word, replacement: found.word.startsWith('/') ? posix.join(finalWorkdir, 'app.jar') : 'app.jar' };
    }
    javaSource = javaSourceFor(base.image, jdk, gradle.javaRelease);
    const projectBuildFiles = settings.projects.flatMap((directory) => ['build.gradle.kts', 'build.gradle'].map((file) => inProject(directory, file)).filter((file) => context.files.includes(file)).slice(0, 1));
    buildFiles = [...projectBuildFiles, ...(settings.settingsFile ? [settings.settingsFile] : []), ...(context.files.includes('gradle.properties') ? ['gradle.properties'] : [])];
    if (context.directories.includes('gradle')) buildFiles.push('gradle');
    if (wrapper) {
      if (!context.files.includes('gradlew') || !context.files.includes('gradle/wrapper/gradle-wrapper.properties')) skip(`${line(buildStep.instruction)} runs the Gradle wrapper, but gradlew or gradle/wrapper is not in the build context`);
      buildFiles.push('gradlew');
    }
    if (context.directories.includes('buildSrc')) buildFiles.push('buildSrc');
    // In a multi-project build, the root's `dependencies` task resolves the root's configurations only.
    const dependencies = module === '' ? 'dependencies' : `:${module.split('/').join(':')}:dependencies`;
    prefetch = { command: [build.launcher, ...build.words.slice(1).filter((word) => word === '--no-daemon' || word.startsWith('-P') || word === '--offline'), dependencies].join(' ') };
  }
  // Only what the original sends to the build is copied early: a `.mvn/maven.config` or a
  // `gradle.properties` it never copied would change the build.
  const copiedByOriginal = steps.filter((step) => step.instruction.keyword === 'COPY' && step.role !== 'config').flatMap((step) => copySources(step.instruction).map(contextSource));
  buildFiles = buildFiles.filter((file) => copiedByOriginal.some((source) => source === '.' || source === file || file.startsWith(`${source}/`)));
  if (steps.some((step) => step.role === 'prefetch')) prefetch = null;
  if (prefetch && 'command' in prefetch && build.launcher === build.program && (steps.slice(0, buildIndex).some((step) => step.role === 'chmod') || (buildCalls(buildStep.instruction) ?? []).some((call) => call.kind === 'chmod'))) prefetch = { command: `chmod +x ${build.program.replace(/^\.\//, '')} && ${prefetch.command}` };

  const springConfig = projectDir === finalWorkdir && steps.some((step) => step.role === 'source' && copySources(step.instruction).map(contextSource).includes('.'))
    ? [...context.files.filter((file) => /^application[^/]*\.(ya?ml|properties)$/.test(file)), ...(context.directories.includes('config') ? ['config'] : [])]
    : [];
  return {
    baseImage: base.image,
    baseRef: parseImageRef(base.image),
    from: stage.from,
    jdk,
    tool,
    program: build.program,
    steps,
    projectDir,
    finalWorkdir,
    cacheTarget,
    artifact,
    commandWord,
    buildFiles: [...new Set(buildFiles)],
    prefetch,
    earlyWorkdir,
    springConfig,
    javaSource,
  };
}

function commandWordsOf(instruction: Instruction): string[] {
  if (instruction.json) return [...instruction.json];
  return (splitCommands(instruction.argsText) ?? []).flatMap((command) => [...commandWords(command)]);
}

function cacheTargetFor(tool: 'maven' | 'gradle', jdk: Jdk, build: BuildCall, instruction: Instruction): string {
  if (tool === 'maven') {
    const local = build.words.find((word) => word.startsWith('-Dmaven.repo.local='));
    if (local) skip(`${line(instruction)} sets maven.repo.local, which dfmod leaves alone`);
    return MAVEN_REPOSITORY;
  }
  if (build.words.some((word) => word === '-g' || word.startsWith('--gradle-user-home'))) skip(`${line(instruction)} sets its own Gradle user home, which dfmod leaves alone`);
  return jdk.gradleImage ? GRADLE_IMAGE_USER_HOME : GRADLE_ROOT_USER_HOME;
}

interface CommandJar {
  readonly instruction: Instruction;
  readonly word: string;
  /** The module directory (context path) and the jar's file name, as the command wrote it. */
  readonly module: string;
  readonly file: string;
  /** Where a cp or mv after the build left the jar, which production then copies from. */
  readonly placedAt: string | null;
}

/** The jar the container's `java -jar` runs, relative to the project, or a skip naming the line. */
function findCommandJar(commands: readonly Step[], finalWorkdir: string, projectDir: string, pattern: RegExp, placements: readonly Placement[]): CommandJar {
  for (const step of [...commands].reverse()) {
    const words = commandWordsOf(step.instruction);
    const jarAt = words.indexOf('-jar');
    if (jarAt < 0 || !words.slice(0, jarAt).some((word) => word === 'java' || word.endsWith('/java'))) continue;
    const word = words[jarAt + 1];
    if (word === undefined) continue;
    const absolute = resolveWorkdir({ workdir: finalWorkdir, variables: new Map() }, word);
    if (absolute === null) skip(`${line(step.instruction)} runs ${word}, a path dfmod cannot resolve`);
    if (placements.length > 1) skip(`the build's jar is copied or moved more than once, which dfmod does not follow`);
    const placed = placements.find((placement) => placement.to === absolute);
    if (placements.length === 1 && !placed) skip(`${line(step.instruction)} runs ${word}, not ${placements[0]!.to} where the build RUN puts the jar`);
    const relative = posix.relative(projectDir, placed ? placed.from : absolute);
    const match = pattern.exec(relative);
    if (!match) skip(`${line(step.instruction)} runs ${word}, which is not where the build writes its jar`);
    const occurrences = step.instruction.raw.slice(step.instruction.argsOffset).split(word).length - 1;
    if (occurrences !== 1) skip(`${line(step.instruction)} names ${word} more than once`);
    return { instruction: step.instruction, word, module: match[1] ?? '', file: match[2]!, placedAt: placed?.to ?? null };
  }
  skip("the container's command runs no java -jar, so dfmod cannot tell which artifact production needs");
}

/**
 * The original ran its jar on the image's own JDK, so production runs the JRE of that major. A
 * lower release in the build files runs on it unchanged; a higher one (a toolchain Gradle
 * provisions, or a build that fails) leaves no major dfmod can prove.
 */
function javaSourceFor(image: string, jdk: Jdk, release: { readonly major: number; readonly source: string } | null): string {
  if (release === null) return `Java ${jdk.major}, as ${image}`;
  if (release.major > jdk.major) skip(`${image} is Java ${jdk.major} but ${release.source} says Java ${release.major}, newer than the JDK the original runs its jar on; dfmod will not guess which one production needs`);
  return release.major === jdk.major ? `Java ${jdk.major}, as ${release.source} says` : `Java ${jdk.major}, the JDK the original ran on; the Java ${release.major} classes ${release.source} asks for run on it`;
}

/**
 * `COPY . /app` then `WORKDIR /app`: the build's WORKDIR can move up to just before the source
 * when the source lands in it and nothing in between depends on the directory it runs in (only
 * absolute copies, ENV, ARG and metadata).
 */
function workdirBeforeSource(steps: readonly Step[], firstSource: Step, projectDir: string): string {
  const reason = `${line(firstSource.instruction)} copies the source outside ${projectDir}, the WORKDIR the build runs in, so dfmod cannot place the build files before it`;
  if (resolveWorkdir(firstSource.scope, copyDestination(firstSource.instruction)) !== projectDir) skip(reason);
  for (const step of steps.slice(steps.indexOf(firstSource))) {
    const { keyword } = step.instruction;
    if (keyword === 'WORKDIR') {
      if (step.instruction.args.length === 1 && resolveWorkdir(step.scope, step.instruction.args[0]!) === projectDir && step.instruction.args[0]!.startsWith('/')) return projectDir;
      skip(reason);
    }
    const independent = step.role === 'meta' || keyword === 'ENV' || keyword === 'ARG' || (keyword === 'COPY' && copyDestination(step.instruction).startsWith('/'));
    if (!independent) skip(reason);
  }
  skip(reason);
}

/** The installDist start script the container's command runs: `[<project>/]build/install/<dist>/bin/<script>`. */
function findInstallScript(commands: readonly Step[], finalWorkdir: string, projectDir: string): { module: string; distribution: string; script: string } {
  for (const step of [...commands].reverse()) {
    for (const word of commandWordsOf(step.instruction)) {
      const absolute = resolveWorkdir({ workdir: finalWorkdir, variables: new Map() }, word);
      if (absolute === null) continue;
      const match = /^(?:(.+)\/)?build\/install\/([^/]+)\/bin\/([^/]+)$/.exec(posix.relative(projectDir, absolute));
      if (match) return { module: match[1] ?? '', distribution: match[2]!, script: match[3]! };
    }
  }
  skip("the container's command runs no start script from build/install, where installDist writes it");
}

function jarMatches(written: string, built: string): boolean {
  if (!written.includes('*')) return written === built;
  const pattern = new RegExp(`^${written.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return pattern.test(built);
}

/** The jar a Maven module builds and what production needs of it, or a skip naming the pom. */
function mavenArtifact(project: MavenProject, pom: Pom, projectDir: string): { fileName: string; artifact: Artifact } {
  if (pom.packaging !== 'jar') skip(`${pom.path} packages a ${pom.packaging}, not a jar`);
  if (pom.buildDirectory !== null) skip(`${pom.path} moves the build directory to ${pom.buildDirectory}, which dfmod does not follow`);
  const properties = effectiveProperties(project, pom);
  const rawName = pom.finalName ?? (pom.artifactId && pom.version ? `${pom.artifactId}-${pom.version}` : null);
  if (rawName === null) skip(`${pom.path} names no artifactId and version`);
  const name = interpolate(rawName, properties);
  if (name === null) skip(`${pom.path} names its jar through ${rawName}, a property dfmod cannot resolve`);
  const fileName = `${name}.jar`;
  const target = pom.directory === '' ? 'target' : `${pom.directory}/target`;
  const builderPath = posix.join(projectDir, target, fileName);
  const inherited = (artifactId: string) => inheritedPlugin(project, pom, artifactId);
  const boot = inherited('spring-boot-maven-plugin');
  if (boot) {
    if (pluginSetting(boot, ['classifier']) !== null) skip(`${pom.path} gives the Spring Boot jar a classifier, which dfmod does not follow`);
    const moved = ['finalName', 'outputDirectory'].find((setting) => pluginSetting(boot, [setting]) !== null);
    if (moved) skip(`${pom.path} sets spring-boot-maven-plugin's ${moved}, which dfmod does not follow`);
    if (pluginSetting(boot, ['skip']) !== null) skip(`${pom.path} configures spring-boot-maven-plugin's skip, which dfmod does not follow`);
    return { fileName, artifact: { kind: 'jar', builderPath, description: `the Spring Boot jar ${target}/${fileName}`, libDir: null, libName: null } };
  }
  const shade = inherited('maven-shade-plugin');
  if (shade) {
    if (pluginSetting(shade, ['shadedArtifactAttached']) === 'true' || pluginSetting(shade, ['finalName']) !== null) skip(`${pom.path} attaches the shaded jar under another name, which dfmod does not follow`);
    return { fileName, artifact: { kind: 'jar', builderPath, description: `the shaded jar ${target}/${fileName}`, libDir: null, libName: null } };
  }
  const copy = inherited('maven-dependency-plugin');
  const jar = inherited('maven-jar-plugin');
  if (copy && copy.goals.includes('copy-dependencies')) {
    const output = pluginSetting(copy, ['outputDirectory']);
    if (jar && pluginSetting(jar, ['classifier']) !== null) skip(`${pom.path} gives the jar a classifier, which dfmod does not follow`);
    const prefix = jar ? pluginSetting(jar, ['archive', 'manifest', 'classpathPrefix']) : null;
    const addClasspath = jar ? pluginSetting(jar, ['archive', 'manifest', 'addClasspath']) : null;
    const resolved = output === null ? null : interpolate(output, properties);
    if (resolved === null || addClasspath !== 'true' || prefix === null) skip(`${pom.path} copies dependencies without a manifest classpath dfmod can match to them`);
    const libName = prefix.replace(/\/$/, '');
    const expected = posix.join(pom.directory === '' ? '' : pom.directory, 'target', libName);
    if (normalize(resolved) !== expected) skip(`${pom.path} copies dependencies to ${resolved}, but the manifest classpath looks in ${prefix} beside the jar`);
    return { fileName, artifact: { kind: 'jar', builderPath, description: `${target}/${fileName} and its classpath ${target}/${libName}/`, libDir: posix.join(projectDir, expected), libName } };
  }
  if (pom.dependencies.some((dependency) => dependency.scope === 'compile' || dependency.scope === 'runtime')) {
    skip(`${pom.path} has dependencies, but no plugin dfmod knows packs them into the jar or copies them beside it`);
  }
  return { fileName, artifact: { kind: 'jar', builderPath, description: `${target}/${fileName}`, libDir: null, libName: null } };
}

/** `dependency:go-offline` with the build's profiles and settings, unless modules depend on each other. */
function mavenPrefetch(project: MavenProject, build: BuildCall): JavaFacts['prefetch'] {
  const keys = new Set([...project.modules.values()].map((pom) => `${pom.groupId ?? ''}:${pom.artifactId ?? ''}`));
  const sibling = [...project.modules.values()].find((pom) => pom.dependencies.some((dependency) => keys.has(dependency.key)));
  if (sibling) return { reason: `${sibling.path} depends on another module of the build, which dependency:go-offline cannot resolve before it is built` };
  const kept: string[] = [];
  const words = build.words.slice(1);
  words.forEach((word, index) => {
    if (/^-P./.test(word) || /^-s./.test(word) || /^--settings=/.test(word) || word === '-U' || word === '-q' || word === '--quiet') kept.push(word);
    if ((word === '-P' || word === '-s' || word === '--settings') && words[index + 1]) kept.push(word, words[index + 1]!);
  });
  return { command: [build.launcher, '-B', ...kept, 'dependency:go-offline'].join(' ') };
}
