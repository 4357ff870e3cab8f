import { posix } from 'node:path';
import { programsCalled } from '../../src/core/commands.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { orderChanges, type Change, type Warning } from '../../src/core/findings.js';
import type { Edit, PlanItem } from '../../src/core/plan.js';
import type { PlanResult, TransformInput } from '../../src/core/transform.js';
import { added, cacheMountFlag, fromEdits, insertFlagsEdit, keep, userPosition } from '../shared/edits.js';
import { NATIVE_PROGRAM_PACKAGES } from '../shared/native-runtime.js';
import { createUserCommand, CREATED_USER_SPEC } from '../shared/run-user.js';
import { installCommand, type PackageFamily } from '../shared/system-packages.js';
import { commonWarnings, privilegedPorts, registryWarnings } from '../shared/warnings.js';
import type { DotnetFacts, Step } from './detect.js';
import { chiseledImageFor, familyOf, runtimeImageFor, type RuntimeImage } from './images.js';
import { APP_USER_MAJOR, CHANGE_ORDER, DOTNET_DOCKERIGNORE, RUNTIME_PROGRAMS } from './tables.js';

function refuse(reason: string): PlanResult {
  return { ok: false, status: 'skipped', reason };
}

/** The steps before this index run in the builder: up to the publish (or a later look at its output), or the last step that builds. */
function builderEnd(facts: DotnetFacts): number {
  if (facts.publish.kind === 'original') return Math.max(facts.publish.step, facts.steps.findLastIndex((step) => step.role === 'inspect')) + 1;
  return facts.steps.findLastIndex((step) => step.role !== 'meta' && step.role !== 'scope') + 1;
}

function needsShell(facts: DotnetFacts): string | null {
  for (const step of facts.steps) {
    const { keyword, json } = step.instruction;
    if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && json === null) return `the shell-form ${keyword} of line ${step.instruction.line + 1}`;
    if (keyword === 'HEALTHCHECK' && json === null && (step.instruction.args[0] ?? '').toUpperCase() === 'CMD') return `the shell-form HEALTHCHECK of line ${step.instruction.line + 1}`;
  }
  return null;
}

function chooseRuntime(input: TransformInput, facts: DotnetFacts): RuntimeImage | { reason: string } {
  const requested = input.options.runtime;
  const builderAlpine = familyOf(facts.sdk.variant) === 'alpine';
  let choice;
  if (requested === 'distroless') {
    const shell = needsShell(facts);
    if (shell) return { reason: `--runtime distroless: the chiseled images have no shell for ${shell}` };
    if (facts.repository !== 'runtime-deps' && !facts.steps.some((step) => step.instruction.keyword === 'ENTRYPOINT')) {
      return { reason: '--runtime distroless: the chiseled images start /usr/bin/dotnet as their ENTRYPOINT, so the original CMD would be passed to it as arguments' };
    }
    if (facts.written.length > 0) return { reason: `--runtime distroless: the chiseled images have no shell to give ${facts.written[0]!.path} to the app user` };
    choice = chiseledImageFor(facts.sdk, facts.repository, facts.target, facts.invariantGlobalization);
  } else if (requested === 'alpine' && !builderAlpine) {
    if (facts.runtimeIdentifier !== null) return { reason: `--runtime alpine: the app is published for ${facts.runtimeIdentifier}, a glibc runtime identifier` };
    choice = runtimeImageFor({ ...facts.sdk, variant: 'alpine' }, facts.repository, facts.target);
  } else if (requested === 'slim' && builderAlpine) {
    return { reason: '--runtime slim: the builder is Alpine; dfmod keeps the libc the build used' };
  } else {
    choice = runtimeImageFor(facts.sdk, facts.repository, facts.target);
  }
  if (!choice.ok) return { reason: choice.reason };
  if (choice.runtime.family === 'alpine' && !facts.invariantGlobalization) {
    return { reason: `the Alpine runtime images run with invariant globalization and no ICU, which the SDK had; ${facts.project.path} does not set InvariantGlobalization` };
  }
  return choice.runtime;
}

export function planDotnet(input: TransformInput, facts: DotnetFacts): PlanResult {
  const runtime = chooseRuntime(input, facts);
  if ('reason' in runtime) return refuse(runtime.reason);
  const programs = [...RUNTIME_PROGRAMS[runtime.family], ...(facts.repository === 'runtime-deps' ? [] : ['dotnet'])];
  const available = new Set(programs);
  const missing = programsCalled(facts.steps.map((step) => step.instruction)).filter((program) => !available.has(program));
  const unknown = missing.filter((program) => NATIVE_PROGRAM_PACKAGES[program] === undefined);
  if (unknown.length > 0) return refuse(`the container calls ${unknown.join(', ')}, which ${runtime.image} does not have, and dfmod does not install it`);
  if (missing.length > 0 && runtime.family === 'chiseled') return refuse(`the container calls ${missing.join(', ')}, which ${runtime.image} does not have and, without a package manager, cannot install`);
  // The SDK images carry curl and wget; the runtime images do not, so a HEALTHCHECK calling them gets its program installed.
  const packageFamily: PackageFamily = runtime.family === 'alpine' ? 'alpine' : 'debian';
  const installs = missing.map((program) => NATIVE_PROGRAM_PACKAGES[program]![packageFamily]);
  programs.push(...missing);

  const k = (keyword: string) => (input.dockerfile.lowercaseKeywords ? keyword.toLowerCase() : keyword);
  const changes: Change[] = [
    { id: 'split-stages', message: 'stages builder, production' },
    { id: 'runtime-base', message: runtimeMessage(facts, runtime) },
  ];
  const warnings: Warning[] = [...commonWarnings(input.dockerfile, facts.baseImage), ...registryWarnings(facts.sdk.ref, runtime.image)];
  const builder = builderItems(facts, k, changes);
  const production = productionItems(facts, runtime, k, changes, warnings, installs.length > 0 ? installCommand(packageFamily, installs) : null);
  if (installs.length > 0) changes.push({ id: 'runtime-packages', message: `production installs ${installs.join(', ')}, which the container calls (${missing.join(', ')}) and ${runtime.image} lacks` });
  const ports = privilegedPorts(facts.steps.map((step) => step.instruction));
  if (ports.length > 0) warnings.push({ id: 'privileged-port', message: `port ${ports.join(', ')}: a non-root user may not bind ports below 1024 outside Docker` });
  if (facts.solution !== null) warnings.push({ id: 'solution-publish', message: `the publish of ${facts.solution} writes every project of it into ${facts.publishDir}, as it did before, and production copies all of it; publishing ${facts.project.path} alone would copy only the app` });
  warnings.push({ id: 'runtime-files', message: `production has the publish output of ${facts.project.path}${facts.settingsCopies.length > 0 ? ` and ${facts.settingsCopies.join(', ')}` : ''} but not the rest of the source; copy any other file the app reads at run time` });

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
        programs,
        movedPaths: facts.entry.moved,
        scriptInterpreters: [],
        baseUserNonRoot: runtime.family === 'chiseled',
      },
      dockerignore: DOTNET_DOCKERIGNORE,
    },
  };
}

function runtimeMessage(facts: DotnetFacts, runtime: RuntimeImage): string {
  const version = `${facts.target.major}.${facts.target.minor}`;
  const why = facts.repository === 'runtime-deps'
    ? 'a self-contained app carries its own runtime'
    : facts.repository === 'runtime'
      ? 'a console or worker app'
      : facts.aspnetBecause ?? 'an ASP.NET Core app';
  const sdkVersion = `${facts.sdk.major}.${facts.sdk.minor}`;
  const target = sdkVersion === version ? `${facts.target.framework}, as ${facts.project.path} targets` : `${facts.target.framework}, as ${facts.project.path} targets, not the SDK's ${sdkVersion}`;
  return `production stage runs on ${runtime.image} (${why}; .NET ${version} for ${target})`;
}

function removeWord(instruction: Instruction, word: string): Edit | null {
  const at = instruction.raw.indexOf(` ${word}`, instruction.argsOffset);
  if (at < 0 || instruction.raw.indexOf(` ${word}`, at + 1) >= 0) return null;
  return { start: at, end: at + word.length + 1, text: '' };
}

/** Manifest COPYs for the files the original did not copy before its restore, one per destination directory. */
function restoreCopies(facts: DotnetFacts, workdir: string | null, k: (keyword: string) => string): PlanItem[] {
  const byDestination = new Map<string, string[]>();
  for (const file of facts.restoreCopies) {
    const container = facts.root.context === '.' ? posix.join(facts.root.container, file) : posix.join(facts.root.container, posix.relative(facts.root.context, file));
    const directory = posix.dirname(container);
    const destination = workdir !== null && (directory === workdir || directory.startsWith(`${workdir === '/' ? '' : workdir}/`))
      ? directory === workdir ? './' : `${posix.relative(workdir, directory)}/`
      : `${directory}/`;
    byDestination.set(destination, [...(byDestination.get(destination) ?? []), file]);
  }
  return [...byDestination]
    .sort(([a], [b]) => (a === './' ? -1 : b === './' ? 1 : a.localeCompare(b)))
    .map(([destination, files]) => added(`${k('COPY')} ${files.join(' ')} ${destination}`));
}

function builderItems(facts: DotnetFacts, k: (keyword: string) => string, changes: Change[]): PlanItem[] {
  const items: PlanItem[] = [keep(facts.from, { edits: fromEdits(facts.from, 'builder', k('FROM') === 'from') })];
  const mount = cacheMountFlag(facts.cacheTarget);
  const end = builderEnd(facts);
  const restore = facts.restore;
  const insertAt = restore.kind === 'kept' ? restore.at : facts.sourceIndex;
  const droppedFlags: number[] = [];
  const dotnetStep = (step: Step): PlanItem => {
    const edits: Edit[] = [insertFlagsEdit(step.instruction, [mount])];
    // Packages now live in the cache mount, which a restore layer pulled from a registry cache does not bring along: the step restores for itself.
    if (step.calls.some((call) => call.noRestore && call.verb !== 'restore')) {
      const removal = removeWord(step.instruction, '--no-restore');
      if (removal) {
        edits.push(removal);
        droppedFlags.push(step.instruction.line + 1);
      }
    }
    return keep(step.instruction, { edits });
  };
  facts.steps.slice(0, end).forEach((step, index) => {
    if (index === insertAt) {
      items.push(...restoreCopies(facts, step.scope.workdir, k));
      if (restore.kind === 'moved') items.push(dotnetStep(facts.steps[restore.step]!));
      if (restore.kind === 'written') items.push(added(`${k('RUN')} ${mount} ${restore.command}`));
      const files = [...facts.restoreCopies];
      const how = restore.kind === 'written' ? `\`${restore.command}\` restores them` : restore.kind === 'moved' ? `the restore of line ${facts.steps[restore.step]!.instruction.line + 1} runs on them` : `the restore of line ${step.instruction.line + 1} sees them`;
      changes.push({ id: 'manifest-first', message: `${files.length > 0 ? `${files.join(', ')} copied before the source, each at its own path, and ` : 'the project files are copied before the source, and '}${how}` });
    }
    if (step.role === 'meta' || (restore.kind === 'moved' && index === restore.step)) return;
    if (step.role === 'restore' || step.role === 'build' || step.role === 'publish') items.push(dotnetStep(step));
    else items.push(keep(step.instruction));
  });
  if (facts.publish.kind === 'added') {
    items.push(added(`${k('RUN')} ${mount} ${facts.publish.command}`));
    const configuration = facts.publish.run.configuration === null ? ' (dotnet run built Debug)' : '';
    changes.push({ id: 'dotnet-run', message: `dotnet run becomes \`${facts.publish.command}\` in the builder${configuration}, and production runs dotnet ${facts.appName}.dll` });
  }
  changes.push({ id: 'cache-mount', message: `the NuGet packages folder ${facts.cacheTarget} is a cache mount for the restore, build and publish` });
  if (droppedFlags.length > 0) {
    changes.push({ id: 'restore-flag', message: `--no-restore left out on line ${droppedFlags.join(', ')}: the packages live in a cache mount that a cached restore layer does not bring back, and a restore with them in place does nothing` });
  }
  return items;
}

function userSpec(facts: DotnetFacts, runtime: RuntimeImage): string {
  return facts.target.major >= APP_USER_MAJOR || runtime.family === 'chiseled' ? '$APP_UID' : CREATED_USER_SPEC;
}

function productionItems(facts: DotnetFacts, runtime: RuntimeImage, k: (keyword: string) => string, changes: Change[], warnings: Warning[], install: string | null): PlanItem[] {
  const items: PlanItem[] = [added(`${k('FROM')} ${runtime.image} ${k('FROM') === 'from' ? 'as' : 'AS'} production`, { blankBefore: true })];
  const end = builderEnd(facts);
  const inBuilder = new Set(facts.steps.slice(0, end).map((step) => step.instruction));
  for (const step of facts.steps) {
    if (step.instruction.keyword === 'ARG') items.push(keep(step.instruction, { withComments: !inBuilder.has(step.instruction) }));
  }
  const laterWorkdirs = facts.steps.slice(end).filter((step) => step.instruction.keyword === 'WORKDIR').map((step) => step.instruction);
  items.push(added(`${k('WORKDIR')} ${facts.finalWorkdir}`, { carry: laterWorkdirs }));
  const spec = userSpec(facts, runtime);
  if (spec === CREATED_USER_SPEC && runtime.family !== 'chiseled') items.push(added(`${k('RUN')} ${createUserCommand(runtime.family)}`));
  if (install !== null) items.push(added(`${k('RUN')} ${install}`));

  items.push(added(`${k('COPY')} --from=builder ${facts.publishDir} .`));
  const into = facts.finalWorkdir === facts.publishDir ? '' : ` into ${facts.finalWorkdir}, the app's working directory`;
  changes.push({ id: 'artifact', message: `production copies the publish output ${facts.publishDir} of ${facts.project.path}${into}, and runs ${facts.repository === 'runtime-deps' ? facts.appName : `${facts.appName}.dll`}` });
  for (const file of facts.settingsCopies) {
    const container = posix.join(facts.root.container, facts.root.context === '.' ? file : posix.relative(facts.root.context, file));
    items.push(added(`${k('COPY')} --from=builder ${container} ./`));
  }
  if (facts.settingsCopies.length > 0) changes.push({ id: 'runtime-config', message: `${facts.settingsCopies.join(', ')} ${facts.settingsCopies.length === 1 ? 'reaches' : 'reach'} production's working directory, where the host reads them and the publish does not put them` });

  const profileVariables = facts.launchProfile?.variables ?? [];
  const hasUrls = profileVariables.some(([name]) => name === 'ASPNETCORE_URLS') || facts.steps.some((step) => step.instruction.keyword === 'ENV' && step.instruction.properties.some(([name]) => name === 'ASPNETCORE_URLS'));
  for (const step of facts.steps) {
    const { instruction } = step;
    if (instruction.keyword === 'ENV') {
      items.push(keep(instruction, { withComments: !inBuilder.has(instruction) }));
    } else if (step.role === 'meta') {
      const edit = facts.entry.edit;
      if (edit && facts.entry.instruction === instruction) {
        const start = instruction.raw.indexOf(edit.from, instruction.argsOffset);
        items.push(keep(instruction, { edits: [{ start, end: start + edit.from.length, text: edit.to }] }));
      } else if (facts.publish.kind === 'added' && facts.entry.instruction === instruction) {
        items.push(keep(instruction, { edits: [runEdit(instruction, facts)] }));
      } else {
        items.push(keep(instruction));
      }
    }
  }
  if (facts.launchProfile !== null && profileVariables.length > 0) {
    // dotnet run set these on the app's process over the image's ENV; the published app reads no launch profile.
    items.splice(userPosition(items), 0, ...profileVariables.map(([name, value]) => added(`${k('ENV')} ${name}=${value}`)));
    changes.push({ id: 'launch-profile', message: `production sets ${profileVariables.map(([name, value]) => `${name}=${value}`).join(', ')} as ENV, as the launch profile "${facts.launchProfile.name}" of ${facts.launchProfile.path} that dotnet run applied set them` });
    const urls = profileVariables.find(([name]) => name === 'ASPNETCORE_URLS')?.[1] ?? '';
    if (/\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]|\/\/(localhost|127\.0\.0\.1)$/.test(urls)) warnings.push({ id: 'listen', message: `the launch profile listens on ${urls}, reachable only from inside the container, as the original did; set ASPNETCORE_URLS to serve outside it` });
    if (urls.includes('https://')) warnings.push({ id: 'https-certificate', message: `the launch profile listens on ${urls}, and HTTPS needs a certificate the image does not have (nor had the SDK image)` });
  }
  if (facts.web && facts.target.major < APP_USER_MAJOR && !hasUrls) {
    // The SDK image clears ASPNETCORE_URLS (and .NET 6 and 7 ignore ASPNETCORE_HTTP_PORTS), so Kestrel used its default; the runtime image would set port 80.
    items.splice(userPosition(items), 0, added(`${k('ENV')} ASPNETCORE_URLS=`));
    changes.push({ id: 'listen', message: `ASPNETCORE_URLS is cleared in production, as the SDK image cleared it, so the app keeps listening where it did instead of on ${runtime.image}'s port 80` });
    warnings.push({ id: 'listen', message: 'the app listens on Kestrel\'s default http://localhost:5000, reachable only from inside the container, as the original did; set ASPNETCORE_URLS to serve outside it' });
  }
  items.splice(userPosition(items), 0, added(`${k('USER')} ${spec}`));
  changes.push({ id: 'non-root', message: spec === '$APP_UID' ? `production runs as $APP_UID, the image's own non-root user app (uid 1654)` : `production runs as ${spec} (user app, created on the image)` });
  return items;
}

/** `dotnet run [options] [--]` replaced by the published assembly, the app's own arguments kept. */
function runEdit(instruction: Instruction, facts: DotnetFacts): Edit {
  const json = instruction.json!;
  const appArguments = facts.publish.kind === 'added' ? facts.publish.run.appArguments : [];
  const text = instruction.raw.slice(instruction.argsOffset);
  const open = text.indexOf('[');
  const close = text.lastIndexOf(']');
  const kept = [json[0]!, `${facts.appName}.dll`, ...appArguments];
  return { start: instruction.argsOffset + open, end: instruction.argsOffset + close + 1, text: `[${kept.map((word) => JSON.stringify(word)).join(', ')}]` };
}
