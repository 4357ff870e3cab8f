import { posix } from 'node:path';
import { programsCalled } from '../../src/core/commands.js';
import { sentToBuilder, type BuildContext } from '../../src/core/context.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { copySources, flagValue, resolvePath } from '../../src/core/dockerfile.js';
import { orderChanges, uniqueFindings, type Change, type Finding, type Warning } from '../../src/core/findings.js';
import type { DroppedInstruction, Edit, PlanItem } from '../../src/core/plan.js';
import { commandWords, joinCommands, type ShellCommand } from '../../src/core/shell.js';
import type { PlanResult, TransformInput } from '../../src/core/transform.js';
import { binaryCommand, type BinaryCommand } from '../shared/binary-command.js';
import { added, cacheMountFlag, fromEdits, insertFlagsEdit, keep, userPosition } from '../shared/edits.js';
import {
  alpineImage,
  debianSlimImage,
  distrolessImage,
  NATIVE_PROGRAM_PACKAGES,
  NATIVE_RUNTIMES,
  SYSTEM_FILE_PACKAGES,
  type NativeRuntimeKind,
} from '../shared/native-runtime.js';
import { isSystemDirectory } from '../shared/app-owner.js';
import { setsBuildOnlyEnv } from '../shared/build-env.js';
import { contextSource, liftKind, liftedNote, orderWithPackagesLifted } from '../shared/placement.js';
import { CREATED_USER, CREATED_USER_SPEC, createUserCommand, DISTROLESS_USER, DISTROLESS_USERS, USER_TOOL_PACKAGES } from '../shared/run-user.js';
import { installCommand, isBuildOnlyPackage, runtimePackagesFor, type PackageFamily } from '../shared/system-packages.js';
import { commonWarnings, privilegedPorts, registryWarnings } from '../shared/warnings.js';
import { globMatch, USER_MANAGEMENT, type ClassifiedCommand, type CommandRole, type Step } from './classify.js';
import { isInside, runsGit, type GoBinary, type GoFacts } from './detect.js';
import { finding } from './messages.js';
import { CGO_MODULES, DISTROLESS_BASE_LIBRARIES, GO_BUILD_ONLY_PACKAGES, GO_DOCKERIGNORE, GO_IMAGE, ON_DEMAND_PACKAGES, RUNTIME_PATH } from './tables.js';

type Refusal = { ok: false; status: 'skipped'; reason: string };
const refuse = (reason: string): Refusal => ({ ok: false, status: 'skipped', reason });

interface Runtime {
  readonly kind: NativeRuntimeKind;
  readonly image: string;
  /** The package family of a runtime with a shell; null for distroless. */
  readonly family: PackageFamily | null;
  /** Why a runtime with a shell was needed, for the report. */
  readonly why: string;
}

/** What the running container needs from its base, gathered before a runtime is picked. */
interface Needs {
  /** Reasons the runtime must have a shell and a package manager. */
  readonly shell: string[];
  /** The needs are written for the builder's family (package names, user commands). */
  readonly familyBound: string | null;
  /** Runtime packages the original installed (beyond CA roots and zoneinfo). */
  readonly packages: string[];
  /** Programs the container calls that are not binaries of the build. */
  readonly programs: string[];
  readonly unknownDev: string[];
}

const CHANGE_ORDER = ['split-stages', 'runtime-base', 'static-binary', 'cache-mount', 'manifest-first', 'vendor', 'binary', 'go-run', 'runtime-files', 'ca-certificates', 'runtime-packages', 'workdir', 'non-root', 'redeclare-arg'];

export function planGo(input: TransformInput, facts: GoFacts): PlanResult {
  const { steps } = facts;
  const changes: Change[] = [];
  const warnings: Warning[] = [...facts.warnings];

  const lastBuildStep = Math.max(...facts.binaries.filter((binary) => !binary.tool).map((binary) => binary.step));
  // Production starts the binary itself where the original ran go run.
  const called = new Set(programsCalled(steps.map((step) => step.instruction).filter((instruction) => instruction !== facts.goRun?.command.instruction)));
  const shipped = shippedBinaries(facts, called);
  const fsCommands = steps.flatMap((step, index) => (step.commands ?? []).filter((command) => command.role === 'fs-setup').map((command) => ({ ...command, step: index })));

  const needs = gatherNeeds(facts, called, shipped, fsCommands);
  if (needs.unknownDev.length > 0 && facts.linking.kind !== 'static') {
    return refuse(`no runtime library is known for ${needs.unknownDev.join(', ')}, which the cgo binary may link`);
  }
  const runtime = chooseRuntime(input, facts, needs);
  if ('ok' in runtime) return runtime;
  const runtimeFacts = NATIVE_RUNTIMES[runtime.kind];
  const missingProgram = needs.programs.find((program) => !runtimeFacts.programs.includes(program) && NATIVE_PROGRAM_PACKAGES[program] === undefined);
  if (missingProgram) return refuse(`the container calls ${missingProgram}, which ${runtime.image} does not have and dfmod knows no package for`);
  if (facts.linking.kind !== 'static') {
    for (const module of facts.cgoModules) {
      const cgo = CGO_MODULES[module]!;
      if (cgo.needs !== 'system-library') continue;
      const packages = needs.packages.length > 0 ? needs.packages.join(', ') : 'no package the original installed';
      warnings.push(finding('runtime-packages.system-library', { module, library: cgo.library, packages }));
    }
  }

  // Production's user: the original's own, distroless's nonroot, or one created for the family.
  const finalUser = steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  const addedUser = finalUser ? null : runtime.family === null ? DISTROLESS_USER : CREATED_USER_SPEC;
  const ownerSpec = finalUser ? (finalUser.args[0] ?? '') : (addedUser ?? '');

  const mountsWanted = facts.buildCache !== null;
  const moduleMount = cacheMountFlag(facts.moduleCache);
  const buildMount = facts.buildCache !== null ? cacheMountFlag(facts.buildCache) : '';
  const downloads = planDownload(facts, warnings);

  // --- builder ---------------------------------------------------------------------------
  const lowercase = input.dockerfile.lowercaseKeywords;
  const builder: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'builder', lowercase) })];
  builder.push(...redeclaredGlobals(input, steps.map((step) => step.instruction), steps.map((step) => step.instruction)));
  // Steps the builder prints; their comments go with them, the others' with production.
  const inBuilder = new Set<number>();
  const pushBuilder = (item: PlanItem) => builder.push(item);
  const firstGoStep = firstBuildStep(facts);
  let usedMounts = false;
  const builderCommands = (step: Step, index: number): ClassifiedCommand[] => {
    const movedHere = downloads.moved?.step === step ? new Set(downloads.moved.commands) : new Set<ClassifiedCommand>();
    return (step.commands ?? []).filter((command) => !movedHere.has(command) && builderKeeps(command.role, index > lastBuildStep));
  };
  // ENV, ARG, WORKDIR and SHELL after the builder's last step only matter to production.
  const lastBuilderWork = Math.max(lastBuildStep, ...steps.map((step, index) => (step.role === 'run' && builderCommands(step, index).length > 0 ? index : -1)));

  // The build go run did at start, right after the last step it needs.
  const pushGoRunBuild = () => {
    const run = facts.goRun!;
    const mounts = goMounts([{ command: run.binary.command, role: 'build' }], facts, mountsWanted, moduleMount, buildMount, run.command.instruction);
    if (mounts.length > 0) usedMounts = true;
    if (facts.linking.setCgoOff && firstGoStep === run.after) pushBuilder(added('ENV CGO_ENABLED=0'));
    pushBuilder(added(['RUN', ...mounts, run.binary.command.text].join(' ')));
  };

  const { order, lifted } = orderWithPackagesLifted(steps.map(liftKind), downloads.insertAt);
  order.forEach((index) => {
    const step = steps[index]!;
    const { instruction, role } = step;
    if (index === (facts.goRun?.after ?? -2) + 1) pushGoRunBuild();
    if (index === downloads.insertAt) {
      // The manifests open the block the source copy opened, blank line included.
      let blankBefore = instruction.blankBefore;
      const opening = () => {
        const blank = blankBefore;
        blankBefore = false;
        return { blankBefore: blank };
      };
      downloads.manifestLines.forEach((line) => pushBuilder(added(line, opening())));
      if (downloads.moved) {
        const moved = downloads.moved.step.instruction;
        const text = runText(moved, [...ownFlags(moved), ...goMounts(downloads.moved.commands, facts, mountsWanted, moduleMount, buildMount, moved)], downloads.moved.commands.map((command) => command.command));
        pushBuilder(added(text, { carry: [moved], ...opening() }));
      } else if (downloads.added) {
        pushBuilder(added(['RUN', ...(mountsWanted ? [moduleMount, buildMount] : []), downloads.command].join(' '), opening()));
      }
      if (mountsWanted) usedMounts = true;
    }
    if (index === firstGoStep && facts.linking.setCgoOff && index !== facts.goRun?.after) pushBuilder(added('ENV CGO_ENABLED=0'));
    switch (role) {
      case 'meta':
        return;
      case 'user':
        if (index < lastBuildStep) {
          pushBuilder(keep(instruction));
          inBuilder.add(index);
        }
        return;
      case 'asset-copy':
      case 'external-copy':
        if (index < lastBuildStep) {
          pushBuilder(keep(instruction));
          inBuilder.add(index);
        }
        return;
      case 'run': {
        const kept = builderCommands(step, index);
        if (kept.length === 0) return;
        const mounts = goMounts(kept, facts, mountsWanted, moduleMount, buildMount, instruction);
        if (mounts.length > 0) usedMounts = true;
        if (kept.length === step.commands!.length) {
          pushBuilder(keep(instruction, { edits: mounts.length > 0 ? [insertFlagsEdit(instruction, mounts)] : [] }));
        } else {
          pushBuilder(added(runText(instruction, [...mounts, ...ownFlags(instruction)], kept.map((command) => command.command)), { carry: [instruction] }));
        }
        inBuilder.add(index);
        for (const command of step.commands!) {
          if (command.role === 'other' && index > lastBuildStep) {
            warnings.push(finding('unproven-step', { line: instruction.line + 1, command: command.command.text }));
          }
        }
        return;
      }
      default:
        if (index > lastBuilderWork && ['arg', 'env', 'workdir', 'shell'].includes(role)) return;
        pushBuilder(keep(instruction));
        inBuilder.add(index);
    }
  });

  if (facts.goRun?.after === steps.length - 1) pushGoRunBuild();

  // --- production ------------------------------------------------------------------------
  const writable = runtime.family === null ? writableDirectories(facts, fsCommands) : [];
  const unmade = writable.filter((directory) => !copiedWithSource(directory, facts, input.context));
  if (unmade.length > 0) builder.push(added(`RUN mkdir -p ${unmade.join(' ')}`));

  const production: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'production', lowercase, runtime.image, true), withComments: false })];
  const productionInstructions = steps.filter((step, index) => productionKeeps(step, index, lastBuildStep, runtime)).map((step) => step.instruction);
  const globals = redeclaredGlobals(input, productionInstructions, steps.map((step) => step.instruction));
  production.push(...globals);
  // The binary ran in the golang image's /go; it matters only where production has files it finds from there.
  if (!facts.hasWorkdir && (runtime.family !== null || facts.runtimeFiles.length > 0 || facts.codeWrites.length > 0)) {
    production.push(added(`WORKDIR ${GO_IMAGE.workdir}`));
    changes.push(finding('workdir', { directory: GO_IMAGE.workdir }));
  }

  const header = headerItems(facts, runtime, needs, addedUser, fsCommands, input, changes);
  production.push(...header);

  const dropped: DroppedInstruction[] = [];
  const body: PlanItem[] = [];
  const pushProduction = (item: PlanItem) => body.push(item);
  const keptArgs: string[] = [];
  const builderSettings: string[] = [];
  const spelledOut = new Set<string>();
  steps.forEach((step, index) => {
    const { instruction, role } = step;
    const withComments = !inBuilder.has(index);
    if (index === lastBuildStep) {
      for (const line of binaryCopies(facts, shipped, index)) pushProduction(added(line));
      for (const line of runtimeFileCopies(facts, index, runtime.family === null ? ownerSpec : null, writable)) pushProduction(added(line));
    }
    switch (role) {
      case 'arg':
        // An ARG that no line reads (one CI passes for its own log) stays where it was, with its comments.
        if (instruction.properties.some(([name]) => usedLater(name, steps, index, lastBuildStep, runtime) || (index > lastBuildStep && !readLater(name, steps, index)))) {
          pushProduction(keep(instruction, { withComments }));
          keptArgs.push(...instruction.properties.map(([name]) => name));
        }
        return;
      case 'env':
      case 'workdir': {
        if (role === 'env' && builderOnlyEnv(instruction, steps, index)) {
          builderSettings.push(...instruction.properties.map(([name]) => name));
          return;
        }
        const edits = imageVariableEdits(instruction, input);
        if (edits.length > 0) spelledOut.add(instruction.keyword);
        pushProduction(keep(instruction, { withComments, edits }));
        return;
      }
      case 'shell':
      case 'user':
      case 'meta':
        pushProduction(keep(instruction, { withComments, edits: instruction === facts.goRun?.command.instruction ? [runCommand(facts).edit] : [] }));
        return;
      case 'asset-copy':
        pushProduction(keep(instruction, { withComments }));
        return;
      case 'external-copy':
        if (index > lastBuildStep) pushProduction(keep(instruction, { withComments }));
        return;
      case 'run': {
        const runtimeCommands = runtime.family === null ? [] : step.commands!.filter((command) => command.role === 'fs-setup' && fsCommandFits(command, facts, shipped, facts.dirs[index]!));
        // The finding that names each command no stage runs; a step whose every command has one is dropped on purpose.
        const named: Finding[] = [];
        for (const { command, role } of step.commands!) {
          if (role === 'cache-clean') named.push(finding('cache-mount.clean-dropped', { command: command.text }));
          if (role !== 'fs-setup' || runtimeCommands.some((kept) => kept.command === command) || !MODE_COMMANDS.has(commandWords(command)[0] ?? '')) continue;
          const why = runtime.family === null ? `${runtime.image} has no shell` : 'its target is not in production';
          const warning = finding('unproven-step.file-setup', { line: instruction.line + 1, command: command.text, why });
          warnings.push(warning);
          named.push(warning);
        }
        const allFs = runtimeCommands.length === step.commands!.length;
        if (runtimeCommands.length > 0) {
          pushProduction(allFs ? keep(instruction, { withComments }) : added(`RUN ${joinCommands(runtimeCommands.map((command) => command.command))}`, { carry: withComments ? [instruction] : [] }));
        } else if (!inBuilder.has(index) && named.length === step.commands!.length) {
          dropped.push({ instruction, because: named[0]! });
        }
        return;
      }
    }
  });

  // Non-root: the original's USER, or the one production now runs as.
  const tail: PlanItem[] = [];
  // On a shell runtime the paths the app writes are handed over by ownWrittenPaths (transforms/shared/app-owner.ts).
  const directoryItems: PlanItem[] = [];
  if (runtime.family === null) {
    for (const directory of writable) directoryItems.push(added(`COPY --from=builder --chown=${ownerSpec} ${directory} ${directory}`));
  }
  if (addedUser) {
    tail.push(added(`USER ${addedUser}`));
    const userName = runtime.family === null ? `nonroot (${addedUser})` : CREATED_USER.name;
    changes.push(runtime.family === null ? finding('non-root', { user: userName }) : finding('non-root.created', { user: userName, uid: CREATED_USER.uid }));
    const lowPorts = privilegedPorts(steps.map((step) => step.instruction), facts.boundPorts);
    if (lowPorts.length > 0) warnings.push(finding('non-root.low-port', { ports: lowPorts.join(', ') }));
    warnings.push(finding('non-root.writes', { user: userName }));
  } else {
    changes.push(finding('non-root.kept', { user: finalUser!.args[0] ?? '' }));
  }
  const handed = [...writable, ...(runtime.family === null ? writtenRuntimeFiles(facts) : [])];
  if (handed.length > 0) changes.push(finding('non-root.owned', { directories: handed.join(', '), user: ownerSpec === DISTROLESS_USER ? `nonroot (${DISTROLESS_USER})` : ownerSpec.split(':')[0]! }));
  // Build steps that change a VOLUME's directory after its declaration may be discarded: own it first.
  const firstVolume = body.findIndex((item) => item.kind === 'keep' && item.instruction.keyword === 'VOLUME');
  body.splice(firstVolume >= 0 ? firstVolume : userPosition(body), 0, ...directoryItems);
  body.splice(userPosition(body), 0, ...tail);
  production.push(...body);

  // The report.
  const producedArgs = [...globals.flatMap((item) => (item.kind === 'new' ? [item.lines[0]!.slice(4)] : [])), ...keptArgs];
  if (producedArgs.length > 0) changes.push(finding('redeclare-arg', { names: [...new Set(producedArgs)].join(', ') }));
  changes.unshift(finding('split-stages', { stages: 'builder, production' }), finding('runtime-base', { image: runtime.image, why: runtime.why }));
  if (facts.linking.setCgoOff) changes.push(finding('static-binary', { why: facts.linking.setCgoOffWhy ?? '' }));
  if (facts.linking.cgoModuleOff) warnings.push(finding('static-binary.cgo-module', facts.linking.cgoModuleOff));
  if (usedMounts) changes.push(finding('cache-mount', { targets: facts.vendored ? (facts.buildCache ?? '') : `${facts.moduleCache} and ${facts.buildCache}` }));
  for (const { command } of steps.flatMap((step) => step.commands ?? []).filter((command) => command.role === 'cache-clean')) {
    changes.push(finding('cache-mount.clean-dropped', { command: command.text }));
  }
  if (downloads.manifestLines.length > 0 || downloads.moved || downloads.added) {
    const manifests = ['go.mod', ...(facts.hasGoSum ? ['go.sum'] : []), ...facts.localModules.map((directory) => `${directory}/go.mod`)];
    const files = manifests.length === 1 ? manifests[0]! : `${manifests.slice(0, -1).join(', ')} and ${manifests.at(-1)!}`;
    changes.push(finding('manifest-first', { files, lifted: liftedNote(lifted.map((index) => steps[index]!.instruction.line + 1)) }));
  }
  if (facts.vendored) changes.push(finding('vendor'));
  if (builderSettings.length > 0) changes.push(finding(builderSettings.length === 1 ? 'builder-env' : 'builder-env.several', { names: builderSettings.join(', ') }));
  for (const keyword of spelledOut) changes.push(finding('workdir.image-variable', { keyword, names: Object.keys(IMAGE_ONLY_VARIABLES).join(', ') }));
  for (const binary of shipped) {
    const destination = shippedPath(binary, facts);
    changes.push(destination === binary.path ? finding('binary', { path: binary.path }) : finding('binary.moved', { path: binary.path, destination }));
  }
  for (const tool of facts.binaries.filter((binary) => binary.tool && !shipped.includes(binary))) {
    warnings.push(finding('tool-binary', { path: tool.path, module: tool.invocation.operands[0] ?? '' }));
  }
  if (facts.goRun) {
    const { command, binary } = facts.goRun;
    changes.push(finding('go-run', { keyword: command.keyword, binary: binary.path, written: command.written, build: binary.command.text }));
  }
  runtimeFileReport(facts, changes, warnings);
  changes.push(systemFilesReport(facts, runtime, runtimeFacts));
  if (facts.entry.interpreters.length > 0) warnings.push(finding('runtime-files.script', { interpreters: facts.entry.interpreters.join(', ') }));
  warnings.push(...commonWarnings(input.dockerfile, facts.baseImage), ...registryWarnings(facts.baseRef, runtime.image));

  return {
    ok: true,
    plan: {
      globalItems: input.dockerfile.globalArgs.map((instruction) => keep(instruction)),
      stages: [
        { name: 'builder', items: builder },
        { name: 'production', items: production },
      ],
      changes: orderChanges(changes, CHANGE_ORDER),
      warnings: uniqueFindings(warnings),
      dropped,
      runtime: {
        runtimeImage: runtime.image,
        programs: [...runtimeFacts.programs, ...shipped.filter((binary) => onRuntimePath(shippedPath(binary, facts))).map((binary) => binary.name)],
        movedPaths: {},
        scriptInterpreters: facts.entry.interpreters,
        baseUserNonRoot: false,
        ...(builderSettings.length > 0 ? { builderOnlyEnv: builderSettings } : {}),
        ...(facts.goRun ? { unwrappedCommand: runCommand(facts).compared } : {}),
      },
      dockerignore: dockerignoreEntries(input, facts),
    },
  };
}

/** The binaries production gets: every one built from the context, and the tools the container calls. */
function shippedBinaries(facts: GoFacts, called: ReadonlySet<string>): GoBinary[] {
  return facts.binaries.filter((binary) => !binary.tool || called.has(binary.name) || facts.entry.binary === binary);
}

/**
 * Where production keeps a binary: where the builder wrote it, except `go install`'s /go/bin,
 * which is on no runtime image's PATH; a command that names the binary by path keeps it there.
 */
function shippedPath(binary: GoBinary, facts: GoFacts): string {
  if (posix.dirname(binary.path) !== GO_IMAGE.bin) return binary.path;
  if (facts.entry.binary === binary && !facts.entry.byName) return binary.path;
  return posix.join('/usr/local/bin', binary.name);
}

function onRuntimePath(path: string): boolean {
  return RUNTIME_PATH.includes(posix.dirname(path));
}

interface FsCommand extends ClassifiedCommand {
  readonly step: number;
}

function gatherNeeds(facts: GoFacts, called: ReadonlySet<string>, shipped: readonly GoBinary[], fsCommands: readonly FsCommand[]): Needs {
  const shell: string[] = [];
  let familyBound: string | null = null;
  const last = (keyword: string) => facts.steps.filter((step) => step.instruction.keyword === keyword).at(-1)?.instruction;
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const healthcheck = last('HEALTHCHECK');
  if (entrypoint && !entrypoint.json) shell.push('the shell-form ENTRYPOINT needs a shell');
  else if (cmd && !cmd.json && (!entrypoint || entrypoint.json)) shell.push('the shell-form CMD needs a shell');
  if (healthcheck && (healthcheck.args[0] ?? '').toUpperCase() === 'CMD' && !healthcheck.json) shell.push('the shell-form HEALTHCHECK needs a shell');

  for (const interpreter of facts.entry.interpreters) shell.push(`the entrypoint script runs with ${interpreter}`);
  const binaries = new Set(shipped.map((binary) => binary.name));
  const programs = [...new Set([...called, ...facts.entry.interpreters])].filter((program) => program !== 'sh' && !binaries.has(program)).sort();
  for (const program of programs) shell.push(`the container calls ${program}`);

  const packages = new Set<string>();
  const unknownDev: string[] = [];
  for (const install of facts.installs) {
    if (facts.linking.kind === 'static') {
      install.packages.filter((name) => !isBuildOnlyPackage(name)).forEach((name) => packages.add(name));
    } else {
      const result = runtimePackagesFor(install.family, install.packages, facts.builder.release);
      result.packages.forEach((name) => packages.add(name));
      unknownDev.push(...result.unknownDev);
    }
  }
  const runtimePackages = [...packages].filter((name) => !GO_BUILD_ONLY_PACKAGES.has(name) && !ON_DEMAND_PACKAGES.has(name)).sort();
  const beyondDistroless = runtimePackages.filter((name) => facts.linking.kind === 'static' || !DISTROLESS_BASE_LIBRARIES.has(name));
  if (beyondDistroless.length > 0) {
    shell.push(`production needs ${beyondDistroless.join(', ')}`);
    familyBound = `the original's ${facts.builder.family === 'alpine' ? 'apk' : 'apt'} packages`;
  }

  for (const command of fsCommands) {
    const tool = commandWords(command.command)[0] ?? '';
    if (USER_MANAGEMENT.has(tool)) {
      shell.push(`the original creates its user with ${tool}`);
      familyBound ??= `the original's ${tool} command`;
    } else if (tool === 'ln' || tool === 'touch' || tool === 'chgrp') {
      shell.push(`the original runs ${tool}`);
    }
  }
  const finalUser = facts.steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  const userName = finalUser ? (finalUser.args[0] ?? '').split(':')[0]! : null;
  if (userName !== null && !/^\d+$/.test(userName) && !DISTROLESS_USERS.has(userName) && !fsCommands.some((command) => USER_MANAGEMENT.has(commandWords(command.command)[0] ?? ''))) {
    shell.push(`USER ${userName} comes from the golang image's /etc/passwd`);
    familyBound ??= `USER ${userName}`;
  }
  return { shell, familyBound, packages: runtimePackages, programs, unknownDev };
}

function chooseRuntime(input: TransformInput, facts: GoFacts, needs: Needs): Runtime | Refusal {
  const requested = input.options.runtime;
  const { linking, builder } = facts;
  const shellReason = needs.shell[0] ?? null;
  const slim = (why: string): Runtime => ({ kind: 'debian-slim', image: debianSlimImage(builder.release), family: 'debian', why });
  const alpine = (why: string): Runtime => ({ kind: 'alpine', image: alpineImage(builder.alpineVersion), family: 'alpine', why });
  const withShell = (why: string) => (shellReason ? `${why}; ${shellReason}` : why);

  if (linking.kind === 'glibc') {
    const why = `cgo binary linked against glibc: ${linking.evidence}`;
    if (requested === 'alpine') return refuse(`--runtime alpine would run a cgo binary linked against glibc (${linking.evidence}) on musl`);
    if (requested === 'distroless' && shellReason) return refuse(`--runtime distroless: ${shellReason}, and distroless has none`);
    if (requested === 'slim' || shellReason) return slim(withShell(why));
    return { kind: 'distroless', image: distrolessImage('base', builder.release), family: null, why };
  }
  if (linking.kind === 'musl') {
    const why = `cgo binary linked against musl: ${linking.evidence}`;
    if (requested === 'slim' || requested === 'distroless') return refuse(`--runtime ${requested} would run a cgo binary linked against musl (${linking.evidence}) on glibc`);
    return alpine(withShell(why));
  }
  const why = `static binary: ${linking.evidence}`;
  if (requested === 'distroless' || (requested === 'auto' && !shellReason)) {
    if (shellReason) return refuse(`--runtime distroless: ${shellReason}, and distroless has none`);
    return { kind: 'distroless', image: distrolessImage('static', 'bookworm'), family: null, why };
  }
  const family: PackageFamily = requested === 'alpine' ? 'alpine' : requested === 'slim' ? 'debian' : builder.family;
  if (family !== builder.family && needs.familyBound) {
    return refuse(`--runtime ${requested}: ${needs.familyBound} ${needs.familyBound.startsWith('USER') ? 'is' : 'are'} written for ${builder.family === 'alpine' ? 'Alpine' : 'Debian'}`);
  }
  return family === 'alpine' ? alpine(withShell(why)) : slim(withShell(why));
}

interface DownloadPlan {
  /** The step before which the manifests and the download go; -1 for none. */
  readonly insertAt: number;
  readonly manifestLines: readonly string[];
  /** The original's download commands, moved before the source. */
  readonly moved: { readonly step: Step; readonly commands: readonly ClassifiedCommand[] } | null;
  /** A new `go mod download`. */
  readonly added: boolean;
  /** Its text: it runs where go.mod is. */
  readonly command: string;
}

/** Names whose value changes how modules are fetched (proxies, private hosts, credentials). */
const FETCH_SETTINGS = /^(GO|GIT_)|PROXY|NETRC|TOKEN/i;
const FETCH_FILES = new Set(['.netrc', 'netrc', '.gitconfig', '.ssh']);

/**
 * Manifest-first: `COPY go.mod go.sum` and `go mod download` before the source, so editing code
 * keeps the download layer. The original's download moves there when nothing it needs is set
 * up later; a new one is added only when nothing between the source copy and the build could
 * change how modules are fetched.
 */
function planDownload(facts: GoFacts, warnings: Warning[]): DownloadPlan {
  const none: DownloadPlan = { insertAt: -1, manifestLines: [], moved: null, added: false, command: '' };
  const { steps } = facts;
  if (facts.vendored || facts.sourceRoot === null || !facts.hasGoMod) return none;
  const firstBuild = firstBuildStep(facts);
  const firstSource = steps.findIndex((step, index) => index <= firstBuild && step.role === 'source-copy');
  if (firstSource < 0) return none;
  const downloadAt = steps.findIndex((step) => step.commands?.some((command) => command.role === 'download'));
  if (downloadAt >= 0 && downloadAt < firstSource) return none;

  const unsafe = (from: number, to: number): Instruction | null => {
    for (let index = from + 1; index <= to; index++) {
      const step = steps[index]!;
      const { instruction } = step;
      if ((step.role === 'env' || step.role === 'arg') && instruction.properties.some(([name]) => FETCH_SETTINGS.test(name))) return instruction;
      if ((step.role === 'asset-copy' || step.role === 'external-copy') && copySources(instruction).some((source) => FETCH_FILES.has(posix.basename(contextSource(source))))) return instruction;
      if (index < to && step.commands?.some((command) => command.role === 'export' || command.role === 'vcs-setup')) return instruction;
      if (index === to && step.commands) {
        const firstGo = step.commands.findIndex((command) => ['build', 'tool', 'download'].includes(command.role));
        if (step.commands.slice(0, firstGo).some((command) => command.role === 'export' || command.role === 'vcs-setup')) return instruction;
        if (instruction.flags.some((flag) => flag.name === 'mount' && /type=(ssh|secret)/.test(flag.value ?? ''))) return instruction;
      }
    }
    return null;
  };

  // `ADD . /app` then `WORKDIR /app`: the builder enters /app first, so the manifests and the
  // download run where go.mod lands, as the original's download did.
  const here = facts.dirs[firstSource]!;
  const workdirFirst = here !== facts.sourceRoot && steps.some((step, index) => index > firstSource && index <= firstBuild && step.role === 'workdir' && facts.dirs[index] === facts.sourceRoot);
  const downloadDir = workdirFirst ? facts.sourceRoot : here;
  let moved: DownloadPlan['moved'] = null;
  if (downloadAt >= 0 && downloadAt <= firstBuild) {
    const step = steps[downloadAt]!;
    const commands = step.commands!;
    const lastDownload = commands.length - 1 - [...commands].reverse().findIndex((command) => command.role === 'download');
    const prefix = commands.slice(0, lastDownload + 1);
    const movable = prefix.every((command) => ['download', 'system', 'export', 'vcs-setup', 'cd'].includes(command.role));
    const blocker = unsafe(firstSource, downloadAt - 1);
    const cds = prefix.some((command) => command.role === 'cd');
    if (!movable || blocker || (facts.dirs[downloadAt] !== downloadDir && !cds)) {
      warnings.push(finding('manifest-first.download-kept', { line: (blocker ?? step.instruction).line + 1 }));
      return none;
    }
    moved = { step, commands: prefix };
  } else {
    const blocker = unsafe(firstSource, firstBuild);
    if (blocker) {
      warnings.push(finding('manifest-first.not-added', { line: blocker.line + 1 }));
      return none;
    }
  }
  const manifestBefore = steps.some((step, index) => index < firstSource && step.role === 'manifest-copy' && copySources(step.instruction).map(contextSource).some((source) => globMatch(source, 'go.mod')));
  const destination = downloadDir === facts.sourceRoot ? './' : `${facts.sourceRoot}/`;
  const chown = flagValue(steps[firstSource]!.instruction, 'chown');
  const files = ['go.mod', ...(facts.hasGoSum ? ['go.sum'] : [])];
  const copyFlag = typeof chown === 'string' ? `--chown=${chown} ` : '';
  // `go mod download` reads the go.mod of each module a local replace points at.
  const copiedBefore = new Set(steps.slice(0, firstSource).filter((step) => step.role.endsWith('-copy')).flatMap((step) => copySources(step.instruction).map(contextSource)));
  const localManifests = facts.localModules.map((directory) => `${directory}/go.mod`).filter((file) => !copiedBefore.has(file));
  const manifestLines = [
    ...(workdirFirst ? [`WORKDIR ${facts.sourceRoot}`] : []),
    ...(manifestBefore ? [] : [`COPY ${copyFlag}${files.join(' ')} ${destination}`]),
    ...localManifests.map((file) => `COPY ${copyFlag}${file} ${destination}${posix.dirname(file)}/`),
  ];
  const command = isInside(downloadDir, facts.sourceRoot) ? 'go mod download' : `cd ${facts.sourceRoot} && go mod download`;
  return { insertAt: firstSource, manifestLines, moved, added: moved === null, command };
}


/** The first step that builds (a go build or go install, or the one the container's go run is built after); -1 for none. */
function firstBuildStep(facts: GoFacts): number {
  const first = facts.steps.findIndex((step) => step.commands?.some((command) => command.role === 'build' || command.role === 'tool'));
  if (facts.goRun === null) return first;
  return first < 0 ? facts.goRun.after : Math.min(first, facts.goRun.after);
}

/** The container's command where the original ran go run: the binary the builder compiled, with go run's arguments. */
function runCommand(facts: GoFacts): BinaryCommand {
  const { command, binary } = facts.goRun!;
  return binaryCommand(command.instruction, command.keyword, binary.path, command.args, command.args.join(' '));
}

/** A RUN of some of an instruction's commands, one per line when the original spread over lines. */
function runText(instruction: Instruction, flags: readonly string[], commands: readonly ShellCommand[]): string[] {
  const head = ['RUN', ...flags].join(' ');
  if (!instruction.raw.includes('\n') || commands.length < 2) return [`${head} ${joinCommands(commands)}`];
  return commands.map((command, index) => (index === 0 ? `${head} ${command.text}` : `${command.joinedBy ?? '&&'} ${command.text}`));
}

/** The flags a RUN was written with (secret or ssh mounts), as written. */
function ownFlags(instruction: Instruction): string[] {
  return instruction.flags.map((flag) => instruction.raw.slice(flag.start, flag.end));
}

/**
 * Variables the golang image's ENV sets and no runtime image does: production spells out their
 * value where a kept instruction uses them, unless the Dockerfile itself sets them.
 */
const IMAGE_ONLY_VARIABLES: Readonly<Record<string, string>> = { GOPATH: GO_IMAGE.env.GOPATH };

function imageVariableEdits(instruction: Instruction, input: TransformInput): Edit[] {
  const declared = new Set(input.dockerfile.instructions.filter((candidate) => candidate.keyword === 'ARG' || candidate.keyword === 'ENV').flatMap((candidate) => candidate.properties.map(([name]) => name)));
  const edits: Edit[] = [];
  for (const [name, value] of Object.entries(IMAGE_ONLY_VARIABLES)) {
    if (!instruction.variables.includes(name) || declared.has(name)) continue;
    for (const reference of [`\${${name}}`, `$${name}`]) {
      let at = instruction.raw.indexOf(reference, instruction.argsOffset);
      while (at >= 0) {
        const end = at + reference.length;
        const continues = reference.startsWith('$' + name) && /[A-Za-z0-9_]/.test(instruction.raw[end] ?? '');
        const overlaps = edits.some((edit) => at < edit.end && end > edit.start);
        if (!continues && !overlaps) edits.push({ start: at, end, text: value });
        at = instruction.raw.indexOf(reference, end);
      }
    }
  }
  return edits;
}

/** An ENV of build settings alone that no later instruction reads: it stays in the builder. */
function builderOnlyEnv(instruction: Instruction, steps: readonly Step[], index: number): boolean {
  const names = instruction.properties.map(([name]) => name);
  if (!setsBuildOnlyEnv(instruction.properties)) return false;
  return !steps.slice(index + 1).some((step) => step.role !== 'run' && step.role !== 'env' && names.some((name) => step.instruction.variables.includes(name)));
}

/** File-mode commands: production's copies carry the builder's modes, so dropping them is reported, not fatal. */
const MODE_COMMANDS: ReadonlySet<string> = new Set(['chmod', 'chown', 'chgrp']);

const GO_ROLES: ReadonlySet<CommandRole> = new Set(['download', 'build', 'tool', 'check']);

/** The cache mounts a RUN of Go commands gets (none already there, none for a non-Go RUN). */
function goMounts(commands: readonly ClassifiedCommand[], facts: GoFacts, wanted: boolean, moduleMount: string, buildMount: string, instruction: Instruction): string[] {
  if (!wanted || !commands.some((command) => GO_ROLES.has(command.role))) return [];
  const needsModules = !facts.vendored || commands.some((command) => command.role === 'tool' || command.role === 'download');
  const mounts = needsModules ? [moduleMount, buildMount] : [buildMount];
  const existing = instruction.flags.filter((flag) => flag.name === 'mount').map((flag) => flag.value ?? '');
  return mounts.filter((mount) => !existing.some((value) => value.includes(`target=${mount.slice(mount.indexOf('target=') + 'target='.length)}`)));
}

/** Commands the builder runs: all but cache clean-ups, and runtime-only file setup after the build. */
function builderKeeps(role: CommandRole, afterBuild: boolean): boolean {
  if (role === 'cache-clean') return false;
  if (role === 'fs-setup') return !afterBuild;
  return true;
}

function productionKeeps(step: Step, index: number, lastBuildStep: number, runtime: Runtime): boolean {
  switch (step.role) {
    case 'env':
    case 'workdir':
    case 'shell':
    case 'user':
    case 'meta':
    case 'asset-copy':
      return true;
    case 'external-copy':
      return index > lastBuildStep;
    case 'run':
      return runtime.family !== null && (step.commands ?? []).some((command) => command.role === 'fs-setup');
    default:
      return false;
  }
}

function usedLater(name: string, steps: readonly Step[], index: number, lastBuildStep: number, runtime: Runtime): boolean {
  return steps.some((step, later) => later > index && step.role !== 'arg' && productionKeeps(step, later, lastBuildStep, runtime) && step.instruction.variables.includes(name));
}

function readLater(name: string, steps: readonly Step[], index: number): boolean {
  return steps.some((step, later) => later > index && step.role !== 'arg' && step.instruction.variables.includes(name));
}

/** `ARG NAME` for each global ARG the stage's instructions use before the original declared it there. */
function redeclaredGlobals(input: TransformInput, used: readonly Instruction[], stage: readonly Instruction[]): PlanItem[] {
  const globals = input.dockerfile.globalArgs.flatMap((instruction) => instruction.properties.map(([name]) => name));
  const names = globals.filter((name) => {
    const first = used.find((instruction) => instruction.keyword !== 'ARG' && instruction.variables.includes(name));
    if (!first) return false;
    return !stage.some((instruction) => instruction.keyword === 'ARG' && instruction.index < first.index && instruction.properties.some(([declared]) => declared === name));
  });
  return [...new Set(names)].map((name) => added(`ARG ${name}`));
}

/** Production's first RUNs, as root: the packages it needs, then the user it runs as. */
function headerItems(facts: GoFacts, runtime: Runtime, needs: Needs, addedUser: string | null, fsCommands: readonly FsCommand[], input: TransformInput, changes: Change[]): PlanItem[] {
  const family = runtime.family;
  if (family === null) return [];
  const runtimeFacts = NATIVE_RUNTIMES[runtime.kind];
  const systemFiles: string[] = [];
  if (!runtimeFacts.caCertificates) systemFiles.push(SYSTEM_FILE_PACKAGES.caCertificates[family]);
  if (!runtimeFacts.zoneinfo && !facts.tzdataEmbedded) systemFiles.push(SYSTEM_FILE_PACKAGES.zoneinfo[family]);
  const extra = new Set<string>(needs.packages);
  for (const program of needs.programs) {
    if (!runtimeFacts.programs.includes(program)) extra.add(NATIVE_PROGRAM_PACKAGES[program]![family]);
  }
  for (const command of fsCommands) {
    const tool = USER_TOOL_PACKAGES[family][commandWords(command.command)[0] ?? ''];
    if (tool) extra.add(tool);
  }
  const shellProgram = input.dockerfile.instructions.filter((instruction) => instruction.keyword === 'SHELL').at(-1)?.json?.[0];
  const shellName = shellProgram ? posix.basename(shellProgram) : null;
  if (shellName && !runtimeFacts.programs.includes(shellName) && NATIVE_PROGRAM_PACKAGES[shellName]) extra.add(NATIVE_PROGRAM_PACKAGES[shellName]![family]);

  const items: PlanItem[] = [];
  const packages = [...new Set([...systemFiles, ...[...extra].sort()])];
  if (packages.length > 0) items.push(added(`RUN ${installCommand(family, packages)}`));
  if (extra.size > 0) changes.push(finding('runtime-packages', { packages: [...extra].sort().join(', ') }));
  if (addedUser) items.push(added(`RUN ${createUserCommand(family)}`));
  return items;
}

function relativeDestination(path: string, workdir: string): string {
  return posix.dirname(path) === workdir ? `./${posix.basename(path)}` : isInside(path, workdir) && workdir !== '/' ? `./${posix.relative(workdir, path)}` : path;
}

function binaryCopies(facts: GoFacts, shipped: readonly GoBinary[], index: number): string[] {
  const workdir = facts.dirs[index]!;
  return shipped.map((binary) => `COPY --from=builder ${binary.path} ${relativeDestination(shippedPath(binary, facts), workdir)}`);
}

/**
 * Production's copies of the runtime files. On distroless, which cannot chown, a copy that holds
 * a path the code writes (a SQLite database in `db/`) is handed to the user as it is copied.
 */
function runtimeFileCopies(facts: GoFacts, index: number, chownTo: string | null, writable: readonly string[]): string[] {
  const workdir = facts.dirs[index]!;
  const written = chownTo === null ? [] : writtenRuntimeFiles(facts);
  // A file inside a directory production copies whole for its user comes with that copy.
  const runtimeFiles = facts.runtimeFiles.filter((file) => !writable.some((directory) => isInside(posix.join(facts.sourceRoot!, file), directory)));
  return runtimeFiles.map((file) => {
    const source = posix.join(facts.sourceRoot!, file);
    if (written.includes(source)) return `COPY --from=builder --chown=${chownTo} ${source} ${source}`;
    return `COPY --from=builder ${source} ${relativeDestination(source, workdir)}`;
  });
}

/** Runtime files (as builder paths) that hold a path the code writes. */
function writtenRuntimeFiles(facts: GoFacts): string[] {
  if (facts.sourceRoot === null) return [];
  return facts.runtimeFiles
    .map((file) => posix.join(facts.sourceRoot!, file))
    .filter((source) => facts.codeWrites.some((write) => isInside(write.kind === 'file' ? posix.dirname(write.path) : write.path, source)));
}

/** Paths production has that came from the source tree: binaries, runtime files, carried copies. */
function productionPaths(facts: GoFacts, shipped: readonly GoBinary[]): string[] {
  const paths = shipped.map((binary) => shippedPath(binary, facts));
  if (facts.sourceRoot !== null) paths.push(...facts.runtimeFiles.map((file) => posix.join(facts.sourceRoot!, file)));
  return paths;
}

/**
 * A chmod/chown/chgrp in production must find its target: paths inside the source tree exist
 * there only for the binaries and runtime files production copies.
 */
function fsCommandFits(command: ClassifiedCommand, facts: GoFacts, shipped: readonly GoBinary[], workdir: string): boolean {
  const words = commandWords(command.command);
  const tool = words[0] ?? '';
  if (!['chmod', 'chown', 'chgrp'].includes(tool) || facts.sourceRoot === null) return true;
  const targets = words.slice(1).filter((word) => !word.startsWith('-')).slice(1);
  const present = [...productionPaths(facts, shipped), ...mkdirDirectories(facts)];
  return targets.every((target) => {
    const path = resolvePath(workdir, target);
    if (!isInside(path, facts.sourceRoot!) || path === facts.sourceRoot) return true;
    return !path.includes('*') && present.some((kept) => isInside(path, kept) || isInside(kept, path));
  });
}

function mkdirDirectories(facts: GoFacts): string[] {
  const directories: string[] = [];
  facts.steps.forEach((step, index) => {
    for (const { command, role } of step.commands ?? []) {
      const words = commandWords(command);
      if (role !== 'fs-setup' || words[0] !== 'mkdir') continue;
      for (const word of words.slice(1).filter((candidate) => !candidate.startsWith('-'))) {
        directories.push(resolvePath(facts.dirs[index]!, word));
      }
    }
  });
  return directories;
}

function volumeDirectories(facts: GoFacts): string[] {
  return facts.steps.filter((step) => step.instruction.keyword === 'VOLUME').flatMap((step) => step.instruction.json ?? step.instruction.args).filter((path) => path.startsWith('/'));
}

/**
 * Directories the container writes (VOLUME, and those the original created) that distroless
 * cannot `mkdir` and `chown` itself: the builder makes them and production copies them owned
 * by its user. The source tree's own directories and WORKDIRs are left out.
 */
function writableDirectories(facts: GoFacts, fsCommands: readonly FsCommand[]): string[] {
  const runtimeCopies = facts.sourceRoot === null ? [] : facts.runtimeFiles.map((file) => posix.join(facts.sourceRoot!, file));
  // What the code creates or writes, outside the runtime files that are handed over as they are copied.
  const written = facts.codeWrites
    .map((write) => (write.kind === 'file' ? posix.dirname(write.path) : write.path))
    .filter((directory) => !runtimeCopies.some((copy) => isInside(directory, copy)) && !isSystemDirectory(directory) && !['/tmp', '/var/tmp'].includes(directory));
  const candidates = [...(fsCommands.length > 0 ? mkdirDirectories(facts) : []), ...volumeDirectories(facts), ...written];
  const excluded = (directory: string) =>
    (facts.sourceRoot !== null && isInside(facts.sourceRoot, directory)) || facts.dirs.includes(directory) || directory === GO_IMAGE.gopath;
  return [...new Set(candidates.filter((directory) => !excluded(directory)))];
}

/** A context directory that `COPY . <root>` already puts in the builder needs no mkdir there. */
function copiedWithSource(directory: string, facts: GoFacts, context: BuildContext): boolean {
  if (!facts.wholeTree || facts.sourceRoot === null || !isInside(directory, facts.sourceRoot)) return false;
  const relative = posix.relative(facts.sourceRoot, directory);
  return context.directories.includes(relative) && sentToBuilder(context)(`${relative}/`);
}

function runtimeFileReport(facts: GoFacts, changes: Change[], warnings: Warning[]): void {
  if (facts.runtimeFiles.length > 0) {
    changes.push(finding('runtime-files', { files: facts.runtimeFiles.join(', ') }));
  }
  // The default `.env` is the shared dotenv rule's to report, for every stack; a file the loader names is this one's.
  for (const load of facts.dotenvLoads) if (posix.basename(load.file) !== '.env') warnings.push(finding('runtime-files.dotenv', load));
  if (!facts.wholeTree) return;
  if (facts.leftOutFiles.length > 0) warnings.push(finding('runtime-files.left-out', { paths: facts.leftOutFiles.join(', '), directory: facts.sourceRoot ?? '' }));
  if (facts.unreadableOpens.length > 0) {
    const several = facts.unreadableOpens.length > 1;
    warnings.push(finding('runtime-files.unreadable', { sites: facts.unreadableOpens.slice(0, 3).join('; ') + (facts.unreadableOpens.length > 3 ? '; ...' : ''), s: several ? '' : 's', them: several ? 'they' : 'it' }));
  }
  if (facts.leftOutFiles.length === 0 && facts.unreadableOpens.length === 0) {
    const extra = facts.runtimeFiles.length > 0 ? ` and ${facts.runtimeFiles.join(', ')}` : '';
    warnings.push(finding('runtime-files.unproven', { directory: facts.sourceRoot ?? '', extra }));
  }
}

function systemFilesReport(facts: GoFacts, runtime: Runtime, runtimeFacts: (typeof NATIVE_RUNTIMES)[NativeRuntimeKind]): Finding {
  const tz = facts.timezone ? `, for TZ=${facts.timezone}` : '';
  const ca = runtimeFacts.caCertificates ? `shipped by ${runtime.image}` : 'ca-certificates installed';
  const zoneinfo = facts.tzdataEmbedded && !runtimeFacts.zoneinfo ? 'compiled into the binary with time/tzdata' : runtimeFacts.zoneinfo ? `shipped by ${runtime.image}` : 'tzdata installed';
  return finding('ca-certificates', { ca, zoneinfo: zoneinfo + tz });
}

function dockerignoreEntries(input: TransformInput, facts: GoFacts): string[] {
  const copied = new Set(
    input.dockerfile.instructions.filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD').flatMap((instruction) => copySources(instruction).map(contextSource)),
  );
  const usesGit = facts.steps.some((step) => step.commands?.some(({ command, role }) => role !== 'vcs-setup' && (commandWords(command)[0] === 'git' || runsGit(command.text)))) ||
    facts.binaries.some((binary) => binary.invocation.flags.get('buildvcs') === 'true' || binary.invocation.flags.get('buildvcs') === true);
  return GO_DOCKERIGNORE.filter((entry) => !copied.has(entry) && !(entry === '.git' && usesGit));
}

