import type { Instruction } from '../../src/core/dockerfile.js';
import { copyDestination, copySources, flagValue } from '../../src/core/dockerfile.js';
import { orderChanges, type Change, type Warning } from '../../src/core/findings.js';
import type { PlanItem, PlannedStage } from '../../src/core/plan.js';
import type { ShellCommand } from '../../src/core/shell.js';
import type { PlanResult, TransformInput } from '../../src/core/transform.js';
import { expandVariables } from '../shared/base-image.js';
import { added, cacheMountFlag, fromEdits, insertFlagsEdit, keep } from '../shared/edits.js';
import { commonWarnings, registryWarnings } from '../shared/warnings.js';
import { programsCalled } from '../../src/core/commands.js';
import { commandWords, writtenFiles } from '../../src/core/shell.js';
import { isRunOnlyPackage, parseSystemInstall } from '../shared/system-packages.js';
import { baseName, globalBins, isProductionOnly, type CommandGroup, type CommandRole, type Step } from './classify.js';
import type { NodeFacts } from './detect.js';
import { installEdits, installText, isUnchanged, productionInstall, strictInstall, type InstallChange } from './install.js';
import { finding } from './messages.js';
import { resolvePath } from '../../src/core/dockerfile.js';
import { isInside } from './paths.js';
import { contextSource } from '../shared/placement.js';
import { productionStage } from './production.js';
import { holdsTypeScriptSources } from './tsc-emit.js';
import { enteringCommands, inPackage } from './package-directory.js';
import { formatImageRef, parseImageRef, pinnedTag, withTag } from '../shared/image-ref.js';
import { isFloatingNodeTag, MOVING_NODE_TAGS, projectNode } from './node-version.js';
import { chooseRuntime, nodeMajor, type Runtime } from './runtime.js';
import { NODE_DOCKERIGNORE, PACKAGE_MANAGERS } from './tables.js';
import { NODE_IMAGE_USER } from '../shared/run-user.js';

/**
 * `deps`: a separate stage installs production dependencies only. `prune`: the builder installs
 * everything, builds, then removes dev dependencies, because the install needs the source
 * (workspaces, install scripts) and so cannot run from the manifests alone.
 */
export type Mode = 'deps' | 'prune';

/** Everything the stages are planned from, decided once. */
export interface Planning {
  readonly input: TransformInput;
  readonly facts: NodeFacts;
  /** The builder's image when dfmod pinned a floating tag (`node:lts` → `node:20`), as written on its FROM line. */
  readonly builderImage: string | null;
  readonly runtime: Runtime;
  readonly mode: Mode;
  readonly hasBuild: boolean;
  /** The command runs a dev dependency, so production keeps them all. */
  readonly keepDev: boolean;
  /** The absolute WORKDIR in force after each step. */
  readonly dirs: readonly string[];
  /** The USER in force after each step (null: root). */
  readonly users: readonly (string | null)[];
  readonly installDir: string;
  /** The last step the builder needs: the last build, or the install when nothing is built. */
  readonly lastBuild: number;
  readonly buildDir: string;
  readonly order: ManifestOrder;
  readonly mounts: readonly string[];
  readonly install: InstallSplit;
  /** Command groups only the running container uses (`npm install -g pm2`, `apt-get install vim`): production runs them, the builder does not. */
  readonly runOnly: ReadonlySet<CommandGroup>;
  /** Global tools only the build calls (`npm install -g typescript` for `tsc`): the builder runs them, production does not. */
  readonly buildOnly: ReadonlySet<CommandGroup>;
  readonly changes: Change[];
  readonly warnings: Warning[];
}

/** The install RUN cut in three: what runs before the install, the install, what runs after it. */
export interface InstallSplit {
  readonly before: readonly ShellCommand[];
  readonly command: ShellCommand;
  readonly after: readonly ShellCommand[];
  /** Where `mv node_modules ../` after the install put the dependencies (the official examples keep them above the app), or null. */
  readonly movedModules: string | null;
}

/** How the manifests come before the source: copies moved after the install, and copies added before it. */
export interface ManifestOrder {
  readonly deferred: ReadonlySet<number>;
  readonly lines: readonly string[];
}

type Skip = { readonly ok: false; readonly status: 'skipped'; readonly reason: string };

function skip(reason: string): Skip {
  return { ok: false, status: 'skipped', reason };
}

export function planNode(input: TransformInput, detected: NodeFacts): PlanResult {
  // Without a lockfile, a separate production install could resolve other versions than the build compiled against.
  const mode: Mode = detected.workspaces.length > 0 || detected.lifecycleScripts.length > 0 || (detected.lockfile === null && detected.buildSteps.length > 0) ? 'prune' : 'deps';
  const libcBound = detected.libcBound ?? (mode === 'prune' ? 'the node_modules the builder installs and prunes' : null);
  const runtimeOf = (facts: NodeFacts, written: string) => chooseRuntime({ written, resolved: facts.baseRef, requested: input.options.runtime, libcBound });
  const unpinned = runtimeOf(detected, writtenImage(detected.from));
  // Production on the builder's own image (alpine stays alpine) cannot differ from it.
  const version = unpinned.ok && unpinned.runtime.resolved !== detected.baseImage ? pinFloatingNode(input, detected) : notPinned(detected);
  const facts = version.facts;
  const choice = version.builderImage === null ? unpinned : runtimeOf(facts, version.builderImage);
  if (!choice.ok) return skip(choice.reason);
  const runtime = choice.runtime;
  const { steps } = facts;
  const dirs = workdirs(steps, input);
  // Where each RUN's commands run: a package directory entered with `cd` counts as their WORKDIR.
  const runDirs = dirs.map((directory, index) => resolvePath(directory, steps[index]!.enters ?? '.'));
  const users = activeUsers(steps);
  const lastBuild = Math.max(facts.installStep, ...facts.buildSteps);
  const misplaced = facts.packageDir === '' ? misplacedManifest(steps, dirs, facts.installStep) : unprovenPackageCopy(facts, dirs, runDirs);
  if (misplaced) return skip(misplaced);
  const lostWrite = builderOnlyWrite(steps, runDirs, lastBuild, facts.buildOutputs);
  if (lostWrite) return skip(lostWrite);
  const installStep = steps[facts.installStep]!;
  const { runOnly, buildOnly } = toolGroups(input, facts, lastBuild);
  const changes: Change[] = [...version.changes];
  for (const add of facts.packageAdds) {
    const step = steps.findIndex((each) => each.instruction.line + 1 === add.line);
    changes.push(finding(step <= lastBuild ? 'build-packages' : 'build-packages.unused', { line: add.line, command: add.command, packages: add.packages.join(', ') }));
  }
  const install = splitInstall(installStep, runOnly);
  const installDir = runDirs[facts.installStep]!;
  if (install.movedModules !== null) {
    changes.push(finding('prod-deps-only.moved', { line: installStep.instruction.line + 1, command: `mv node_modules ${install.movedModules}`, path: resolvePath(resolvePath(installDir, install.movedModules), 'node_modules') }));
  }
  const warnings: Warning[] = [...(version.floating ? [version.floating] : []), ...facts.warnings, ...commonWarnings(input.dockerfile, facts.baseImage), ...registryWarnings(facts.baseRef, runtime.resolved)];

  const planning: Planning = {
    input,
    facts,
    builderImage: version.builderImage,
    runtime,
    mode,
    hasBuild: facts.buildSteps.length > 0,
    keepDev: facts.devCommands.length > 0 || facts.devImports.length > 0 || facts.tsNodePackages.packages.length > 0 || facts.codegen !== null,
    dirs,
    users,
    installDir,
    lastBuild,
    buildDir: runDirs[lastBuild]!,
    order: manifestOrder(facts, installStep, input.context.directories, changes, warnings),
    mounts: cacheMounts(facts, users[facts.installStep] ?? null, changes, warnings),
    install,
    runOnly,
    buildOnly,
    changes,
    warnings,
  };

  const stages: PlannedStage[] = [];
  if (separateDeps(planning)) stages.push({ name: 'deps', items: dependencyStage(planning, 'deps') });
  stages.push({ name: 'builder', items: mode === 'deps' && !planning.hasBuild ? dependencyStage(planning, 'builder') : builderStage(planning) });
  const production = productionStage(planning);
  if (!production.ok) return skip(production.reason);
  stages.push({ name: 'production', items: production.items });

  const withArgs = stages.map((stage) => redeclareGlobals(input, stage, changes));
  changes.unshift(finding('split-stages', { stages: stages.map((stage) => stage.name).join(', ') }), finding('runtime-base', { image: runtime.resolved }));
  return {
    ok: true,
    plan: {
      globalItems: input.dockerfile.globalArgs.map((instruction) => keep(instruction)),
      stages: withArgs,
      changes: orderChanges(changes, CHANGE_ORDER),
      warnings,
      runtime: {
        runtimeImage: runtime.resolved,
        programs: [...runtime.programs, ...production.programs],
        movedPaths: {},
        scriptInterpreters: facts.scriptInterpreters,
        baseUserNonRoot: false,
        builderOnlyEnv: production.builderOnlyEnv,
      },
      dockerignore: dockerignoreEntries(input, facts),
    },
  };
}

/** A `deps` stage installs production dependencies beside the builder; when production keeps dev dependencies, the builder's own install serves. */
export function separateDeps(planning: Planning): boolean {
  return planning.mode === 'deps' && planning.hasBuild && !planning.keepDev && !noProductionModules(planning);
}

/**
 * A package.json without dependencies gets no node_modules from a production-only install
 * (`npm ci --omit=dev` creates none), so production has none to copy.
 */
export function noProductionModules(planning: Planning): boolean {
  const { packageJson } = planning.facts;
  return planning.mode === 'deps' && !planning.keepDev && Object.keys({ ...packageJson.dependencies, ...packageJson.optionalDependencies }).length === 0;
}

/**
 * A package.json copied into another directory than the one the install runs in: npm then
 * installs where it finds the manifest, above the WORKDIR, and the node_modules production
 * copies does not exist.
 */
function misplacedManifest(steps: readonly Step[], dirs: readonly string[], installStep: number): string | null {
  const installDir = dirs[installStep]!;
  let named: { line: number; directory: string } | null = null;
  for (const [index, step] of steps.slice(0, installStep).entries()) {
    if (step.role !== 'manifest-copy' && step.role !== 'source-copy') continue;
    const sources = copySources(step.instruction).map(contextSource);
    const destination = copyDestination(step.instruction);
    const before = index === 0 ? '/' : dirs[index - 1]!;
    const target = resolvePath(before, destination);
    for (const source of sources) {
      const manifest = source === 'package.json' || source === 'package*.json' || source === 'package*';
      if (!manifest && source !== '.') continue;
      const directory = manifest && !destination.endsWith('/') && sources.length === 1 && baseName(destination) === 'package.json' ? target.slice(0, target.lastIndexOf('/')) || '/' : target;
      if (directory === installDir) return null;
      if (manifest) named ??= { line: step.instruction.line + 1, directory };
    }
  }
  if (named === null) return null;
  return `line ${named.line}: package.json is copied to ${named.directory}, but the install runs in ${installDir}, so it installs no node_modules there`;
}

/**
 * A package below the context root: some COPY before the install must put its package.json
 * (the directory, the manifest, or the whole context) in the directory the install enters, and
 * every build must run there too, or node_modules and the output are not where dfmod copies them from.
 */
function unprovenPackageCopy(facts: NodeFacts, dirs: readonly string[], runDirs: readonly string[]): string | null {
  const { steps, packageDir, installStep } = facts;
  const installDir = runDirs[installStep]!;
  const install = steps[installStep]!.instruction;
  const elsewhere = facts.buildSteps.find((index) => runDirs[index] !== installDir);
  if (elsewhere !== undefined) return `line ${steps[elsewhere]!.instruction.line + 1}: the build runs in ${runDirs[elsewhere]}, but the install runs in ${installDir}`;
  const manifest = `${packageDir}/package.json`;
  const landsThere = steps.slice(0, installStep).some((step, index) => {
    if (step.role !== 'manifest-copy' && step.role !== 'source-copy') return false;
    const sources = copySources(step.instruction).map(contextSource);
    const destination = copyDestination(step.instruction);
    const target = resolvePath(index === 0 ? '/' : dirs[index - 1]!, destination);
    const intoDirectory = destination.endsWith('/') || sources.length > 1;
    return sources.some((source) => {
      if (source === '.') return resolvePath(target, packageDir) === installDir;
      if (source === packageDir) return target === installDir;
      if (source === manifest || source === `${packageDir}/package*.json` || source === `${packageDir}/package*`) return intoDirectory || source !== manifest ? target === installDir : target === `${installDir}/package.json`;
      return false;
    });
  });
  if (landsThere) return null;
  return `line ${install.line + 1}: the install enters ${installDir}, and no COPY before it puts ${manifest} there`;
}

/**
 * A file that a builder step writes through a redirection (`echo "$GIT_SHA" > build/REVISION`)
 * reaches production only inside the build output that production copies from the builder;
 * anywhere else it would be lost, so the file is left alone.
 */
function builderOnlyWrite(steps: readonly Step[], dirs: readonly string[], lastBuild: number, buildOutputs: readonly string[]): string | null {
  const outputs = buildOutputs.map((output) => resolvePath(dirs[lastBuild]!, output));
  for (const [index, step] of steps.slice(0, lastBuild + 1).entries()) {
    let moved = false;
    for (const command of (step.groups ?? []).flatMap((group) => group.commands.map((each) => ({ role: group.role, command: each })))) {
      moved ||= command.role === 'chdir';
      for (const file of writtenFiles(command.command)) {
        const where = `line ${step.instruction.line + 1}: ${command.command.text} writes ${file}`;
        if (moved) return `${where} after changing directory, and dfmod cannot tell where that file lands`;
        const path = resolvePath(dirs[index]!, file);
        if (!outputs.some((output) => isInside(path, output))) return `${where} in the builder, outside the build output production copies, so production would lack it`;
      }
    }
  }
  return null;
}

const notPinned = (facts: NodeFacts): PinnedVersion => ({ facts, builderImage: null, changes: [], floating: null });

interface PinnedVersion {
  readonly facts: NodeFacts;
  readonly builderImage: string | null;
  readonly changes: Change[];
  /** The warning that both stages float. */
  readonly floating: Warning | null;
}

/**
 * A floating tag (`node:lts` builder, `node:lts-slim` production) pulls each stage's own Node,
 * and a stale local image gives node_modules built for another major. Both stages get the major
 * the project names; without one, a warning says that both float.
 */
function pinFloatingNode(input: TransformInput, facts: NodeFacts): PinnedVersion {
  const none = notPinned(facts);
  const written = parseImageRef(writtenImage(facts.from));
  if (!isFloatingNodeTag(facts.baseRef.tag)) return none;
  const image = formatImageRef(written);
  const project = projectNode(input.context, facts.packageJson.engines);
  // A digest fixes the builder, and a tag from a variable is the user's to set.
  if (project !== null && facts.baseRef.digest === null && written.tag === facts.baseRef.tag) {
    const tag = pinnedTag(facts.baseRef.tag, String(project.major), MOVING_NODE_TAGS);
    const baseRef = withTag(facts.baseRef, tag);
    const builderImage = formatImageRef(withTag(written, tag));
    return {
      facts: { ...facts, baseRef, baseImage: formatImageRef(baseRef) },
      builderImage,
      changes: [finding('runtime-base.pinned', { image, pinned: builderImage, major: project.major, source: project.source })],
      floating: null,
    };
  }
  const files = project === null ? ' and no project file (.nvmrc, .node-version, engines.node) names one' : '';
  return { ...none, floating: finding('runtime-base.floating', { image, files }) };
}

/** The image word as written on the FROM line (it may hold `${NODE_VERSION}`). */
function writtenImage(from: Instruction): string {
  return from.args.find((word) => !word.startsWith('--')) ?? '';
}

/** The absolute WORKDIR in force after each step. */
function workdirs(steps: readonly Step[], input: TransformInput): string[] {
  const values = new Map<string, string>();
  for (const arg of input.dockerfile.globalArgs) for (const [name, value] of arg.properties) if (value) values.set(name, value);
  let current = '/';
  return steps.map(({ instruction }) => {
    if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
      for (const [name, value] of instruction.properties) if (value) values.set(name, value);
    }
    if (instruction.keyword === 'WORKDIR') {
      current = resolvePath(current, expandVariables(instruction.args[0] ?? '/', (name, fallback) => values.get(name) ?? fallback ?? ''));
    }
    return current;
  });
}

function activeUsers(steps: readonly Step[]): (string | null)[] {
  let current: string | null = null;
  return steps.map(({ instruction }) => {
    if (instruction.keyword === 'USER') {
      const user = instruction.args[0] ?? '';
      current = ['root', '0', 'root:root', '0:0'].includes(user) ? null : user;
    }
    return current;
  });
}

/** The cache mount of the install, owned by the installing user; none for a user whose home is unknown. */
function cacheMounts(facts: NodeFacts, user: string | null, changes: Change[], warnings: Warning[]): string[] {
  const pm = PACKAGE_MANAGERS[facts.manager];
  const name = user?.split(':')[0] ?? 'root';
  const node = name === NODE_IMAGE_USER.name || name === String(NODE_IMAGE_USER.uid);
  const home = name === 'root' ? '/root' : node ? NODE_IMAGE_USER.home : null;
  if (home === null) {
    warnings.push(finding('cache-mount.unknown-user', { user: name }));
    return [];
  }
  const target = pm.cacheDir(home);
  changes.push(finding('cache-mount', { tool: pm.label, target }));
  return [cacheMountFlag(target, node ? { uid: NODE_IMAGE_USER.uid, gid: NODE_IMAGE_USER.gid } : undefined)];
}

const LEAVES_INSTALL_RUN: readonly CommandRole[] = ['prune', 'cache-clean'];

/**
 * The global tools that the container calls and the build does not, and the system installs of
 * packages no build uses: they run in production only. The global tools that the build calls
 * and the container does not run in the builder only.
 */
function toolGroups(input: TransformInput, facts: NodeFacts, lastBuild: number): { runOnly: Set<CommandGroup>; buildOnly: Set<CommandGroup> } {
  const builderGroups = facts.steps.slice(0, lastBuild + 1).flatMap((step) => step.groups ?? []);
  const buildCalls = new Set([
    ...facts.buildPrograms,
    ...builderGroups.filter((group) => group.role === 'other' || group.role === 'build').flatMap((group) => group.commands.map((command) => commandWords(command)[0] ?? '')),
  ]);
  const containerCalls = new Set([...programsCalled(input.dockerfile.instructions), ...facts.commandPrograms, ...facts.scriptInterpreters]);
  const runOnly = new Set<CommandGroup>();
  const buildOnly = new Set<CommandGroup>();
  for (const group of builderGroups) {
    if (group.role === 'global-tool') {
      const bins = group.commands.flatMap(globalBins);
      const forContainer = bins.some((bin) => containerCalls.has(bin));
      const forBuild = bins.some((bin) => buildCalls.has(bin));
      if (forContainer && !forBuild) runOnly.add(group);
      if (forBuild && !forContainer) buildOnly.add(group);
    } else if (group.role === 'system') {
      const packages = group.commands.flatMap((command) => parseSystemInstall(command)?.packages ?? []);
      if (packages.length > 0 && packages.every(isRunOnlyPackage)) runOnly.add(group);
    }
  }
  return { runOnly, buildOnly };
}

/** A RUN of the builder or the deps stage, without what only the install or the running container needs; null when nothing is left. */
function builderRun(planning: Planning, step: Step): PlanItem | null {
  const kept = step.groups!.filter((group) => !LEAVES_INSTALL_RUN.includes(group.role) && !planning.runOnly.has(group)).flatMap((group) => [...group.commands]);
  const all = step.groups!.flatMap((group) => group.commands);
  if (kept.length === all.length) return keep(step.instruction);
  return kept.length > 0 ? added(runLines(step.instruction, [], enteringCommands(step, kept)), { carry: [step.instruction] }) : null;
}

function splitInstall(step: Step, runOnly: ReadonlySet<CommandGroup>): InstallSplit {
  const groups = step.groups!;
  const at = groups.findIndex((group) => group.role === 'install');
  const commands = (from: number, to: number) =>
    groups.slice(from, to).filter((group) => !LEAVES_INSTALL_RUN.includes(group.role) && !runOnly.has(group)).flatMap((group) => [...group.commands]);
  const after = commands(at + 1, groups.length);
  const move = after.find((command) => movedModulesDirectory(command) !== null);
  return { before: commands(0, at), command: groups[at]!.commands[0]!, after: after.filter((command) => command !== move), movedModules: move ? movedModulesDirectory(move) : null };
}

/** The directory `mv node_modules ../` moves the installed tree into, when its destination is surely a directory. */
function movedModulesDirectory(command: ShellCommand): string | null {
  const words = commandWords(command);
  if (words.length !== 3 || words[0] !== 'mv' || !['node_modules', './node_modules'].includes(words[1]!)) return null;
  const destination = words[2]!;
  return destination.endsWith('/') || destination === '..' || destination === '.' ? destination : null;
}

/**
 * Moves the source copies that precede the install after it, and copies what the install reads
 * first; unless something before the install needs the source. Either way the lockfile that
 * the strict install follows is copied before it.
 */
function manifestOrder(facts: NodeFacts, installStep: Step, directories: readonly string[], changes: Change[], warnings: Warning[]): ManifestOrder {
  const before = facts.steps.slice(0, facts.installStep);
  const sourceCopies = before.flatMap((step, index) => (step.role === 'source-copy' ? [index] : []));
  const why = sourceCopies.length === 0 ? null : keptOrderReason(facts, installStep, sourceCopies[0]!);
  if (why !== null) warnings.push(finding('manifest-first.kept-order', { why }));
  const reorder = sourceCopies.length > 0 && why === null;
  const copyRoles = reorder ? ['manifest-copy'] : ['manifest-copy', 'source-copy'];
  const copied = before.filter((step) => copyRoles.includes(step.role)).flatMap((step) => copySources(step.instruction).map(contextSource));
  const wanted = reorder ? facts.installInputs : facts.lockfile === null ? [] : [facts.lockfile];
  const missing = wanted.filter((file) => !copied.some((source) => covers(source, file)));
  if (missing.length > 0) changes.push(finding('manifest-first', { files: missing.join(', ') }));
  const chown = before
    .map((step) => (step.role === 'source-copy' || step.role === 'manifest-copy' ? flagValue(step.instruction, 'chown') : undefined))
    .find((value) => typeof value === 'string');
  return { deferred: new Set(reorder ? sourceCopies : []), lines: manifestCopyLines(missing, chown ?? null, directories) };
}

function keptOrderReason(facts: NodeFacts, installStep: Step, firstSource: number): string | null {
  if (facts.lifecycleScripts.length > 0) return `package.json has a ${facts.lifecycleScripts[0]} script`;
  const between = facts.steps.slice(firstSource, facts.installStep).some((step) => step.role === 'run' && step.groups!.some((group) => NEEDS_SOURCE.includes(group.role)));
  const inside = installStep.groups!.slice(0, installStep.groups!.findIndex((group) => group.role === 'install')).some((group) => NEEDS_SOURCE.includes(group.role));
  if (between || inside) return 'a command before the install may read the source';
  return null;
}

/** Command roles that may read the copied source. */
const NEEDS_SOURCE: readonly CommandRole[] = ['other', 'global-tool', 'build', 'print-to-file'];

/** Whether a COPY source (`package*.json`, `.yarn`, `package.json`) brings a context file. */
function covers(source: string, file: string): boolean {
  if (source === '.' || file === source || file.startsWith(`${source}/`)) return true;
  const parts = source.split('*');
  if (parts.length !== 2 || file.includes('/') !== source.includes('/')) return false;
  return file.startsWith(parts[0]!) && file.endsWith(parts[1]!) && file.length >= source.length - 1;
}

function manifestCopyLines(files: readonly string[], chown: string | null, directories: readonly string[]): string[] {
  const flag = chown ? `--chown=${chown} ` : '';
  const byDirectory = new Map<string, string[]>();
  const whole: string[] = [];
  for (const file of files) {
    if (directories.includes(file)) {
      whole.push(`COPY ${flag}${file} ./${file}/`);
      continue;
    }
    const directory = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : './';
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  return [...[...byDirectory.entries()].map(([directory, group]) => `COPY ${flag}${group.join(' ')} ${directory}`), ...whole];
}

function installChange(planning: Planning, variant: 'full' | 'production'): InstallChange {
  const { facts, install } = planning;
  // A lockfile the running tool may not read frozen is followed as the original did: not strictly.
  const lockfile = facts.frozenRisk === null ? facts.lockfile : null;
  return variant === 'full' || planning.keepDev
    ? strictInstall(install.command, facts.manager, lockfile)
    : productionInstall(install.command, facts.manager, lockfile, nodeMajor(facts.baseRef.tag));
}

/**
 * The install RUN, as the builder (everything) or the deps stage (production dependencies)
 * runs it: edited in place when the RUN holds the install alone, so its continuations and inner
 * comments stay; otherwise a new RUN of the commands that precede the install and the install.
 */
function installItem(planning: Planning, variant: 'full' | 'production'): PlanItem {
  const { facts, install, mounts } = planning;
  const instruction = facts.steps[facts.installStep]!.instruction;
  const change = installChange(planning, variant);
  const step = facts.steps[facts.installStep]!;
  const edits = install.before.length === 0 && step.enters === undefined ? installEdits(instruction, planning.input.dockerfile.escape, install.command, change) : null;
  if (edits !== null) return keep(instruction, { edits: mounts.length > 0 ? [...edits, insertFlagsEdit(instruction, mounts)] : edits });
  const commands = enteringCommands(step, [...install.before.map((command) => command.text), installText(install.command, change)]);
  return added(runLines(instruction, mounts, commands), { carry: [instruction] });
}

function reportInstall(planning: Planning, stage: string | null): void {
  const { facts, install, changes } = planning;
  const strict = installChange(planning, 'full');
  if (!isUnchanged(strict) && facts.lockfile !== null) {
    changes.push(finding('frozen-lockfile', { lockfile: facts.lockfile, command: installText(install.command, strict) }));
  }
  if (stage !== null && planning.keepDev) planning.warnings.push(...keptDevWarnings(facts, planning.install.command));
  else if (stage !== null && noProductionModules(planning)) changes.push(finding('prod-deps-only.none'));
  else if (stage !== null) changes.push(finding('prod-deps-only', { stage, command: installText(install.command, installChange(planning, 'production')) }));
}

/**
 * Why production keeps dev dependencies: the command runs them, or the code loads them. An
 * install the original already made production-only (`npm ci --omit=dev`) has none to keep, so
 * the generator's reason is not given for it.
 */
function keptDevWarnings(facts: NodeFacts, install: ShellCommand): Warning[] {
  const warnings: Warning[] = [];
  if (facts.devCommands.length > 0) warnings.push(finding('prod-deps-only.dev-command', { packages: facts.devCommands.join(', ') }));
  const byFile = new Map<string, string[]>();
  for (const { name, file } of facts.devImports) byFile.set(file, [...(byFile.get(file) ?? []), name]);
  for (const [file, names] of byFile) warnings.push(finding('prod-deps-only.dev-import', { file, packages: names.join(', ') }));
  if (facts.codegen !== null && !isProductionOnly(commandWords(install))) warnings.push(finding('prod-deps-only.codegen', { generator: facts.codegen.generator, schema: facts.codegen.schema ?? 'its schema' }));
  const tsNode = facts.tsNodePackages;
  if (tsNode.packages.length > 0) warnings.push(finding(tsNode.checking ? 'prod-deps-only.type-check' : 'prod-deps-only.swc', { packages: tsNode.packages.join(', ') }));
  return warnings;
}

/** A new RUN from commands: one line, or one command per line when the original was written over lines. */
export function runLines(original: Instruction, flags: readonly string[], commands: readonly (string | ShellCommand)[]): string[] {
  const texts = commands.map((command, index) => {
    const text = typeof command === 'string' ? command : command.text;
    const operator = typeof command === 'string' ? '&&' : (command.joinedBy ?? '&&');
    return index === 0 ? text : `${operator} ${text}`;
  });
  const head = ['RUN', ...flags, texts[0]].join(' ');
  return original.raw.includes('\n') ? [head, ...texts.slice(1)] : [[head, ...texts.slice(1)].join(' ')];
}

function fromItem(planning: Planning, name: string, image?: string): PlanItem {
  const { facts, input } = planning;
  return keep(facts.from, { edits: fromEdits(facts.from, name, input.dockerfile.lowercaseKeywords, image ?? planning.builderImage ?? undefined) });
}

/**
 * The stage that installs production dependencies only, from the manifests: `deps` beside a
 * builder, or `builder` itself when nothing is built. When the runtime's libc differs, it runs
 * on the runtime image, so platform packages match where they run.
 */
function dependencyStage(planning: Planning, name: string): PlanItem[] {
  const { facts, order, runtime } = planning;
  const items: PlanItem[] = [fromItem(planning, name, runtime.crossFamily ? runtime.written : undefined)];
  facts.steps.slice(0, facts.installStep).forEach((step, index) => {
    if (step.role === 'meta' || order.deferred.has(index)) return;
    const item = step.role === 'run' ? builderRun(planning, step) : keep(step.instruction);
    if (item) items.push(item);
  });
  items.push(...order.lines.map((line) => added(line)));
  items.push(installItem(planning, 'production'));
  reportInstall(planning, name);
  return items;
}

/** The builder: the original steps up to the last build, the install split from what follows it. */
function builderStage(planning: Planning): PlanItem[] {
  const { facts, order, install } = planning;
  const items: PlanItem[] = [fromItem(planning, 'builder')];
  facts.steps.slice(0, planning.lastBuild + 1).forEach((step, index) => {
    if (order.deferred.has(index) || step.role === 'meta') return;
    if (index === facts.installStep) {
      items.push(...order.lines.map((line) => added(line)));
      items.push(installItem(planning, 'full'));
      facts.steps.forEach((source, sourceIndex) => {
        if (order.deferred.has(sourceIndex)) items.push(keep(source.instruction));
      });
      if (install.after.length > 0) items.push(added(runLines(step.instruction, [], enteringCommands(step, install.after))));
      return;
    }
    if (step.role !== 'run') {
      items.push(keep(step.instruction));
      return;
    }
    const item = builderRun(planning, step);
    if (item) items.push(item);
  });
  reportInstall(planning, null);
  if (planning.hasBuild && noProductionModules(planning)) planning.changes.push(finding('prod-deps-only.none'));
  if (planning.keepDev) planning.warnings.push(...keptDevWarnings(facts, planning.install.command));
  else if (planning.mode === 'prune') items.push(...pruneItems(planning));
  return items;
}

/** Dev dependencies leave the builder's tree after the build, from the directory that installed them. */
function pruneItems(planning: Planning): PlanItem[] {
  const { facts, installDir } = planning;
  const { prune: strictPrune, pruneInstalls, frozenFlag } = PACKAGE_MANAGERS[facts.manager];
  const prune = facts.frozenRisk === null ? strictPrune : strictPrune.split(' ').filter((word) => word !== frozenFlag).join(' ');
  const items: PlanItem[] = [];
  if (planning.dirs[planning.lastBuild] !== installDir) items.push(added(`WORKDIR ${installDir}`));
  items.push(added(`RUN ${[...(pruneInstalls ? planning.mounts : []), prune].join(' ')}`));
  planning.changes.push(finding('prod-deps-only.pruned', { command: prune, directory: installDir }));
  return items;
}

/** `ARG NAME` after the FROM of a stage for each global ARG its instructions use. */
function redeclareGlobals(input: TransformInput, stage: PlannedStage, changes: Change[]): PlannedStage {
  const globals = input.dockerfile.globalArgs.flatMap((instruction) => instruction.properties.map(([name]) => name));
  const declared = new Set(stage.items.flatMap((item) => (item.kind === 'keep' && item.instruction.keyword === 'ARG' ? item.instruction.properties.map(([name]) => name) : [])));
  const used = globals.filter(
    (name) => !declared.has(name) && stage.items.some((item) => item.kind === 'keep' && item.instruction.keyword !== 'FROM' && item.instruction.variables.includes(name)),
  );
  if (used.length === 0) return stage;
  changes.push(finding('redeclare-arg', { stage: stage.name, names: used.join(', ') }));
  const [from, ...rest] = stage.items;
  return { name: stage.name, items: [from!, ...used.map((name) => added(`ARG ${name}`)), ...rest] };
}

const CHANGE_ORDER = ['split-stages', 'runtime-base', 'cache-mount', 'manifest-first', 'frozen-lockfile', 'prod-deps-only', 'build-packages', 'build-tools', 'build-env', 'runtime-packages', 'package-manager', 'non-root', 'redeclare-arg'];

/** Context paths the original copied by name: the .dockerignore must not exclude them. */
function copiedByName(input: TransformInput): Set<string> {
  return new Set(
    input.dockerfile.instructions
      .filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD')
      .flatMap((instruction) => copySources(instruction).map(contextSource)),
  );
}

function dockerignoreEntries(input: TransformInput, facts: NodeFacts): string[] {
  const copied = copiedByName(input);
  const generated = facts.buildOutputs.map((output) => inPackage(facts.packageDir, output)).filter((output) => !holdsTypeScriptSources(input.context, output));
  return [...NODE_DOCKERIGNORE, ...generated].filter((entry) => !copied.has(entry));
}

