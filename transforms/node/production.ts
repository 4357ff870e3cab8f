import semver from 'semver';
import { programsCalled } from '../../src/core/commands.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { copyDestination, copySources } from '../../src/core/dockerfile.js';
import type { PlanItem } from '../../src/core/plan.js';
import { commandWords, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import { added, fromEdits, keep, userPosition } from '../shared/edits.js';
import { parseImageRef } from '../shared/image-ref.js';
import { debianReleaseOfTag, installCommand, parseSystemInstall, runtimePackagesFor, type DebianRelease } from '../shared/system-packages.js';
import { globalBins, type CommandGroup, type CommandRole, type Step } from './classify.js';
import { inBuildContext } from './detect.js';
import { enteringCommands, inPackage } from './package-directory.js';
import { setsBuildOnlyEnv } from '../shared/build-env.js';
import type { StepRole } from '../shared/step-role.js';
import { finding } from './messages.js';
import { resolvePath } from '../../src/core/dockerfile.js';
import { destinationFrom, isInside } from './paths.js';
import { contextSource } from '../shared/placement.js';
import { noProductionModules, runLines, separateDeps, type Planning } from './plan.js';
import {
  CODEGEN_RUNTIME_PACKAGES,
  FRAMEWORK_RUNTIME_FILES,
  LEGACY_FRAMEWORK_FILES,
  PACKAGE_MANAGERS,
  RUNTIME_ASSET_DIRECTORIES,
} from './tables.js';
import { privilegedPorts, rootWorkdirWarning } from '../shared/warnings.js';
import { NATIVE_PROGRAM_PACKAGES } from '../shared/native-runtime.js';
import { NODE_IMAGE_USER, NODE_IMAGE_USER_SPEC } from '../shared/run-user.js';

export type ProductionResult =
  | { readonly ok: true; readonly items: PlanItem[]; readonly programs: readonly string[]; readonly builderOnlyEnv: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** How production gets the app: node_modules beside the kept source, the build output alone, or the builder's whole tree. */
type Layout = 'source' | 'output' | 'tree';

/**
 * The production stage: the original's runtime instructions in their order, on the runtime
 * image, with the dependencies and build output copied in where the install used to run,
 * the programs its command calls, and a non-root user.
 */
export function productionStage(planning: Planning): ProductionResult {
  const { facts, runtime, input } = planning;
  const layout = chooseLayout(planning);
  const finalUser = planning.users.at(-1) ?? null;
  const runAs = finalUser ?? NODE_IMAGE_USER_SPEC;
  const finals = facts.steps.map((step) => step.instruction);
  const needsManager = needsPackageManager(planning, finals);

  const body: PlanItem[] = [];
  const effects: RunEffects = { programs: new Set(), corepack: false };
  const sourceCopies = facts.steps.flatMap((step, index) => (step.role === 'source-copy' && keepsSourceCopy(planning, layout, index) ? [index] : []));
  const firstCopy = facts.steps.findIndex((step) => step.role === 'source-copy');
  const artifactsAt = firstCopy >= 0 ? Math.min(firstCopy, facts.installStep) : facts.installStep;
  const outputsAt = layout === 'source' && sourceCopies.length > 0 ? sourceCopies.at(-1)! : -1;

  const artifacts = (index: number) => artifactCopies(planning, layout, index === 0 ? '/' : planning.dirs[index - 1]!, runAs, needsManager, outputsAt < 0);
  // Where the app's files start: a tool install the original ran after them moves here, so a code change does not rerun it.
  let codeAt = -1;
  const builderOnlyEnv: string[] = [];
  let settingChanged = false;
  facts.steps.forEach((step, index) => {
    // At the install itself, what its RUN keeps for production (corepack, system packages) comes first.
    if (index === artifactsAt && index !== facts.installStep) {
      codeAt = body.length;
      body.push(...artifacts(index));
    }
    if (codeAt >= 0 && SETTINGS.includes(step.role)) settingChanged = true;
    if (codeAt >= 0 && !settingChanged && step.role === 'run' && installsToolsOnly(step, index === facts.installStep)) {
      const item = productionRun(planning, step, index, needsManager, effects);
      if (item) body.splice(codeAt++, 0, item);
      return;
    }
    const { instruction, role } = step;
    if (role === 'manifest-copy') return;
    if (role === 'source-copy') {
      if (keepsSourceCopy(planning, layout, index)) body.push(keep(instruction));
      if (index === outputsAt) body.push(...outputCopies(planning, planning.dirs[index]!, runAs, false));
      return;
    }
    if (role === 'env' && setsBuildOnlyEnv(instruction.properties)) {
      builderOnlyEnv.push(...instruction.properties.map(([name]) => name));
      planning.changes.push(finding('build-env', { line: instruction.line + 1, names: instruction.properties.map(([name]) => name).join(', ') }));
      return;
    }
    if (role !== 'run') {
      body.push(keep(instruction));
      return;
    }
    const item = productionRun(planning, step, index, needsManager, effects);
    if (item) body.push(item);
    if (index === artifactsAt && index === facts.installStep) {
      codeAt = body.length;
      body.push(...artifacts(index));
    }
  });

  const missing = missingPrograms(planning, body, effects.programs, finals);
  if (!missing.ok) return missing;
  const leading = body.findIndex((item) => item.kind === 'new' || !['ARG', 'ENV'].includes(item.instruction.keyword));
  // The generator's engine links a library the full image has and its slim variant lacks (Prisma's libssl).
  const codegenLibrary = facts.codegen === null || runtime.resolved === facts.baseImage ? undefined : CODEGEN_RUNTIME_PACKAGES[facts.codegen.generator]?.[runtime.family];
  if (codegenLibrary !== undefined && !missing.packages.includes(codegenLibrary)) missing.packages.push(codegenLibrary);
  if (missing.packages.length > 0) {
    body.splice(leading < 0 ? body.length : leading, 0, added(`RUN ${installCommand(runtime.family, missing.packages)}`));
    planning.changes.push(finding('runtime-packages', { packages: missing.packages.join(', ') }));
  }

  const trailing = userPosition(body);
  const fetch = needsManager && effects.corepack ? managerFetch(planning, finalUser) : [];
  // Without packageManager the fetch reads nothing of the app (with it, corepack fetches the version package.json names):
  // before the app's files, a code change does not download the tool again.
  const early = fetch.length > 0 && finalUser === null && facts.packageJson.packageManager === undefined && fetchesBeforeCode(body, codeAt, trailing);
  body.splice(trailing, 0, ...userItems(planning, finalUser), ...(early ? [] : fetch));
  if (finalUser === null) {
    const firstVolume = body.findIndex((item) => item.kind === 'keep' && item.instruction.keyword === 'VOLUME');
    body.splice(firstVolume >= 0 ? Math.min(firstVolume, trailing) : trailing, 0, ...ownership(planning, layout));
  }
  if (early) body.splice(codeAt, 0, added(`USER ${NODE_IMAGE_USER_SPEC}`), ...fetch, added('USER root'));
  reportFiles(planning, layout, needsManager);
  if (facts.pid1Runner !== null) planning.warnings.push(finding('npm-start', { command: facts.pid1Runner }));

  const from = keep(facts.from, { edits: fromEdits(facts.from, 'production', input.dockerfile.lowercaseKeywords, runtime.written, true) });
  return { ok: true, items: [from, ...body], programs: [...effects.programs].sort(), builderOnlyEnv };
}

/** Instructions whose setting a later RUN may depend on. */
const SETTINGS: readonly StepRole[] = ['env', 'arg', 'user', 'shell'];

/**
 * A RUN of system package installs, package managers and global tools from the registry only: it reads nothing of the
 * app's files. At the dependency install (`npm install -g pnpm && pnpm install`), the install itself stays in the
 * builder, so what production keeps of that RUN is the tools.
 */
function installsToolsOnly(step: Step, atInstall: boolean): boolean {
  return step.groups!.every((group) => {
    if (atInstall && (group.role === 'install' || group.role === 'cache-clean')) return true;
    if (group.role === 'system') return group.commands.every((command) => !(parseSystemInstall(command)?.packages ?? []).some((name) => name.includes('/')));
    if (group.role !== 'global-tool' && group.role !== 'pm-setup') return false;
    return group.commands.every((command) => commandWords(command).every((word) => !/^[./~]|^file:|^git[+:]/.test(word)));
  });
}

function chooseLayout(planning: Planning): Layout {
  const { facts } = planning;
  if (planning.mode === 'prune' && !servesFrameworkOutput(planning)) return 'tree';
  if (!planning.hasBuild || facts.entry === null) return 'source';
  const entry = resolvePath(planning.dirs.at(-1)!, facts.entry);
  const outputs = facts.buildOutputs.map((output) => resolvePath(planning.buildDir, output));
  return outputs.some((output) => isInside(entry, output)) ? 'output' : 'source';
}

/**
 * A single package (no workspaces) whose command starts a framework's build output (`next start`
 * serves .next): the framework runs nothing but that output, the files it names beside it and
 * node_modules, and the build compiled into the output whatever the install scripts wrote into
 * the source, so the pruned node_modules replaces the builder's whole tree.
 */
function servesFrameworkOutput(planning: Planning): boolean {
  const { facts } = planning;
  return facts.workspaces.length === 0 && facts.entry !== null && facts.entry in FRAMEWORK_RUNTIME_FILES && facts.buildOutputs.includes(facts.entry) && planning.dirs.at(-1) === planning.buildDir;
}

/**
 * Source copies production keeps: all of them beside the source; otherwise those the builder
 * never ran (after the last build) and those outside the directory production copies.
 */
function keepsSourceCopy(planning: Planning, layout: Layout, index: number): boolean {
  if (layout === 'source' || index > planning.lastBuild) return true;
  const instruction = planning.facts.steps[index]!.instruction;
  const before = index === 0 ? '/' : planning.dirs[index - 1]!;
  const destination = resolvePath(before, copyDestination(instruction));
  return !isInside(destination, layout === 'tree' ? planning.installDir : planning.buildDir);
}

function chownFlag(user: string | null): string {
  return user === null ? '' : ` --chown=${user}`;
}

/** The dependencies (and, for the build output layout, package.json and the output) where the install ran. */
function artifactCopies(planning: Planning, layout: Layout, here: string, runAs: string, needsManager: boolean, withOutputs: boolean): PlanItem[] {
  const { facts, installDir } = planning;
  const installUser = planning.users[facts.installStep] ?? null;
  if (layout === 'tree') return [added(`COPY --from=builder${chownFlag(installUser)} ${installDir} ${destinationFrom(here, installDir)}`)];
  const stage = separateDeps(planning) ? 'deps' : 'builder';
  const modules = resolvePath(installDir, 'node_modules');
  const moved = planning.install.movedModules === null ? modules : resolvePath(resolvePath(installDir, planning.install.movedModules), 'node_modules');
  const items = noProductionModules(planning) ? [] : [added(`COPY --from=${stage}${chownFlag(installUser)} ${modules} ${destinationFrom(here, moved)}`)];
  if (layout === 'output') {
    items.push(...filesFromBuilder(planning, runManifests(planning, needsManager, true), here));
  }
  if (layout === 'output' || withOutputs) items.push(...outputCopies(planning, here, runAs, layout === 'output'));
  return items;
}

/** `COPY --from=builder` lines for build-directory files, one per destination directory. */
function filesFromBuilder(planning: Planning, files: readonly string[], here: string): PlanItem[] {
  const byDirectory = new Map<string, string[]>();
  for (const file of files) {
    const directory = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), resolvePath(planning.buildDir, file)]);
  }
  return [...byDirectory.entries()].map(([directory, sources]) => {
    const target = destinationFrom(here, resolvePath(planning.buildDir, directory));
    return added(`COPY --from=builder ${sources.join(' ')} ${target.endsWith('/') ? target : `${target}/`}`);
  });
}

/** The build output, plus the runtime files next to it (framework config, public, views) when the source is not kept. */
function outputCopies(planning: Planning, here: string, runAs: string, withRuntimeFiles: boolean): PlanItem[] {
  const { facts } = planning;
  const buildUser = planning.users[planning.lastBuild] ?? null;
  const files = [...facts.buildOutputs];
  if (withRuntimeFiles) files.push(...runtimeFiles(planning).filter((file) => !files.includes(file)));
  return files.map((file) => {
    const path = resolvePath(planning.buildDir, file);
    const owner = facts.writtenOutputs.includes(file) ? runAs : buildUser;
    return added(`COPY --from=builder${chownFlag(owner)} ${path} ${destinationFrom(here, path)}`);
  });
}

/** Files and directories the builder holds at the build directory that the app reads at run time. */
function runtimeFiles(planning: Planning): string[] {
  const { facts, input } = planning;
  const present = new Set<string>();
  facts.steps.slice(0, planning.lastBuild).forEach((step, index) => {
    if (step.role !== 'source-copy') return;
    const destination = resolvePath(planning.dirs[index]!, copyDestination(step.instruction));
    if (destination !== planning.buildDir) return;
    for (const source of copySources(step.instruction).map(contextSource)) {
      // The package's directory (the context itself at its root) copied whole brings what it holds.
      if (source === (facts.packageDir || '.')) input.context.files.concat(input.context.directories).forEach((path) => present.add(path));
      else present.add(source);
    }
  });
  const framework = facts.buildOutputs.flatMap((output) => [...(FRAMEWORK_RUNTIME_FILES[output] ?? []), ...legacyFrameworkFiles(planning, output)]);
  return [...framework, ...RUNTIME_ASSET_DIRECTORIES].filter((file, position, all) => {
    const path = inPackage(facts.packageDir, file);
    return all.indexOf(file) === position && present.has(path) && (inBuildContext(input.context, path) || input.context.directories.includes(path));
  });
}

/** The files an old release of the framework that wrote `output` reads, when the project depends on such a release. */
function legacyFrameworkFiles(planning: Planning, output: string): string[] {
  const { dependencies, devDependencies } = planning.facts.packageJson;
  return LEGACY_FRAMEWORK_FILES.flatMap((legacy) => {
    const range = legacy.output === output ? ({ ...devDependencies, ...dependencies })[legacy.dependency] : undefined;
    const lowest = range === undefined || !semver.validRange(range) ? null : semver.minVersion(range);
    return lowest !== null && semver.lt(lowest, legacy.below) ? [...legacy.files] : [];
  });
}

function needsPackageManager(planning: Planning, finals: readonly Instruction[]): boolean {
  const program = PACKAGE_MANAGERS[planning.facts.manager].program;
  return program !== 'npm' && (programsCalled(finals).includes(program) || planning.facts.commandPrograms.includes(program));
}

/** What the RUNs production keeps put on the PATH, and whether corepack provides the package manager. */
interface RunEffects {
  readonly programs: Set<string>;
  corepack: boolean;
}

/** A RUN in production: what it sets up for running stays, installs and builds go. */
function productionRun(planning: Planning, step: Step, index: number, needsManager: boolean, effects: RunEffects): PlanItem | null {
  const kept: ShellCommand[] = [];
  let dropped = false;
  let effective = false;
  const keepGroup = (group: CommandGroup) => {
    kept.push(...group.commands);
    effective ||= group.role !== 'no-effect';
  };
  for (const group of step.groups!) {
    if (planning.buildOnly.has(group)) {
      dropped = true;
      planning.changes.push(finding('build-tools', { line: step.instruction.line + 1, command: group.commands.map((command) => command.text).join(' && '), programs: group.commands.flatMap(globalBins).join(', ') }));
      continue;
    }
    const role = runtimeRole(planning, group.role, index);
    if (role === 'system') {
      const runtimePart = runtimeSystemCommands(planning, group.commands, step.instruction);
      if (runtimePart === 'all') keepGroup(group);
      else dropped = true;
      if (runtimePart !== 'all' && runtimePart !== 'none') {
        kept.push(...(splitCommands(runtimePart) ?? []));
        effective = true;
      }
    } else if (role === 'keep' || (role === 'manager' && needsManager)) {
      keepGroup(group);
      for (const command of group.commands) {
        globalBins(command).forEach((bin) => effects.programs.add(bin));
        effects.corepack ||= commandWords(command)[0] === 'corepack';
      }
    } else {
      dropped = true;
      if (role === 'unproven') planning.warnings.push(finding('unproven-step', { line: step.instruction.line + 1, command: group.commands.map((command) => command.text).join(' && ') }));
    }
  }
  if (!effective) return null;
  if (!dropped) return keep(step.instruction);
  return added(runLines(step.instruction, [], enteringCommands(step, kept)), { carry: [step.instruction] });
}

/** What production does with a command group of the original's step `index`. */
function runtimeRole(planning: Planning, role: CommandRole, index: number): 'system' | 'keep' | 'manager' | 'drop' | 'unproven' {
  switch (role) {
    case 'system':
      return 'system';
    case 'fs-setup':
    case 'global-tool':
    case 'no-effect':
      return 'keep';
    case 'pm-setup':
      return 'manager';
    case 'other':
    case 'chdir':
      return index > planning.lastBuild ? 'keep' : 'unproven';
    case 'print-to-file':
      // In the builder it wrote into the build output (planNode refuses anything else), which production copies.
      return index > planning.lastBuild ? 'keep' : 'drop';
    default:
      return 'drop';
  }
}

/**
 * The system packages of a RUN that production needs: `all` when every package is for running,
 * an install command of the runtime libraries when some were for building, `none` otherwise.
 */
function runtimeSystemCommands(planning: Planning, commands: readonly ShellCommand[], instruction: Instruction): string {
  const installs = commands.map((command) => parseSystemInstall(command)).filter((install) => install !== null);
  if (installs.length === 0) return commands.some((command) => commandWords(command).includes('upgrade')) ? 'all' : 'none';
  const release: DebianRelease | null = debianReleaseOfTag(parseImageRef(planning.runtime.resolved).tag);
  const packages = new Set<string>();
  const unknown: string[] = [];
  for (const install of installs) {
    const result = runtimePackagesFor(install.family, install.packages, release);
    result.packages.forEach((name) => packages.add(name));
    unknown.push(...result.unknownDev);
  }
  if (unknown.length > 0) planning.warnings.push(finding('runtime-packages.unknown-library', { packages: unknown.join(', ') }));
  const all = installs.flatMap((install) => install.packages);
  if (all.every((name) => packages.has(name))) return 'all';
  if (packages.size === 0) return 'none';
  const runtimePackages = [...packages].sort();
  planning.changes.push(finding('runtime-packages.libraries', { line: instruction.line + 1, packages: runtimePackages.join(', ') }));
  return installCommand(planning.runtime.family, runtimePackages);
}

type Missing = { readonly ok: true; readonly packages: string[] } | { readonly ok: false; readonly reason: string };

/** System packages for the programs the container calls that the runtime image lacks. */
function missingPrograms(planning: Planning, body: readonly PlanItem[], programs: Set<string>, finals: readonly Instruction[]): Missing {
  const { runtime, facts } = planning;
  const available = new Set([...runtime.programs, ...programs, ...installedPackages(body), ...copiedPrograms(facts.steps)]);
  const called = [...programsCalled(finals), ...facts.scriptInterpreters];
  const packages: string[] = [];
  for (const program of [...new Set(called)].filter((name) => !available.has(name))) {
    const known = NATIVE_PROGRAM_PACKAGES[program];
    if (!known) return { ok: false, reason: `the container calls ${program}, which ${runtime.resolved} does not have` };
    packages.push(known[runtime.family]);
  }
  return { ok: true, packages };
}

/** System packages the production RUNs install. */
function installedPackages(items: readonly PlanItem[]): string[] {
  return items.flatMap((item) => {
    const script = item.kind === 'new' ? item.lines.join(' ').replace(/^RUN /, '') : item.instruction.keyword === 'RUN' ? item.instruction.argsText : '';
    return (splitCommands(script) ?? []).flatMap((command) => parseSystemInstall(command)?.packages ?? []);
  });
}

/** Programs the original copies onto the PATH (an entrypoint script in /usr/local/bin). */
function copiedPrograms(steps: readonly Step[]): string[] {
  return steps.flatMap((step) => {
    if (step.instruction.keyword !== 'COPY' && step.instruction.keyword !== 'ADD') return [];
    const destination = copyDestination(step.instruction);
    if (!['/usr/local/bin/', '/usr/bin/', '/bin/'].some((directory) => destination.startsWith(directory))) return [];
    const named = destination.endsWith('/') ? [] : [destination.slice(destination.lastIndexOf('/') + 1)];
    return [...named, ...copySources(step.instruction).map((source) => source.slice(source.lastIndexOf('/') + 1))];
  });
}

function volumePaths(instruction: Instruction): string[] {
  const text = instruction.argsText.trim();
  if (text.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value)) return value.filter((path): path is string => typeof path === 'string' && !path.includes('$'));
    } catch {
      return [];
    }
  }
  return instruction.args.filter((path) => !path.includes('$'));
}

/**
 * Whether the corepack fetch can run where the app's files start: corepack is enabled before
 * that point, and no setting after it (ENV, ARG, SHELL, USER) may change what it fetches.
 */
function fetchesBeforeCode(body: readonly PlanItem[], codeAt: number, trailing: number): boolean {
  if (codeAt < 0) return false;
  const enables = body.findLastIndex((item) => item.kind === 'keep' && item.instruction.keyword === 'RUN' && (splitCommands(item.instruction.argsText) ?? []).some((command) => commandWords(command)[0] === 'corepack'));
  const settings = body.slice(codeAt, trailing).some((item) => item.kind === 'keep' && ['ENV', 'ARG', 'SHELL', 'USER'].includes(item.instruction.keyword));
  return enables >= 0 && enables < codeAt && !settings;
}

/** The package manager the command calls through corepack, fetched at build time as the user that runs it. */
function managerFetch(planning: Planning, finalUser: string | null): PlanItem[] {
  const program = PACKAGE_MANAGERS[planning.facts.manager].program;
  planning.changes.push(finding('package-manager', { tool: program, user: finalUser ?? NODE_IMAGE_USER.name }));
  return [added(`RUN ${program} --version`)];
}

/** The USER production runs as. */
function userItems(planning: Planning, finalUser: string | null): PlanItem[] {
  const { facts } = planning;
  const items: PlanItem[] = [];
  if (finalUser === null) {
    items.push(added(`USER ${NODE_IMAGE_USER_SPEC}`));
    planning.changes.push(finding('non-root', { user: NODE_IMAGE_USER_SPEC }));
    planning.warnings.push(finding('non-root.writes'));
    const instructions = facts.steps.map((step) => step.instruction);
    const lowPorts = privilegedPorts(instructions);
    if (lowPorts.length > 0) planning.warnings.push(finding('non-root.low-port', { ports: lowPorts.join(', ') }));
    const rootWorkdir = rootWorkdirWarning(instructions, planning.dirs.at(-1) ?? '/', `${NODE_IMAGE_USER.name} (${NODE_IMAGE_USER_SPEC})`);
    if (rootWorkdir !== null) planning.warnings.push(rootWorkdir);
  } else {
    planning.changes.push(finding('non-root.kept', { user: finalUser }));
  }
  return items;
}

/**
 * The directories the app writes, owned by node: VOLUME mount points, the directories the
 * original created (uploads, data), and in a copied tree the framework output it writes into
 * (.next). The RUN lands before the first VOLUME, so it creates the directories no earlier
 * step did.
 */
function ownership(planning: Planning, layout: Layout): PlanItem[] {
  const { facts } = planning;
  const firstVolume = facts.steps.findIndex((step) => step.instruction.keyword === 'VOLUME');
  const created = writtenDirectories(planning, firstVolume < 0 ? facts.steps.length : firstVolume);
  const directories = [...new Set([...writtenDirectories(planning, facts.steps.length), ...volumeDirectories(planning)])];
  const outputs = layout === 'tree' ? facts.writtenOutputs.map((output) => resolvePath(planning.installDir, output)) : [];
  const owned = [...directories, ...outputs];
  if (owned.length === 0) return [];
  planning.changes.push(finding('non-root.owned', { directories: owned.join(', '), user: NODE_IMAGE_USER_SPEC }));
  const missing = [...directories.filter((directory) => !created.includes(directory)), ...outputs];
  const commands = [
    ...(missing.length > 0 ? [`mkdir -p ${missing.join(' ')}`] : []),
    ...(directories.length > 0 ? [`chown ${NODE_IMAGE_USER_SPEC} ${directories.join(' ')}`] : []),
    ...(outputs.length > 0 ? [`chown -R ${NODE_IMAGE_USER_SPEC} ${outputs.join(' ')}`] : []),
  ];
  return [added(`RUN ${commands.join(' && ')}`)];
}

function volumeDirectories(planning: Planning): string[] {
  return planning.facts.steps.flatMap((step, index) => {
    if (step.instruction.keyword !== 'VOLUME') return [];
    const here = index === 0 ? '/' : planning.dirs[index - 1]!;
    return volumePaths(step.instruction).map((path) => resolvePath(here, path));
  });
}

/** Directories the steps before `upTo` created with mkdir (uploads, data); none when the original set ownership itself. */
function writtenDirectories(planning: Planning, upTo: number): string[] {
  const directories: string[] = [];
  for (const [index, step] of planning.facts.steps.slice(0, upTo).entries()) {
    for (const group of step.groups ?? []) {
      if (group.role !== 'fs-setup') continue;
      for (const command of group.commands) {
        const words = commandWords(command);
        if (words[0] === 'chown') return [];
        if (words[0] === 'mkdir') directories.push(...words.slice(1).filter((word) => !word.startsWith('-')).map((word) => resolvePath(planning.dirs[index]!, word)));
      }
    }
  }
  // `mkdir -p /app` before `WORKDIR /app` makes the directory the code is copied into, not one the app writes.
  const workdirs = new Set(planning.dirs);
  return [...new Set(directories)].filter((directory) => !workdirs.has(directory));
}

/**
 * What the package manager reads to run a script in production: package.json and its config
 * files. A lockfile is read only by an install, so it stays out, except for Yarn Berry, whose
 * `yarn run` checks the project against yarn.lock before it starts anything.
 */
function runManifests(planning: Planning, needsManager: boolean, withYarnFolder: boolean): string[] {
  if (!needsManager) return ['package.json'];
  const { facts } = planning;
  const lockfiles = facts.manager === 'yarn-berry' ? [] : PACKAGE_MANAGERS[facts.manager].lockfiles;
  return facts.installInputs.filter((file) => (!file.includes('/') || (withYarnFolder && file.startsWith('.yarn/'))) && !lockfiles.includes(file));
}

function reportFiles(planning: Planning, layout: Layout, needsManager: boolean): void {
  if (layout !== 'output') return;
  const files = [...(noProductionModules(planning) ? [] : ['node_modules']), ...runManifests(planning, needsManager, false), ...planning.facts.buildOutputs, ...runtimeFiles(planning)];
  planning.warnings.push(finding('runtime-files', { files: [...new Set(files)].join(', ') }));
}
