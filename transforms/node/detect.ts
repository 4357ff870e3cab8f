import ignore, { type Ignore } from 'ignore';
import { serviceStart, type ComposeService } from '../../src/core/compose.js';
import type { BuildContext } from '../../src/core/context.js';
import { listingComplete, readJson, readText } from '../../src/core/context.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { copySources, normalizedPath } from '../../src/core/dockerfile.js';
import type { Warning } from '../../src/core/findings.js';
import { commandWords, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import { STACKS } from '../../src/core/stacks.js';
import type { TransformInput } from '../../src/core/transform.js';
import { resolveBaseImage } from '../shared/base-image.js';
import { imageName, parseImageRef, type ImageRef } from '../shared/image-ref.js';
import { parseJsonc } from '../shared/jsonc.js';
import { parseSystemInstall } from '../shared/system-packages.js';
import { baseName, classifyStep, globalBins, isProductionOnly, stepHas, type Step } from './classify.js';
import { importedPackages, packageOfSpecifier, SOURCE_EXTENSIONS } from './imports.js';
import { frozenInstallRisk } from './lockfile-reader.js';
import { finding } from './messages.js';
import { matchesGlob, projectPath } from './paths.js';
import { contextSource } from '../shared/placement.js';
import { tscOutputs, tsconfigOutDir } from './tsc-emit.js';
import { enteredDirectory, inPackage, packageView, plainDirectory } from './package-directory.js';
import {
  BUILD_OUTPUTS,
  BUNDLERS,
  CODEGEN_DEPENDENCIES,
  DEV_SERVERS,
  FRAMEWORK_RUNTIME_FILES,
  GLOBAL_PACKAGE_BINS,
  isCompilerPackage,
  LIFECYCLE_SCRIPTS,
  NATIVE_ADDONS,
  NO_OUTPUT_PROGRAMS,
  OUT_DIR_OPTIONS,
  OUT_FILE_OPTIONS,
  PACKAGE_MANAGERS,
  WRITTEN_AT_RUNTIME,
  type PackageManager,
} from './tables.js';

export interface PackageJson {
  readonly name?: string;
  readonly main?: unknown;
  readonly engines?: unknown;
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly workspaces?: string[] | { packages?: string[] };
  readonly packageManager?: string;
}

export interface NodeFacts {
  readonly baseImage: string;
  readonly baseRef: ImageRef;
  readonly from: Instruction;
  readonly manager: PackageManager;
  readonly lockfile: string | null;
  /** Why the install cannot be made to follow the lockfile exactly (the pnpm that runs may not read it), or null. */
  readonly frozenRisk: string | null;
  /** The directory of the context that holds package.json (`simulation`), `''` at its root; the other package paths are relative to it, except these context paths. */
  readonly packageDir: string;
  /** Context files the install reads (manifests, lockfile, config, workspace manifests, local packages). */
  readonly installInputs: readonly string[];
  readonly steps: readonly Step[];
  readonly installStep: number;
  readonly buildSteps: readonly number[];
  readonly packageJson: PackageJson;
  /** package.json files of the workspaces, when the project has any. */
  readonly workspaces: readonly string[];
  /** Why node_modules is bound to the builder's libc (a native addon, a compiler installed), or null. */
  readonly libcBound: string | null;
  readonly lifecycleScripts: readonly string[];
  /** `npm i typescript` after the install: compiler and type packages the builder adds and production does without. */
  readonly packageAdds: readonly PackageAdd[];
  /** Directories the build writes, relative to the build's WORKDIR. */
  readonly buildOutputs: readonly string[];
  /** The file or directory the container's command starts from, relative to the final WORKDIR. */
  readonly entry: string | null;
  /** Build output directories a framework writes at run time (`apps/web/.next`), relative to the context. */
  readonly writtenOutputs: readonly string[];
  /** Dev dependencies the running container's command calls. */
  readonly devCommands: readonly string[];
  /** Programs the running command calls, also through package.json scripts, and the packages node preloads. */
  readonly commandPrograms: readonly string[];
  /** Dev dependencies ts-node needs when the command starts it: what it type-checks with (`@types/*`, typescript), or `@swc/core` in swc mode. */
  readonly tsNodePackages: { readonly checking: boolean; readonly packages: readonly string[] };
  /** Programs the build commands and install scripts call, also through package.json scripts. */
  readonly buildPrograms: readonly string[];
  /** A dependency that generates code into node_modules from the project's files, or null. */
  readonly codegen: Codegen | null;
  /** Dev dependencies the app's code loads at run time, each with the first file that loads it. */
  readonly devImports: readonly DevImport[];
  /** The package manager command that runs as PID 1 (`npm start`), which does not forward signals. */
  readonly pid1Runner: string | null;
  readonly scriptInterpreters: readonly string[];
  readonly warnings: readonly Warning[];
}

export interface Codegen {
  /** The dependency that generates code into node_modules (`@prisma/client`). */
  readonly generator: string;
  /** The context path of its schema (`prisma`), copied with the manifests; null when the context has none. */
  readonly schema: string | null;
}

export interface DevImport {
  readonly name: string;
  readonly file: string;
}

export type Detection =
  | { readonly ok: true; readonly facts: NodeFacts }
  | { readonly ok: false; readonly status: 'skipped' | 'unchanged'; readonly reason: string };

function leave(status: 'skipped' | 'unchanged', reason: string): Detection {
  return { ok: false, status, reason };
}

/** True when the file is about Node.js at all (for match), before any deeper look. */
export function looksLikeNode(input: TransformInput): string | null {
  const base = resolveBaseImage(input.dockerfile);
  if (base.kind === 'resolved' && imageName(parseImageRef(base.image)) === 'node') return `base image ${base.image}`;
  // Another language's official image that runs npm (a Django asset build) belongs to that language's transform.
  const otherLanguage = base.kind === 'resolved' && STACKS.some((stack) => stack.id !== 'node' && stack.images.includes(imageName(parseImageRef(base.image))));
  if (!otherLanguage && input.context.contents.has('package.json')) {
    const tools = input.dockerfile.instructions
      .filter((instruction) => instruction.keyword === 'RUN')
      .flatMap((instruction) => (splitCommands(instruction.argsText) ?? []).map((command) => commandWords(command)[0]));
    if (tools.some((tool) => tool === 'npm' || tool === 'yarn' || tool === 'pnpm')) return 'package.json and a Node.js package manager';
  }
  return null;
}

export function detectNode(input: TransformInput): Detection {
  const { dockerfile, context } = input;
  const base = resolveBaseImage(dockerfile);
  if (base.kind === 'unresolved') return leave('skipped', base.reason);
  const baseRef = parseImageRef(base.image);
  const written = parseImageRef(base.from.args.find((word) => !word.startsWith('--')) ?? '');
  if (imageName(baseRef) !== 'node' || imageName(written) !== 'node') {
    return leave('skipped', `Node.js runs on ${base.image}; dfmod only migrates builds on the official node images`);
  }
  const instructions = dockerfile.stages[0]!.instructions;
  const commandFiles = new Set(finalCommandWords(instructions).map(baseName));
  const classify = (manifest: unknown) => {
    const scripts = new Set(Object.keys(isPackageJson(manifest) ? (manifest.scripts ?? {}) : {}));
    return instructions.slice(1).map((instruction) => classifyStep(instruction, scripts, commandFiles));
  };
  const rootSteps = classify(readJson(context, 'package.json'));
  const found = enteredDirectory(rootSteps);
  if (found !== null && !found.ok) return leave('skipped', found.reason);
  const packageDir = found?.directory ?? '';
  // The package's own files, named from its directory: the context itself for a package at its root.
  const project = packageDir === '' ? context : packageView(context, packageDir);
  const packageJson = readJson(project, 'package.json');
  const entered = packageDir === '' ? null : enteredDirectory(classify(packageJson));
  if (entered !== null && !entered.ok) return leave('skipped', entered.reason);
  const classified = entered?.steps ?? rootSteps;
  const reinstall = productionReinstall(classified);
  const steps = reinstall?.steps ?? classified;

  const installSteps = steps.flatMap((step, index) => (stepHas(step, 'install') ? [index] : []));
  const buildSteps = steps.flatMap((step, index) => (stepHas(step, 'build') ? [index] : []));
  if (installSteps.length === 0 && buildSteps.length === 0 && steps.every((step) => step.role !== 'run' || step.groups !== null)) {
    return leave('unchanged', `runtime-only image (${base.image}): no dependency install or build step`);
  }
  if (!isPackageJson(packageJson)) {
    const where = packageDir === '' ? 'at the root of the build context' : `in ${packageDir}, the directory the install enters`;
    return leave('skipped', project.files.includes('package.json') ? `package.json ${where} is not valid JSON` : `no package.json ${where}`);
  }
  const problem = stepProblem(steps, installSteps, buildSteps) ?? devServerProblem(instructions, packageJson);
  if (problem) return leave('skipped', problem);
  const installStep = installSteps[0]!;
  const manager = detectManager(project, packageJson, installTool(steps[installStep]!));
  if (manager.kind === 'skip') return leave('skipped', manager.reason);
  const absent = absentInstallTool(steps, installStep, base.image);
  if (absent) return leave('skipped', absent);

  const workspaces = workspaceManifests(packageJson, project);
  const outside = packageDir === '' ? undefined : localDependencies(packageJson).find((path) => path.startsWith('..'));
  if (outside !== undefined) return leave('skipped', `the package in ${packageDir} depends on ${outside}, which dfmod does not copy before the install`);
  if (packageDir !== '' && workspaces.length > 0) return leave('skipped', `the package in ${packageDir} has workspaces, and dfmod migrates workspaces only at the root of the build context`);
  const buildOutputs = buildSteps.length > 0 && workspaces.length === 0 ? detectBuildOutputs(steps, buildSteps, packageJson, project, entryInBuildDirectory(steps, commandEntry(instructions, packageJson))) : [];
  if (buildOutputs === null) {
    const moved = VITE_CONFIGS.find((file) => /\boutDir\b/.test(readText(project, file) ?? ''));
    return leave('skipped', moved ? `${moved} sets the build's outDir in code dfmod does not evaluate, so it cannot tell where vite build writes` : 'the build writes to a directory dfmod cannot tell from package.json, tsconfig or the build tool');
  }
  const programs = commandPrograms(instructions, input.compose, packageJson);
  const adds = packageAdds(steps, installStep);
  const addUsed = runtimeUseOfAdds(adds, project, instructions, programs, packageJson, buildSteps.length > 0);
  if (addUsed) return leave('skipped', addUsed);
  const codegen = codegenOf(packageJson, project, steps);
  const warnings: Warning[] = [];
  if (reinstall) warnings.push(finding('prod-deps-only.reinstall', { line: reinstall.line }));
  const entry = commandEntry(instructions, packageJson);
  if (entry !== null && workspaces.length === 0 && unmadeEntry(context, steps, entry, buildOutputs)) warnings.push(finding('runtime-files.unmade-entry', { entry }));
  const removal = manager.lockfile === null ? null : lockfileRemoval(steps.slice(0, installStep), manager.lockfile);
  // A lockfile removed before the install is one the install cannot follow.
  const lockfile = removal === null ? manager.lockfile : null;
  if (removal !== null) warnings.push(finding('no-lockfile.removed', { line: removal.line, command: removal.command, lockfile: manager.lockfile!, install: installCommandText(steps[installStep]!) }));
  else if (lockfile === null) warnings.push(finding('no-lockfile', { command: installCommandText(steps[installStep]!) }));
  const frozenRisk = frozenInstallRisk(project, manager.manager, lockfile, packageJson.packageManager, steps.slice(0, installStep + 1));
  const inputs = [...installInputs(project, manager.manager, lockfile, packageJson, workspaces), ...(codegen?.schema && inBuildContextOrDirectory(project, codegen.schema) ? [codegen.schema] : [])];
  // The entry as the package names it, for the imports its code makes.
  const packageEntry = entry === null || packageDir === '' ? entry : entry.startsWith(`${packageDir}/`) ? entry.slice(packageDir.length + 1) : null;
  if (frozenRisk !== null) warnings.push(finding('frozen-lockfile.unpinned', { command: installCommandText(steps[installStep]!), why: frozenRisk }));

  return {
    ok: true,
    facts: {
      baseImage: base.image,
      baseRef,
      from: base.from,
      manager: manager.manager,
      lockfile: lockfile === null ? null : inPackage(packageDir, lockfile),
      frozenRisk,
      installInputs: inputs.map((file) => inPackage(packageDir, file)),
      packageDir,
      codegen,
      steps,
      installStep,
      buildSteps,
      packageJson,
      workspaces,
      libcBound: libcBound(steps, packageJson),
      lifecycleScripts: lifecycleScripts(project, ['package.json', ...workspaces]),
      packageAdds: adds,
      buildOutputs,
      entry,
      writtenOutputs: writtenOutputs(project, ['package.json', ...workspaces]),
      devCommands: devCommands(programs, packageJson),
      commandPrograms: programs,
      tsNodePackages: tsNodePackages(instructions, packageJson, project),
      buildPrograms: buildPrograms(steps, buildSteps, packageJson),
      devImports: devImports(project, packageJson, packageEntry, buildSteps.length > 0),
      pid1Runner: pid1Runner(instructions),
      scriptInterpreters: scriptInterpreters(instructions, context),
      warnings,
    },
  };
}

function isPackageJson(value: unknown): value is PackageJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first reason the steps cannot be split safely, or null. */
function stepProblem(steps: readonly Step[], installSteps: readonly number[], buildSteps: readonly number[]): string | null {
  const opaque = steps.find((step) => step.role === 'run' && step.groups === null);
  if (opaque) return `line ${opaque.instruction.line + 1}: the RUN script is too complex to split safely`;
  if (installSteps.length === 0) return 'a build step runs without a dependency install';
  if (installSteps.length > 1) return 'several dependency installs; dfmod cannot tell which one production needs';
  const installStep = installSteps[0]!;
  if (buildSteps.some((index) => index < installStep)) return 'a build step runs before the dependency install';
  const moving = steps.find((step, index) => index >= installStep && index <= Math.max(installStep, ...buildSteps) && stepHas(step, 'chdir'));
  if (moving) return `line ${moving.instruction.line + 1}: the RUN changes directory, so dfmod cannot tell where node_modules ends up`;
  const adding = packageAdds(steps, installStep).find((add) => add.problem !== null);
  if (adding) return `line ${adding.line}: ${adding.command} ${adding.problem}`;
  const install = steps[installStep]!.groups!;
  if (install.filter((group) => group.role === 'install').flatMap((group) => group.commands).length > 1) return 'several dependency installs; dfmod cannot tell which one production needs';
  const user = steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  const name = (user?.args[0] ?? '').split(':')[0];
  if (user && (name === 'root' || name === '0')) return `line ${user.line + 1}: the original explicitly runs as root; dfmod will not change the user`;
  return null;
}

/**
 * The hand-made split: install everything, build, `rm -rf node_modules`, install production
 * dependencies again. The removal and the second install become prune steps (which no stage
 * runs), since production gets its production-only install from the stages dfmod writes.
 */
function productionReinstall(steps: readonly Step[]): { steps: Step[]; line: number } | null {
  const installs = steps.flatMap((step, index) => (step.groups ?? []).flatMap((group) => (group.role === 'install' ? group.commands.map((command) => ({ index, group, command })) : [])));
  if (installs.length !== 2) return null;
  const [first, second] = installs as [(typeof installs)[0], (typeof installs)[0]];
  const secondWords = commandWords(second.command);
  if (commandWords(first.command)[0] !== secondWords[0] || !isProductionOnly(secondWords)) return null;
  const lastBuild = Math.max(-1, ...steps.flatMap((step, index) => (stepHas(step, 'build') ? [index] : [])));
  if (lastBuild < first.index || lastBuild > second.index) return null;
  const removes = (command: ShellCommand) => {
    const [tool, ...rest] = commandWords(command);
    const operands = rest.filter((word) => !word.startsWith('-'));
    return tool === 'rm' && operands.length === 1 && ['node_modules', './node_modules'].includes(operands[0]!);
  };
  // The removal comes after the build, in the reinstall's RUN or a RUN of its own just before it.
  const between = steps.slice(lastBuild, second.index + 1).flatMap((step, offset) => (step.groups ?? []).flatMap((group) => group.commands.filter(removes).map((command) => ({ index: lastBuild + offset, command }))));
  if (between.length !== 1) return null;
  const pruned = new Set<ShellCommand>([between[0]!.command, second.command]);
  const rewritten = steps.map((step) => {
    if (!step.groups?.some((group) => group.commands.some((command) => pruned.has(command)))) return step;
    const groups = step.groups.flatMap((group) => {
      const kept = group.commands.filter((command) => !pruned.has(command));
      const gone = group.commands.filter((command) => pruned.has(command));
      return [...(gone.length > 0 ? [{ role: 'prune' as const, commands: gone }] : []), ...(kept.length > 0 ? [{ role: group.role, commands: kept }] : [])];
    });
    return { ...step, groups };
  });
  return { steps: rewritten, line: steps[second.index]!.instruction.line + 1 };
}

/** A local install of named packages after the dependency install (`npm i typescript`), and why it must stay as written, or null. */
export interface PackageAdd {
  readonly line: number;
  readonly command: string;
  readonly packages: readonly string[];
  readonly problem: string | null;
}

/**
 * The local installs of named packages. Only the compiler and type declarations may be added:
 * they serve the build alone, so the add runs in the builder and production's install of
 * package.json does without them. Any other package the code may load at run time, and an add
 * before the install, which that install then reads, keep the file as it is.
 */
function packageAdds(steps: readonly Step[], installStep: number): PackageAdd[] {
  return steps.flatMap((step, index) => {
    const groups = step.groups ?? [];
    const installAt = index === installStep ? groups.findIndex((group) => group.role === 'install') : -1;
    return groups.flatMap((group, position) => {
      if (group.role !== 'add-packages') return [];
      const early = index < installStep || position < installAt;
      return group.commands.map((command) => {
        const [, ...rest] = commandWords(command);
        const packages = rest.slice(rest[0] === 'add' || rest[0] === 'install' || rest[0] === 'i' ? 1 : 0).filter((word) => !word.startsWith('-')).map(packageOfSpec);
        const other = packages.filter((name) => name === null || !isCompilerPackage(name));
        const problem = early
          ? 'adds packages before the dependency install, which then reads the package.json it changed, so a production install would not bring them; add them to package.json'
          : other.length > 0
            ? `adds packages the app may load at run time (${other.map((name) => name ?? 'a package dfmod cannot name').join(', ')}), which a production install of package.json would not bring as this command did; list them in package.json`
            : null;
        return { line: step.instruction.line + 1, command: command.text, packages: packages.filter((name) => name !== null), problem };
      });
    });
  });
}

/**
 * Why an added compiler or type package must reach production: the running command type-checks
 * with it (ts-node), calls it (tsc), or the running code loads it. Each added package is looked
 * at as a dev dependency, which is what the production install leaves out; null when none is used.
 */
function runtimeUseOfAdds(adds: readonly PackageAdd[], context: BuildContext, instructions: readonly Instruction[], programs: readonly string[], packageJson: PackageJson, built: boolean): string | null {
  const added = new Set(adds.flatMap((add) => add.packages));
  if (added.size === 0) return null;
  const others = (record: Record<string, string> | undefined) => Object.fromEntries(Object.entries(record ?? {}).filter(([name]) => !added.has(name)));
  const asDev: PackageJson = {
    ...packageJson,
    dependencies: others(packageJson.dependencies),
    optionalDependencies: others(packageJson.optionalDependencies),
    devDependencies: { ...packageJson.devDependencies, ...Object.fromEntries([...added].map((name) => [name, '*'])) },
  };
  const used = new Set([
    ...devCommands(programs, asDev),
    ...tsNodePackages(instructions, asDev, context).packages,
    ...devImports(context, asDev, commandEntry(instructions, packageJson), built).map(({ name }) => name),
  ]);
  const add = adds.find((each) => each.packages.some((name) => used.has(name)));
  if (!add) return null;
  return `line ${add.line}: ${add.command} adds ${add.packages.filter((name) => used.has(name)).join(', ')}, which the running container uses, so it cannot stay in the builder; list it in package.json`;
}

/** The package an install argument names (`@types/node@^22` gives `@types/node`); null for a path, URL, alias or tarball. */
function packageOfSpec(spec: string): string | null {
  const scoped = spec.startsWith('@');
  const at = spec.indexOf('@', scoped ? 1 : 0);
  const name = at < 0 ? spec : spec.slice(0, at);
  const valid = scoped ? /^@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*$/i : /^[a-z0-9][\w.-]*$/i;
  return valid.test(name) && !name.endsWith('.tgz') ? name : null;
}

/**
 * A file the command starts that the build context lacks and no step makes (`node dist/index.js`
 * with nothing that builds dist): the container cannot start, before or after. A directory the
 * context reader does not descend (`dist`), a build that writes anything, or a RUN dfmod cannot read the effect
 * of might hold it, so those prove nothing; so does a second WORKDIR, which moves the command
 * away from where the context was copied.
 */
function unmadeEntry(context: BuildContext, steps: readonly Step[], entry: string, buildOutputs: readonly string[]): boolean {
  if (entry === '' || entry.startsWith('/') || entry.startsWith('..') || !listingComplete(context)) return false;
  if (inBuildContext(context, entry) || context.directories.includes(entry.split('/')[0]!)) return false;
  if (new Set(steps.filter((step) => step.role === 'workdir').map((step) => step.instruction.args[0])).size > 1) return false;
  // A build that writes somewhere may write the entry too, where dfmod reads its output wrong.
  if (buildOutputs.length > 0) return false;
  return !steps.some((step) => step.instruction.keyword === 'ADD' || step.role === 'external-copy' || (step.groups ?? []).some((group) => group.role === 'other' || group.role === 'fs-setup'));
}

/** The entry relative to the build's WORKDIR: the command's own, while every WORKDIR names the same directory. */
function entryInBuildDirectory(steps: readonly Step[], entry: string | null): string | null {
  return new Set(steps.filter((step) => step.role === 'workdir').map((step) => step.instruction.args[0])).size > 1 ? null : entry;
}

function installCommandText(step: Step): string {
  const command = step.groups!.find((group) => group.role === 'install')!.commands[0]!;
  return commandWords(command).join(' ');
}

/** The `rm` before the install that deletes the lockfile (`rm -rf node_modules yarn.lock`), with its 1-based line. */
function lockfileRemoval(steps: readonly Step[], lockfile: string): { line: number; command: string } | null {
  for (const step of steps) {
    for (const command of (step.groups ?? []).flatMap((group) => group.commands)) {
      const [program, ...operands] = commandWords(command);
      if (program !== 'rm') continue;
      if (operands.some((operand) => !operand.startsWith('-') && (normalizedPath(operand) === lockfile || normalizedPath(operand).endsWith(`/${lockfile}`)))) {
        return { line: step.instruction.line + 1, command: command.text };
      }
    }
  }
  return null;
}

type ManagerDetection = { kind: 'ok'; manager: PackageManager; lockfile: string | null } | { kind: 'skip'; reason: string };

/** The program of the install command (`npm`, `yarn`, `pnpm`): it, not the lockfiles lying around, decides the tool. */
/**
 * Why the install cannot run in the original image: the official node images ship npm, yarn and corepack but not pnpm,
 * which must be installed (`npm i -g pnpm`) or put on the PATH (`corepack enable`) by an earlier command. Only said where
 * every step before the install is one dfmod reads whole, so that nothing else could have provided it.
 */
function absentInstallTool(steps: readonly Step[], installStep: number, image: string): string | null {
  const install = steps[installStep]!;
  if (installTool(install) !== 'pnpm') return null;
  const before: ShellCommand[] = [];
  for (const step of steps.slice(0, installStep + 1)) {
    if (step.role === 'env' && step.instruction.properties.some(([name]) => name === 'PATH' || name === 'PNPM_HOME')) return null;
    if (step.role === 'shell' || step.role === 'user') return null;
    if (step.role !== 'run') continue;
    for (const group of step.groups!) {
      if (group.role === 'install') break;
      if (!['system', 'pm-setup', 'global-tool', 'fs-setup', 'no-effect', 'cache-clean'].includes(group.role)) return null;
      before.push(...group.commands);
    }
  }
  if (before.some((command) => globalBins(command).includes('pnpm') || commandWords(command)[0] === 'corepack')) return null;
  return `line ${install.instruction.line + 1}: the install runs pnpm, which ${image.replace(/@sha256:[0-9a-f]+$/, '')} does not have (the node images ship npm, yarn and corepack) and no step before it installs or enables, so the original cannot build either`;
}

function installTool(step: Step): string {
  const command = step.groups!.find((group) => group.role === 'install')!.commands[0]!;
  return commandWords(command)[0] ?? '';
}

/**
 * The package manager that runs the install, and the lockfile it follows: the install's own
 * program decides, so `npm ci` beside a stray yarn.lock stays npm and reads package-lock.json.
 */
function detectManager(context: BuildContext, packageJson: PackageJson, tool: string): ManagerDetection {
  const has = (file: string) => context.files.includes(file);
  const [declared, declaredVersion] = (packageJson.packageManager ?? '').split('@');
  // A lockfile the .dockerignore keeps out is not one the install can follow.
  const lockfileOf = (manager: PackageManager) => PACKAGE_MANAGERS[manager].lockfiles.find((file) => inBuildContext(context, file)) ?? null;
  if (has('bun.lockb') || has('bun.lock') || declared === 'bun') return { kind: 'skip', reason: 'bun projects are not supported' };
  if (tool === 'pnpm') return { kind: 'ok', manager: 'pnpm', lockfile: lockfileOf('pnpm') };
  if (tool === 'npm') return { kind: 'ok', manager: 'npm', lockfile: lockfileOf('npm') };

  const yarnrc = readText(context, '.yarnrc.yml');
  const major = Number.parseInt(declaredVersion ?? '', 10);
  if (yarnrc === undefined && !(major >= 2)) return { kind: 'ok', manager: 'yarn-classic', lockfile: lockfileOf('yarn-classic') };
  if (yamlTopLevel(yarnrc ?? '', 'nodeLinker') !== 'node-modules') {
    return { kind: 'skip', reason: "yarn Plug'n'Play installs (no nodeLinker: node-modules in .yarnrc.yml) are not supported" };
  }
  const focusable = !(major < 4) || context.files.some((file) => file.startsWith('.yarn/plugins/') && file.includes('workspace-tools'));
  if (!focusable) {
    return { kind: 'skip', reason: `yarn ${major} installs production dependencies only with the workspace-tools plugin, which .yarn/plugins does not hold` };
  }
  return { kind: 'ok', manager: 'yarn-berry', lockfile: lockfileOf('yarn-berry') };
}

/**
 * A top-level scalar of a YAML file (`nodeLinker: node-modules`): the one YAML value dfmod reads.
 * Nested keys, flow collections and multi-line values never match, so an unexpected file reads
 * as "not set", which leads to a skip rather than a guess.
 */
export function yamlTopLevel(text: string, key: string): string | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${key}:`)) continue;
    let value = line.slice(key.length + 1).trim();
    const comment = value.search(/\s#/);
    if (comment >= 0) value = value.slice(0, comment).trim();
    const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0];
    return quoted ? value.slice(1, -1) : value;
  }
  return null;
}

/** Workspace package.json files: those under the declared globs, or every nested one for pnpm's YAML list. */
function workspaceManifests(packageJson: PackageJson, context: BuildContext): string[] {
  const declared = Array.isArray(packageJson.workspaces) ? packageJson.workspaces : (packageJson.workspaces?.packages ?? []);
  const nested = context.files.filter((file) => file.endsWith('/package.json') && !file.split('/').includes('node_modules'));
  // pnpm lists its workspaces in YAML; copying a package.json that is not one of them changes nothing.
  if (declared.length === 0) return context.contents.has('pnpm-workspace.yaml') ? nested : [];
  return nested.filter((file) => declared.some((pattern) => matchesGlob(pattern, file.slice(0, -'/package.json'.length))));
}

const dockerignores = new WeakMap<BuildContext, Ignore | null>();

/** Whether a context file reaches the builder: listed, and not excluded by the .dockerignore. */
export function inBuildContext(context: BuildContext, path: string): boolean {
  if (!context.files.includes(path)) return false;
  let rules = dockerignores.get(context);
  if (rules === undefined) {
    const text = context.contents.get('.dockerignore');
    rules = text === undefined ? null : ignore().add(text);
    dockerignores.set(context, rules);
  }
  return rules === null || !rules.ignores(path);
}

function inBuildContextOrDirectory(context: BuildContext, path: string): boolean {
  return inBuildContext(context, path) || context.directories.includes(path);
}

function installInputs(context: BuildContext, manager: PackageManager, lockfile: string | null, packageJson: PackageJson, workspaces: readonly string[]): string[] {
  const files = ['package.json'];
  if (lockfile) files.push(lockfile);
  files.push(...PACKAGE_MANAGERS[manager].configFiles.filter((file) => inBuildContext(context, file)));
  if (manager === 'yarn-berry') {
    const yarnFiles = ['.yarn/releases/', '.yarn/plugins/', '.yarn/patches/'];
    files.push(...context.files.filter((file) => yarnFiles.some((prefix) => file.startsWith(prefix)) && inBuildContext(context, file)));
  }
  files.push(...workspaces.filter((file) => inBuildContext(context, file)));
  files.push(...localDependencies(packageJson).filter((path) => context.files.includes(path) || context.directories.includes(path)));
  return [...new Set(files)];
}

/** `file:` and `link:` dependencies: paths the install reads from the context. */
function localDependencies(packageJson: PackageJson): string[] {
  const specs = Object.values({ ...packageJson.dependencies, ...packageJson.optionalDependencies, ...packageJson.devDependencies });
  return specs.flatMap((spec) => {
    const prefix = ['file:', 'link:'].find((candidate) => spec.startsWith(candidate));
    return prefix ? [projectPath(spec.slice(prefix.length))] : [];
  });
}

/** Install-time scripts of the root and workspace packages: they may read any file of the source. */
function lifecycleScripts(context: BuildContext, manifests: readonly string[]): string[] {
  const found = manifests.flatMap((file) => {
    const manifest = readJson(context, file);
    const scripts = isPackageJson(manifest) ? (manifest.scripts ?? {}) : {};
    return LIFECYCLE_SCRIPTS.filter((name) => scripts[name] !== undefined);
  });
  return [...new Set(found)];
}

/** Where the packages that depend on a framework writing into its build output keep that output. */
function writtenOutputs(context: BuildContext, manifests: readonly string[]): string[] {
  return manifests.flatMap((file) => {
    const manifest = readJson(context, file);
    const dependencies = isPackageJson(manifest) ? { ...manifest.dependencies, ...manifest.devDependencies } : {};
    const directory = file.slice(0, -'package.json'.length);
    return Object.entries(WRITTEN_AT_RUNTIME).flatMap(([dependency, output]) => (dependency in dependencies ? [`${directory}${output}`] : []));
  });
}

function libcBound(steps: readonly Step[], packageJson: PackageJson): string | null {
  const dependencies = Object.keys({ ...packageJson.dependencies, ...packageJson.optionalDependencies });
  const addon = dependencies.find((name) => NATIVE_ADDONS.has(name));
  if (addon) return `the native addon ${addon}`;
  for (const step of steps) {
    for (const group of step.groups ?? []) {
      if (group.role !== 'system') continue;
      for (const command of group.commands) {
        const packages = parseSystemInstall(command)?.packages ?? [];
        if (packages.length > 0) return `system packages (${packages.join(', ')})`;
      }
    }
  }
  return null;
}

/** The words of the final ENTRYPOINT and CMD, to recognise the files they run. */
function finalCommandWords(instructions: readonly Instruction[]): string[] {
  const final = ['ENTRYPOINT', 'CMD'].map((keyword) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1));
  return final.flatMap((instruction) => (instruction ? (instruction.json ?? afterDirectories(instruction)) : [])).filter((word) => !word.startsWith('-'));
}

/** The words of a shell-form command after the `cd dir &&` it opens with, which name directories rather than files it runs. */
function afterDirectories(instruction: Instruction): readonly string[] {
  const entered = commandDirectories(instruction).length;
  if (entered === 0) return instruction.args;
  return (splitCommands(instruction.argsText) ?? []).slice(entered).flatMap(commandWords);
}

/** `entry` is the file the container starts, relative to the build's WORKDIR, when dfmod knows it. */
function detectBuildOutputs(steps: readonly Step[], buildSteps: readonly number[], packageJson: PackageJson, context: BuildContext, entry: string | null): string[] | null {
  const outputs = new Set<string>();
  for (const index of buildSteps) {
    for (const group of steps[index]!.groups ?? []) {
      if (group.role !== 'build') continue;
      for (const command of group.commands) {
        const found = outputsOfCommand(commandWords(command), packageJson, context, entry, 0);
        if (found === null) return null;
        found.forEach((output) => outputs.add(output));
      }
    }
  }
  return [...outputs].sort();
}

/** The package.json script a command runs (`npm run build`, `yarn build`), with npm's pre and post scripts. */
function scriptOf(words: readonly string[], packageJson: PackageJson): string[] | null {
  const [tool = '', sub = '', third = ''] = words;
  const scripts = packageJson.scripts ?? {};
  let name: string | undefined;
  if (tool === 'npm' && (sub === 'run' || sub === 'run-script')) name = third;
  else if (tool === 'npm' && (sub === 'start' || sub === 'test')) name = sub;
  else if ((tool === 'yarn' || tool === 'pnpm') && sub === 'run') name = third;
  else if ((tool === 'yarn' || tool === 'pnpm') && scripts[sub] !== undefined) name = sub;
  if (name === undefined || scripts[name] === undefined) return null;
  return [`pre${name}`, name, `post${name}`].flatMap((script) => (scripts[script] === undefined ? [] : [scripts[script]]));
}

/** Where a build command writes, following package.json scripts. */
function outputsOfCommand(words: readonly string[], packageJson: PackageJson, context: BuildContext, entry: string | null, depth: number): string[] | null {
  if (depth > 4) return null;
  const scripts = scriptOf(words, packageJson);
  if (scripts !== null) {
    const outputs: string[] = [];
    for (const script of scripts) {
      for (const command of splitCommands(script) ?? [null]) {
        if (command === null) return null;
        const found = outputsOfCommand(commandWords(command), packageJson, context, entry, depth + 1);
        if (found === null) return null;
        outputs.push(...found);
      }
    }
    return outputs;
  }
  const [tool = '', sub = ''] = words;
  const manager = tool === 'yarn' || tool === 'pnpm';
  // `yarn tsc` (no script of that name) runs the program from node_modules/.bin.
  const runner = tool === 'npx' || (manager && !['exec', 'dlx'].includes(sub) && !sub.startsWith('-')) ? 1 : manager ? 2 : 0;
  return outputsOfProgram(words.slice(runner).filter((word, index) => index > 0 || !word.startsWith('-')), context, entry);
}

function optionValue(words: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    for (const name of names) {
      if (word === name) return words[i + 1];
      if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
    }
  }
  return undefined;
}

function outputsOfProgram(words: readonly string[], context: BuildContext, entry: string | null): string[] | null {
  const [program = '', sub = ''] = words;
  if (NO_OUTPUT_PROGRAMS.has(program)) return [];
  if (program === 'tsc' || (program === 'nest' && sub === 'build')) {
    if (words.includes('--noEmit')) return [];
    const fallback = program === 'nest' && context.contents.has('tsconfig.build.json') ? 'tsconfig.build.json' : 'tsconfig.json';
    const project = optionValue(words, ['-p', '--project', '--path']) ?? fallback;
    const outDir = optionValue(words, ['--outDir']);
    if (outDir) return [projectPath(outDir)];
    if (program === 'nest') return [tsconfigOutDir(context, projectPath(project)) ?? 'dist'];
    return tscOutputs(context, projectPath(project), entry, program === 'tsc' && (words.includes('-b') || words.includes('--build')));
  }
  if (BUNDLERS.has(program)) {
    const directory = optionValue(words, OUT_DIR_OPTIONS);
    if (directory) return [projectPath(directory)];
    const file = optionValue(words, OUT_FILE_OPTIONS);
    if (file) return [projectPath(file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : file)];
  }
  if (program === 'vite' && sub === 'build') return viteBuildOutputs(context);
  const known = BUILD_OUTPUTS[`${program} ${sub}`] ?? BUILD_OUTPUTS[program];
  return known ? [...known] : null;
}

const VITE_CONFIGS = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts', 'vite.config.cjs', 'vite.config.cts'];
const SVELTE_CONFIGS = ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts'];

/**
 * Where `vite build` writes: `dist`, unless the config moves it (`build.outDir`, which dfmod
 * cannot evaluate), or the SvelteKit plugin builds: then `.svelte-kit`, which `vite preview`
 * serves, and `build` for the node and static adapters (unless their `out` moves it).
 */
function viteBuildOutputs(context: BuildContext): string[] | null {
  const config = VITE_CONFIGS.map((file) => readText(context, file)).find((text) => text !== undefined);
  if (config !== undefined && /\boutDir\b/.test(config)) return null;
  if (config === undefined || !config.includes('@sveltejs/kit/vite')) return ['dist'];
  const svelte = SVELTE_CONFIGS.map((file) => readText(context, file)).find((text) => text !== undefined);
  if (svelte === undefined) return ['.svelte-kit'];
  if (/\bout\s*:/.test(svelte)) return null;
  return /@sveltejs\/adapter-(?:node|static)\b/.test(svelte) ? ['.svelte-kit', 'build'] : ['.svelte-kit'];
}

/** Entrypoints that only prepare the process and then run the CMD. */
const ENTRYPOINT_WRAPPERS = new Set(['tini', 'dumb-init', 'docker-entrypoint.sh']);

/** The words of the command the container runs: the CMD behind a wrapper entrypoint, or the entrypoint with its CMD. */
function runningCommand(instructions: readonly Instruction[]): readonly string[] {
  const last = (keyword: string) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  const wordsOf = (instruction: Instruction | undefined): readonly string[] => {
    if (!instruction) return [];
    if (instruction.json) return instruction.json;
    const commands = splitCommands(instruction.argsText) ?? [];
    const first = commands[commandDirectories(instruction).length];
    return first ? commandWords(first) : [];
  };
  const entrypoint = last('ENTRYPOINT');
  const cmd = wordsOf(last('CMD'));
  if (!entrypoint) return cmd;
  const words = wordsOf(entrypoint);
  if (!entrypoint.json) return words;
  const first = baseName(words[0] ?? '');
  const wrapper = ENTRYPOINT_WRAPPERS.has(first) || first.endsWith('.sh') || words.at(-1) === '--';
  return wrapper ? cmd : [...words, ...cmd];
}

/** `npm start`, `yarn run serve`: a package manager as the container's first process, unless an init wraps it. */
function pid1Runner(instructions: readonly Instruction[]): string | null {
  const entrypoint = instructions.filter((instruction) => instruction.keyword === 'ENTRYPOINT').at(-1);
  const init = (entrypoint?.json ?? entrypoint?.args ?? []).map(baseName);
  if (init.some((word) => INIT_PROCESSES.has(word))) return null;
  const words = runningCommand(instructions);
  if (!['npm', 'yarn', 'pnpm'].includes(words[0] ?? '')) return null;
  const script = words.slice(1).filter((word) => !word.startsWith('-'));
  return [words[0]!, ...script.slice(0, script[0] === 'run' || script[0] === 'run-script' ? 2 : 1)].join(' ');
}

/** Init processes that forward signals to the command they start. */
const INIT_PROCESSES = new Set(['tini', 'dumb-init']);

/** Node options whose value is the next word (`-r dotenv/config`). */
const NODE_VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--title', '-e', '--eval']);

/**
 * The directories a shell-form command enters before it starts the program (`cd simulation &&
 * cd dist && node index.js`), as long as each `cd` of a plain relative path is joined by `&&`.
 */
function commandDirectories(instruction: Instruction): string[] {
  const commands = instruction.json ? [] : (splitCommands(instruction.argsText) ?? []);
  const directories: string[] = [];
  for (const [index, command] of commands.slice(0, -1).entries()) {
    const words = commandWords(command);
    const directory = words[0] === 'cd' && words.length === 2 && commands[index + 1]!.joinedBy === '&&' ? plainDirectory(words[1]!) : null;
    if (directory === null) break;
    directories.push(directory);
  }
  return directories;
}

/** The file the container starts (`node dist/main.js`, or what `npm start` runs), relative to the final WORKDIR. */
function commandEntry(instructions: readonly Instruction[], packageJson: PackageJson): string | null {
  const entry = entryOfWords(runningCommand(instructions), packageJson, 0);
  const cmd = instructions.filter((instruction) => instruction.keyword === 'CMD').at(-1);
  const entered = cmd === undefined || instructions.some((instruction) => instruction.keyword === 'ENTRYPOINT') ? [] : commandDirectories(cmd).filter((directory) => directory !== '');
  return entry === null || entered.length === 0 || entry.startsWith('/') ? entry : [...entered, entry].filter((part) => part !== '').join('/');
}

/** `npx next start -p 3001` and `node_modules/.bin/next start` run the project's own `next start`. */
function localProgram(words: readonly string[]): readonly string[] {
  const program = words[0] === 'npx' ? words.slice(1).filter((word, index) => index > 0 || !word.startsWith('-')) : words;
  const [first = ''] = program;
  return first.startsWith('node_modules/.bin/') || first.startsWith('./node_modules/.bin/') ? [baseName(first), ...program.slice(1)] : program;
}

function entryOfWords(written: readonly string[], packageJson: PackageJson, depth: number): string | null {
  if (depth > 3) return null;
  const words = localProgram(written);
  const [tool = '', sub = ''] = words;
  if (tool === 'node' || tool === 'nodejs') {
    for (let i = 1; i < words.length; i++) {
      if (NODE_VALUE_OPTIONS.has(words[i]!)) i++;
      else if (!words[i]!.startsWith('-')) return projectPath(words[i]!);
    }
    return null;
  }
  if (tool === 'next' && sub === 'start') return '.next';
  const scripts = scriptOf(words, packageJson);
  const last = scripts?.at(-1) ?? (sub === 'start' && ['npm', 'yarn', 'pnpm'].includes(tool) ? 'node server.js' : undefined);
  const command = last === undefined ? undefined : splitCommands(last)?.at(-1);
  return command ? entryOfWords(commandWords(command), packageJson, depth + 1) : null;
}

/**
 * The programs the running command calls, through package.json scripts (`npm start` → `tsx
 * src/server.ts` gives `npm`, `tsx`), and the packages node preloads with `-r`/`--import`; the
 * commands that compose services start this image with count the same, since they run in
 * the production image too.
 */
function commandPrograms(instructions: readonly Instruction[], compose: readonly ComposeService[], packageJson: PackageJson): string[] {
  const composeStarts = compose.flatMap((service): (readonly string[])[] => {
    const start = serviceStart(service);
    if (!Array.isArray(start)) return [];
    // `sh -c "pnpm migrate && pnpm start"`: each command of the script runs in the image.
    const commands = ['sh', 'bash'].includes(start[0] ?? '') && start[1] === '-c' && start[2] !== undefined ? (splitCommands(start[2]) ?? []).map(commandWords) : [start];
    // A dev server belongs to a service that should build the builder stage (compose-dev says so), not to production.
    return commands.some((words) => devServerOf(words, packageJson) !== null) ? [] : commands;
  });
  return programsReached([runningCommand(instructions), ...composeStarts], packageJson);
}

/** The programs the builder's build commands and the install's lifecycle scripts call, through package.json scripts. */
function buildPrograms(steps: readonly Step[], buildSteps: readonly number[], packageJson: PackageJson): string[] {
  const commands = buildSteps.flatMap((index) => (steps[index]!.groups ?? []).filter((group) => group.role === 'build').flatMap((group) => group.commands.map(commandWords)));
  const lifecycle = LIFECYCLE_SCRIPTS.filter((name) => packageJson.scripts?.[name] !== undefined).map((name) => ['npm', 'run', name]);
  return programsReached([...commands, ...lifecycle], packageJson);
}

function programsReached(starts: readonly (readonly string[])[], packageJson: PackageJson): string[] {
  const found = new Set<string>();
  for (const words of commandsReached(starts, packageJson)) {
    const [program = ''] = words;
    found.add(program);
    if (program === 'node' || program === 'nodejs') {
      words.forEach((word, index) => {
        const preload = PRELOAD_OPTIONS.has(words[index - 1] ?? '') ? packageOfSpecifier(word) : null;
        if (preload !== null) found.add(preload);
      });
    }
  }
  return [...found].sort();
}

/** The commands the given ones run, through package.json scripts, each with `npx` taken off. */
function commandsReached(starts: readonly (readonly string[])[], packageJson: PackageJson): (readonly string[])[] {
  const found: (readonly string[])[] = [];
  const visit = (words: readonly string[], depth: number) => {
    if (depth > 3 || words.length === 0) return;
    const named = words.findIndex((word, index) => index > 0 && !word.startsWith('-'));
    const program = words[0] !== 'npx' ? words : named < 0 ? [] : words.slice(named);
    if (program.length > 0) found.push(program);
    for (const script of scriptOf(words, packageJson) ?? []) {
      for (const command of splitCommands(script) ?? []) visit(commandWords(command), depth + 1);
    }
  };
  starts.forEach((words) => visit(words, 0));
  return found;
}

/** Options that make ts-node compile without type-checking, so it needs no type packages. */
const TS_NODE_TRANSPILE = new Set(['-T', '--transpile-only', '--transpileOnly', '--swc']);
/** The compiler ts-node's swc mode loads in place of TypeScript's checker. */
const SWC_CORE = '@swc/core';

/**
 * The packages ts-node needs from devDependencies when the running command starts it: with type
 * checking on (its default) the type packages and compiler (without `@types/express` a strict
 * project fails to start); in swc mode (`--swc`, or `"ts-node": { "swc": true }` in the
 * tsconfig.json it reads) `@swc/core`; in transpile-only mode none. `checking` says which.
 */
function tsNodePackages(instructions: readonly Instruction[], packageJson: PackageJson, project: BuildContext): { readonly checking: boolean; readonly packages: string[] } {
  const starts = commandsReached([runningCommand(instructions)], packageJson).filter((words) => ['ts-node', 'ts-node-esm'].includes(words[0] ?? ''));
  if (starts.length === 0) return { checking: false, packages: [] };
  const environment = (name: string) => instructions.some((instruction) => instruction.keyword === 'ENV' && instruction.properties.some(([key, value]) => key === name && value !== 'false'));
  const options = (words: readonly string[]) => {
    const flag = words.findIndex((word) => word === '-P' || word === '--project');
    const config = parseJsonc(readText(project, flag > 0 ? (words[flag + 1] ?? 'tsconfig.json') : 'tsconfig.json') ?? '') as { 'ts-node'?: { swc?: unknown; transpileOnly?: unknown } } | undefined;
    return config?.['ts-node'] ?? {};
  };
  const swc = environment('TS_NODE_SWC') || starts.some((words) => words.includes('--swc') || options(words).swc === true);
  const transpileOnly = swc || environment('TS_NODE_TRANSPILE_ONLY') || starts.every((words) => words.some((word) => TS_NODE_TRANSPILE.has(word)) || options(words).transpileOnly === true);
  const production = { ...packageJson.dependencies, ...packageJson.optionalDependencies };
  const fromDev = (name: string) => name in (packageJson.devDependencies ?? {}) && !(name in production);
  if (swc) return { checking: false, packages: fromDev(SWC_CORE) ? [SWC_CORE] : [] };
  if (transpileOnly) return { checking: false, packages: [] };
  return { checking: true, packages: Object.keys(packageJson.devDependencies ?? {}).filter((name) => fromDev(name) && isCompilerPackage(name)) };
}

/** Node options that load a module before the entry (`-r dotenv/config`). */
const PRELOAD_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);

/** Dev dependencies whose commands (or preloaded modules) the running command calls. */
function devCommands(programs: readonly string[], packageJson: PackageJson): string[] {
  const production = { ...packageJson.dependencies, ...packageJson.optionalDependencies };
  const devBins = new Map<string, string>();
  for (const name of Object.keys(packageJson.devDependencies ?? {})) {
    if (name in production) continue;
    devBins.set(name, name);
    // A scoped package's commands are not named after it (`@types/node` has none), so only the known ones count.
    for (const bin of GLOBAL_PACKAGE_BINS[name] ?? (name.startsWith('@') ? [] : [name])) devBins.set(bin, name);
  }
  return [...new Set(programs.flatMap((program) => devBins.get(program) ?? []))].sort();
}

/** Files under a source folder that only tests load. */
const TEST_FILE = /(?:^|\/)(?:__tests__|__mocks__|test|tests)\/|\.(?:test|spec)\.[^/]+$|\.d\.[mc]?ts$/;

/**
 * Dev dependencies that the code the container runs loads: from the entry file and package.json
 * `main` (and a framework's config file, for a build), following relative imports, and for a build whose entry is not in the context (a
 * TypeScript `dist/main.js`), from every non-test file under `src/`.
 */
function devImports(context: BuildContext, packageJson: PackageJson, entry: string | null, built: boolean): DevImport[] {
  const production = new Set(Object.keys({ ...packageJson.dependencies, ...packageJson.optionalDependencies }));
  const dev = new Set(Object.keys(packageJson.devDependencies ?? {}).filter((name) => !production.has(name)));
  if (dev.size === 0) return [];
  const starts = [entry, typeof packageJson.main === 'string' ? projectPath(packageJson.main) : null].filter((file): file is string => file !== null && file !== '');
  // Next.js bundles what its pages import into .next, so its sources say nothing of node_modules.
  if (built && entry !== '.next' && !starts.some((file) => context.contents.has(file))) {
    starts.push(...[...context.contents.keys()].filter((file) => file.startsWith('src/') && SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext)) && !TEST_FILE.test(file)));
  }
  // A framework's config file (next.config.js) is loaded by the running server too.
  if (built) starts.push(...Object.values(FRAMEWORK_RUNTIME_FILES).flat());
  const found = [...importedPackages(context, starts)].filter(([name]) => dev.has(name)).map(([name, file]) => ({ name, file }));
  // `next start` compiles a TypeScript config with the typescript package (Next.js 15.4 and later).
  const typedConfig = built && dev.has('typescript') ? TYPESCRIPT_CONFIGS.find((file) => context.files.includes(file)) : undefined;
  if (typedConfig !== undefined && !found.some(({ name }) => name === 'typescript')) found.push({ name: 'typescript', file: typedConfig });
  return found;
}

/** Framework configs written in TypeScript, which the running server compiles when it starts. */
const TYPESCRIPT_CONFIGS = ['next.config.ts', 'next.config.mts'];

/** The development server the container runs, through package.json scripts, as a skip reason. */
function devServerProblem(instructions: readonly Instruction[], packageJson: PackageJson): string | null {
  const found = devServerOf(runningCommand(instructions), packageJson);
  return found === null ? null : `the container runs a development server (${found}), which needs dev dependencies and writes into its source`;
}

/** Subcommands after which a dev-server tool runs no dev server: it serves or writes the build. */
const SERVING_SUBCOMMANDS = new Set(['preview', 'build', 'optimize', 'start']);

/** The development server a command starts, through package.json scripts, or null. */
function devServerOf(start: readonly string[], packageJson: PackageJson): string | null {
  let found: string | null = null;
  const visit = (words: readonly string[], depth: number) => {
    if (found !== null || depth > 3 || words.length === 0) return;
    const program = words[0] === 'npx' ? words.slice(1).filter((word) => !word.startsWith('-') || word === '--watch') : words;
    // Options between a tool and its subcommand (`react-scripts --openssl-legacy-provider start`) do not change which server it is.
    const bare = [program[0] ?? '', ...program.slice(1).filter((word) => !word.startsWith('-') || word === '--watch')];
    // A subcommand that serves or writes a build (`vite preview`, `vite build`) is not the tool's dev server.
    const alone = SERVING_SUBCOMMANDS.has(bare[1] ?? '') ? [] : [program[0] ?? ''];
    const candidates = [program.slice(0, 3).join(' '), program.slice(0, 2).join(' '), bare.slice(0, 3).join(' '), bare.slice(0, 2).join(' '), ...alone];
    found = candidates.find((candidate) => DEV_SERVERS.has(candidate)) ?? null;
    const [tool, sub, third] = words;
    if (found === null && ((tool === 'npm' && sub === 'run' && third === 'dev') || ((tool === 'yarn' || tool === 'pnpm') && (sub === 'dev' || third === 'dev')))) found = words.join(' ');
    for (const script of scriptOf(words, packageJson) ?? []) {
      for (const command of splitCommands(script) ?? []) visit(commandWords(command), depth + 1);
    }
  };
  visit(start, 0);
  return found;
}

/**
 * Prisma generates its client into node_modules from its schema (at install, through
 * `@prisma/client`'s own install script, or in an explicit `prisma generate`): the schema is
 * copied with the manifests, and production takes the builder's node_modules that holds the
 * generated client.
 */
function codegenOf(packageJson: PackageJson, context: BuildContext, steps: readonly Step[]): Codegen | null {
  const dependencies = Object.keys({ ...packageJson.dependencies, ...packageJson.devDependencies });
  const explicit = steps.some((step) => step.groups?.some((group) => group.commands.some((command) => command.words.includes('prisma'))));
  const generator = dependencies.find((name) => CODEGEN_DEPENDENCIES.has(name)) ?? (explicit || context.files.includes('prisma/schema.prisma') ? 'prisma' : undefined);
  if (generator === undefined) return null;
  const schema = context.directories.includes('prisma') ? 'prisma' : context.files.includes('schema.prisma') ? 'schema.prisma' : null;
  return { generator, schema };
}

/** Interpreters named by the shebang of the context files the command runs. */
function scriptInterpreters(instructions: readonly Instruction[], context: BuildContext): string[] {
  const interpreters = new Set<string>();
  const copied = instructions.filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD').flatMap(copySources).map(contextSource);
  for (const word of finalCommandWords(instructions)) {
    const direct = projectPath(word);
    const file = context.files.includes(direct) ? direct : copied.find((source) => baseName(source) === baseName(word) && context.files.includes(source));
    const firstLine = (readText(context, file ?? '') ?? '').split('\n', 1)[0]!.trim();
    if (!firstLine.startsWith('#!')) continue;
    const parts = firstLine.slice(2).trim().split(/\s+/);
    const program = parts[0]?.endsWith('/env') ? parts.find((part, index) => index > 0 && !part.startsWith('-')) : parts[0];
    if (program) interpreters.add(baseName(program));
  }
  return [...interpreters].sort();
}

