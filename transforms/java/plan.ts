import { posix } from 'node:path';
import { programsCalled } from '../../src/core/commands.js';
import { orderChanges, type Change, type Warning } from '../../src/core/findings.js';
import type { PlanItem } from '../../src/core/plan.js';
import type { PlanResult, TransformInput } from '../../src/core/transform.js';
import { contextSource } from '../shared/placement.js';
import { added, cacheMountFlag, fromEdits, insertFlagsEdit, keep, userPosition } from '../shared/edits.js';
import { createUserCommand, runUserSpec, USER_CREATION_PACKAGES, type UserFamily } from '../shared/run-user.js';
import { commonWarnings, privilegedPorts, registryWarnings } from '../shared/warnings.js';
import { NATIVE_PROGRAM_PACKAGES } from '../shared/native-runtime.js';
import { installCommand, type PackageFamily } from '../shared/system-packages.js';
import type { JavaFacts } from './detect.js';
import { runtimeFor, type JavaRuntime } from './images.js';
import { CHANGE_ORDER, DISTROLESS_JAVA_MAJORS, JAVA_DOCKERIGNORE, RUNTIME_PROGRAMS } from './tables.js';

/** The steps before this index run in the builder: up to the build and the moves of its jar. */
function builderEnd(facts: JavaFacts): number {
  return facts.steps.findLastIndex((step) => step.role === 'build' || step.role === 'place') + 1;
}

function refuse(reason: string): PlanResult {
  return { ok: false, status: 'skipped', reason };
}

export function planJava(input: TransformInput, facts: JavaFacts): PlanResult {
  const chosen = chooseRuntime(input, facts);
  if ('reason' in chosen) return refuse(chosen.reason);
  const runtime = chosen;
  const available = new Set(RUNTIME_PROGRAMS[runtime.family === 'debian' ? 'ubuntu' : runtime.family]);
  const missing = programsCalled(facts.steps.map((step) => step.instruction)).filter((program) => !available.has(program));
  // Temurin's JREs are Ubuntu and take apt packages; Alpine takes apk; distroless and Amazon Linux take none here.
  const packageFamily: PackageFamily | null = runtime.family === 'ubuntu' || runtime.family === 'debian' ? 'debian' : runtime.family === 'alpine' ? 'alpine' : null;
  const unknown = missing.filter((program) => packageFamily === null || NATIVE_PROGRAM_PACKAGES[program] === undefined);
  if (unknown.length > 0) return refuse(`the container calls ${unknown.join(', ')}, which ${runtime.image} may not have, and dfmod does not install it`);
  const packages = packageFamily === null ? [] : [...new Set(missing.map((program) => NATIVE_PROGRAM_PACKAGES[program]![packageFamily]))].sort();
  const lower = input.dockerfile.lowercaseKeywords;
  const k = (keyword: string) => (lower ? keyword.toLowerCase() : keyword);
  const changes: Change[] = [
    { id: 'split-stages', message: 'stages builder, production' },
    { id: 'runtime-base', message: `production stage runs on ${runtime.image} (${facts.javaSource})` },
  ];
  if (runtime.note) changes.push({ id: runtime.note.id, message: runtime.note.message });
  const warnings: Warning[] = [...commonWarnings(input.dockerfile, facts.baseImage), ...registryWarnings(facts.baseRef, runtime.image)];

  const builder = builderItems(facts, k, changes);
  const production = productionItems(facts, runtime, k, changes, packageFamily && packages.length > 0 ? installCommand(packageFamily, packages) : null);
  if (packages.length > 0) changes.push({ id: 'runtime-packages', message: `production installs ${packages.join(', ')}: the container calls ${missing.join(', ')}, which ${runtime.image} lacks` });
  const ports = privilegedPorts(facts.steps.map((step) => step.instruction));
  if (ports.length > 0) warnings.push({ id: 'privileged-port', message: `EXPOSE ${ports.join(', ')}: a non-root user may not bind ports below 1024 outside Docker` });
  warnings.push({ id: 'runtime-files', message: `production has ${facts.artifact.description}${facts.springConfig.length > 0 ? ` and ${facts.springConfig.join(', ')}` : ''} but not the rest of the source; copy any other file the app reads at run time` });

  const movedPaths: Record<string, string> = {};
  if (facts.commandWord) movedPaths[facts.commandWord.word] = facts.commandWord.replacement;
  return {
    ok: true,
    plan: {
      globalItems: input.dockerfile.globalArgs.map((instruction) => keep(instruction)),
      stages: [
        { name: 'builder', items: builder },
        { name: 'production', items: production },
      ],
      changes: orderChanges(changes, CHANGE_ORDER),
      warnings,
      runtime: {
        runtimeImage: runtime.image,
        programs: RUNTIME_PROGRAMS[runtime.family === 'debian' ? 'ubuntu' : runtime.family],
        movedPaths,
        scriptInterpreters: facts.artifact.kind === 'install' ? ['sh'] : [],
        baseUserNonRoot: false,
      },
      dockerignore: JAVA_DOCKERIGNORE,
    },
  };
}

function needsShell(facts: JavaFacts): string | null {
  if (facts.artifact.kind === 'install') return 'the start script installDist writes';
  for (const step of facts.steps) {
    const { keyword, json } = step.instruction;
    if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && json === null) return `the shell-form ${keyword} of line ${step.instruction.line + 1}`;
    if (keyword === 'HEALTHCHECK' && json === null && (step.instruction.args[0] ?? '').toUpperCase() === 'CMD') return `the shell-form HEALTHCHECK of line ${step.instruction.line + 1}`;
  }
  return null;
}

function chooseRuntime(input: TransformInput, facts: JavaFacts): JavaRuntime | { reason: string } {
  const requested = input.options.runtime;
  if (requested === 'distroless') {
    const shell = needsShell(facts);
    if (shell) return { reason: `--runtime distroless has no shell for ${shell}` };
    if (!DISTROLESS_JAVA_MAJORS.has(facts.jdk.major)) return { reason: `--runtime distroless: there is no gcr.io/distroless/java${facts.jdk.major}-debian12 image` };
    const hasEntrypoint = facts.steps.some((step) => step.instruction.keyword === 'ENTRYPOINT');
    if (!hasEntrypoint) return { reason: '--runtime distroless: the distroless java image runs its own ENTRYPOINT java -jar, so the original CMD would be passed to it as arguments' };
    return { image: `gcr.io/distroless/java${facts.jdk.major}-debian12`, family: 'distroless', note: null };
  }
  if (requested === 'alpine' && facts.jdk.variant !== 'alpine') return { reason: '--runtime alpine: the jar was built on glibc, and native libraries its dependencies load may not run on musl' };
  if (requested === 'slim' && facts.jdk.variant === 'alpine') return { reason: '--runtime slim: the builder is Alpine; dfmod keeps the libc the build used' };
  const runtime = runtimeFor(facts.jdk, facts.baseRef);
  if (!runtime.ok) return { reason: runtime.reason };
  return runtime.runtime;
}

function builderItems(facts: JavaFacts, k: (keyword: string) => string, changes: Change[]): PlanItem[] {
  const items: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'builder', k('FROM') === 'from') })];
  const mount = cacheMountFlag(facts.cacheTarget);
  const copied = new Set<string>();
  let insertedManifests = false;
  const afterBuild = builderEnd(facts);
  for (const step of facts.steps.slice(0, afterBuild)) {
    const { instruction, role } = step;
    if (role === 'meta' || role === 'config') continue;
    if (role === 'build-files') {
      for (const word of (instruction.json ?? instruction.args).filter((candidate) => !candidate.startsWith('--')).slice(0, -1)) copied.add(contextSource(word));
    }
    if (role === 'source' && !insertedManifests) {
      insertedManifests = true;
      const missing = facts.buildFiles.filter((file) => !copied.has(file));
      if (facts.earlyWorkdir !== null) items.push(added(`${k('WORKDIR')} ${facts.earlyWorkdir}`));
      const copies = manifestCopies(missing, k);
      items.push(...copies);
      if (facts.prefetch && 'command' in facts.prefetch) {
        items.push(added(`${k('RUN')} ${mount} ${facts.prefetch.command}`));
      }
      changes.push({
        id: 'manifest-first',
        message: `${facts.buildFiles.join(', ')} copied before the source${facts.prefetch && 'command' in facts.prefetch ? `, and \`${facts.prefetch.command}\` fetches the dependencies` : facts.prefetch && 'reason' in facts.prefetch ? `; no dependency pre-fetch: ${facts.prefetch.reason}` : ''}`,
      });
    }
    if (role === 'build' || role === 'prefetch') {
      items.push(keep(instruction, { edits: [insertFlagsEdit(instruction, [mount])] }));
      continue;
    }
    items.push(keep(instruction));
  }
  changes.push({ id: 'cache-mount', message: `${facts.tool === 'maven' ? 'the Maven repository' : 'the Gradle user home'} ${facts.cacheTarget} is a cache mount for the pre-fetch and the build` });
  return items;
}

/** One COPY per destination directory, each build file at its own path. */
function manifestCopies(files: readonly string[], k: (keyword: string) => string): PlanItem[] {
  const byDirectory = new Map<string, string[]>();
  const directories: string[] = [];
  for (const file of files) {
    if (['.mvn', 'gradle', 'buildSrc'].includes(file)) {
      directories.push(file);
      continue;
    }
    const directory = posix.dirname(file);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  const items: PlanItem[] = [];
  for (const [directory, group] of [...byDirectory].sort(([a], [b]) => (a === '.' ? -1 : b === '.' ? 1 : a.localeCompare(b)))) {
    items.push(added(`${k('COPY')} ${group.join(' ')} ${directory === '.' ? './' : `${directory}/`}`));
  }
  for (const directory of directories) items.push(added(`${k('COPY')} ${directory}/ ${directory}/`));
  return items;
}

function userLines(family: UserFamily, k: (keyword: string) => string): string[] {
  const create = createUserCommand(family);
  if (create === null) return [];
  const packages = USER_CREATION_PACKAGES[family];
  return [`${k('RUN')} ${packages.length > 0 ? `yum install -y ${packages.join(' ')} && yum clean all && ` : ''}${create}`];
}

function productionItems(facts: JavaFacts, runtime: JavaRuntime, k: (keyword: string) => string, changes: Change[], install: string | null): PlanItem[] {
  const items: PlanItem[] = [added(`${k('FROM')} ${runtime.image} ${k('FROM') === 'from' ? 'as' : 'AS'} production`, { blankBefore: true })];
  const afterBuild = builderEnd(facts);
  const inBuilder = new Set(facts.steps.slice(0, afterBuild).map((step) => step.instruction));
  for (const step of facts.steps) {
    if (step.instruction.keyword === 'ARG') items.push(keep(step.instruction, { withComments: !inBuilder.has(step.instruction) }));
  }
  // A WORKDIR after the build moves into this line, with its comments.
  const laterWorkdirs = facts.steps.slice(afterBuild).filter((step) => step.instruction.keyword === 'WORKDIR').map((step) => step.instruction);
  items.push(added(`${k('WORKDIR')} ${facts.finalWorkdir}`, { carry: laterWorkdirs }));
  if (install !== null) items.push(added(`${k('RUN')} ${install}`));
  const user = userLines(runtime.family, k);
  items.push(...user.map((text) => added(text)));

  const artifact = facts.artifact;
  if (artifact.kind === 'jar') {
    items.push(added(`${k('COPY')} --from=builder ${artifact.builderPath} app.jar`));
    if (artifact.libDir !== null) items.push(added(`${k('COPY')} --from=builder ${artifact.libDir} ${artifact.libName}/`));
    changes.push({ id: 'artifact', message: `production copies ${artifact.description} from the builder as app.jar${artifact.libDir !== null ? `, with ${artifact.libName}/ beside it` : ''}` });
  } else {
    items.push(added(`${k('COPY')} --from=builder ${artifact.builderPath} ${artifact.builderPath}`));
    changes.push({ id: 'artifact', message: `production copies the installDist directory ${artifact.description}, whose start script runs on the image's shell` });
  }
  for (const file of facts.springConfig) {
    items.push(added(`${k('COPY')} --from=builder ${posix.join(facts.projectDir, file)} ${file}${file === 'config' ? '/' : ''}`));
  }
  const configCopies = facts.steps.filter((step) => step.role === 'config');
  if (facts.springConfig.length > 0 || configCopies.length > 0) {
    changes.push({ id: 'runtime-config', message: `Spring configuration ${[...facts.springConfig, ...configCopies.flatMap((step) => (step.instruction.json ?? step.instruction.args).filter((word) => !word.startsWith('--')).slice(0, -1))].join(', ')} reaches production` });
  }
  for (const step of facts.steps) {
    const { instruction, role } = step;
    if (role === 'config') {
      items.push(keep(instruction));
    } else if (instruction.keyword === 'ENV') {
      items.push(keep(instruction, { withComments: !inBuilder.has(instruction) }));
    } else if (role === 'meta') {
      if (facts.commandWord && facts.commandWord.instruction === instruction) {
        const start = instruction.raw.indexOf(facts.commandWord.word, instruction.argsOffset);
        items.push(keep(instruction, { edits: [{ start, end: start + facts.commandWord.word.length, text: facts.commandWord.replacement }] }));
      } else {
        items.push(keep(instruction));
      }
    }
  }
  const spec = runUserSpec(runtime.family);
  items.splice(userPosition(items), 0, added(`${k('USER')} ${spec}`));
  changes.push({ id: 'non-root', message: `production runs as ${spec}${runtime.family === 'distroless' ? '' : ' (user app, created on the image)'}` });
  return items;
}
