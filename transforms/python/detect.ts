import { parse as parseTomlText } from 'smol-toml';
import type { BuildContext } from '../../src/core/context.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { flagValue } from '../../src/core/dockerfile.js';
import type { Finding } from '../../src/core/findings.js';
import { commandWords, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import type { TransformInput } from '../../src/core/transform.js';
import type { WrittenPath } from '../shared/app-owner.js';
import { expandVariables, resolveBaseImage } from '../shared/base-image.js';
import { isTemporaryPath, sqliteUrlPaths } from '../shared/written-paths.js';
import { appWrites } from './app-writes.js';
import { formatImageRef, imageName, parseImageRef, pinnedTag, withTag, type ImageRef } from '../shared/image-ref.js';
import { debianReleaseOfTag, parseSystemInstall, type DebianRelease, type PackageFamily } from '../shared/system-packages.js';
import { baseName, classifyStep, installerCall, isPythonProgram, requirementName, scanOptions, type CommandGroup, type CommandRole, type Step } from './classify.js';
import { djangoSettingsFiles, readDjango, type SettingPath } from './django.js';
import { dirname, joinPath, normalize, planInstallCommand, requirementSpecs, type InstallCommandPlan, type InstallEnvironment } from './install.js';
import { missingLockfiles, type LockfileCopy } from './lockfiles.js';
import { minimumPython, projectPython } from './python-version.js';
import { composeStart, type ComposePoetry, type ComposeUv } from './compose-start.js';
import { findRunWrapper, isRunnable, programsWithoutWrapper, type RunWrapper } from './run-wrapper.js';
import { DEFAULT_VENV, INSTALLER_IMAGES, INSTALLER_PROGRAMS, INSTALLER_URLS, LINKED_LIBRARIES, retiredReleaseOfVersion, SELF_CONTAINED, type ImageVariant, type Tool } from './tables.js';

export type CopyKind = 'manifest' | 'installer' | 'content';

export interface CopyFacts {
  readonly kind: CopyKind;
  readonly sources: readonly string[];
  /** Absolute image path the sources land in (a directory) or at (a single file). */
  readonly destination: string;
  readonly intoDirectory: boolean;
  /** Copies the whole build context (`COPY . .`). */
  readonly wholeContext: boolean;
  readonly fromContext: boolean;
}

export interface VenvFacts {
  readonly path: string;
  /** dfmod creates it; otherwise the original already did. */
  readonly ours: boolean;
  /** uv sync makes it itself, told where by UV_PROJECT_ENVIRONMENT. */
  readonly uvProject: boolean;
  /** uv sync installs: it must copy out of the cache mount and use the image's Python. */
  readonly uvSync: boolean;
}

/** Who runs the install, and what that means for the cache mount. */
export interface InstallUser {
  readonly name: string;
  readonly root: boolean;
  /** The USER instruction that switched to a non-root user before the install. */
  readonly switchedAt: number | null;
  readonly home: string | null;
  readonly owner: { readonly uid: number; readonly gid: number } | null;
}

/** How one RUN that installs splits around the source copy. */
export interface InstallStepPlan {
  readonly index: number;
  /** Leading commands that set up installers or system packages: they run before the virtualenv exists. */
  readonly pre: readonly ShellCommand[];
  readonly commands: readonly ShellCommand[];
  readonly roles: readonly CommandRole[];
  readonly plans: readonly (InstallCommandPlan | null)[];
  readonly tools: readonly Tool[];
  /** The absolute directory the RUN's leading `cd` enters (`cd /app && pip install -r requirements.txt`): the install runs there. */
  readonly enters: string | null;
}

/** Manifest-first for the first install: what runs before the deferred source copies, and after. */
export interface Reorder {
  /** Content copies that move below the dependency install. */
  readonly deferred: readonly number[];
  /** Context files to copy before the install, grouped by image directory. */
  readonly manifestCopies: readonly { readonly sources: readonly string[]; readonly destination: string }[];
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export interface PythonFacts {
  readonly baseImage: string;
  /** The retired Debian release the base image is on (`buster`), whose packages apt-get can no longer fetch; null for a live one. */
  readonly retiredRelease: string | null;
  readonly baseRef: ImageRef;
  readonly written: ImageRef;
  /** The builder's image when dfmod pinned a floating tag to the project's Python version. */
  readonly builderImage: string | null;
  readonly from: Instruction;
  readonly family: PackageFamily;
  readonly variant: ImageVariant;
  readonly minor: number | null;
  readonly release: DebianRelease | null;
  readonly steps: readonly Step[];
  /** The WORKDIR in force at each step. */
  readonly workdirs: readonly string[];
  readonly envs: readonly ReadonlyMap<string, string>[];
  readonly copies: ReadonlyMap<number, CopyFacts>;
  /** Where the app's files live in the image; production copies it whole from the builder. */
  readonly appDir: string | null;
  readonly venv: VenvFacts;
  readonly installs: readonly InstallStepPlan[];
  /** Where dfmod's virtualenv setup goes in the builder (a step index). */
  readonly venvAt: number;
  readonly reorder: Reorder | null;
  readonly installUser: InstallUser;
  readonly finalUser: Instruction | null;
  /** Directories outside the app that build steps fill (an absolute STATIC_ROOT). */
  readonly buildOutputs: readonly string[];
  /** Directories the running app writes, to be owned by the user dfmod creates. */
  readonly writtenPaths: readonly WrittenPath[];
  /** Writes whose path the code computes in a way dfmod cannot follow (`Util/log.py:12 (open): out_file`). */
  readonly computedWrites: readonly string[];
  /** Dependencies that link a system library the full python image carried, with the `-dev` packages they need. */
  readonly linkedLibraries: readonly { readonly distribution: string; readonly devPackages: readonly string[] }[];
  /** Every dependency the installs name, by normalised distribution name. */
  readonly dependencyNames: readonly string[];
  /** Paths in the command that point into the old `pip install --user` location. */
  readonly userBase: string | null;
  readonly scriptInterpreters: readonly string[];
  /** Django settings beside a command that runs something else: code the container never loads. */
  readonly unloadedSources: readonly string[];
  /** Manifest copies that dfmod adds the context's lockfile to, by step. */
  readonly lockfileCopies: ReadonlyMap<number, LockfileCopy>;
  /** The installer's `run` that production drops from the command. */
  readonly runWrapper: RunWrapper | null;
  /** The installer compose services start the image with, which production keeps for them. */
  readonly composeInstaller: ComposeUv | ComposePoetry | null;
  readonly changes: readonly Finding[];
  readonly warnings: readonly Finding[];
}

export type Detection =
  | { readonly ok: true; readonly facts: PythonFacts }
  | { readonly ok: false; readonly status: 'skipped' | 'unchanged'; readonly reason: string };

function leave(status: 'skipped' | 'unchanged', reason: string): Detection {
  return { ok: false, status, reason };
}

const PYTHON_IMAGES = new Set(['python']);
const MANIFEST_NAMES = /^(requirements[\w.-]*\.(txt|in)|[\w.-]*requirements\.(txt|in)|constraints[\w.-]*\.txt|pyproject\.toml|poetry\.lock|poetry\.toml|Pipfile|Pipfile\.lock|uv\.lock|\.python-version|requirements\*?\.txt|requirements\*\.txt)$/;
const MANIFEST_DIRS = new Set(['requirements', 'requirements/']);
/** Places where the source cannot live: copying them whole would drag the system along. */
const SYSTEM_DIRS = new Set(['/', '/opt', '/usr', '/usr/local', '/usr/local/bin', '/usr/local/lib', '/etc', '/var', '/bin', '/lib', '/home', '/tmp']);

/** True when the file is about Python at all (for match), before any deeper look. */
export function looksLikePython(input: TransformInput): string | null {
  const base = resolveBaseImage(input.dockerfile);
  if (base.kind === 'resolved' && PYTHON_IMAGES.has(imageName(parseImageRef(base.image)))) return `base image ${base.image}`;
  for (const instruction of input.dockerfile.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of splitCommands(instruction.argsText) ?? []) {
      const call = installerCall(commandWords(command));
      if (call && scanOptions(call.args).subcommand !== '') return `a Python installer (${call.installer === 'uv-pip' ? 'uv pip' : call.installer}) runs`;
    }
  }
  return null;
}

function parseToml(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  try {
    return parseTomlText(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function tagParts(tag: string | null): { version: string | null; words: string[] } {
  if (tag === null || tag === 'latest') return { version: null, words: [] };
  const words = tag.split('-');
  return /^\d/.test(words[0] ?? '') ? { version: words[0]!, words: words.slice(1) } : { version: null, words };
}

export function detectPython(input: TransformInput): Detection {
  const { dockerfile, context } = input;
  const base = resolveBaseImage(dockerfile);
  if (base.kind === 'unresolved') return leave('skipped', base.reason);
  const baseRef = parseImageRef(base.image);
  const written = parseImageRef(base.from.args.find((word) => !word.startsWith('--')) ?? '');
  if (!PYTHON_IMAGES.has(imageName(baseRef)) || !PYTHON_IMAGES.has(imageName(written))) {
    return leave('skipped', `Python runs on ${base.image}; dfmod only migrates builds on the official python images`);
  }
  const { version, words } = tagParts(baseRef.tag);
  const unknownVariant = words.find((word) => !['slim', 'alpine', 'bullseye', 'bookworm', 'trixie', 'buster'].includes(word) && !/^alpine\d/.test(word));
  if (unknownVariant !== undefined) return leave('skipped', `dfmod does not know the ${baseRef.tag} variant of the python image`);
  const codename = words.find((word) => ['buster', 'stretch', 'bullseye', 'bookworm', 'trixie'].includes(word));
  const retired = codename !== undefined ? (['buster', 'stretch'].includes(codename) ? codename : undefined) : words.some((word) => word.startsWith('alpine')) ? undefined : retiredReleaseOfVersion(version);
  const alpine = words.some((word) => word.startsWith('alpine'));
  const variant: ImageVariant = alpine ? 'alpine' : words.includes('slim') ? 'debian-slim' : 'debian-full';
  const tagMinor = version !== null && /^3\.\d+/.test(version) ? Number(version.split('.')[1]) : null;
  const floating = floatingTag(baseRef, written, tagMinor, context);
  const minor = floating.pin?.minor ?? tagMinor;

  const instructions = dockerfile.stages[0]!.instructions.slice(1);
  const { workdirs, envs, users } = walkState(input, instructions);
  const cacheDirs = [...new Set(envs.flatMap((env) => ['PIP_CACHE_DIR', 'POETRY_CACHE_DIR', 'PIPENV_CACHE_DIR', 'UV_CACHE_DIR'].flatMap((name) => (env.get(name) ? [env.get(name)!] : []))))];
  const steps = instructions.map((instruction) => classifyStep(instruction, cacheDirs));

  // Scripts too rich to split are kept whole in the builder, unless they install: then dfmod cannot place them.
  for (const step of steps) {
    if (step.role !== 'run' || step.groups !== null) continue;
    const text = step.instruction.argsText;
    if (/\b(pip3?|poetry|pipenv|uv|apt-get|apt|apk)\b/.test(text)) {
      return leave('skipped', `line ${step.instruction.line + 1}: the RUN script is too complex to split safely`);
    }
  }
  const resolvedSteps: Step[] = steps.map((step) =>
    step.role === 'run' && step.groups === null ? { ...step, groups: [{ role: 'other', commands: [{ text: step.instruction.argsText.trim(), words: [], joinedBy: null, redirects: [] }] }] } : step,
  );

  const installIndexes = resolvedSteps.flatMap((step, index) => (step.groups?.some((group) => group.role === 'install') ? [index] : []));
  if (installIndexes.length === 0) {
    return leave('unchanged', 'runtime-only image: no dependency install or build step');
  }
  const libraries = resolvedSteps.some((step) =>
    step.groups?.some((group) => group.role === 'system' && group.commands.some((command) => parseSystemInstall(command)?.packages.some((name) => name.endsWith('-dev')))),
  );
  if (retired !== undefined && libraries) {
    return leave('skipped', `${base.image} is on Debian ${retired}, for which dfmod has no table of runtime libraries`);
  }
  const runWrapper = findRunWrapper(resolvedSteps.map((step) => step.instruction));
  if (typeof runWrapper === 'string') return leave('skipped', runWrapper);
  const final = refuseFinalCommand(resolvedSteps, runWrapper);
  if (final) return leave('skipped', final);
  const pythonRuntime = resolvedSteps.find((step) => step.groups?.some((group) => group.commands.some((command) => /^uv$/.test(commandWords(command)[0] ?? '') && commandWords(command)[1] === 'python')));
  if (pythonRuntime) {
    return leave('skipped', `line ${pythonRuntime.instruction.line + 1}: uv installs its own Python, which the runtime image would not have`);
  }
  const builtFromSource = sourceInstall(resolvedSteps);
  if (builtFromSource) return leave('skipped', builtFromSource);
  const rootUser = resolvedSteps.filter((step) => step.role === 'user').at(-1)?.instruction;
  if (rootUser && isRoot(rootUser.args[0] ?? '')) {
    return leave('skipped', `line ${rootUser.line + 1}: the original explicitly runs as root; dfmod will not change the user`);
  }

  const copies = new Map<number, CopyFacts>();
  resolvedSteps.forEach((step, index) => {
    if (step.role === 'copy') copies.set(index, copyFacts(step.instruction, workdirs[index]!, context));
  });
  const installers = new Set(resolvedSteps.flatMap((step) => (step.groups ?? []).filter((group) => group.role === 'install').flatMap((group) => group.commands.flatMap((command) => installerCall(commandWords(command))?.installer ?? []))));
  const lockfileCopies = missingLockfiles(new Map([...copies.keys()].map((index) => [index, resolvedSteps[index]!.instruction])), installers, context);
  for (const [index, added] of lockfileCopies) copies.set(index, { ...copies.get(index)!, sources: [...copies.get(index)!.sources, ...added.lockfiles], intoDirectory: true });
  const candidate = findAppDir(copies, workdirs);
  // Files copied straight into system directories are copied the same way in production; only
  // build steps, whose output dfmod could then not find, make that unsafe.
  const builds = resolvedSteps.some((step) => step.groups?.some((group) => group.role === 'build'));
  if (candidate !== null && SYSTEM_DIRS.has(candidate) && builds) {
    return leave('skipped', `the source is copied into ${candidate} and built there; production cannot take ${candidate} whole from the builder`);
  }
  const appDir = candidate !== null && SYSTEM_DIRS.has(candidate) ? null : candidate;
  if (appDir !== null && (appDir === '/root' || appDir.startsWith('/root/'))) {
    return leave('skipped', `the app lives in ${appDir}, which a non-root user cannot read`);
  }

  // uv fetches its own interpreter when the image's is too old for the project; production would lack it.
  const wanted = minimumPython(context);
  const usesUv = resolvedSteps.some((step) => step.groups?.some((group) => group.role === 'install' && group.commands.some((command) => installerCall(commandWords(command))?.installer === 'uv')));
  if (usesUv && wanted !== null && minor !== null && wanted.minor > minor) {
    return leave('skipped', `${wanted.source} asks for Python ${wanted.version} and ${base.image} has 3.${minor}: uv would install its own interpreter, which production would not have`);
  }
  const firstInstall = installIndexes[0]!;
  const installUser = findInstallUser(resolvedSteps, users, firstInstall, envs[firstInstall]!);
  const venv = findVenv(resolvedSteps, workdirs, envs, firstInstall, appDir);
  const mounted = installUser.root || installUser.owner !== null;
  const changes: Finding[] = [...[...lockfileCopies.values()].map((copy) => copy.change)];
  const warnings: Finding[] = [];
  const noCache = envs[firstInstall]!.get('PIP_NO_CACHE_DIR');
  if (mounted && noCache !== undefined && !['0', 'false', 'no', 'off'].includes(noCache.toLowerCase())) {
    warnings.push({ id: 'cache-mount', message: 'ENV PIP_NO_CACHE_DIR turns pip\'s cache off, so the cache mount does not speed up the install; drop it from the builder' });
  }

  const fileAt = contextFileAt(copies, context);
  const poetryVersion = pinnedPoetry(resolvedSteps, envs);
  const generated = new Set<string>();
  const installs: InstallStepPlan[] = [];
  for (const index of installIndexes) {
    const plan = planInstallStep(resolvedSteps[index]!, index, {
      workdir: enteredDirectory(resolvedSteps[index]!) ?? workdirs[index]!,
      fileAt: (path) => fileAt(path, index)?.text,
      existsAt: (path) => fileAt(path, index) !== null || generated.has(path),
      existsAfterSource: (path) => fileAt(path, resolvedSteps.length) !== null,
      onlyFromContext: onlyContextWrites(resolvedSteps, copies, index),
      mounted,
      generated,
      poetryVersion,
      parseToml,
    });
    if ('refusal' in plan) return leave('skipped', plan.refusal);
    for (const commandPlan of plan.plans) {
      commandPlan?.writes.forEach((path) => generated.add(path));
      changes.push(...(commandPlan?.changes ?? []));
      warnings.push(...(commandPlan?.warnings ?? []));
    }
    installs.push(plan);
  }

  // The installers must reach the builder's system Python before the virtualenv is first used.
  const venvAt = venvPosition(copies, installUser, firstInstall);
  const lateSetup = resolvedSteps.findIndex((step, index) => index > firstInstall && step.groups?.some((group) => group.role === 'installer-setup'));
  if (lateSetup >= 0 && venv.ours) {
    return leave('skipped', `line ${resolvedSteps[lateSetup]!.instruction.line + 1}: an installer is set up after the first install; dfmod cannot keep it out of production`);
  }

  const reorder = planReorder(resolvedSteps, copies, workdirs, installs[0]!, fileAt);
  if (reorder.kind === 'stays') warnings.push({ id: 'manifest-first', message: reorder.reason });
  if (reorder.kind === 'reorder') changes.push(...installs[0]!.plans.flatMap((plan) => plan?.splitChanges ?? []));
  const otherThanDjango = runsOtherThanDjango(resolvedSteps);
  const django = otherThanDjango ? null : readDjango(context, envs.at(-1) ?? new Map());
  const outputs = buildOutputs(resolvedSteps, django?.staticRoot ?? null, appDir, copies, context, warnings);
  const { written: appWritten, computed: computedWrites } = writtenPaths(django, copies, context, fileAt, workdirs.at(-1) ?? '/', resolvedSteps.length);

  const gitProtocol = gitProtocolRequirement(installs, fileAt);
  if (gitProtocol !== null) return leave('skipped', gitProtocol);
  const specs = dependencySpecs(installs, context, fileAt);
  const runnable = (program: string) => isRunnable(program, projectScripts(context), specs.map(requirementName));
  if (runWrapper !== null && !runnable(runWrapper.program[0]!)) {
    return leave('skipped', `line ${runWrapper.instruction.line + 1}: "${runWrapper.tool} run" starts ${runWrapper.program[0]}, which is neither the interpreter, a script the project declares, nor one of its dependencies; dfmod cannot tell what production would run`);
  }
  const finalPyproject = fileAt(joinPath(workdirs.at(-1) ?? '/', 'pyproject.toml'), resolvedSteps.length);
  const composeInstaller = composeStart(input.compose, {
    steps: resolvedSteps,
    uvSync: venv.uvSync,
    venvOurs: venv.ours,
    installRoot: installUser.root,
    minor,
    pyproject: finalPyproject === null ? null : (parseToml(finalPyproject.text ?? '') ?? {}),
    runnable,
  });
  if (typeof composeInstaller === 'string') return leave('skipped', composeInstaller);
  return {
    ok: true,
    facts: {
      baseImage: floating.pin ? formatImageRef(floating.pin.ref) : base.image,
      baseRef: floating.pin?.ref ?? baseRef,
      written: floating.pin?.ref ?? written,
      builderImage: floating.pin ? formatImageRef(floating.pin.ref) : null,
      from: base.from,
      family: alpine ? 'alpine' : 'debian',
      variant,
      minor,
      release: debianReleaseOfTag(baseRef.tag),
      steps: resolvedSteps,
      workdirs,
      envs,
      copies,
      appDir,
      venv,
      installs,
      venvAt,
      reorder: reorder.kind === 'reorder' ? reorder.reorder : null,
      installUser,
      finalUser: resolvedSteps.filter((step) => step.role === 'user').at(-1)?.instruction ?? null,
      retiredRelease: retired ?? null,
      buildOutputs: outputs,
      writtenPaths: appWritten,
      computedWrites,
      userBase: userBaseOf(installs, installUser),
      linkedLibraries: variant === 'debian-full' ? linkedLibraries(specs) : [],
      dependencyNames: [...new Set(specs.map(requirementName))].sort(),
      scriptInterpreters: scriptInterpreters(resolvedSteps, context),
      unloadedSources: otherThanDjango ? djangoSettingsFiles(context, envs.at(-1) ?? new Map()) : [],
      runWrapper,
      composeInstaller,
      lockfileCopies,
      changes: [...floating.changes, ...changes],
      warnings: [...floating.warnings, ...warnings, ...(django?.sqlite ? [{ id: 'non-root', message: 'the Django settings use SQLite; the non-root user must be able to write the database file and its directory' }] : [])],
    },
  };
}

interface FloatingTag {
  readonly pin: { readonly ref: ImageRef; readonly minor: number } | null;
  readonly changes: readonly Finding[];
  readonly warnings: readonly Finding[];
}

/**
 * `python:3`, `python:latest`, `python:slim`: the builder and production each pull their own
 * tag, and the virtualenv copied between them works only on the same minor version. The
 * project's files fix that version for both stages; where none does, both float, with a warning.
 */
function floatingTag(baseRef: ImageRef, written: ImageRef, tagMinor: number | null, context: BuildContext): FloatingTag {
  if (tagMinor !== null) return { pin: null, changes: [], warnings: [] };
  const image = formatImageRef(written);
  const project = projectPython(context);
  // A digest pins the builder already, and a tag from a variable is the user's to set.
  if (project !== null && baseRef.digest === null && written.tag === baseRef.tag) {
    const ref = withTag(baseRef, pinnedTag(baseRef.tag, project.version));
    return {
      pin: { ref, minor: project.minor },
      changes: [{ id: 'runtime-base', message: `${image} fixes no Python minor version; both stages use ${formatImageRef(ref)}, the Python ${project.version} that ${project.source} names, so the copied virtualenv matches its interpreter` }],
      warnings: [],
    };
  }
  return {
    pin: null,
    changes: [],
    warnings: [{
      id: 'runtime-base',
      message: `${image} fixes no Python minor version${project === null ? ' and no project file (.python-version, runtime.txt, Pipfile, requires-python) names one' : ''}: the builder and production each pull their own, and the copied virtualenv breaks when their minors differ; pin the version in the tag`,
    }],
  };
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0];
  return name === 'root' || name === '0';
}

/** WORKDIR, variables and USER in force at each step. */
function walkState(input: TransformInput, instructions: readonly Instruction[]) {
  const values = new Map<string, string>();
  for (const arg of input.dockerfile.globalArgs) for (const [name, value] of arg.properties) if (value) values.set(name, value);
  let workdir = '/';
  let user = 'root';
  const workdirs: string[] = [];
  const envs: Map<string, string>[] = [];
  const users: string[] = [];
  const expand = (text: string) => expandVariables(text, (name, fallback) => values.get(name) ?? fallback ?? '');
  for (const instruction of instructions) {
    if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
      for (const [name, value] of instruction.properties) if (value !== null) values.set(name, expand(value));
    }
    if (instruction.keyword === 'WORKDIR') workdir = joinPath(workdir, expand(instruction.args[0] ?? '/'));
    if (instruction.keyword === 'USER') user = expand(instruction.args[0] ?? 'root');
    workdirs.push(workdir);
    envs.push(new Map(values));
    users.push(user);
  }
  return { workdirs, envs, users };
}

function copyFacts(instruction: Instruction, workdir: string, context: BuildContext): CopyFacts {
  const words = (instruction.json ?? instruction.args.filter((word) => !word.startsWith('--'))).filter((word) => !word.startsWith('<<'));
  const sources = words.slice(0, -1);
  const target = words.at(-1) ?? '.';
  const from = flagValue(instruction, 'from');
  const remote = sources.some((source) => /^https?:\/\//.test(source) || source.startsWith('git@'));
  const fromContext = !from && !remote && !instruction.heredoc;
  const wholeContext = fromContext && sources.length > 0 && sources.every((source) => source === '.' || source === './');
  const clean = (source: string) => source.replace(/^\.\//, '');
  const sourceIsDirectory = (source: string) => clean(source) === '.' || context.directories.includes(clean(source).replace(/\/$/, '')) || source.endsWith('/');
  const intoDirectory = target.endsWith('/') || target === '.' || sources.length > 1 || sources.some(sourceIsDirectory) || sources.some((source) => source.includes('*'));
  const installer =
    (typeof from === 'string' && INSTALLER_IMAGES.some((image) => from.includes(image))) ||
    (remote && sources.some((source) => INSTALLER_URLS.some((url) => source.includes(url))));
  const manifest = fromContext && sources.length > 0 && sources.every((source) => MANIFEST_NAMES.test(baseName(source)) || MANIFEST_DIRS.has(clean(source)));
  return {
    kind: installer ? 'installer' : manifest ? 'manifest' : 'content',
    sources,
    destination: joinPath(workdir, target),
    intoDirectory,
    wholeContext,
    fromContext,
  };
}

/** The directory that holds the app: the WORKDIR the source is copied into, or the copy's target. */
function findAppDir(copies: ReadonlyMap<number, CopyFacts>, workdirs: readonly string[]): string | null {
  const first = [...copies.entries()].find(([, copy]) => copy.kind === 'content' && copy.fromContext);
  if (!first) return null;
  const [index, copy] = first;
  const workdir = workdirs[index]!;
  if (workdir !== '/') return workdir;
  return copy.intoDirectory ? copy.destination : dirname(copy.destination);
}

/** The context file that lands at an image path by the time a step runs, through the copies before it. */
function contextFileAt(copies: ReadonlyMap<number, CopyFacts>, context: BuildContext) {
  return (imagePath: string, before: number): { contextPath: string; text: string | undefined; copy: number } | null => {
    for (let index = before - 1; index >= 0; index--) {
      const copy = copies.get(index);
      if (!copy || !copy.fromContext) continue;
      for (const source of copy.sources) {
        const contextPath = landing(source, copy, imagePath, context);
        if (contextPath !== null) return { contextPath, text: context.contents.get(contextPath), copy: index };
      }
    }
    return null;
  };
}

function landing(source: string, copy: CopyFacts, imagePath: string, context: BuildContext): string | null {
  const clean = source.replace(/^\.\//, '').replace(/\/$/, '');
  const isDirectory = clean === '.' || clean === '' || context.directories.includes(clean);
  if (isDirectory) {
    const prefix = copy.destination === '/' ? '/' : `${copy.destination}/`;
    if (!imagePath.startsWith(prefix)) return null;
    const relative = imagePath.slice(prefix.length);
    const contextPath = clean === '.' || clean === '' ? relative : `${clean}/${relative}`;
    return context.files.includes(contextPath) ? contextPath : null;
  }
  const candidates = clean.includes('*') ? context.files.filter((file) => wildcard(clean, file)) : [clean];
  for (const candidate of candidates) {
    const landed = copy.intoDirectory ? joinPath(copy.destination, baseName(candidate)) : copy.destination;
    if (landed === imagePath && context.files.includes(candidate)) return candidate;
  }
  return null;
}

function wildcard(pattern: string, path: string): boolean {
  const expression = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return expression.test(path);
}

function findInstallUser(steps: readonly Step[], users: readonly string[], firstInstall: number, env: ReadonlyMap<string, string>): InstallUser {
  const name = users[firstInstall] ?? 'root';
  if (isRoot(name)) return { name: 'root', root: true, switchedAt: null, home: '/root', owner: null };
  let switchedAt: number | null = null;
  for (let index = firstInstall - 1; index >= 0; index--) {
    if (steps[index]!.role === 'user') {
      switchedAt = index;
      break;
    }
  }
  const [user = '', group] = name.split(':');
  const numeric = /^\d+$/.test(user) ? Number(user) : null;
  const created = createdUser(steps, user);
  const uid = numeric ?? created?.uid ?? null;
  const gid = group !== undefined && /^\d+$/.test(group) ? Number(group) : (created?.gid ?? uid);
  const home = env.get('HOME') ?? created?.home ?? (numeric === null ? `/home/${user}` : null);
  return { name, root: false, switchedAt, home, owner: uid !== null && gid !== null ? { uid, gid } : null };
}

/** uid, gid and home of a user the original creates with useradd or adduser. */
function createdUser(steps: readonly Step[], name: string): { uid: number | null; gid: number | null; home: string | null } | null {
  for (const step of steps) {
    for (const group of step.groups ?? []) {
      for (const command of group.commands) {
        const words = commandWords(command);
        if (!['useradd', 'adduser'].includes(words[0] ?? '') || words.at(-1) !== name) continue;
        const value = (...flags: string[]) => {
          const at = words.findIndex((word) => flags.includes(word));
          return at >= 0 ? words[at + 1] : words.find((word) => flags.some((flag) => word.startsWith(`${flag}=`)))?.split('=')[1];
        };
        const uid = value('-u', '--uid');
        const gid = value('-g', '--gid', '-G');
        return { uid: uid && /^\d+$/.test(uid) ? Number(uid) : null, gid: gid && /^\d+$/.test(gid) ? Number(gid) : null, home: value('-d', '--home-dir', '--home', '-h') ?? null };
      }
    }
  }
  return null;
}

/** The virtualenv the original made (python -m venv, ENV VIRTUAL_ENV, uv's project env) or dfmod's own. */
function findVenv(steps: readonly Step[], workdirs: readonly string[], envs: readonly ReadonlyMap<string, string>[], firstInstall: number, appDir: string | null): VenvFacts {
  const uvSync = steps.some((step) =>
    step.groups?.some((group) => group.role === 'install' && group.commands.some((command) => {
      const call = installerCall(commandWords(command));
      return call?.installer === 'uv' && scanOptions(call.args).subcommand === 'sync';
    })),
  );
  for (const [index, step] of steps.entries()) {
    for (const group of step.groups ?? []) {
      if (group.role !== 'venv') continue;
      const words = commandWords(group.commands[0]!);
      const operands = words.slice(words[0] === 'virtualenv' ? 1 : words[0] === 'uv' ? 2 : 3).filter((word) => !word.startsWith('-'));
      return { path: joinPath(workdirs[index]!, operands.at(-1) ?? '.venv'), ours: false, uvProject: false, uvSync };
    }
  }
  const env = envs[firstInstall]!;
  const declared = env.get('VIRTUAL_ENV') ?? env.get('UV_PROJECT_ENVIRONMENT');
  if (declared) return { path: joinPath(workdirs[firstInstall]!, declared), ours: false, uvProject: false, uvSync };
  // `.venv` in the project, where uv, and Poetry told to (POETRY_VIRTUALENVS_IN_PROJECT), put it,
  // stays there when the original points at it (PATH, the command: `.venv/bin/uvicorn`).
  const projectVenv = joinPath(workdirs[firstInstall]!, '.venv');
  const mentioned = steps.some((step) => (step.role === 'env' || step.role === 'meta') && step.instruction.argsText.includes('.venv'));
  const keepsProjectVenv = mentioned && appDir !== null && projectVenv.startsWith(`${appDir}/`);
  const poetryInProject = ['true', '1'].includes((env.get('POETRY_VIRTUALENVS_IN_PROJECT') ?? '').toLowerCase()) && installsWith(steps, 'poetry');
  if (keepsProjectVenv && poetryInProject) return { path: projectVenv, ours: false, uvProject: false, uvSync };
  if (uvSync) {
    if (keepsProjectVenv) return { path: projectVenv, ours: false, uvProject: false, uvSync };
    return { path: DEFAULT_VENV, ours: true, uvProject: true, uvSync };
  }
  return { path: DEFAULT_VENV, ours: true, uvProject: false, uvSync };
}

function installsWith(steps: readonly Step[], installer: 'poetry'): boolean {
  return steps.some((step) => step.groups?.some((group) => group.role === 'install' && group.commands.some((command) => installerCall(commandWords(command))?.installer === installer)));
}

/** Commands that write no file an install could read. */
const NON_WRITING_ROLES = new Set<CommandRole>(['system', 'installer-setup', 'pip-setup', 'venv', 'install', 'installer-config', 'inspect', 'cache-clean', 'cleanup']);

/**
 * Every file in the image before a step came from the build context: no copy from another
 * image, a URL or a heredoc, and no command that may write files (a `git clone`, a `curl -o`).
 * Then a file no copy brought is not there at all.
 */
function onlyContextWrites(steps: readonly Step[], copies: ReadonlyMap<number, CopyFacts>, before: number): boolean {
  return steps.slice(0, before).every((step, index) => {
    if (step.role === 'copy') return copies.get(index)?.fromContext === true;
    if (step.role !== 'run') return true;
    return (step.groups ?? []).every((group) => NON_WRITING_ROLES.has(group.role) || (group.role === 'fs-setup' && group.commands.every((command) => commandWords(command)[0] === 'mkdir')));
  });
}

/** Right before the first install, above the manifest copies that feed it, and above a switch to a non-root user. */
function venvPosition(copies: ReadonlyMap<number, CopyFacts>, user: InstallUser, firstInstall: number): number {
  let position = firstInstall;
  while (position > 0 && copies.get(position - 1)?.kind === 'manifest') position--;
  if (user.switchedAt !== null && user.switchedAt < position) position = user.switchedAt;
  return position;
}

const SEGMENT_ROLES = new Set<CommandRole>(['install', 'pip-setup', 'installer-config', 'venv', 'inspect', 'cache-clean', 'cleanup']);
const PRE_ROLES = new Set<CommandRole>(['system', 'installer-setup', 'fs-setup', 'inspect']);

/**
 * The directory a RUN enters with a leading `cd /abs` of its own, before anything else runs:
 * the install after it reads its files there. Null for a relative or expanded path.
 */
function enteredDirectory(step: Step): string | null {
  const first = step.groups?.[0];
  if (!first || first.commands.length !== 1) return null;
  const words = commandWords(first.commands[0]!);
  if (words[0] !== 'cd' || words.length !== 2 || !words[1]!.startsWith('/') || /[$`*?~]/.test(words[1]!)) return null;
  return normalize(words[1]!);
}

function planInstallStep(step: Step, index: number, env: InstallEnvironment): InstallStepPlan | { refusal: string } {
  const enters = enteredDirectory(step);
  const groups = (step.groups ?? []).slice(enters === null ? 0 : 1);
  const firstSegment = groups.findIndex((group) => SEGMENT_ROLES.has(group.role) && group.role !== 'inspect');
  const preGroups = groups.slice(0, firstSegment);
  const misplaced = preGroups.find((group) => !PRE_ROLES.has(group.role));
  if (misplaced) {
    return { refusal: `line ${step.instruction.line + 1}: "${misplaced.commands[0]!.text}" runs before the install in the same RUN; dfmod cannot place it` };
  }
  const rest: CommandGroup[] = groups.slice(firstSegment);
  const lateSetup = rest.find((group) => group.role === 'installer-setup');
  if (lateSetup) return { refusal: `line ${step.instruction.line + 1}: "${lateSetup.commands[0]!.text}" installs an installer after the install starts; dfmod cannot keep it out of production` };
  const commands = rest.flatMap((group) => [...group.commands]);
  const roles = rest.flatMap((group) => group.commands.map(() => group.role));
  const plans: (InstallCommandPlan | null)[] = [];
  const tools = new Set<Tool>();
  for (const [position, command] of commands.entries()) {
    const role = roles[position]!;
    if (!SEGMENT_ROLES.has(role) || role === 'cache-clean' || role === 'venv') {
      plans.push(null);
      continue;
    }
    const plan = planInstallCommand(command, env);
    if (plan.refusal) return { refusal: `line ${step.instruction.line + 1}: ${plan.refusal}` };
    if (plan.tool && role !== 'installer-config' && role !== 'inspect') tools.add(plan.tool);
    plans.push(plan);
  }
  return { index, pre: preGroups.flatMap((group) => [...group.commands]), commands, roles, plans, tools: [...tools].sort(), enters };
}

type ReorderResult = { kind: 'reorder'; reorder: Reorder } | { kind: 'in-place' } | { kind: 'stays'; reason: string };

function planReorder(
  steps: readonly Step[],
  copies: ReadonlyMap<number, CopyFacts>,
  workdirs: readonly string[],
  install: InstallStepPlan,
  fileAt: ReturnType<typeof contextFileAt>,
): ReorderResult {
  const firstSource = steps.findIndex((_, index) => index < install.index && copies.get(index)?.kind === 'content');
  if (firstSource < 0) return { kind: 'in-place' };
  const before: string[] = [];
  const after: string[] = [];
  const reads: string[] = [];
  let split = false;
  for (const [position, command] of install.commands.entries()) {
    const role = install.roles[position]!;
    const plan = install.plans[position];
    if (role === 'cache-clean') continue;
    if (split) {
      after.push(plan?.inPlace ?? command.text);
      continue;
    }
    if (!SEGMENT_ROLES.has(role)) {
      split = true;
      after.push(command.text);
      continue;
    }
    const beforeText = plan ? plan.before : command.text;
    if (beforeText !== null) before.push(beforeText);
    reads.push(...(plan?.reads ?? []));
    if (plan?.after) {
      after.push(plan.after);
      split = true;
    } else if (beforeText === null) {
      split = true;
    }
  }
  const installsBefore = install.roles.some((role, position) => role === 'install' && install.plans[position]?.before !== null && position < install.commands.length);
  if (!installsBefore || before.length === 0) {
    return { kind: 'stays', reason: 'the install needs the source, so it still runs after the source is copied' };
  }
  for (let index = firstSource; index < install.index; index++) {
    const step = steps[index]!;
    if (step.role === 'workdir') return { kind: 'stays', reason: 'a WORKDIR between the source copy and the install keeps them in order' };
    if (step.role === 'run' && !step.groups!.every((group) => ['system', 'installer-setup', 'inspect'].includes(group.role))) {
      return { kind: 'stays', reason: `line ${step.instruction.line + 1} may need the source before the install, so the order is kept` };
    }
  }
  const deferred = [...copies.entries()].filter(([index, copy]) => index >= firstSource && index < install.index && copy.kind === 'content').map(([index]) => index);
  const byDirectory = new Map<string, string[]>();
  for (const path of [...new Set(reads)]) {
    const found = fileAt(path, install.index);
    if (found === null) return { kind: 'stays', reason: `dfmod cannot tell which context file becomes ${path}, so the install still runs after the source copy` };
    if (!deferred.includes(found.copy)) continue;
    const directory = dirname(path);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), found.contextPath]);
  }
  // Destinations are written from the stage's WORKDIR, which a RUN's own `cd` does not move.
  const workdir = workdirs[install.index]!;
  const manifestCopies = [...byDirectory.entries()].map(([directory, sources]) => ({
    sources: sources.sort(),
    destination: directory === workdir ? './' : directory.startsWith(`${workdir}/`) ? `./${directory.slice(workdir.length + 1)}/` : `${directory}/`,
  }));
  return { kind: 'reorder', reorder: { deferred, manifestCopies, before, after } };
}

function pinnedPoetry(steps: readonly Step[], envs: readonly ReadonlyMap<string, string>[]): number[] | null {
  const fromEnv = envs.at(-1)?.get('POETRY_VERSION');
  let pinned: string | null = fromEnv ?? null;
  for (const step of steps) {
    for (const group of step.groups ?? []) {
      for (const command of group.commands) {
        const match = /\bpoetry==([\d.]+)/.exec(command.text);
        if (match) pinned = match[1]!;
      }
    }
  }
  if (pinned === null) return null;
  return pinned.split('.').map(Number).filter((part) => Number.isFinite(part));
}

/**
 * `./configure --prefix=/usr && make && make install` (TA-Lib, a newer SQLite): the library lands
 * in the builder's system directories, beside files the runtime image has its own copies of, and
 * the packages built against it load it at run time. dfmod cannot tell which of those files
 * production needs, so it leaves the file alone.
 */
function sourceInstall(steps: readonly Step[]): string | null {
  for (const step of steps) {
    const commands = (step.groups ?? []).flatMap((group) => group.commands);
    const install = commands.find((command) => {
      const words = commandWords(command);
      return (words[0] === 'make' && words.slice(1).includes('install')) || (words[0] === 'cmake' && words.includes('--install')) || (words[0] === 'ninja' && words.includes('install'));
    });
    if (!install) continue;
    const configure = commands.map(commandWords).find((words) => baseName(words[0] ?? '') === 'configure');
    const prefix = configure?.find((word) => word.startsWith('--prefix='))?.slice('--prefix='.length) ?? '/usr/local';
    return `line ${step.instruction.line + 1}: "${install.text}" installs a library built from source into ${prefix}, and dfmod cannot tell which of its files production needs beside the runtime image's own`;
  }
  return null;
}

/** Refuses commands the running container could not run from the virtualenv. */
function refuseFinalCommand(steps: readonly Step[], runWrapper: RunWrapper | null): string | null {
  const instructions = steps.map((step) => step.instruction);
  const called = programsWithoutWrapper(instructions, runWrapper);
  const installer = called.find((program) => INSTALLER_PROGRAMS.has(program));
  if (installer) return `the container runs ${installer} at start, and dfmod keeps installers out of production`;
  const devServer = developmentServer(instructions);
  if (devServer) return `the container runs a development server (${devServer}), which reloads the source it watches: an image for development, not one to split into production`;
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    const instruction = instructions.filter((candidate) => candidate.keyword === keyword).at(-1);
    const words = instruction ? (instruction.json ?? instruction.args) : [];
    const python = words.find((word) => isPythonProgram(word) && word.startsWith('/') && !word.includes('venv'));
    if (python) return `the command runs ${python}, which would not see the packages in the virtualenv`;
  }
  return null;
}

/** App servers whose `--reload` (and Flask's `--debug`) restarts them when the source changes. */
const RELOADING_SERVERS = new Set(['uvicorn', 'gunicorn', 'hypercorn', 'flask']);

/**
 * The development server the final command starts, as `uvicorn --reload` or `fastapi dev`, or
 * null. A `sh -c` string counts word by word.
 */
function developmentServer(instructions: readonly Instruction[]): string | null {
  const last = (keyword: string) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  const words = [last('ENTRYPOINT'), last('CMD')].flatMap((instruction) => (instruction ? (instruction.json ?? instruction.args) : [])).flatMap((word) => word.split(/\s+/));
  const programs = words.map((word) => word.split('/').at(-1)!);
  const fastapi = programs.findIndex((program, index) => program === 'fastapi' && words[index + 1] === 'dev');
  if (fastapi >= 0) return 'fastapi dev';
  const server = programs.find((program) => RELOADING_SERVERS.has(program));
  if (server === undefined) return null;
  const flag = words.find((word) => word === '--reload' || (server === 'flask' && word === '--debug'));
  return flag === undefined ? null : `${server} ${flag}`;
}

/** An app server or script that names its own app (`uvicorn main:app`), not a Django project's wsgi/asgi module or manage.py. */
const APP_SERVERS = new Set(['uvicorn', 'gunicorn', 'hypercorn', 'daphne', 'granian', 'waitress-serve', 'flask', 'fastapi', 'streamlit', 'python', 'python3']);

/**
 * Whether the container's command runs something other than the Django project the context
 * may also hold (a FastAPI `uvicorn main:app` beside a leftover Django settings package): then
 * Django's settings say nothing about what runs. A command dfmod cannot read counts as Django.
 */
function runsOtherThanDjango(steps: readonly Step[]): boolean {
  const instructions = steps.map((step) => step.instruction);
  const last = (keyword: string) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  const words = [last('ENTRYPOINT'), last('CMD')].flatMap((instruction) => (instruction ? (instruction.json ?? instruction.args) : []));
  const program = words.find((word) => !word.startsWith('-'))?.split('/').at(-1) ?? '';
  if (!APP_SERVERS.has(program)) return false;
  return !words.some((word) => /manage\.py|django|\.wsgi\b|\.asgi\b/.test(word));
}

/** Build steps whose output lies outside the app directory: production copies it too. */
function buildOutputs(steps: readonly Step[], staticRoot: SettingPath | null, appDir: string | null, copies: ReadonlyMap<number, CopyFacts>, context: BuildContext, warnings: Finding[]): string[] {
  const collects = steps.some((step) => step.groups?.some((group) => group.role === 'build' && group.commands.some((command) => command.text.includes('collectstatic'))));
  if (!collects) return [];
  const path = staticRoot === null ? null : imagePathOf(staticRoot, copies, context);
  if (path === null) {
    warnings.push({ id: 'build-output', message: 'collectstatic runs in the builder and dfmod could not read STATIC_ROOT; if it lies outside the app directory, copy it to production' });
    return [];
  }
  if (appDir !== null && (path === appDir || path.startsWith(`${appDir}/`))) return [];
  return [path];
}

/** A settings path as an image path, through the copy that brought the project into the image. */
function imagePathOf(setting: SettingPath, copies: ReadonlyMap<number, CopyFacts>, context: BuildContext): string | null {
  if (setting.kind === 'absolute') return normalize(setting.path);
  if (setting.kind === 'unknown') return null;
  for (const copy of [...copies.values()].reverse()) {
    if (copy.kind !== 'content' || !copy.fromContext) continue;
    for (const source of copy.sources) {
      const clean = source.replace(/^\.\//, '').replace(/\/$/, '');
      if (clean === '.' || clean === '') return joinPath(copy.destination, setting.path);
      if (context.directories.includes(clean) && (setting.path === clean || setting.path.startsWith(`${clean}/`))) {
        return joinPath(copy.destination, setting.path.slice(clean.length + 1));
      }
    }
  }
  return null;
}

/**
 * What the running app writes that only its code and config say: Django's MEDIA_ROOT, and the
 * SQLite databases its URLs (`sqlite:///./todos.db`) and `sqlite3.connect("...")` calls name, and the directories and
 * files its code makes or opens for writing (app-writes.ts), with the writes whose path it cannot follow.
 * Relative paths are the app's working directory's, the final WORKDIR. (VOLUMEs and the
 * directories the Dockerfile makes come from the shared written-paths reader.)
 */
function writtenPaths(
  django: ReturnType<typeof readDjango>,
  copies: ReadonlyMap<number, CopyFacts>,
  context: BuildContext,
  fileAt: ReturnType<typeof contextFileAt>,
  finalWorkdir: string,
  stepCount: number,
): { written: WrittenPath[]; computed: string[] } {
  const paths: WrittenPath[] = [];
  const computed: string[] = [];
  if (django?.mediaRoot) {
    const media = imagePathOf(django.mediaRoot, copies, context);
    if (media !== null) paths.push({ path: media, kind: 'directory', source: 'Django MEDIA_ROOT' });
  }
  for (const written of django?.writtenDirs ?? []) {
    const directory = imagePathOf(written.path, copies, context);
    if (directory !== null) paths.push({ path: directory, kind: 'directory', source: `Django settings ${written.name}` });
  }
  const instanceRelative = flaskSqlalchemyInstancePaths(context);
  for (const [file, text] of context.contents) {
    if (!file.endsWith('.py') && !/(^|\/)(alembic\.ini|settings\.(toml|ya?ml))$/.test(file)) continue;
    // Flask-SQLAlchemy 3 opens a relative SQLite URL in the app's instance folder, not the working directory.
    const inInstance = instanceRelative && /^\s*(?:from\s+flask_sqlalchemy\s+import|import\s+flask_sqlalchemy)\b/m.test(text);
    const found = [
      ...sqliteUrlPaths(text).map((hit) => ({ ...hit, what: hit.url, path: inInstance && !hit.path.startsWith('/') ? `instance/${hit.path.replace(/^(?:\.\/)+/, '')}` : hit.path })),
      ...text.split(/\r?\n/).flatMap((line, index) => {
        const call = /\bsqlite3\.connect\(\s*(?:r?["'])([^"'$%{}]+)["']/.exec(line);
        return call && !line.trimStart().startsWith('#') && call[1] !== ':memory:' ? [{ path: call[1]!, line: index + 1, what: 'sqlite3.connect' }] : [];
      }),
    ];
    for (const hit of found) {
      const copied = fileAt(joinPath(finalWorkdir, hit.path), stepCount) !== null;
      paths.push({ path: hit.path, kind: 'file', source: `${file}:${hit.line} (${hit.what})`, ...(copied ? { copied } : {}) });
    }
  }
  for (const write of appWrites(context)) {
    const { target } = write;
    const path = target.kind === 'cwd' ? target.path : target.kind === 'context' ? imagePathOf(target, copies, context) : target.kind === 'absolute' ? target.path : null;
    if (path === null) {
      if (!isTemporaryPath(write.expression, context.contents.get(write.file) ?? '')) computed.push(`${write.site}: ${write.expression}`);
      continue;
    }
    paths.push({ path, kind: write.kind, source: write.site });
  }
  return { written: paths.filter((path, index) => paths.findIndex((other) => other.path === path.path) === index), computed: [...new Set(computed)].sort() };
}

/**
 * Whether Flask-SQLAlchemy resolves relative SQLite paths in the instance folder, as 3.0 and
 * later do: unless a requirements file of the context pins a 2.x release.
 */
function flaskSqlalchemyInstancePaths(context: BuildContext): boolean {
  for (const [file, text] of context.contents) {
    if (!/(^|\/)requirements[^/]*\.(txt|in)$/.test(file)) continue;
    if (/^\s*flask[-_.]sqlalchemy\s*(?:==|~=|<=?)\s*[0-2]\./im.test(text)) return false;
  }
  return true;
}

/**
 * A requirements line that installs over `git://` (`-e git://github.com/...`): GitHub stopped
 * serving the unauthenticated git protocol in 2022, so the original cannot build either.
 */
function gitProtocolRequirement(installs: readonly InstallStepPlan[], fileAt: ReturnType<typeof contextFileAt>): string | null {
  for (const install of installs) {
    for (const plan of install.plans) {
      for (const path of plan?.reads ?? []) {
        const found = fileAt(path, install.index);
        const lines = found?.text?.split(/\r?\n/) ?? [];
        const index = lines.findIndex((line) => !line.trimStart().startsWith('#') && /\bgit:\/\/github\.com\//.test(line));
        if (index >= 0) return `${found!.contextPath}:${index + 1} installs from git://github.com, which GitHub stopped serving in 2022, so the original cannot build either`;
      }
    }
  }
  return null;
}

/**
 * Every dependency the installs name, as specifiers: requirements files, pip operands,
 * pyproject.toml, Pipfile and the lockfiles.
 */
function dependencySpecs(installs: readonly InstallStepPlan[], context: BuildContext, fileAt: ReturnType<typeof contextFileAt>): string[] {
  const specs: string[] = [];
  for (const install of installs) {
    for (const [position, plan] of install.plans.entries()) {
      for (const path of plan?.reads ?? []) {
        const text = fileAt(path, install.index)?.text;
        if (text !== undefined && /\.(txt|in)$/.test(path)) specs.push(...requirementSpecs(text));
      }
      const call = installerCall(commandWords(install.commands[position]!));
      if (call && (call.installer === 'pip' || call.installer === 'uv-pip')) specs.push(...scanOptions(call.args).operands);
    }
  }
  const pyproject = parseToml(context.contents.get('pyproject.toml') ?? '');
  const project = pyproject?.project as { dependencies?: unknown } | undefined;
  if (Array.isArray(project?.dependencies)) specs.push(...project.dependencies.filter((spec): spec is string => typeof spec === 'string'));
  const poetry = (pyproject?.tool as { poetry?: { dependencies?: Record<string, unknown> } } | undefined)?.poetry;
  for (const [name, value] of Object.entries(poetry?.dependencies ?? {})) {
    const extras = (value as { extras?: unknown } | null)?.extras;
    specs.push(Array.isArray(extras) ? `${name}[${extras.join(',')}]` : name);
  }
  for (const lockfile of ['poetry.lock', 'uv.lock']) {
    const packages = parseToml(context.contents.get(lockfile) ?? '')?.package;
    if (Array.isArray(packages)) specs.push(...packages.flatMap((entry) => (typeof (entry as { name?: unknown }).name === 'string' ? [(entry as { name: string }).name] : [])));
  }
  const pipfile = parseToml(context.contents.get('Pipfile') ?? '');
  specs.push(...Object.keys((pipfile?.packages as Record<string, unknown> | undefined) ?? {}));
  try {
    const lock = JSON.parse(context.contents.get('Pipfile.lock') ?? '{}') as { default?: Record<string, unknown> };
    specs.push(...Object.keys(lock.default ?? {}));
  } catch {
    // An unreadable Pipfile.lock names nothing; pipenv itself will refuse it at build time.
  }
  return specs;
}

/** Console scripts pyproject.toml declares (`[project.scripts]`, `[tool.poetry.scripts]`). */
function projectScripts(context: BuildContext): string[] {
  const pyproject = parseToml(context.contents.get('pyproject.toml') ?? '');
  const tables = [(pyproject?.project as { scripts?: unknown } | undefined)?.scripts, ((pyproject?.tool as { poetry?: { scripts?: unknown } } | undefined)?.poetry)?.scripts];
  return tables.flatMap((table) => (typeof table === 'object' && table !== null ? Object.keys(table) : []));
}

function linkedLibraries(specs: readonly string[]): { distribution: string; devPackages: readonly string[] }[] {
  const found = new Map<string, readonly string[]>();
  const names = new Set(specs.map(requirementName));
  const selfContained = new Set<string>();
  for (const spec of specs) {
    const name = requirementName(spec);
    const extras = (/\[([^\]]*)\]/.exec(spec)?.[1] ?? '').split(',').map((extra) => extra.trim());
    const own = SELF_CONTAINED[name];
    if (own && (own.extras.some((extra) => extras.includes(extra)) || own.companions.some((companion) => names.has(companion)))) selfContained.add(name);
  }
  for (const spec of specs) {
    const name = requirementName(spec);
    const devPackages = LINKED_LIBRARIES[name];
    if (devPackages && !selfContained.has(name)) found.set(name, devPackages);
  }
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([distribution, devPackages]) => ({ distribution, devPackages }));
}

/** Where `pip install --user` put packages before: a command that names its bin moves to the virtualenv's. */
function userBaseOf(installs: readonly InstallStepPlan[], user: InstallUser): string | null {
  const usesUser = installs.some((install) => install.commands.some((command) => commandWords(command).includes('--user')));
  if (!usesUser || user.home === null) return null;
  return `${user.home}/.local`;
}

function scriptInterpreters(steps: readonly Step[], context: BuildContext): string[] {
  const interpreters = new Set<string>();
  const final = ['ENTRYPOINT', 'CMD'].map((keyword) => steps.map((step) => step.instruction).filter((instruction) => instruction.keyword === keyword).at(-1));
  const words = final.flatMap((instruction) => (instruction ? (instruction.json ?? instruction.args) : [])).filter((word) => !word.startsWith('-'));
  for (const word of words) {
    const file = context.files.find((candidate) => baseName(candidate) === baseName(word) && (candidate === word.replace(/^\.\//, '') || !candidate.includes('/')));
    if (!file || !file.endsWith('.sh')) continue;
    const firstLine = (context.contents.get(file) ?? '').split('\n', 1)[0] ?? '';
    if (!firstLine.startsWith('#!')) continue;
    const parts = firstLine.slice(2).trim().split(/\s+/);
    const program = parts[0]?.endsWith('/env') ? parts[1] : parts[0];
    if (program) interpreters.add(baseName(program));
  }
  return [...interpreters].sort();
}

