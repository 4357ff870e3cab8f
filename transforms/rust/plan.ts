import { programsCalled } from '../../src/core/commands.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { copyDestination, copySources } from '../../src/core/dockerfile.js';
import { orderChanges, type Change, type Warning } from '../../src/core/findings.js';
import type { Edit, PlanItem } from '../../src/core/plan.js';
import { commandWords } from '../../src/core/shell.js';
import type { PlanResult, TransformInput } from '../../src/core/transform.js';
import { added, cacheMountFlag, fromEdits, keep, userPosition } from '../shared/edits.js';
import { CREATED_USER, CREATED_USER_SPEC, createUserCommand, DISTROLESS_USER } from '../shared/run-user.js';
import { installCommand } from '../shared/system-packages.js';
import { commonWarnings, computedWritesWarning, privilegedPorts, registryWarnings } from '../shared/warnings.js';
import { absolute, type RustFacts } from './detect.js';
import { carriedPackages, chooseRuntime, unknownLibraries, type Runtime, type RuntimeNeeds } from './runtime.js';
import { join } from './cargo.js';
import { callsCargo, type ClassifiedCommand, type Step } from './steps.js';
import { RUST_DOCKERIGNORE } from './tables.js';
import { dependsOnWorkdir, liftKind, liftedNote, orderWithPackagesLifted } from '../shared/placement.js';
import { binaryCommand, type BinaryCommand } from '../shared/binary-command.js';

type Refusal = { ok: false; status: 'skipped'; reason: string };

function refuse(reason: string): Refusal {
  return { ok: false, status: 'skipped', reason };
}

/** Commands whose effect no running container needs: they delete or only print. */
const LEAVES_NOTHING = new Set(['rm', 'ls', 'echo', 'cat', 'true', 'pwd', 'cd', 'du', 'df', 'which', 'env', 'printenv', 'uname', 'sleep']);

export function planRust(input: TransformInput, facts: RustFacts): PlanResult {
  const { steps } = facts;
  const setups = productionSetup(facts);
  const finalUser = steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  const userName = finalUser ? (finalUser.args[0] ?? '').split(':')[0]! : null;
  const createdUsers = new Set(setups.flatMap((setup) => setup.commands).flatMap(createdUser));
  const writtenDirs = finalUser ? [] : writtenDirectories(facts, setups);

  const shellProgram = input.dockerfile.instructions.filter((instruction) => instruction.keyword === 'SHELL').at(-1)?.json?.[0];
  const needs: RuntimeNeeds = {
    shell: shellReason(facts, setups, writtenDirs),
    programs: calledPrograms(facts),
    setupTools: [...new Set(setups.flatMap((setup) => setup.commands).map((command) => commandWords(command.command)[0]!))],
    existingUser: userName !== null && !/^\d+$/.test(userName) && !createdUsers.has(userName) ? userName : null,
    shellProgram: shellProgram ? shellProgram.slice(shellProgram.lastIndexOf('/') + 1) : null,
  };
  const choice = chooseRuntime(facts, input.options.runtime, needs);
  if (!choice.ok) return refuse(choice.reason);
  const runtime = choice.runtime;

  const changes: Change[] = [];
  const warnings: Warning[] = [...facts.warnings, ...commonWarnings(input.dockerfile, facts.baseImage), ...registryWarnings(facts.baseRef, runtime.image)];
  const builder = builderItems(input, facts, changes);
  if ('ok' in builder) return builder;
  const production = productionItems({ input, facts, runtime, setups, writtenDirs, changes, warnings });

  const names = facts.binaries.map((binary) => binary.name).join(', ');
  changes.unshift(
    { id: 'split-stages', message: 'stages builder, production' },
    { id: 'runtime-base', message: `production stage runs on ${runtime.image}${choice.passedOver === null ? '' : ` (not distroless: ${choice.passedOver})`}` },
  );
  changes.push({
    id: 'linking',
    message: facts.linking === 'static'
      ? `${names} ${facts.binaries.length === 1 ? 'is' : 'are'} linked statically (${facts.target ?? 'musl on Alpine'}), so production needs no C library`
      : `${names} ${facts.binaries.length === 1 ? 'links' : 'link'} glibc dynamically, so production runs on Debian ${runtimeRelease(facts)} like the builder`,
  });
  changes.push({ id: 'binary-only', message: `production copies only ${facts.binaries.map((binary) => binary.productionPath).join(', ')}${facts.runtimeFiles.length > 0 ? ` and ${facts.runtimeFiles.map((file) => file.path).join(', ')}` : ''} from the builder` });
  if (facts.cargoRun) {
    const { command, added: build } = facts.cargoRun;
    const path = facts.binaries.find((binary) => binary.name === facts.cargoRun!.name)!.productionPath;
    changes.push({
      id: 'cargo-run',
      message: `${command.keyword} runs ${path}, the binary "${command.written}" started, since production has no cargo${build ? `; the builder compiles it with "${build.commands[0]}"` : ''}`,
    });
  }
  const buildOnly = buildOnlyPackages(facts, runtime);
  if (buildOnly.length > 0) changes.push({ id: 'build-packages', message: `${buildOnly.join(', ')} ${buildOnly.length === 1 ? 'stays' : 'stay'} in the builder` });
  if (facts.release === 'moving' && runtime.family !== null) {
    warnings.push({ id: 'runtime-base', message: `${facts.baseImage} follows the newest Debian release and ${runtime.image} follows Debian stable; pin both to build the same image twice` });
  }
  const unknown = unknownLibraries(facts);
  if (unknown.length > 0) warnings.push({ id: 'runtime-library', message: `no runtime library is known for ${unknown.join(', ')}; check that production has what they link` });
  warnings.push({
    id: 'runtime-files',
    message: `production has the binary${facts.runtimeFiles.length > 0 ? ` and ${facts.runtimeFiles.map((file) => file.path).join(', ')}` : ''} but not the rest of the source; copy any other file the app reads at run time`,
  });

  const dockerignore = dockerignoreEntries(facts, warnings);
  const movedPaths: Record<string, string> = {};
  for (const binary of facts.binaries) for (const word of binary.movedWords) movedPaths[word] = binary.productionPath;
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
        programs: runtime.programs,
        movedPaths,
        scriptInterpreters: facts.scriptInterpreters,
        baseUserNonRoot: false,
        ...(facts.cargoRun ? { unwrappedCommand: runCommand(facts).compared } : {}),
        ...(!finalUser && facts.computedWrites.length > 0 ? { computedWrites: facts.computedWrites } : {}),
      },
      dockerignore,
    },
  };
}

function runtimeRelease(facts: RustFacts): string {
  return facts.release === 'moving' ? 'stable' : (facts.release ?? 'bookworm');
}

/** Packages the original installed that production does without. */
function buildOnlyPackages(facts: RustFacts, runtime: Runtime): string[] {
  const kept = new Set([...carriedPackages(facts), ...runtime.packages]);
  const installed = facts.installs.flatMap((install) => install.packages);
  return [...new Set(installed)].filter((name) => !kept.has(name)).sort();
}

/** Setup commands (users, directories) of one RUN that production runs again. */
interface Setup {
  readonly step: number;
  readonly commands: readonly ClassifiedCommand[];
  /** The RUN holds nothing else and comes after the build: it moves to production whole. */
  readonly whole: boolean;
}

function productionSetup(facts: RustFacts): Setup[] {
  const setups: Setup[] = [];
  const folded = new Set([...facts.folded.values()].flat());
  facts.steps.forEach((step, index) => {
    if (folded.has(index)) return;
    const commands = step.commands ?? [];
    const setup = commands.filter((command) => command.role === 'setup' && keepsMeaning(command, facts, index));
    if (setup.length === 0) return;
    setups.push({ step: index, commands: setup, whole: productionOnlyRun(facts, index) });
  });
  return setups;
}

/**
 * Whether a setup command still means something in production: one that touches a source file
 * production does not have (`chmod +x scripts/gen.sh`) is build business and stays behind.
 */
function keepsMeaning(command: ClassifiedCommand, facts: RustFacts, index: number): boolean {
  const words = commandWords(command.command);
  if (['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod'].includes(words[0]!)) return true;
  const cwd = facts.workdirs[index]!;
  if (words[0] === 'mkdir' && madeByLaterWorkdir(words, cwd, facts.workdirs.slice(index + 1))) return false;
  const kept = [...facts.runtimeFiles.map((file) => absolute(file.path, file.destination)), ...facts.binaries.map((binary) => binary.productionPath)];
  return words.slice(1).filter((word) => !word.startsWith('-') && (word.includes('/') || word === '.')).every((word) => {
    const path = absolute(word, cwd);
    if (words[0] === 'mkdir' || path === facts.projectDir || !path.startsWith(`${facts.projectDir}/`)) return true;
    return kept.some((keptPath) => path === keptPath || keptPath.startsWith(`${path}/`) || path.startsWith(`${keptPath}/`));
  });
}

/** `mkdir -p /usr/src/app` before `WORKDIR /usr/src/app`: the WORKDIR creates the directory anyway. */
function madeByLaterWorkdir(words: readonly string[], cwd: string, laterWorkdirs: readonly string[]): boolean {
  const options = words.slice(1).filter((word) => word.startsWith('-'));
  const paths = words.slice(1).filter((word) => !word.startsWith('-')).map((word) => absolute(word, cwd));
  if (paths.length === 0 || !options.every((option) => option === '-p' || option === '--parents')) return false;
  return paths.every((path) => laterWorkdirs.some((workdir) => workdir === path || workdir.startsWith(`${path}/`)));
}

function createdUser(command: ClassifiedCommand): string[] {
  const words = commandWords(command.command);
  if (!['useradd', 'adduser'].includes(words[0]!)) return [];
  const name = words.slice(1).filter((word) => !word.startsWith('-')).at(-1);
  return name ? [name] : [];
}

/** Directories the app writes, which the user dfmod adds must own: volumes and the ones the original made. */
function writtenDirectories(facts: RustFacts, setups: readonly Setup[]): string[] {
  const directories: string[] = [];
  for (const setup of setups) {
    for (const command of setup.commands) {
      const words = commandWords(command.command);
      if (words[0] === 'chown') return [];
      if (words[0] === 'mkdir') directories.push(...words.slice(1).filter((word) => !word.startsWith('-')).map((word) => absolute(word, facts.workdirs[setup.step]!)));
    }
  }
  directories.push(...facts.logDirectories);
  for (const step of facts.steps) {
    if (step.instruction.keyword === 'VOLUME') directories.push(...(step.instruction.json ?? step.instruction.args).filter((path) => path.startsWith('/')));
  }
  return [...new Set(directories)].filter((directory) => directory !== facts.projectDir).sort();
}

function shellReason(facts: RustFacts, setups: readonly Setup[], writtenDirs: readonly string[]): string | null {
  const final = facts.steps.map((step) => step.instruction);
  const last = (keyword: string) => final.filter((instruction) => instruction.keyword === keyword).at(-1);
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    if (last(keyword) && last(keyword)!.json === null) return `the shell-form ${keyword}`;
  }
  const healthcheck = last('HEALTHCHECK');
  if (healthcheck && healthcheck.json === null && (healthcheck.args[0] ?? '').toUpperCase() === 'CMD') return 'the shell-form HEALTHCHECK';
  if (facts.scriptInterpreters.length > 0) return `the ${facts.scriptInterpreters.join(', ')} script the command runs`;
  if (setups.length > 0) return `the setup of line ${facts.steps[setups[0]!.step]!.instruction.line + 1}`;
  if (writtenDirs.length > 0) return `giving ${writtenDirs.join(', ')} to the non-root user`;
  if (facts.databases.length > 0) return `giving the directory of ${facts.databases.map((database) => database.path).join(', ')} to the non-root user`;
  return null;
}

/** Programs the container calls that production must have, besides the binaries it copies. */
function calledPrograms(facts: RustFacts): string[] {
  const binaries = new Set(facts.binaries.map((binary) => binary.name));
  const assets = new Set(
    facts.steps
      .filter((step) => step.role === 'asset-copy')
      .flatMap((step) => {
        const destination = copyDestination(step.instruction);
        if (!/^\/(usr\/(local\/)?)?s?bin\//.test(destination)) return [];
        return [destination.slice(destination.lastIndexOf('/') + 1), ...copySources(step.instruction).map((source) => source.slice(source.lastIndexOf('/') + 1))];
      }),
  );
  const instructions = facts.steps.map((step) => step.instruction).filter((instruction) => instruction !== facts.cargoRun?.command.instruction);
  const called = [...programsCalled(instructions), ...facts.scriptInterpreters];
  return [...new Set(called)].filter((program) => !binaries.has(program) && !assets.has(program)).sort();
}

/** Cache mounts a cargo RUN lacks: cargo's registry and git directories, and target/ where it compiles. */
function cacheMounts(facts: RustFacts, step: number): string[] {
  const mounts = [`${facts.cargoHome}/registry`, `${facts.cargoHome}/git`];
  const targetDir = facts.targetDirs.get(step);
  if (targetDir && facts.buildScriptOutputs.length === 0) mounts.push(targetDir);
  const existing = new Set(
    (facts.steps[step]?.instruction.flags ?? [])
      .filter((flag) => flag.name === 'mount')
      .flatMap((flag) => (flag.value ?? '').split(',').map((option) => option.split('=')))
      .filter(([key]) => key === 'target' || key === 'dst' || key === 'destination')
      .map(([, value]) => value),
  );
  return mounts.filter((target) => !existing.has(target)).map((target) => cacheMountFlag(target));
}

/** The builder: the original steps in order (package installs lifted above the source), cargo RUNs with cache mounts, manifests first. */
function builderItems(input: TransformInput, facts: RustFacts, changes: Change[]): PlanItem[] | Refusal {
  const { steps } = facts;
  const { escape, source } = input.dockerfile;
  const items: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'builder', input.dockerfile.lowercaseKeywords) })];
  const push = (item: PlanItem) => items.push(item);
  const foldedInto = new Map<number, number>();
  for (const [compiling, placements] of facts.folded) for (const placement of placements) foldedInto.set(placement, compiling);
  const mountTargets = new Set<string>();
  const { order, lifted } = orderWithPackagesLifted(steps.map(liftKind), facts.manifestFirst?.before ?? -1);

  for (const index of order) {
    const step = steps[index]!;
    if (facts.cargoRun?.added && index === facts.cargoRun.added.after + 1) push(runBuildItem(facts));
    if (facts.manifestFirst && index === facts.manifestFirst.before) {
      manifestFirstItems(facts, index).forEach(push);
      changes.push({ id: 'manifest-first', message: `${facts.project.manifests.join(', ')} copied and dependencies fetched before the source${liftedNote(lifted.map((index) => steps[index]!.instruction.line + 1))}` });
    }
    if (!inBuilder(facts, index)) continue;
    // A folded step's comments print with the RUN it joined.
    if (foldedInto.has(index)) continue;
    if (step.role !== 'run' || !callsCargo(step)) {
      push(keep(step.instruction));
      continue;
    }
    const mounts = cacheMounts(facts, index);
    mounts.forEach((mount) => mountTargets.add(mount.slice(mount.indexOf('target=') + 'target='.length)));
    const appended = [
      ...(facts.folded.get(index) ?? []).flatMap((placement) => steps[placement]!.commands!.map((command) => command.command.text)),
      ...facts.binaries.filter((binary) => binary.copyOut?.step === index).map((binary) => binary.copyOut!.command),
    ];
    if (appended.length > 0 && (step.instruction.json || step.instruction.heredoc)) {
      return refuse(`line ${step.instruction.line + 1}: dfmod cannot add the binary's copy to an exec-form or heredoc RUN`);
    }
    const edits: Edit[] = [];
    if (mounts.length > 0) {
      edits.push({ start: step.instruction.argsOffset, end: step.instruction.argsOffset, text: mounts.map((mount) => `${mount} ${escape}${source.eol}    `).join('') });
    }
    if (appended.length > 0) edits.push(appendEdit(step.instruction, appended, escape, source.eol));
    push(keep(step.instruction, { edits, carry: (facts.folded.get(index) ?? []).map((placement) => steps[placement]!.instruction) }));
  }
  if (facts.cargoRun?.added && facts.cargoRun.added.after === steps.length - 1) push(runBuildItem(facts));
  if (facts.cargoRun?.added) runBuildMounts(facts).forEach((mount) => mountTargets.add(mount));
  if (mountTargets.size > 0) changes.push({ id: 'cache-mount', message: `cargo caches mounted at ${[...mountTargets].join(', ')}` });
  return items;
}


/** The cache directories of the build that compiles what `cargo run` started. */
function runBuildMounts(facts: RustFacts): string[] {
  const added = facts.cargoRun!.added!;
  return [`${facts.cargoHome}/registry`, `${facts.cargoHome}/git`, ...(facts.buildScriptOutputs.length === 0 ? [added.targetDir] : [])];
}

/** The builder's own build of the binary `cargo run` started, copied out of the cache-mounted target/. */
function runBuildItem(facts: RustFacts): PlanItem {
  const [build, copy] = facts.cargoRun!.added!.commands;
  return added([`RUN ${cacheMountFlag(runBuildMounts(facts)[0]!)}`, ...runBuildMounts(facts).slice(1).map((target) => cacheMountFlag(target)), build!, `&& ${copy!}`]);
}

/** Appends commands to a RUN, each on a continuation line indented like the RUN's last line. */
function appendEdit(instruction: Instruction, commands: readonly string[], escape: string, eol: string): Edit {
  const raw = instruction.raw;
  const lastLine = raw.slice(raw.lastIndexOf('\n') + 1);
  const indent = raw.includes('\n') ? /^\s*/.exec(lastLine)![0] || '    ' : '    ';
  return { start: raw.length, end: raw.length, text: commands.map((command) => ` ${escape}${eol}${indent}&& ${command}`).join('') };
}

/** The manifests copied before the source, and a fetch that needs only them. */
function manifestFirstItems(facts: RustFacts, index: number): PlanItem[] {
  const { missing } = facts.manifestFirst!;
  // The builder enters the project as a hand-written one would (no `mkdir -p /app/src`, no
  // --manifest-path), unless a line before the original's own WORKDIR there depends on the directory it is in.
  const untilProject = facts.steps.slice(index).findIndex((_, offset) => facts.workdirs[index + offset] === facts.projectDir);
  const entersProject = untilProject > 0 && !facts.steps.slice(index, index + untilProject).some((step) => dependsOnWorkdir(step.instruction));
  const inProject = entersProject || facts.workdirs[index] === facts.projectDir;
  // Paths relative to the project when the WORKDIR is there, absolute otherwise.
  const at = (path: string) => (inProject ? path : `${facts.projectDir === '/' ? '' : facts.projectDir}/${path}`);
  const byDirectory = new Map<string, string[]>();
  for (const file of missing) {
    const directory = file === facts.project.vendorDirectory ? `${file}/` : file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    const key = directory === '' && inProject ? './' : at(directory);
    byDirectory.set(key, [...(byDirectory.get(key) ?? []), join(facts.projectRoot, file)]);
  }
  const items: PlanItem[] = [
    ...(entersProject ? [added(`WORKDIR ${facts.projectDir}`)] : []),
    ...[...byDirectory.entries()].map(([directory, files]) => added(`COPY ${files.join(' ')} ${directory}`)),
  ];

  const stubs = facts.project.packages.flatMap((pkg) => pkg.stubs).map(at);
  const directories = [...new Set(stubs.map((stub) => stub.slice(0, stub.lastIndexOf('/'))).filter((directory) => directory !== ''))];
  const fetch = ['cargo fetch', ...(facts.locked ? ['--locked'] : []), ...(inProject ? [] : [`--manifest-path ${at('Cargo.toml')}`])].join(' ');
  const body = stubs.length > 0
    ? [`mkdir -p ${directories.join(' ')}`, `&& touch ${stubs.join(' ')}`, `&& ${fetch}`, `&& rm ${stubs.join(' ')}`]
    : [fetch];
  const [registry, git] = [`${facts.cargoHome}/registry`, `${facts.cargoHome}/git`].map((target) => cacheMountFlag(target));
  items.push(added([`RUN ${registry}`, git!, ...body]));
  return items;
}

/**
 * Whether the builder keeps a step: everything but what only the running container needs, and
 * settings (ENV, WORKDIR, ...) that come after the builder's last RUN or COPY.
 */
function inBuilder(facts: RustFacts, index: number): boolean {
  const step = facts.steps[index]!;
  switch (step.role) {
    case 'user':
    case 'meta':
      return false;
    case 'asset-copy':
      return index < facts.lastBuild;
    case 'run':
      return !productionOnlyRun(facts, index);
    case 'arg':
    case 'env':
    case 'workdir':
    case 'shell':
      return facts.steps.some((later, laterIndex) => laterIndex > index && (later.role.endsWith('-copy') || later.role === 'run') && inBuilder(facts, laterIndex));
    default:
      return true;
  }
}

/** A RUN after the build that only sets up users and directories production has: production's business. */
function productionOnlyRun(facts: RustFacts, index: number): boolean {
  const commands = facts.steps[index]!.commands;
  return index > facts.lastBuild && commands !== null && commands.length > 0 && commands.every((command) => command.role === 'setup' && keepsMeaning(command, facts, index));
}

interface ProductionInput {
  readonly input: TransformInput;
  readonly facts: RustFacts;
  readonly runtime: Runtime;
  readonly setups: readonly Setup[];
  readonly writtenDirs: readonly string[];
  readonly changes: Change[];
  readonly warnings: Warning[];
}

function productionItems(p: ProductionInput): PlanItem[] {
  const { input, facts, runtime, changes, warnings } = p;
  const { steps } = facts;
  const folded = new Set([...facts.folded.values()].flat());
  const redeclared: string[] = [];
  const items: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'production', input.dockerfile.lowercaseKeywords, runtime.image, true), withComments: false })];
  const body: PlanItem[] = [];
  const kept: Instruction[] = [];
  const keepHere = (instruction: Instruction, index: number) => {
    body.push(keep(instruction, { withComments: !inBuilder(facts, index) }));
    kept.push(instruction);
  };
  steps.forEach((step, index) => {
    const { instruction } = step;
    switch (step.role) {
      case 'env':
      case 'workdir':
      case 'shell':
      case 'user':
      case 'meta':
      case 'asset-copy':
        keepHere(instruction, index);
        break;
      case 'arg':
        // An ARG that no line reads (one CI passes for its own log) stays where it was, with its comments.
        if (!usedLater(steps, index) && (index < facts.lastBuild || readLater(steps, index))) break;
        keepHere(instruction, index);
        if (inBuilder(facts, index)) redeclared.push(...instruction.properties.map(([name]) => name));
        break;
      case 'run': {
        if (folded.has(index)) break;
        const setup = p.setups.find((candidate) => candidate.step === index);
        if (setup?.whole) keepHere(instruction, index);
        else if (setup) body.push(added(`RUN ${setup.commands.map((command) => command.command.text).join(' && ')}`));
        const others = (step.commands ?? []).filter((command) => command.role === 'other' && !LEAVES_NOTHING.has(commandWords(command.command)[0]!));
        if (others.length > 0) {
          warnings.push({ id: 'unproven-step', message: `line ${instruction.line + 1}: "${others.map((command) => command.command.text).join(' && ')}" stays in the builder; add it to production if the running container needs its effect` });
        } else if (step.commands === null && !callsCargo(step)) {
          warnings.push({ id: 'unproven-step', message: `line ${instruction.line + 1} stays in the builder; add it to production if the running container needs its effect` });
        }
        break;
      }
      default:
        break;
    }
    if (index === facts.lastBuild) body.push(...artifactCopies(facts, facts.workdirs[index]!));
  });

  const extra: PlanItem[] = [];
  const finalUser = steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  if (finalUser) {
    changes.push({ id: 'non-root', message: `the original USER ${finalUser.args[0]} is kept` });
  } else if (runtime.family === null) {
    extra.push(added(`USER ${DISTROLESS_USER}`));
    changes.push({ id: 'non-root', message: `production runs as distroless's nonroot user, ${DISTROLESS_USER}` });
  } else {
    const owned = p.writtenDirs.length > 0 ? ` && mkdir -p ${p.writtenDirs.join(' ')} && chown ${CREATED_USER_SPEC} ${p.writtenDirs.join(' ')}` : '';
    extra.push(added(`RUN ${createUserCommand(runtime.family)}${owned}`), added(`USER ${CREATED_USER_SPEC}`));
    changes.push({ id: 'non-root', message: `production runs as ${CREATED_USER.name} (uid ${CREATED_USER.uid}), a system user created for it${p.writtenDirs.length > 0 ? ` that owns ${p.writtenDirs.join(', ')}` : ''}` });
  }
  if (!finalUser) {
    const user = runtime.family === null ? DISTROLESS_USER : `${CREATED_USER.name} (uid ${CREATED_USER.uid})`;
    warnings.push({ id: 'non-root', message: `the container now runs as ${user} instead of root; any other directory the app writes must be owned by it` });
    if (facts.computedWrites.length > 0) warnings.push(computedWritesWarning(facts.computedWrites, user, 'the WORKDIR, a relative output path'));
    const lowPorts = privilegedPorts(steps.map((step) => step.instruction));
    if (lowPorts.length > 0) warnings.push({ id: 'non-root', message: `port ${lowPorts.join(', ')} is below 1024; outside Docker a non-root user may not bind it` });
  }
  body.splice(userPosition(body), 0, ...extra);

  const head: PlanItem[] = [];
  if (runtime.packages.length > 0 && runtime.family) {
    head.push(added(`RUN ${installCommand(runtime.family, runtime.packages)}`));
    const systemFiles = runtime.packages.filter((name) => !runtime.carried.includes(name));
    const parts = [
      ...(systemFiles.length > 0 ? [`${systemFiles.join(', ')} for the CA roots and zoneinfo`] : []),
      ...(runtime.carried.length > 0 ? [`${runtime.carried.join(', ')}, which the running container needs`] : []),
    ];
    changes.push({ id: 'runtime-packages', message: `production installs ${parts.join(', and ')}` });
  }
  const globals = redeclareGlobals(input, kept);
  redeclared.unshift(...globals.map((item) => (item.kind === 'new' ? item.lines[0]!.slice('ARG '.length) : '')));
  if (redeclared.length > 0) changes.push({ id: 'redeclare-arg', message: `production re-declares ARG ${redeclared.join(', ')}` });
  return [...items, ...globals, ...head, ...editCommands(body, facts)];
}

/** The binaries and runtime files, copied from the builder to where production runs them. */
function artifactCopies(facts: RustFacts, workdir: string): PlanItem[] {
  const lines = facts.binaries.map((binary) => `COPY --from=builder ${binary.builderPath} ${binary.productionPath}`);
  for (const file of facts.runtimeFiles) {
    const path = absolute(file.path, file.destination);
    const destination = file.destination === workdir ? `./${file.path}` : path;
    lines.push(`COPY --from=builder ${path} ${destination}`);
  }
  return lines.map((line) => added(line));
}

/** CMD and ENTRYPOINT words that named the binary where the build left it now name where production has it. */
function editCommands(items: readonly PlanItem[], facts: RustFacts): PlanItem[] {
  const moves = facts.binaries.flatMap((binary) => binary.movedWords.map((word) => [word, binary.productionPath] as const));
  const run = facts.cargoRun ? runCommand(facts) : null;
  if (moves.length === 0 && run === null) return [...items];
  return items.map((item) => {
    if (item.kind !== 'keep' || !['CMD', 'ENTRYPOINT'].includes(item.instruction.keyword)) return item;
    if (item.instruction === facts.cargoRun?.command.instruction) return keep(item.instruction, { edits: [run!.edit], withComments: item.withComments ?? true });
    const edits: Edit[] = [];
    const raw = item.instruction.raw;
    for (const [word, replacement] of moves) {
      for (let at = raw.indexOf(word, item.instruction.argsOffset); at >= 0; at = raw.indexOf(word, at + word.length)) {
        const before = raw[at - 1] ?? ' ';
        const after = raw[at + word.length] ?? ' ';
        if (/[\w.\/-]/.test(before) || /[\w.\/-]/.test(after)) continue;
        edits.push({ start: at, end: at + word.length, text: replacement });
      }
    }
    return edits.length > 0 ? keep(item.instruction, { edits, withComments: item.withComments ?? true }) : item;
  });
}

/** The command that runs the binary itself where the original ran `cargo run`, with the arguments cargo passed on. */
function runCommand(facts: RustFacts): BinaryCommand {
  const { command, name } = facts.cargoRun!;
  const path = facts.binaries.find((binary) => binary.name === name)!.productionPath;
  return binaryCommand(command.instruction, command.keyword, path, command.args, command.argsText);
}

function usedLater(steps: readonly Step[], index: number): boolean {
  const names = steps[index]!.instruction.properties.map(([name]) => name);
  return steps.slice(index + 1).some((step) => {
    const goesToProduction = ['env', 'workdir', 'user', 'meta', 'asset-copy', 'shell'].includes(step.role);
    return goesToProduction && names.some((name) => step.instruction.variables.includes(name));
  });
}

function readLater(steps: readonly Step[], index: number): boolean {
  const names = steps[index]!.instruction.properties.map(([name]) => name);
  return steps.slice(index + 1).some((step) => step.role !== 'arg' && names.some((name) => step.instruction.variables.includes(name)));
}

/** `ARG NAME` in production for each global ARG its instructions use. */
function redeclareGlobals(input: TransformInput, instructions: readonly Instruction[]): PlanItem[] {
  const globals = input.dockerfile.globalArgs.flatMap((instruction) => instruction.properties.map(([name]) => name));
  const declaredInStage = new Set(instructions.filter((instruction) => instruction.keyword === 'ARG').flatMap((instruction) => instruction.properties.map(([name]) => name)));
  const used = globals.filter((name) => !declaredInStage.has(name) && instructions.some((instruction) => instruction.variables.includes(name)));
  return used.map((name) => added(`ARG ${name}`));
}

const CHANGE_ORDER = ['split-stages', 'runtime-base', 'linking', 'cache-mount', 'manifest-first', 'binary-only', 'cargo-run', 'build-packages', 'runtime-packages', 'non-root', 'redeclare-arg'];

function dockerignoreEntries(facts: RustFacts, warnings: Warning[]): string[] {
  if (facts.project.gitReaders.length > 0) {
    warnings.push({ id: 'dockerignore', message: `${facts.project.gitReaders.join(', ')} reads .git at build time, so .git stays in the build context` });
  }
  const copied = new Set(
    facts.steps
      .filter((step) => step.role.endsWith('-copy'))
      .flatMap((step) => copySources(step.instruction).map((source) => source.replace(/^\.\//, '').replace(/\/$/, ''))),
  );
  // cargo's target/ is the project's own, below the member a Dockerfile copies alone.
  const entries = RUST_DOCKERIGNORE.map((entry) => (entry === 'target' ? join(facts.projectRoot, entry) : entry));
  return entries.filter((entry) => !copied.has(entry) && !(entry === '.git' && facts.project.gitReaders.length > 0));
}
