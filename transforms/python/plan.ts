import type { Instruction } from '../../src/core/dockerfile.js';
import { orderChanges, uniqueFindings, type Change, type Warning } from '../../src/core/findings.js';
import type { Edit, PlanItem } from '../../src/core/plan.js';
import { splitCommands, type ShellCommand } from '../../src/core/shell.js';
import type { PlanResult, TransformInput } from '../../src/core/transform.js';
import { added, attachOrphanComments, cacheMountFlag, fromEdits, insertFlagsEdit, keep, userPosition } from '../shared/edits.js';
import { formatImageRef, withTag, type ImageRef } from '../shared/image-ref.js';
import { withoutRepeatedTail } from '../shared/placement.js';
import { CREATED_USER, CREATED_USER_SPEC, createUserCommand } from '../shared/run-user.js';
import { debianReleaseOfTag, installCommand, installsOnlyNamedPackages, parseSystemInstall, refreshesPackageIndex, runtimePackagesFor, wheelRuntimeLibraries, type DebianRelease, type PackageFamily } from '../shared/system-packages.js';
import { commonWarnings, privilegedPorts, registryWarnings, rootWorkdirWarning } from '../shared/warnings.js';
import type { Step } from './classify.js';
import type { InstallStepPlan, PythonFacts } from './detect.js';
import { programsWithoutWrapper } from './run-wrapper.js';
import {
  ASSET_TOOL_PACKAGES,
  ASSET_TOOLS,
  BUILD_STEP_PACKAGES,
  INSTALLER_SETTING,
  defaultDebianRelease,
  PROGRAM_PACKAGES,
  PYTHON_DOCKERIGNORE,
  PYTHON_IMAGE_PROGRAMS,
  TOOLS,
} from './tables.js';

type Refusal = { ok: false; status: 'skipped'; reason: string };

function refuse(reason: string): Refusal {
  return { ok: false, status: 'skipped', reason };
}

interface Runtime {
  readonly written: string;
  readonly resolved: string;
  readonly family: PackageFamily;
  readonly programs: readonly string[];
  readonly release: DebianRelease | null;
  /** The tag names no Debian release, so dfmod assumed the one the image has today. */
  readonly releaseAssumed: boolean;
}

/** The user dfmod creates when the original runs as root. */

/** `3.12` -> `3.12-slim`, `3.12-bookworm` -> `3.12-slim-bookworm`, as the official python tags go. */
function slimTag(tag: string | null): string {
  if (tag === null || tag === 'latest') return 'slim';
  const words = tag.split('-');
  if (words.includes('slim')) return tag;
  return /^(\d|\$)/.test(words[0] ?? '') ? [words[0], 'slim', ...words.slice(1)].join('-') : ['slim', ...words].join('-');
}

function chooseRuntime(input: TransformInput, facts: PythonFacts): Runtime | Refusal {
  const requested = input.options.runtime;
  if (requested === 'distroless') {
    return refuse('distroless python images run Debian\'s python3 from /usr/bin, not the official image\'s /usr/local/bin/python the virtualenv links to');
  }
  const family: PackageFamily = requested === 'alpine' ? 'alpine' : requested === 'slim' ? 'debian' : facts.family;
  if (family !== facts.family) {
    return refuse(facts.family === 'debian'
      ? `--runtime ${requested}: wheels installed on glibc do not run on musl (alpine)`
      : `--runtime ${requested}: packages built on musl (alpine) do not run on glibc`);
  }
  const runtimeOf = (ref: ImageRef) => formatImageRef(withTag(ref, family === 'alpine' ? ref.tag : slimTag(ref.tag)));
  const writtenWords = (facts.written.tag ?? '').split('-').length;
  const resolvedWords = (facts.baseRef.tag ?? '').split('-').length;
  if (facts.written.tag !== facts.baseRef.tag && writtenWords !== resolvedWords) {
    return refuse(`the tag ${facts.written.tag} hides the image variant in a variable; dfmod cannot derive the runtime tag from it`);
  }
  const resolved = runtimeOf(facts.baseRef);
  const tagRelease = debianReleaseOfTag(withTag(facts.baseRef, slimTag(facts.baseRef.tag)).tag);
  const programs = [...PYTHON_IMAGE_PROGRAMS[family === 'alpine' ? 'alpine' : 'debian-slim'], ...(facts.minor !== null ? [`python3.${facts.minor}`] : [])];
  return {
    written: runtimeOf(facts.written),
    resolved,
    family,
    programs,
    release: family === 'alpine' ? null : (tagRelease ?? defaultDebianRelease(facts.minor)),
    releaseAssumed: family !== 'alpine' && tagRelease === null,
  };
}

/** The cache directories the installers of a RUN use, for the user that runs it. */
function cacheTargets(install: InstallStepPlan, facts: PythonFacts): string[] {
  const env = facts.envs[install.index]!;
  const home = facts.installUser.home;
  if (home === null) return [];
  const cacheHome = env.get('XDG_CACHE_HOME') ?? `${home}/.cache`;
  const usesPip = install.roles.some((role) => role === 'pip-setup');
  const tools = [...new Set([...install.tools, ...(usesPip ? (['pip'] as const) : [])])].sort();
  return [...new Set(tools.flatMap((tool) => TOOLS[tool].caches.map((cache) => env.get(cache.variable) ?? `${cacheHome}/${cache.directory}`)))];
}

function mountFlags(install: InstallStepPlan, facts: PythonFacts): string[] {
  if (!facts.installUser.root && facts.installUser.owner === null) return [];
  const existing = facts.steps[install.index]!.instruction.flags.filter((flag) => flag.name === 'mount').map((flag) => flag.value ?? '');
  return cacheTargets(install, facts)
    .filter((target) => !existing.some((value) => value.includes(`target=${target}`)))
    .map((target) => cacheMountFlag(target, facts.installUser.root ? undefined : facts.installUser.owner!));
}

function originalFlags(instruction: Instruction): string[] {
  return instruction.flags.map((flag) => instruction.raw.slice(flag.start, flag.end));
}

/** A new RUN for commands: one line, or one command per line when the original RUN spanned lines. */
function runLines(flags: readonly string[], commands: readonly string[], multiline: boolean): string[] {
  const head = ['RUN', ...flags].join(' ');
  if (!multiline || commands.length < 2) return [`${head} ${commands.join(' && ')}`];
  return [`${head} ${commands[0]}`, ...commands.slice(1).map((command) => `&& ${command}`)];
}

function isMultiline(instruction: Instruction): boolean {
  return instruction.raw.includes('\n');
}

/**
 * uv settings for the builder: copy out of the cache mount (another filesystem, where uv's
 * hardlinks fail) and use the image's own Python, never one uv would download, which the
 * runtime image would not have.
 */
const UV_BUILDER_ENV = ['UV_LINK_MODE=copy', 'UV_PYTHON_DOWNLOADS=never'];

/**
 * uv settings for production, where compose starts the image with `uv run`: never sync (no
 * network, and the virtualenv belongs to root), no cache (the run user has no home to keep one
 * in), and no interpreter downloads.
 */
const UV_RUN_ENV = ['UV_NO_SYNC=1', 'UV_NO_CACHE=1', 'UV_PYTHON_DOWNLOADS=never'];

function venvEnvLine(facts: PythonFacts, builder: boolean): string[] {
  const path = facts.venv.path;
  const base = [`VIRTUAL_ENV=${path}`, `PATH="${path}/bin:$PATH"`];
  if (!builder || !facts.venv.uvSync) return [`ENV ${base.join(' ')}`];
  const [first, ...rest] = [`UV_PROJECT_ENVIRONMENT=${path}`, ...UV_BUILDER_ENV, ...base];
  return [`ENV ${first}`, ...rest];
}

function venvCreation(facts: PythonFacts): string | null {
  const owner = facts.installUser.root ? null : facts.installUser.name;
  if (facts.venv.uvProject && owner === null) return null;
  return `RUN python -m venv ${facts.venv.path}${owner ? ` && chown -R ${owner} ${facts.venv.path}` : ''}`;
}

export function planPython(input: TransformInput, facts: PythonFacts): PlanResult {
  const runtime = chooseRuntime(input, facts);
  if ('ok' in runtime) return runtime;
  const changes: Change[] = [...facts.changes];
  const warnings: Warning[] = [...facts.warnings, ...commonWarnings(input.dockerfile, facts.baseImage), ...registryWarnings(facts.baseRef, runtime.resolved)];

  const builder = builderItems(input, facts, changes, warnings);
  const production = productionItems(input, facts, runtime, changes, warnings);
  if ('ok' in production) return production;
  const runText = (item: PlanItem) => (item.kind === 'new' ? item.lines.join(' ') : item.instruction.keyword === 'RUN' ? item.instruction.argsText : '');
  if (facts.retiredRelease !== null && production.items.some((item) => /\bapt(?:-get)? install\b/.test(runText(item)))) {
    return refuse(`${facts.baseImage} is on Debian ${facts.retiredRelease}, whose packages have left deb.debian.org, so the apt-get install production needs would fail`);
  }

  const once = withoutRepeatedTail(builder, production.items);
  const stages = [
    { name: 'builder', items: once.builder },
    { name: 'production', items: once.production },
  ];
  changes.unshift(
    { id: 'split-stages', message: 'stages builder, production' },
    { id: 'runtime-base', message: `production stage runs on ${runtime.resolved}` },
    {
      id: 'virtualenv',
      message: facts.venv.ours
        ? `dependencies are installed into the virtualenv ${facts.venv.path}, which production copies with its bin first on PATH`
        : `production copies the virtualenv ${facts.venv.path} the original installs into`,
    },
  );
  const dockerignore = dockerignoreEntries(input);
  return {
    ok: true,
    plan: {
      globalItems: input.dockerfile.globalArgs.map((instruction) => keep(instruction)),
      stages,
      changes: orderChanges(changes, CHANGE_ORDER),
      warnings: uniqueFindings(warnings),
      runtime: {
        runtimeImage: runtime.resolved,
        programs: production.programs,
        movedPaths: facts.userBase ? { [`${facts.userBase}/bin/`]: `${facts.venv.path}/bin/` } : {},
        scriptInterpreters: facts.scriptInterpreters,
        ...(facts.runWrapper ? { unwrappedCommand: facts.runWrapper.compared } : {}),
        ...(production.builderOnlyEnv.length > 0 ? { builderOnlyEnv: production.builderOnlyEnv } : {}),
        ...(facts.unloadedSources.length > 0 ? { unloadedSources: facts.unloadedSources } : {}),
        baseUserNonRoot: false,
      },
      dockerignore,
    },
  };
}

/**
 * Whether production copies this content COPY from the build context itself (it lands outside
 * the app directory that production takes from the builder).
 */
function copiedFromContext(facts: PythonFacts, index: number): boolean {
  const copy = facts.copies.get(index)!;
  const { appDir } = facts;
  return copy.kind === 'content' && !(appDir !== null && (copy.destination === appDir || copy.destination.startsWith(`${appDir}/`)));
}

/**
 * A builder copy of the source that production takes from the context anyway and that no
 * builder step after it reads (the install moved above it, nothing left to run): it is dead.
 */
function deadBuilderCopy(facts: PythonFacts, index: number): boolean {
  if (!copiedFromContext(facts, index)) return false;
  const install = facts.installs[0]!;
  const deferred = facts.reorder?.deferred.includes(index) === true;
  if (deferred && facts.reorder!.after.length > 0) return false;
  const from = deferred ? Math.max(index, install.index) : index;
  return !facts.steps.some((step, later) => later > from && step.role === 'run');
}

function builderItems(input: TransformInput, facts: PythonFacts, changes: Change[], warnings: Warning[]): PlanItem[] {
  const lowercase = input.dockerfile.lowercaseKeywords;
  const items: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'builder', lowercase, facts.builderImage ?? undefined) })];
  items.push(...redeclareGlobals(input, facts.steps.map((step) => step.instruction)));
  let orphans: Instruction[] = [];
  const push = (...pushed: PlanItem[]) => {
    if (pushed.length === 0) return;
    items.push(...attachOrphanComments(pushed, orphans));
    orphans = [];
  };
  const installAt = new Map(facts.installs.map((install) => [install.index, install]));
  const firstInstall = facts.installs[0]!;
  const reorder = facts.reorder;
  const deferred = new Set(reorder?.deferred ?? []);
  const preEmittedAtVenv = facts.venv.ours && firstInstall.pre.length > 0;
  const mountTargets = new Set<string>();

  facts.steps.forEach((step, index) => {
    if (index === facts.venvAt && !facts.venv.ours && facts.venv.uvSync) {
      const [first, ...rest] = UV_BUILDER_ENV;
      push(added([`ENV ${first}`, ...rest]));
    }
    if (index === facts.venvAt && facts.venv.ours) {
      // The installers and system packages the install RUN set up first must be in place before the virtualenv.
      const installRun = facts.steps[firstInstall.index]!.instruction;
      if (preEmittedAtVenv) push(added(runLines(originalFlags(installRun), firstInstall.pre.map((command) => command.text), isMultiline(installRun))));
      const creation = venvCreation(facts);
      if (creation) push(added(creation));
      push(added(venvEnvLine(facts, true)));
    }
    const { instruction } = step;
    if (step.role === 'meta') return;
    if (step.role === 'copy') {
      const lockfiles = facts.lockfileCopies.get(index);
      if (!deferred.has(index) && !deadBuilderCopy(facts, index)) push(keep(instruction, lockfiles ? { edits: [lockfiles.edit] } : {}));
      return;
    }
    if (step.role !== 'run') {
      push(keep(instruction));
      return;
    }
    const entered = installAt.get(index)?.enters != null ? step.groups?.[0] : undefined;
    const others = (step.groups ?? []).filter((group) => group.role === 'other' && group !== entered).map((group) => group.commands.map((command) => command.text).join(' && '));
    for (const text of others) {
      warnings.push({
        id: 'unproven-step',
        message: `line ${instruction.line + 1}: "${text}" runs in the builder; only its files in ${[facts.appDir, facts.venv.path].filter(Boolean).join(' and ')} reach production`,
      });
    }
    const install = installAt.get(index);
    if (install) {
      const flags = mountFlags(install, facts);
      flags.forEach((flag) => mountTargets.add(flag));
      const runFlags = [...originalFlags(instruction), ...flags];
      const multiline = isMultiline(instruction);
      // A leading `cd /app` stays the RUN's first command, so that the install still runs where it did.
      const enters = install.enters === null ? [] : [`cd ${install.enters}`];
      const pre = [...enters, ...(install === firstInstall && preEmittedAtVenv ? [] : install.pre.map((command) => command.text))];
      if (install === firstInstall && reorder) {
        push(...reorder.manifestCopies.map((copy) => added(`COPY ${copy.sources.join(' ')} ${copy.destination}`)));
        const first = added(runLines(runFlags, [...pre, ...reorder.before], multiline), { carry: [instruction] });
        push(first);
        for (const copyIndex of reorder.deferred.filter((deferredIndex) => !deadBuilderCopy(facts, deferredIndex))) {
          const lockfiles = facts.lockfileCopies.get(copyIndex);
          push(keep(facts.steps[copyIndex]!.instruction, lockfiles ? { edits: [lockfiles.edit] } : {}));
        }
        if (reorder.after.length > 0) {
          const afterFlags = reorder.after.some((text) => /\b(pip3?|poetry|pipenv|uv|setup\.py)\b/.test(text)) ? runFlags : originalFlags(instruction);
          push(added(runLines(afterFlags, [...enters, ...reorder.after], multiline)));
        }
        return;
      }
      const texts = install.commands.flatMap((command, position) => (install.roles[position] === 'cache-clean' ? [] : [install.plans[position]?.inPlace ?? command.text]));
      const all = [...pre, ...texts];
      const unchanged = install.pre.length + enters.length === pre.length && texts.length === install.commands.length && texts.every((text, position) => text === install.commands[position]!.text);
      if (unchanged) push(keep(instruction, { edits: flags.length > 0 ? [insertFlagsEdit(instruction, flags)] : [] }));
      else push(added(runLines(runFlags, all, multiline), { carry: [instruction] }));
      return;
    }
    const groups = step.groups ?? [];
    const kept = groups.filter((group) => group.role !== 'cache-clean').flatMap((group) => group.commands.map((command) => command.text));
    const total = groups.reduce((count, group) => count + group.commands.length, 0);
    if (kept.length === total) push(keep(instruction));
    else if (kept.length > 0) push(added(runLines(originalFlags(instruction), kept, isMultiline(instruction)), { carry: [instruction] }));
    else orphans.push(instruction);
  });
  if (orphans.length > 0) {
    const last = items.pop()!;
    items.push({ ...last, carry: [...(last.carry ?? []), ...orphans] });
  }
  if (mountTargets.size > 0) {
    const targets = [...new Set([...mountTargets].map((flag) => /target=([^,]+)/.exec(flag)![1]!))];
    changes.push({ id: 'cache-mount', message: `installer caches mounted at ${targets.join(', ')}` });
  } else if (!facts.installUser.root) {
    warnings.push({ id: 'cache-mount', message: `the install runs as ${facts.installUser.name}, whose uid dfmod does not know; no cache mount added` });
  }
  if (facts.reorder && facts.reorder.manifestCopies.length > 0 && !changes.some((change) => change.id === 'manifest-first')) {
    changes.push({ id: 'manifest-first', message: `${facts.reorder.manifestCopies.flatMap((copy) => copy.sources).join(', ')} copied and installed before the source` });
  }
  const builds = facts.steps.flatMap((step) => step.groups?.filter((group) => group.role === 'build').flatMap((group) => group.commands.map((command) => command.text)) ?? []);
  if (builds.length > 0) {
    changes.push({ id: 'build-steps', message: `${builds.join(', ')} run${builds.length === 1 ? 's' : ''} in the builder; production copies ${[facts.appDir, ...facts.buildOutputs].filter(Boolean).join(', ')}` });
  }
  return items;
}

/** `ARG NAME` in a stage for each global ARG its instructions use (the FROM line excepted). */
function redeclareGlobals(input: TransformInput, instructions: readonly Instruction[]): PlanItem[] {
  const globals = input.dockerfile.globalArgs.flatMap((instruction) => instruction.properties.map(([name]) => name));
  const declared = new Set(instructions.filter((instruction) => instruction.keyword === 'ARG').flatMap((instruction) => instruction.properties.map(([name]) => name)));
  const used = globals.filter((name) => !declared.has(name) && instructions.some((instruction) => instruction.keyword !== 'FROM' && instruction.variables.includes(name)));
  return used.map((name) => added(`ARG ${name}`));
}

interface Production {
  readonly items: PlanItem[];
  readonly programs: string[];
  /** Installer settings left in the builder. */
  readonly builderOnlyEnv: string[];
}

function productionItems(input: TransformInput, facts: PythonFacts, runtime: Runtime, changes: Change[], warnings: Warning[]): Production | Refusal {
  const lowercase = input.dockerfile.lowercaseKeywords;
  const { steps, appDir, venv } = facts;
  const instructions = steps.map((step) => step.instruction);
  const addUser = facts.finalUser === null;
  const calledByCommand = programsWithoutWrapper(instructions, facts.runWrapper);
  const callsNode = calledByCommand.some((program) => ASSET_TOOLS.has(program));
  const body: PlanItem[] = [];
  const kept: Instruction[] = [];
  const installerSettings: string[] = [];
  const venvInApp = appDir !== null && (venv.path === appDir || venv.path.startsWith(`${appDir}/`));
  let placedSetup = false;
  // Where the user, virtualenv and code copies begin in production: a runtime install that came after them moves here.
  let setupAt: number | null = null;
  let placedVenv = venvInApp;
  let placedApp = false;

  // Programs the container calls that the runtime image lacks: the original's system packages, or the ones dfmod adds.
  const called = [...new Set([...calledByCommand, ...facts.scriptInterpreters])];
  const systemPackages = new Set(steps.flatMap((step) => runtimeSystemPackages(step, runtime, callsNode)));
  const available = new Set(runtime.programs);
  const extraPackages: string[] = [];
  for (const program of called) {
    if (available.has(program)) continue;
    const known = PROGRAM_PACKAGES[program];
    if (known) {
      if (!systemPackages.has(known[runtime.family])) {
        extraPackages.push(known[runtime.family]);
        changes.push({ id: 'runtime-packages', message: `production installs ${known[runtime.family]}, which the container calls` });
      }
    } else if (PYTHON_IMAGE_PROGRAMS['debian-full'].includes(program)) {
      return refuse(`the container calls ${program}, which ${runtime.resolved} does not have`);
    }
  }
  // Libraries the full image carried that source-built dependencies link against.
  const linked = runtime.family === 'debian' ? facts.linkedLibraries.map((library) => ({
    ...library,
    packages: runtimePackagesFor('debian', library.devPackages, runtime.release).packages.filter((name) => !systemPackages.has(name)),
  })).filter((library) => library.packages.length > 0) : [];
  for (const library of linked) {
    extraPackages.push(...library.packages.filter((name) => !extraPackages.includes(name)));
    changes.push({ id: 'runtime-packages', message: `production installs ${library.packages.join(', ')}, which ${library.distribution} links (the full python image had it)` });
  }
  // Wheels that load system libraries they do not bundle: slim has none of them.
  if (runtime.family === 'debian') {
    for (const distribution of facts.dependencyNames) {
      const packages = (wheelRuntimeLibraries(distribution, runtime.release) ?? []).filter((name) => !systemPackages.has(name) && !extraPackages.includes(name));
      if (packages.length === 0) continue;
      extraPackages.push(...packages);
      changes.push({ id: 'runtime-packages', message: `production installs ${packages.join(', ')}, which the ${distribution} wheel loads and ${runtime.resolved} lacks` });
    }
  }
  // What remains comes from the virtualenv (console scripts) or from the system packages carried over.
  const programs = [...new Set([...runtime.programs, ...called.filter((program) => !PROGRAM_PACKAGES[program])])].sort();

  const setup = (): PlanItem[] => {
    if (placedSetup) return [];
    placedSetup = true;
    setupAt = body.length;
    const out: PlanItem[] = [];
    if (extraPackages.length > 0) out.push(added(`RUN ${installCommand(runtime.family, extraPackages.splice(0).sort())}`));
    if (addUser) out.push(added(`RUN ${createUserCommand(runtime.family)}`));
    return out;
  };
  const venvCopy = (): PlanItem[] => {
    if (placedVenv) return [];
    placedVenv = true;
    return [...setup(), added(`COPY --from=builder ${venv.path} ${venv.path}`), ...(venv.ours ? [added(venvEnvLine(facts, false))] : []), ...composePoetry()];
  };
  const composeInstaller = facts.composeInstaller;
  const starts = (services: readonly string[]) => `${services.join(', ')}, which start${services.length === 1 ? 's' : ''} the image with`;
  const composeUvEnv = (): PlanItem[] => {
    if (composeInstaller?.tool !== 'uv') return [];
    changes.push({
      id: 'virtualenv',
      message: `production keeps uv (line ${composeInstaller.copy.line + 1}) for ${starts(composeInstaller.services)} "uv run": UV_NO_SYNC makes it run the virtualenv as built, without syncing at start`,
    });
    return [added([`ENV UV_PROJECT_ENVIRONMENT=${venv.path}`, ...UV_RUN_ENV])];
  };
  // Beside the virtualenv, before the code: no source change reruns these copies.
  const composePoetry = (): PlanItem[] => {
    if (composeInstaller?.tool !== 'poetry') return [];
    changes.push({
      id: 'virtualenv',
      message: `production keeps the Poetry line ${composeInstaller.setup.line + 1} installs for ${starts(composeInstaller.services)} "poetry run": it copies ${composeInstaller.paths.join(' and ')} from the builder, so it is the same Poetry, and with VIRTUAL_ENV set Poetry runs the virtualenv as built, creating and installing nothing at start`,
    });
    return composeInstaller.paths.map((path) => added(`COPY --from=builder ${path} ${path}`));
  };
  const appCopy = (chown: string | null): PlanItem[] => {
    if (placedApp || appDir === null) return [];
    placedApp = true;
    return [
      ...setup(),
      ...venvCopy(),
      added(`COPY --from=builder ${chown ? `--chown=${chown} ` : ''}${appDir} ${appDir}`),
      ...facts.buildOutputs.map((output) => added(`COPY --from=builder ${output} ${output}`)),
    ];
  };

  steps.forEach((step, index) => {
    const { instruction } = step;
    switch (step.role) {
      case 'env':
        if (instruction.properties.length > 0 && instruction.properties.every(([name]) => INSTALLER_SETTING.test(name))) {
          installerSettings.push(...instruction.properties.map(([name]) => name));
          return;
        }
        body.push(keep(instruction, { withComments: false }));
        kept.push(instruction);
        return;
      case 'arg':
      case 'workdir':
      case 'shell':
      case 'user':
        body.push(keep(instruction, { withComments: false }));
        kept.push(instruction);
        return;
      case 'meta':
        if (facts.runWrapper?.instruction === instruction) {
          body.push(keep(instruction, { edits: [facts.runWrapper.edit] }));
          changes.push(facts.runWrapper.change);
        } else {
          body.push(keep(instruction));
        }
        kept.push(instruction);
        return;
      case 'copy': {
        if (composeInstaller?.tool === 'uv' && composeInstaller.copy === instruction) {
          body.push(keep(instruction, { withComments: false }));
          kept.push(instruction);
          return;
        }
        const copy = facts.copies.get(index)!;
        if (copy.kind !== 'content') return;
        if (!copiedFromContext(facts, index)) {
          body.push(...appCopy(copyChown(instruction)));
        } else {
          // The code comes last, so that a source change reruns no user, package or virtualenv layer.
          body.push(...venvCopy(), keep(instruction, deadBuilderCopy(facts, index) ? {} : { withComments: false }));
          kept.push(instruction);
        }
        return;
      }
      case 'run': {
        if (index === facts.installs[0]!.index) body.push(...venvCopy());
        const commands: string[] = [];
        let changed = false;
        for (const group of step.groups ?? []) {
          if (group.role === 'system') {
            let text = runtimeSystemText(group.commands, runtime, callsNode, { changes, warnings });
            // The packages dfmod adds join the first install production keeps: one apt layer, not two.
            if (text !== null && extraPackages.length > 0) {
              const kept = runtimePackages(group.commands, runtime, callsNode, [])!.packages;
              text = installCommand(runtime.family, [...new Set([...kept, ...extraPackages.splice(0)])].sort());
            }
            if (text !== group.commands.map((command) => command.text).join(' && ')) changed = true;
            if (text !== null) commands.push(text);
          } else if (group.role === 'fs-setup') {
            commands.push(...group.commands.map((command) => command.text));
          } else {
            changed = true;
          }
        }
        if (commands.length === 0) return;
        const item = changed ? added(runLines([], commands, isMultiline(instruction))) : keep(instruction, { withComments: false });
        const liftTo = runtimeInstallPosition(body, setupAt, commands);
        if (liftTo === null) {
          body.push(item);
        } else {
          body.splice(liftTo, 0, item);
          changes.push({ id: 'runtime-packages', message: `production runs the install of line ${instruction.line + 1} before it copies the code, so that a source change does not rerun it` });
        }
        return;
      }
    }
  });
  if (installerSettings.length > 0) changes.push({ id: 'build-steps', message: `ENV ${installerSettings.join(', ')} ${installerSettings.length === 1 ? 'stays in the builder: it configures' : 'stay in the builder: they configure'} an installer, which production does not have` });
  if (!placedVenv || !placedApp) body.splice(userPosition(body), 0, ...venvCopy(), ...appCopy(null));

  const tail: PlanItem[] = [];
  if (addUser) {
    tail.push(added(`USER ${CREATED_USER_SPEC}`));
    changes.push({ id: 'non-root', message: `production runs as ${CREATED_USER.name} (uid ${CREATED_USER.uid}), a user dfmod creates` });
    warnings.push({ id: 'non-root', message: `the container now runs as ${CREATED_USER.name} (uid ${CREATED_USER.uid}); directories the app writes at run time must be owned by it` });
    const lowPorts = privilegedPorts(instructions);
    if (lowPorts.length > 0) warnings.push({ id: 'non-root', message: `port ${lowPorts.join(', ')} is below 1024; outside Docker a non-root user may not bind it` });
    // A write dfmod found in / keeps root instead (shared/app-owner.ts), and its warning replaces this one.
    const rootWorkdir = rootWorkdirWarning(instructions, facts.workdirs.at(-1) ?? '/', `${CREATED_USER.name} (uid ${CREATED_USER.uid})`);
    if (rootWorkdir !== null) warnings.push(rootWorkdir);
  } else {
    changes.push({ id: 'non-root', message: `the original USER ${facts.finalUser!.args[0]} is kept` });
  }
  body.splice(userPosition(body), 0, ...composeUvEnv(), ...tail);

  const from = keep(facts.from, { edits: fromEdits(facts.from, 'production', lowercase, runtime.written, true), withComments: false });
  const globals = redeclareGlobals(input, kept);
  if (globals.length > 0) changes.push({ id: 'redeclare-arg', message: `production re-declares ARG ${globals.map((item) => (item.kind === 'new' ? item.lines[0]!.slice(4) : '')).join(', ')}` });
  const commandEdits = movedCommandEdits(facts, body);
  return { items: [from, ...globals, ...commandEdits], programs, builderOnlyEnv: installerSettings };
}

/**
 * Where a production RUN that only installs named system packages goes when it followed the code
 * copies: before them, if nothing but dfmod's own lines and copies stand between (an ENV, ARG or
 * USER of the user's may change what the install does). Null keeps it where it is.
 */
function runtimeInstallPosition(body: readonly PlanItem[], setupAt: number | null, commands: readonly string[]): number | null {
  if (setupAt === null || setupAt === body.length) return null;
  const parsed = splitCommands(commands.join(' && '));
  if (parsed === null || !installsOnlyNamedPackages(parsed)) return null;
  const between = body.slice(setupAt);
  return between.every((item) => item.kind === 'new' || item.instruction.keyword === 'COPY' || item.instruction.keyword === 'ADD') ? setupAt : null;
}

function copyChown(instruction: Instruction): string | null {
  const flag = instruction.flags.find((candidate) => candidate.name === 'chown');
  return flag?.value ?? null;
}

/** The command's `~/.local/bin/x` (a `pip install --user` layout) becomes the virtualenv's `bin/x`. */
function movedCommandEdits(facts: PythonFacts, body: PlanItem[]): PlanItem[] {
  if (facts.userBase === null) return body;
  const from = `${facts.userBase}/bin/`;
  const to = `${facts.venv.path}/bin/`;
  return body.map((item) => {
    if (item.kind !== 'keep' || !['CMD', 'ENTRYPOINT'].includes(item.instruction.keyword) || !item.instruction.raw.includes(from)) return item;
    const edits: Edit[] = [];
    for (let at = item.instruction.raw.indexOf(from); at >= 0; at = item.instruction.raw.indexOf(from, at + from.length)) edits.push({ start: at, end: at + from.length, text: to });
    return { ...item, edits };
  });
}

/** Packages that carry over to production from one step's system installs. */
function runtimeSystemPackages(step: Step, runtime: Runtime, callsNode: boolean): string[] {
  return (step.groups ?? []).filter((group) => group.role === 'system').flatMap((group) => runtimePackages(group.commands, runtime, callsNode, [])?.packages ?? []);
}

function runtimePackages(commands: readonly ShellCommand[], runtime: Runtime, callsNode: boolean, warnings: Warning[]): { packages: string[]; all: string[] } | null {
  const installs = commands.map((command) => parseSystemInstall(command)).filter((install) => install !== null);
  if (installs.length === 0 || installs.some((install) => install.family !== runtime.family)) return null;
  const all = installs.flatMap((install) => install.packages);
  const wanted = all.filter((name) => !BUILD_STEP_PACKAGES.has(name) && (callsNode || !ASSET_TOOL_PACKAGES.has(name)));
  const result = runtimePackagesFor(runtime.family, wanted, runtime.release);
  if (result.unknownDev.length > 0) {
    warnings.push({ id: 'runtime-library', message: `no runtime library is known for ${result.unknownDev.join(', ')}; check that production has what they link` });
  }
  if (runtime.releaseAssumed && runtime.release !== null) {
    const other: DebianRelease = runtime.release === 'trixie' ? 'bookworm' : 'trixie';
    const alternative = runtimePackagesFor(runtime.family, wanted, other).packages;
    if (alternative.join(' ') !== result.packages.join(' ')) {
      warnings.push({ id: 'runtime-library', message: `${runtime.resolved} names no Debian release; dfmod installs the ${runtime.release} names (${result.packages.join(', ')}); pin the release in the tag to be sure` });
    }
  }
  return { packages: result.packages, all };
}

/** The system install production needs from a group of the original's commands, or null for none. */
function runtimeSystemText(commands: readonly ShellCommand[], runtime: Runtime, callsNode: boolean, findings: { changes: Change[]; warnings: Warning[] }): string | null {
  const found = runtimePackages(commands, runtime, callsNode, findings.warnings);
  if (found === null) return null;
  const builderOnly = found.all.filter((name) => !found.packages.includes(name));
  if (builderOnly.length > 0) {
    findings.changes.push({
      id: 'runtime-packages',
      message: found.packages.length > 0 ? `production installs ${found.packages.join(', ')}; ${builderOnly.join(', ')} stay in the builder` : `${builderOnly.join(', ')} stay in the builder`,
    });
  }
  if (found.packages.length === 0) return null;
  if (builderOnly.length === 0 && found.all.length === found.packages.length && refreshesPackageIndex(commands)) return commands.map((command) => command.text).join(' && ');
  return installCommand(runtime.family, found.packages);
}

function dockerignoreEntries(input: TransformInput): string[] {
  const copied = new Set(
    input.dockerfile.instructions
      .filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD')
      .flatMap((instruction) => (instruction.json ?? instruction.args.filter((word) => !word.startsWith('--'))).slice(0, -1).map((source) => source.replace(/^\.\//, '').replace(/\/$/, ''))),
  );
  return PYTHON_DOCKERIGNORE.filter((entry) => !copied.has(entry));
}


const CHANGE_ORDER = ['split-stages', 'runtime-base', 'virtualenv', 'cache-mount', 'manifest-first', 'frozen-lockfile', 'prod-deps-only', 'build-steps', 'runtime-packages', 'non-root', 'redeclare-arg'];

