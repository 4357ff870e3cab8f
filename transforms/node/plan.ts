import { programsCalled } from '../../src/core/commands.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { flagValue } from '../../src/core/dockerfile.js';
import type { Change, Warning } from '../../src/core/findings.js';
import type { PlanItem } from '../../src/core/plan.js';
import { commandWords, joinCommands, type ShellCommand } from '../../src/core/shell.js';
import type { PlanResult, TransformInput } from '../../src/core/transform.js';
import { expandVariables } from '../shared/base-image.js';
import { added, attachOrphanComments, cacheMountFlag, fromEdits, insertFlagsEdit, keep } from '../shared/edits.js';
import { formatImageRef, parseImageRef, withTag } from '../shared/image-ref.js';
import { debianReleaseOfTag, installCommand, parseSystemInstall, runtimePackagesFor } from '../shared/system-packages.js';
import { commonWarnings, registryWarnings } from '../shared/warnings.js';
import { copyDestination, copySources, type CommandGroup, type Step } from './classify.js';
import type { NodeFacts } from './detect.js';
import { FRAMEWORK_RUNTIME_FILES, NODE_DOCKERIGNORE, NODE_IMAGE_PROGRAMS, PACKAGE_MANAGERS, PROGRAM_PACKAGES } from './tables.js';

type Family = 'debian' | 'alpine';

interface Runtime {
  readonly written: string;
  readonly resolved: string;
  readonly family: Family;
  readonly programs: readonly string[];
}

type Refusal = { ok: false; status: 'skipped'; reason: string };

function refuse(reason: string): Refusal {
  return { ok: false, status: 'skipped', reason };
}

/** The image word as written on the FROM line (it may hold `${NODE_VERSION}`). */
function writtenImage(from: Instruction): string {
  return from.args.find((word) => !word.startsWith('--')) ?? '';
}

function versionPart(tag: string | null): string | null {
  if (tag === null) return null;
  const dash = tag.indexOf('-', tag.startsWith('${') ? tag.indexOf('}') : 0);
  return dash < 0 ? tag : tag.slice(0, dash);
}

/** The runtime tag for one family: alpine keeps its tag, Debian tags gain `-slim`. */
function runtimeTag(tag: string | null, from: Family, to: Family): string | null {
  const current = tag ?? '';
  if (from === to) {
    if (to === 'alpine' || current.includes('slim')) return tag;
    return tag === null ? 'slim' : `${tag}-slim`;
  }
  const version = versionPart(tag);
  if (to === 'alpine') return version === null ? 'alpine' : `${version}-alpine`;
  return version === null ? 'slim' : `${version}-slim`;
}

function chooseRuntime(input: TransformInput, facts: NodeFacts): Runtime | Refusal {
  const requested = input.options.runtime;
  if (requested === 'distroless') {
    return refuse('distroless node images have no shell or npm and run node as their entrypoint; dfmod does not rewrite the command for them');
  }
  const family: Family = requested === 'alpine' ? 'alpine' : requested === 'slim' ? 'debian' : facts.family;
  if (family !== facts.family && facts.native) {
    return refuse(`--runtime ${requested} would run native addons built against ${facts.family === 'alpine' ? 'musl' : 'glibc'} on ${family === 'alpine' ? 'musl' : 'glibc'}`);
  }
  const written = parseImageRef(writtenImage(facts.from));
  const resolved = facts.baseRef;
  return {
    written: formatImageRef(withTag(written, runtimeTag(written.tag, facts.family, family))),
    resolved: formatImageRef(withTag(resolved, runtimeTag(resolved.tag, facts.family, family))),
    family,
    programs: NODE_IMAGE_PROGRAMS[family === 'alpine' ? 'alpine' : 'debian-slim'],
  };
}

/** The absolute WORKDIR in force at each step (index -1: before the first). */
function workdirs(steps: readonly Step[], input: TransformInput): string[] {
  const values = new Map<string, string>();
  for (const arg of input.dockerfile.globalArgs) for (const [name, value] of arg.properties) if (value) values.set(name, value);
  let current = '/';
  return steps.map((step) => {
    const { instruction } = step;
    if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
      for (const [name, value] of instruction.properties) if (value) values.set(name, value);
    }
    if (instruction.keyword === 'WORKDIR') {
      const target = expandVariables(instruction.args[0] ?? '/', (name, fallback) => values.get(name) ?? fallback ?? '');
      current = target.startsWith('/') ? target : `${current.replace(/\/$/, '')}/${target}`;
      current = current.length > 1 ? current.replace(/\/+$/, '') : current;
    }
    return current;
  });
}

function joinPath(directory: string, relative: string): string {
  return `${directory === '/' ? '' : directory}/${relative}`;
}

interface InstallUser {
  readonly home: string;
  readonly owner?: { uid: number; gid: number };
  readonly chown: string | null;
}

function installUser(steps: readonly Step[], facts: NodeFacts): InstallUser | null {
  const user = steps.slice(0, facts.installStep).filter((step) => step.role === 'user').at(-1)?.instruction;
  const name = user ? (user.args[0] ?? '').split(':')[0] : 'root';
  const chown = steps
    .slice(0, facts.installStep)
    .map((step) => (step.role === 'source-copy' || step.role === 'manifest-copy' ? flagValue(step.instruction, 'chown') : undefined))
    .find((value) => typeof value === 'string') ?? null;
  if (name === 'root' || name === '0') return { home: '/root', chown };
  if (name === 'node' || name === '1000') return { home: '/home/node', owner: { uid: 1000, gid: 1000 }, chown };
  return null;
}

function strictInstall(command: ShellCommand, facts: NodeFacts): string {
  const words = commandWords(command);
  const prefix = command.words.slice(0, command.words.length - words.length);
  let result = [...words];
  if (facts.lockfile !== null) {
    if (facts.manager === 'npm' && (result[1] === 'install' || result[1] === 'i')) result[1] = 'ci';
    if (facts.manager === 'yarn-classic' && !result.includes('--frozen-lockfile') && !result.includes('--immutable')) {
      result = result.length === 1 ? ['yarn', 'install', '--frozen-lockfile'] : [...result, '--frozen-lockfile'];
    }
    if (facts.manager === 'yarn-berry' && !result.includes('--immutable')) {
      result = result.length === 1 ? ['yarn', 'install', '--immutable'] : [...result, '--immutable'];
    }
    if (facts.manager === 'pnpm' && !result.includes('--frozen-lockfile')) result = [...result, '--frozen-lockfile'];
  }
  return [...prefix, ...result].join(' ');
}

function productionInstall(strict: string, facts: NodeFacts): string {
  if (facts.manager === 'yarn-berry') return PACKAGE_MANAGERS['yarn-berry'].productionInstall;
  if (facts.manager === 'npm') {
    const major = Number(versionPart(facts.baseRef.tag) ?? 'NaN');
    return `${strict} ${Number.isFinite(major) && major < 16 ? '--production' : '--omit=dev'}`;
  }
  return `${strict} ${facts.manager === 'pnpm' ? '--prod' : '--production'}`;
}

function commandsOf(groups: readonly CommandGroup[], roles: readonly string[]): ShellCommand[] {
  return groups.filter((group) => roles.includes(group.role)).flatMap((group) => [...group.commands]);
}

function runText(flags: readonly string[], commands: readonly ShellCommand[] | string): string {
  const body = typeof commands === 'string' ? commands : joinCommands(commands);
  return ['RUN', ...flags, body].join(' ');
}

/** Whether every file a manifest COPY must bring is among the sources already copied. */
function missingManifests(steps: readonly Step[], upTo: number, facts: NodeFacts): string[] {
  const sources = steps.slice(0, upTo).filter((step) => step.role === 'manifest-copy').flatMap((step) => copySources(step.instruction).map((source) => source.replace(/^\.\//, '')));
  const required = facts.manifests.filter((file) => file === 'package.json' || file === facts.lockfile || file.endsWith('/package.json') || file === '.yarnrc.yml' || file.startsWith('.yarn/'));
  return required.filter((file) => !sources.some((source) => wildcardMatch(source, file) || file.startsWith(`${source.replace(/\/$/, '')}/`)));
}

/** `package*.json` style matching: `*` is the only wildcard Dockerfile authors use for manifests. */
function wildcardMatch(pattern: string, path: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === path;
  let position = 0;
  for (const [index, part] of parts.entries()) {
    const found = path.indexOf(part, position);
    if (found < 0 || (index === 0 && found !== 0)) return false;
    position = found + part.length;
  }
  return parts.at(-1) === '' || path.endsWith(parts.at(-1)!);
}

function manifestCopyLines(files: readonly string[], chown: string | null): string[] {
  const flag = chown ? `--chown=${chown} ` : '';
  const byDirectory = new Map<string, string[]>();
  for (const file of files) {
    const directory = file.includes('/') && !file.startsWith('.yarn/') ? file.slice(0, file.lastIndexOf('/') + 1) : file.startsWith('.yarn/') ? file.slice(0, file.lastIndexOf('/') + 1) : './';
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  return [...byDirectory.entries()].map(([directory, group]) => `COPY ${flag}${group.join(' ')} ${directory}`);
}

export function planNode(input: TransformInput, facts: NodeFacts): PlanResult {
  const { steps } = facts;
  const lowercase = input.dockerfile.lowercaseKeywords;
  const runtime = chooseRuntime(input, facts);
  if ('ok' in runtime) return runtime;
  const pm = PACKAGE_MANAGERS[facts.manager];
  const user = installUser(steps, facts);
  const dirs = workdirs(steps, input);
  const changes: Change[] = [];
  const warnings: Warning[] = [...facts.warnings, ...commonWarnings(input.dockerfile, facts.baseImage), ...registryWarnings(facts.baseRef, runtime.resolved)];

  const installStep = steps[facts.installStep]!;
  const groups = installStep.groups ?? [];
  const installIndex = groups.findIndex((group) => group.role === 'install');
  const before = groups.slice(0, installIndex);
  const after = groups.slice(installIndex + 1);
  if (before.some((group) => !['system', 'pm-setup', 'fs-setup'].includes(group.role))) {
    return refuse(`line ${installStep.instruction.line + 1}: the install RUN also runs commands dfmod cannot place`);
  }
  const installCommands = groups[installIndex]!.commands;
  const strict = installCommands.map((command) => strictInstall(command, facts));
  if (strict.some((text, index) => text !== installCommands[index]!.text)) {
    changes.push({ id: 'frozen-lockfile', message: `the install follows ${facts.lockfile} exactly (${strict.join(' && ')})` });
  }
  const installDir = dirs[facts.installStep]!;
  const mounts = user ? [cacheMountFlag(pm.cacheDir(user.home), user.owner)] : [];
  if (user) changes.push({ id: 'cache-mount', message: `${pm.label} cache mounted at ${pm.cacheDir(user.home)}` });
  else warnings.push({ id: 'cache-mount', message: 'the install runs as a user dfmod does not know; no cache mount added' });
  const preInstall = commandsOf(before, ['system', 'pm-setup', 'fs-setup']);

  // Manifest-first: the source copied before the install moves after it, when nothing in between needs it.
  const firstSource = steps.findIndex((step, index) => index < facts.installStep && (step.role === 'source-copy' || step.role === 'asset-copy'));
  let reorder = firstSource >= 0;
  if (reorder && facts.lifecycleScripts.length > 0) {
    reorder = false;
    warnings.push({ id: 'manifest-first', message: `package.json has a ${facts.lifecycleScripts[0]} script, so the install still runs after the source is copied` });
  }
  if (reorder && steps.slice(firstSource, facts.installStep).some((step) => step.role === 'run' && step.groups!.some((group) => !['system', 'pm-setup'].includes(group.role)))) {
    reorder = false;
    warnings.push({ id: 'manifest-first', message: 'a RUN between the source copy and the install may need the source, so the order is kept' });
  }
  const missing = reorder || firstSource < 0 ? missingManifests(steps, facts.installStep, facts) : [];
  if (reorder || missing.length > 0) {
    changes.push({ id: 'manifest-first', message: `${[...missing].join(', ') || 'the manifests'} copied and installed before the source` });
  }
  const manifestLines = manifestCopyLines(missing, user?.chown ?? null);
  const deferred = (index: number) => reorder && index >= firstSource && index < facts.installStep && (steps[index]!.role === 'source-copy' || steps[index]!.role === 'asset-copy');

  const hasBuild = facts.buildSteps.length > 0;
  const workspaceMode = facts.workspaces.length > 0;

  // The stage that installs production dependencies only (named builder when nothing is built).
  const dependencyStage = (name: string): PlanItem[] => {
    const items: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, name, lowercase), withComments: name === 'builder' })];
    items.push(...redeclareGlobals(input, steps.slice(0, facts.installStep + 1).map((step) => step.instruction)));
    steps.slice(0, facts.installStep).forEach((step, index) => {
      const role = step.role;
      const keepIt =
        ['arg', 'env', 'workdir', 'user', 'shell', 'manifest-copy'].includes(role) ||
        (role === 'run' && step.groups!.every((group) => ['system', 'pm-setup'].includes(group.role))) ||
        (!reorder && ['source-copy', 'external-copy'].includes(role));
      if (keepIt && !deferred(index)) items.push(keep(step.instruction, { withComments: name === 'builder' }));
    });
    items.push(...manifestLines.map((line) => added(line)));
    const prod = strict.map((text) => productionInstall(text, facts));
    items.push(added(runText(mounts, [...preInstall.map((command) => command.text), ...prod].join(' && ')), { carry: name === 'builder' ? [installStep.instruction] : [] }));
    return items;
  };

  // The builder: the original order, install with a cache mount, manifests first, build split out.
  const builderItems = (): PlanItem[] => {
    const items: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'builder', lowercase) })];
    let orphans: Instruction[] = [];
    const push = (item: PlanItem) => {
      items.push(...attachOrphanComments([item], orphans));
      orphans = [];
    };
    steps.forEach((step, index) => {
      if (deferred(index)) return;
      if (index === facts.installStep) {
        manifestLines.forEach((line) => push(added(line)));
        const text = [...preInstall.map((command) => command.text), ...strict].join(' && ');
        const unchangedText = before.length === 0 && after.length === 0 && strict.join(' && ') === installCommands.map((command) => command.text).join(' && ');
        push(unchangedText ? keep(step.instruction, { edits: mounts.length > 0 ? [insertFlagsEdit(step.instruction, mounts)] : [] }) : added(runText(mounts, text), { carry: [step.instruction] }));
        steps.forEach((source, sourceIndex) => {
          if (deferred(sourceIndex)) push(keep(source.instruction));
        });
        const rest = commandsOf(after, ['system', 'pm-setup', 'fs-setup', 'build', 'global-tool', 'other']);
        if (rest.length > 0) push(added(runText([], rest)));
        if (workspaceMode) return;
        return;
      }
      if (step.role === 'meta' || step.role === 'asset-copy') {
        return;
      }
      if (step.role === 'run') {
        const kept = commandsOf(step.groups!, ['system', 'pm-setup', 'fs-setup', 'build', 'global-tool', 'other']);
        const all = step.groups!.flatMap((group) => [...group.commands]);
        if (kept.length === all.length) push(keep(step.instruction));
        else if (kept.length > 0) push(added(runText([], kept), { carry: [step.instruction] }));
        else orphans.push(step.instruction);
        return;
      }
      push(keep(step.instruction));
    });
    if (workspaceMode) items.push(added(runText([], pm.prune)));
    return items;
  };

  const stages: { name: string; items: PlanItem[] }[] = [];
  const outputs = facts.buildOutputs;
  const selective = hasBuild && !workspaceMode && outputs !== null && facts.entry !== null && outputs.some((output) => isInside(facts.entry!, output));
  if (hasBuild && outputs === null && facts.entry === null) {
    return refuse('the build output directory is unknown and the command does not name it');
  }
  if (workspaceMode) {
    stages.push({ name: 'builder', items: builderItems() });
    changes.push({ id: 'prod-deps-only', message: `dev dependencies pruned with ${pm.prune} before production copies the workspace` });
  } else if (hasBuild) {
    stages.push({ name: 'deps', items: dependencyStage('deps') });
    stages.push({ name: 'builder', items: builderItems() });
    changes.push({ id: 'prod-deps-only', message: `production gets dependencies only, installed in deps with ${productionInstall(strict[0] ?? pm.install, facts)}` });
  } else {
    stages.push({ name: 'builder', items: dependencyStage('builder') });
    changes.push({ id: 'prod-deps-only', message: `production gets dependencies only, installed with ${productionInstall(strict[0] ?? pm.install, facts)}` });
  }

  // Production: the original's runtime instructions in their order, with the artifacts.
  const production = productionItems({ input, facts, runtime, dirs, selective, workspaceMode, hasBuild, outputs: outputs ?? [], warnings, changes });
  if ('ok' in production) return production;
  stages.push({ name: 'production', items: production });

  changes.unshift(
    { id: 'split-stages', message: `stages ${stages.map((stage) => stage.name).join(', ')}` },
    { id: 'runtime-base', message: `production stage runs on ${runtime.resolved}` },
  );
  const dockerignore = dockerignoreEntries(input, hasBuild ? (outputs ?? []) : []);
  return {
    ok: true,
    plan: {
      globalItems: input.dockerfile.globalArgs.map((instruction) => keep(instruction)),
      stages,
      changes: sortChanges(changes),
      warnings,
      runtime: {
        runtimeImage: runtime.resolved,
        programs: runtime.programs,
        movedPaths: {},
        scriptInterpreters: facts.scriptInterpreters,
        baseUserNonRoot: false,
      },
      dockerignore,
    },
  };
}

const CHANGE_ORDER = ['split-stages', 'runtime-base', 'cache-mount', 'manifest-first', 'frozen-lockfile', 'prod-deps-only', 'runtime-packages', 'non-root', 'redeclare-arg'];

function sortChanges(changes: readonly Change[]): Change[] {
  const rank = (id: string) => (CHANGE_ORDER.indexOf(id) + 1 || CHANGE_ORDER.length + 1);
  const seen = new Set<string>();
  return [...changes]
    .sort((a, b) => rank(a.id) - rank(b.id))
    .filter((change) => {
      const key = `${change.id}:${change.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function isInside(path: string, directory: string): boolean {
  const clean = path.replace(/^\.\//, '');
  return clean === directory || clean.startsWith(`${directory}/`);
}

/** `ARG NAME` in a stage for each global ARG its instructions use (the FROM line excepted). */
function redeclareGlobals(input: TransformInput, instructions: readonly Instruction[]): PlanItem[] {
  const globals = input.dockerfile.globalArgs.flatMap((instruction) => instruction.properties.map(([name]) => name));
  const used = globals.filter((name) => instructions.some((instruction) => instruction.keyword !== 'FROM' && instruction.variables.includes(name)));
  return used.map((name) => added(`ARG ${name}`));
}

interface ProductionInput {
  readonly input: TransformInput;
  readonly facts: NodeFacts;
  readonly runtime: Runtime;
  readonly dirs: readonly string[];
  readonly selective: boolean;
  readonly workspaceMode: boolean;
  readonly hasBuild: boolean;
  readonly outputs: readonly string[];
  readonly warnings: Warning[];
  readonly changes: Change[];
}

function productionItems(p: ProductionInput): PlanItem[] | Refusal {
  const { input, facts, runtime, dirs, warnings, changes } = p;
  const { steps } = facts;
  const lowercase = input.dockerfile.lowercaseKeywords;
  const items: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'production', lowercase, runtime.written), withComments: false })];
  const keptInstructions: Instruction[] = [];
  const body: PlanItem[] = [];
  const installDir = dirs[facts.installStep]!;
  const buildDir = dirs[facts.buildSteps.at(-1) ?? facts.installStep]!;
  const finalUser = steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  const addUser = finalUser === undefined;
  const needsPackageManager = programsCalled(steps.map((step) => step.instruction)).some((program) => program === 'pnpm' || (program === 'yarn' && facts.manager === 'yarn-berry'));
  const release = debianReleaseOfTag(parseImageRef(runtime.resolved).tag);
  const sourceSteps = steps.flatMap((step, index) => (step.role === 'source-copy' ? [index] : []));
  const lastSource = sourceSteps.at(-1) ?? -1;
  let placedDeps = false;

  const relativeTo = (directory: string, absolute: string, name: string) => (directory === absolute ? `./${name}` : joinPath(absolute, name));
  const artifactCopies = (index: number): PlanItem[] => {
    const here = dirs[index]!;
    if (p.workspaceMode) return [added(`COPY --from=builder ${buildDir === '/' ? '/' : buildDir} ${here === buildDir ? './' : buildDir}`)];
    const lines: string[] = [];
    const depsStage = p.hasBuild ? 'deps' : 'builder';
    lines.push(`COPY --from=${depsStage} ${joinPath(installDir, 'node_modules')} ${relativeTo(here, installDir, 'node_modules')}`);
    if (p.selective) {
      lines.push(`COPY --from=builder ${joinPath(buildDir, 'package.json')} ${here === buildDir ? './' : `${buildDir}/`}`);
    }
    return lines.map((line) => added(line));
  };
  const outputCopies = (index: number): PlanItem[] => {
    const here = dirs[index]!;
    const files = [...p.outputs];
    if (p.outputs.includes('.next')) files.push(...FRAMEWORK_RUNTIME_FILES.filter((file) => facts.packageJson && input.context.files.some((candidate) => candidate === file || candidate.startsWith(`${file}/`))));
    return files.map((file) => added(`COPY --from=builder ${joinPath(buildDir, file)} ${relativeTo(here, buildDir, file)}`));
  };

  steps.forEach((step, index) => {
    const { instruction, role } = step;
    switch (role) {
      case 'arg':
      case 'env':
      case 'workdir':
      case 'shell':
        body.push(keep(instruction, { withComments: false }));
        keptInstructions.push(instruction);
        return;
      case 'user':
        body.push(keep(instruction, { withComments: false }));
        return;
      case 'meta':
        if (instruction.keyword === 'VOLUME' && addUser) body.push(...ownedDirectories(instruction.json ?? instruction.args));
        body.push(keep(instruction));
        keptInstructions.push(instruction);
        return;
      case 'asset-copy':
      case 'external-copy':
        body.push(keep(instruction, { withComments: role === 'asset-copy' }));
        keptInstructions.push(instruction);
        return;
      case 'manifest-copy':
        return;
      case 'source-copy':
        if (!placedDeps) {
          body.push(...artifactCopies(index));
          placedDeps = true;
        }
        if (!p.selective && !p.workspaceMode) {
          body.push(keep(instruction, { withComments: false }));
          keptInstructions.push(instruction);
        }
        if (index === lastSource && p.hasBuild && !p.workspaceMode) body.push(...outputCopies(index));
        return;
      case 'run': {
        const kept: string[] = [];
        let dropped = false;
        for (const group of step.groups!) {
          if (group.role === 'system') {
            const text = runtimeSystemCommands(group.commands, runtime.family, release, warnings);
            if (text === null) dropped = true;
            else if (text === group.commands.map((command) => command.text).join(' && ')) kept.push(text);
            else {
              kept.push(text);
              dropped = true;
              changes.push({ id: 'runtime-packages', message: `production installs only the runtime packages of line ${instruction.line + 1}` });
            }
          } else if (group.role === 'fs-setup' || group.role === 'global-tool' || (group.role === 'pm-setup' && needsPackageManager)) {
            kept.push(...group.commands.map((command) => command.text));
          } else if (group.role === 'other' && !p.hasBuild) {
            kept.push(...group.commands.map((command) => command.text));
          } else {
            if (group.role === 'other') {
              warnings.push({ id: 'unproven-step', message: `line ${instruction.line + 1}: "${group.commands.map((command) => command.text).join(' && ')}" stays in the builder; add it to production if the running container needs its effect` });
            }
            dropped = true;
          }
        }
        if (kept.length === 0) return;
        body.push(dropped ? added(`RUN ${kept.join(' && ')}`) : keep(instruction, { withComments: false }));
        return;
      }
    }
  });
  if (!placedDeps) body.unshift(...artifactCopies(steps.length - 1), ...(p.hasBuild ? outputCopies(steps.length - 1) : []));
  if (needsPackageManager && !body.some((item) => item.kind === 'new' && item.lines[0]!.includes('corepack enable'))) {
    const hasSetup = steps.some((step) => step.groups?.some((group) => group.role === 'pm-setup'));
    if (!hasSetup) body.unshift(added('RUN corepack enable'));
  }
  if (p.hasBuild && !p.selective && !p.workspaceMode && facts.entry !== null) {
    warnings.push({ id: 'runtime-files', message: `the command runs ${facts.entry}, outside the build output; production keeps the source next to it` });
  } else if (p.selective) {
    warnings.push({ id: 'runtime-files', message: `production copies only ${p.outputs.join(', ')}, package.json and node_modules; add any other file the app reads at run time` });
  }

  // Programs the container calls that the slimmer runtime lacks.
  const available = new Set([...runtime.programs, ...installedPackages(body)]);
  const called = [...programsCalled(steps.map((step) => step.instruction)), ...facts.scriptInterpreters];
  const missing = [...new Set(called)].filter((program) => !available.has(program));
  const packages: string[] = [];
  for (const program of missing) {
    const known = PROGRAM_PACKAGES[program];
    if (!known) {
      if (sourceProvides(steps, program)) continue;
      return refuse(`the container calls ${program}, which ${runtime.resolved} does not have`);
    }
    packages.push(known[runtime.family]);
  }
  const insertAt = userPosition(body);
  const extra: PlanItem[] = [];
  if (packages.length > 0) {
    extra.push(added(`RUN ${installCommand(runtime.family, packages)}`));
    changes.push({ id: 'runtime-packages', message: `production installs ${packages.join(', ')}, which the container calls` });
  }
  if (addUser) {
    extra.push(added('USER node'));
    changes.push({ id: 'non-root', message: 'production runs as the image\'s node user' });
    const lowPorts = steps.filter((step) => step.instruction.keyword === 'EXPOSE').flatMap((step) => step.instruction.args).filter((port) => Number(port.split('/')[0]) < 1024);
    if (lowPorts.length > 0) warnings.push({ id: 'non-root', message: `port ${lowPorts.join(', ')} is below 1024; outside Docker a non-root user may not bind it` });
    const written = writtenDirectories(steps);
    if (written.length > 0) {
      extra.unshift(added(`RUN chown node:node ${written.join(' ')}`));
      changes.push({ id: 'non-root', message: `${written.join(', ')} owned by node` });
    }
    warnings.push({ id: 'non-root', message: 'the container now runs as node; directories the app writes must be owned by node' });
  } else {
    changes.push({ id: 'non-root', message: `the original USER ${finalUser.args[0]} is kept` });
  }
  body.splice(insertAt, 0, ...extra);

  const globals = redeclareGlobals(input, keptInstructions);
  if (globals.length > 0) changes.push({ id: 'redeclare-arg', message: `production re-declares ARG ${globals.map((item) => (item.kind === 'new' ? item.lines[0]!.slice(4) : '')).join(', ')}` });
  if (programsCalled(steps.map((step) => step.instruction)).length > 0 && isNpmStart(steps)) {
    warnings.push({ id: 'npm-start', message: 'npm start as PID 1 does not forward SIGTERM to node; run node directly' });
  }
  return [...items, ...globals, ...body];
}

function isNpmStart(steps: readonly Step[]): boolean {
  const command = steps.filter((step) => step.instruction.keyword === 'CMD' || step.instruction.keyword === 'ENTRYPOINT').at(-1)?.instruction;
  if (!command) return false;
  const words = command.json ?? command.args;
  return ['npm', 'yarn', 'pnpm'].includes(words[0] ?? '') && (words[1] === 'start' || (words[1] === 'run' && words[2] === 'start'));
}

/** A command the original's source tree provides (an entrypoint script copied from the context). */
function sourceProvides(steps: readonly Step[], program: string): boolean {
  return steps.some((step) => (step.role === 'asset-copy' || step.role === 'source-copy') && copySources(step.instruction).some((source) => source.endsWith(program)) && copyDestination(step.instruction).startsWith('/usr/'));
}

function installedPackages(items: readonly PlanItem[]): string[] {
  return items.flatMap((item) => {
    const text = item.kind === 'new' ? item.lines.join(' ') : item.instruction.keyword === 'RUN' ? item.instruction.argsText : '';
    if (!text) return [];
    return text.split('&&').flatMap((part) => parseSystemInstall({ text: part, words: part.trim().split(/\s+/), joinedBy: null })?.packages ?? []);
  });
}

/** USER goes after the last step that writes files and before the trailing metadata. */
function userPosition(items: readonly PlanItem[]): number {
  let position = items.length;
  while (position > 0) {
    const item = items[position - 1]!;
    if (item.kind === 'keep' && ['EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'LABEL', 'STOPSIGNAL', 'VOLUME', 'MAINTAINER'].includes(item.instruction.keyword)) position--;
    else break;
  }
  return position;
}

function ownedDirectories(paths: readonly string[]): PlanItem[] {
  const directories = paths.filter((path) => path.startsWith('/'));
  if (directories.length === 0) return [];
  return [added(`RUN mkdir -p ${directories.join(' ')} && chown node:node ${directories.join(' ')}`)];
}

/** Directories the original created with mkdir (uploads, data): the app writes there. */
function writtenDirectories(steps: readonly Step[]): string[] {
  const directories: string[] = [];
  for (const step of steps) {
    for (const group of step.groups ?? []) {
      if (group.role !== 'fs-setup') continue;
      for (const command of group.commands) {
        const words = commandWords(command);
        if (words[0] === 'mkdir') directories.push(...words.slice(1).filter((word) => !word.startsWith('-')));
        if (words[0] === 'chown') return [];
      }
    }
  }
  return directories;
}

/** The system packages of a RUN that production needs, or null when none are. */
function runtimeSystemCommands(commands: readonly ShellCommand[], family: Family, release: ReturnType<typeof debianReleaseOfTag>, warnings: Warning[]): string | null {
  const installs = commands.map((command) => parseSystemInstall(command)).filter((install) => install !== null);
  if (installs.length === 0) return null;
  const packages = new Set<string>();
  const unknown: string[] = [];
  for (const install of installs) {
    const result = runtimePackagesFor(install.family, install.packages, release);
    if (install.family !== family) return null;
    result.packages.forEach((name) => packages.add(name));
    unknown.push(...result.unknownDev);
  }
  if (unknown.length > 0) warnings.push({ id: 'runtime-library', message: `no runtime library is known for ${unknown.join(', ')}; check that production has what they link` });
  if (packages.size === 0) return null;
  const all = installs.flatMap((install) => install.packages);
  if (all.length === packages.size && all.every((name) => packages.has(name))) return commands.map((command) => command.text).join(' && ');
  return installCommand(family, [...packages].sort());
}

function dockerignoreEntries(input: TransformInput, outputs: readonly string[]): string[] {
  const copied = new Set(
    input.dockerfile.instructions
      .filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD')
      .flatMap((instruction) => copySources(instruction).map((source) => source.replace(/^\.\//, '').replace(/\/$/, ''))),
  );
  return [...NODE_DOCKERIGNORE, ...outputs].filter((entry) => !copied.has(entry));
}
