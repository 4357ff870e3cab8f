import { posix } from 'node:path';
import type { Instruction } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands } from '../../src/core/shell.js';
import type { TransformInput } from '../../src/core/transform.js';
import type { WrittenPath } from '../shared/app-owner.js';
import { resolveBaseImage } from '../shared/base-image.js';
import { contextSource, EMPTY_SCOPE, nextScope, resolveWorkdir, type Scope } from '../shared/placement.js';
import { isInspection } from '../shared/inspection.js';
import { dockerfileWrittenPaths } from '../shared/written-paths.js';
import { appsettingsFiles, assemblyLoadByPath, codeWrittenPaths, sqliteWrittenPaths } from './app-files.js';
import { readDotnetCall, readRunCall, type DotnetCall, type RunCall } from './commands.js';
import { parseImageRef } from '../shared/image-ref.js';
import { familyOf, isDotnetSdkImage, readSdk, type Sdk } from './images.js';
import { readLaunchProfile } from './launch-profile.js';
import { evaluateProject, isTrue, UnknownProperty, type EvaluatedProject } from './msbuild.js';
import { searchDirectory, type SearchVerb } from './project-search.js';
import { slnxProjects, solutionProjects } from './solution.js';
import { restoreFiles, type RestoreTarget } from './restore-files.js';
import { ASPNET_SDKS, BUILD_PROPS_FILES, EXE_SDKS, NUGET_PACKAGES, PROJECT_EXTENSIONS, RESTORE_CONFIG_FILES, RUNTIME_ONLY_PACKAGES, SOLUTION_EXTENSIONS, type RuntimeRepository } from './tables.js';

export type StepRole = 'scope' | 'manifest' | 'source' | 'restore' | 'build' | 'publish' | 'inspect' | 'meta';

export interface Step {
  readonly instruction: Instruction;
  readonly role: StepRole;
  readonly scope: Scope;
  readonly calls: readonly DotnetCall[];
}

/** How the builder's restore layer is made. */
export type RestorePlan =
  /** The original restores before it copies the source: its RUN stays; missing project files are copied before it. */
  | { readonly kind: 'kept'; readonly at: number }
  /** The original restores after the source copy: that RUN moves before it. */
  | { readonly kind: 'moved'; readonly step: number }
  /** dfmod writes the restore (the original's, if any, stays where it was). */
  | { readonly kind: 'written'; readonly command: string };

/** Where the container's command finds the app, and how it changes. */
export interface Entry {
  readonly instruction: Instruction;
  /** The words the command replaces, exactly as the instruction writes them, and their replacement. */
  readonly edit: { readonly from: string; readonly to: string } | null;
  /** For verification: the command's words before and after, as JSON fragments. */
  readonly moved: Readonly<Record<string, string>>;
}

export interface DotnetFacts {
  readonly baseImage: string;
  readonly from: Instruction;
  readonly sdk: Sdk;
  readonly steps: readonly Step[];
  readonly sourceIndex: number;
  readonly project: EvaluatedProject;
  readonly target: { readonly major: number; readonly minor: number; readonly framework: string };
  readonly repository: RuntimeRepository;
  /** Why the app needs `aspnet` when no project of it says web (a package that may reference ASP.NET Core). */
  readonly aspnetBecause: string | null;
  readonly web: boolean;
  readonly invariantGlobalization: boolean;
  readonly runtimeIdentifier: string | null;
  readonly appName: string;
  /** The publish output in the builder, and where production's command runs. */
  readonly publishDir: string;
  readonly finalWorkdir: string;
  /** The publish RUN of the original, or the one dfmod adds for `dotnet run`. */
  readonly publish: { readonly kind: 'original'; readonly step: number } | { readonly kind: 'added'; readonly command: string; readonly run: RunCall };
  readonly entry: Entry;
  /** Context paths of the project, props and restore files copied before the restore, at their own paths. */
  readonly restoreCopies: readonly string[];
  readonly restore: RestorePlan;
  readonly cacheTarget: string;
  /** appsettings files production copies from the source, since the publish output lacks them. */
  readonly settingsCopies: readonly string[];
  readonly written: readonly WrittenPath[];
  /** The solution the original publishes, whose every project writes into the publish directory. */
  readonly solution: string | null;
  /** The launch profile `dotnet run` applied, whose variables production sets as ENV. */
  readonly launchProfile: { readonly path: string; readonly name: string; readonly variables: readonly (readonly [string, string])[] } | null;
  /** Where the source is copied to in the builder (context directory → container directory). */
  readonly root: { readonly context: string; readonly container: string };
}

export type Detection = { readonly ok: true; readonly facts: DotnetFacts } | { readonly ok: false; readonly status: 'skipped'; readonly reason: string };

class Skip extends Error {}
function skip(reason: string): never {
  throw new Skip(reason);
}

const META_KEYWORDS = new Set(['EXPOSE', 'LABEL', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL', 'CMD', 'ENTRYPOINT', 'MAINTAINER']);

function line(instruction: Instruction): string {
  return `line ${instruction.line + 1}`;
}

/** The `dotnet` calls of a RUN, or null when it runs anything else, or in a way dfmod cannot read. */
export function dotnetCalls(instruction: Instruction): DotnetCall[] | null {
  if (instruction.json !== null || instruction.heredoc) return null;
  const commands = splitCommands(instruction.argsText);
  if (!commands || commands.length === 0) return null;
  const calls: DotnetCall[] = [];
  for (const command of commands) {
    if (command.joinedBy !== null && command.joinedBy !== '&&') return null;
    const call = readDotnetCall(commandWords(command));
    if (call === null) return null;
    calls.push(call);
  }
  return calls;
}

/** A RUN that only looks at the build (`ls`, `pwd`, `dotnet --info`): it stays in the builder as written. */
function inspectsOnly(instruction: Instruction): boolean {
  if (instruction.heredoc) return false;
  const commands = instruction.json ? [instruction.json] : splitCommands(instruction.argsText)?.map(commandWords);
  return commands !== undefined && commands.length > 0 && commands.every(isInspection);
}

function commandWordsOf(instruction: Instruction): string[] | null {
  if (instruction.json) return [...instruction.json];
  const commands = splitCommands(instruction.argsText);
  if (!commands || commands.length !== 1) return null;
  return [...commandWords(commands[0]!)];
}

/** Why a file that builds .NET is not one the transform takes, naming the image or line. */
export function whyNotDotnet(input: TransformInput): string {
  const base = resolveBaseImage(input.dockerfile);
  if (base.kind !== 'resolved') return 'no dotnet/sdk build image with a dotnet restore, build, publish or run';
  const path = parseImageRef(base.image).path;
  if (path.endsWith('dotnet/core/sdk') || path === 'microsoft/dotnet' || path === 'library/microsoft/dotnet') {
    return `${base.image} is from the retired .NET Core image repository (3.1 and older); dfmod migrates mcr.microsoft.com/dotnet/sdk 6.0 and later`;
  }
  if (isDotnetSdkImage(base.image)) {
    for (const instruction of input.dockerfile.stages[0]?.instructions ?? []) {
      if (instruction.keyword !== 'RUN') continue;
      const words = (splitCommands(instruction.argsText) ?? []).map(commandWords);
      const starts = input.dockerfile.stages[0]!.instructions.some((other) => other.keyword === 'CMD' || other.keyword === 'ENTRYPOINT');
      if (words.some((command) => command[0] === 'dotnet' && command[1] === 'run')) return `line ${instruction.line + 1} runs the app with dotnet run at build time${starts ? '' : ', and no CMD or ENTRYPOINT starts it'}`;
      const other = words.find((command) => command[0] === 'dotnet' && readDotnetCall(command) === null);
      if (other && words.some((command) => readDotnetCall(command)?.verb === 'publish')) return `line ${instruction.line + 1} runs dotnet ${other[1] ?? ''} in the same RUN as its publish, which dfmod cannot split from the source`;
    }
  }
  return 'no dotnet/sdk build image with a dotnet restore, build, publish or run';
}

export function looksLikeDotnet(input: TransformInput): string | null {
  const base = resolveBaseImage(input.dockerfile);
  if (base.kind !== 'resolved' || !isDotnetSdkImage(base.image)) return null;
  const instructions = input.dockerfile.stages[0]?.instructions ?? [];
  const builds = instructions.some((instruction) => instruction.keyword === 'RUN' && (dotnetCalls(instruction) ?? []).some((call) => call.verb !== 'tool-restore'));
  const runs = instructions.some((instruction) => (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') && readRunCall(commandWordsOf(instruction) ?? []) !== null);
  return builds || runs ? `base image ${base.image} and a dotnet ${builds ? 'restore, build or publish' : 'run'}` : null;
}

export function detectDotnet(input: TransformInput): Detection {
  try {
    return { ok: true, facts: gatherFacts(input) };
  } catch (problem) {
    if (problem instanceof Skip || problem instanceof UnknownProperty) return { ok: false, status: 'skipped', reason: problem.message };
    throw problem;
  }
}

/** A COPY's sources and destination, from its JSON form (`COPY ["a.csproj", "a/"]`) or its words. */
function copyWords(instruction: Instruction): string[] {
  const text = instruction.argsText.trim().replace(/^(--\S+\s+)*/, '');
  if (text.startsWith('[')) {
    try {
      const words: unknown = JSON.parse(text);
      if (Array.isArray(words) && words.every((word) => typeof word === 'string')) return words as string[];
    } catch {
      skip(`line ${instruction.line + 1}: a COPY in JSON form dfmod cannot read`);
    }
  }
  return instruction.args.filter((word) => !word.startsWith('--'));
}

/** A COPY source as a context path; Windows-authored Dockerfiles write `src\\Api`. */
function normalize(path: string): string {
  return contextSource(path.replace(/\\/g, '/'));
}

export function isProjectFile(path: string): boolean {
  return PROJECT_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension));
}

export function isSolutionFile(path: string): boolean {
  return SOLUTION_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension));
}

/** Files a restore reads before any source: what a manifest COPY may name (globs such as `*.csproj` included). */
function isRestoreInput(path: string): boolean {
  const name = posix.basename(path);
  return isProjectFile(name) || isSolutionFile(name) || BUILD_PROPS_FILES.includes(name) || RESTORE_CONFIG_FILES.includes(name.toLowerCase()) || name === 'packages.lock.json';
}

/** `*` in a COPY source as BuildKit matches it: within one path component. */
function globMatches(pattern: string, path: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === path;
  const expression = pattern.split('/').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('/');
  return new RegExp(`^${expression}$`).test(path);
}

function gatherFacts(input: TransformInput): DotnetFacts {
  const { dockerfile, context } = input;
  if (dockerfile.stages.length !== 1) skip('the Dockerfile has several stages');
  const base = resolveBaseImage(dockerfile);
  if (base.kind !== 'resolved') skip(base.reason);
  if (base.args.length > 0) skip(`the base image takes its tag from ARG ${base.args.join(', ')}, and a runtime image written by tag would not follow it`);
  const sdkRead = readSdk(base.image);
  if (!sdkRead.ok) skip(sdkRead.reason);
  const sdk = sdkRead.sdk;
  const stage = dockerfile.stages[0]!;

  const steps: Step[] = [];
  let scope: Scope = EMPTY_SCOPE;
  let publishIndex = -1;
  for (const instruction of stage.instructions.slice(1)) {
    const here = scope;
    scope = nextScope(scope, instruction);
    const keyword = instruction.keyword;
    const push = (role: StepRole, calls: readonly DotnetCall[] = []) => steps.push({ instruction, role, scope: here, calls });
    if (keyword === 'WORKDIR' || keyword === 'ENV' || keyword === 'ARG') {
      push('scope');
    } else if (META_KEYWORDS.has(keyword)) {
      push('meta');
    } else if (keyword === 'COPY') {
      const unknownFlag = instruction.flags.find((flag) => !['chown', 'chmod', 'link'].includes(flag.name));
      if (unknownFlag) skip(`${line(instruction)}: COPY --${unknownFlag.name} is not a plain copy of the build context`);
      if (publishIndex >= 0) skip(`${line(instruction)} copies files after the publish, and dfmod cannot tell whether production needs them`);
      const sources = copyWords(instruction).slice(0, -1);
      push(sources.length > 0 && sources.every(isRestoreInput) ? 'manifest' : 'source');
    } else if (keyword === 'RUN') {
      if (inspectsOnly(instruction)) {
        push('inspect');
        continue;
      }
      const calls = dotnetCalls(instruction);
      if (calls === null) skip(`${line(instruction)}: the RUN is not a dotnet restore, build or publish, and dfmod cannot tell whether production needs what it does`);
      if (publishIndex >= 0) skip(`${line(instruction)} runs after the publish, and dfmod cannot tell whether production needs what it does`);
      const publishes = calls.filter((call) => call.verb === 'publish');
      if (publishes.length > 1) skip(`${line(instruction)} publishes more than once`);
      const role: StepRole = publishes.length === 1 ? 'publish' : calls.every((call) => call.verb === 'restore' || call.verb === 'tool-restore') ? 'restore' : 'build';
      if (role === 'publish') publishIndex = steps.length;
      push(role, calls);
    } else if (keyword === 'USER') {
      skip(`${line(instruction)}: the original sets its own USER, and dfmod adds a user only where none is set`);
    } else {
      skip(`${line(instruction)}: ${keyword} is not an instruction the .NET transform moves`);
    }
  }
  const finalWorkdir = scope.workdir;
  if (finalWorkdir === null) skip('the container runs in the SDK image\'s default directory, which dfmod cannot place in the runtime image');

  // The one COPY of the source tree fixes where every context file lands in the builder.
  const sources = steps.filter((step) => step.role === 'source');
  if (sources.length === 0) skip('no COPY brings the source into the build');
  if (sources.length > 1) skip(`${line(sources[1]!.instruction)} copies source a second time, and dfmod places the project files only for one source copy`);
  const sourceStep = sources[0]!;
  const sourceIndex = steps.indexOf(sourceStep);
  const sourceWords = copyWords(sourceStep.instruction);
  const sourcePaths = sourceWords.slice(0, -1).map(normalize);
  const destination = sourceWords.at(-1)!;
  // `COPY *.cs ./` copies the files of one directory, not its tree: the builder holds only them and what the manifest COPYs brought.
  const fileSources = sourcePaths.length > 0 && sourcePaths.every((path) => /[*?]/.test(path) || context.files.includes(path));
  let rootContext: string;
  let partial: readonly string[] | null = null;
  if (fileSources) {
    const directories = [...new Set(sourcePaths.map((path) => posix.dirname(path)))];
    if (directories.length !== 1 || /[*?]/.test(directories[0]!)) skip(`${line(sourceStep.instruction)} copies files of several directories, and dfmod places the project files only for one source directory`);
    const matchedDirectory = context.directories.find((directory) => sourcePaths.some((pattern) => globMatches(pattern, directory)));
    if (matchedDirectory !== undefined) skip(`${line(sourceStep.instruction)} copies ${sourceWords.slice(0, -1).join(' ')}, which matches the directory ${matchedDirectory}, whose contents COPY would spread into ${destination}`);
    if (!destination.endsWith('/') && destination !== '.') skip(`${line(sourceStep.instruction)} copies files to ${destination} without a trailing slash, which is a file when one file matches`);
    rootContext = directories[0]!;
    partial = sourcePaths;
  } else {
    if (sourceWords.length !== 2) skip(`${line(sourceStep.instruction)} copies several sources, and dfmod places the project files only for one source directory`);
    rootContext = sourcePaths[0]!.replace(/\/\.$/, '');
    if (rootContext !== '.' && !context.directories.includes(rootContext)) skip(`${line(sourceStep.instruction)} copies ${sourceWords[0]}, which is not a directory of the build context`);
  }
  const rootContainer = resolveWorkdir(sourceStep.scope, destination, null);
  if (rootContainer === null) skip(`${line(sourceStep.instruction)} copies the source to a directory dfmod cannot resolve`);
  const root = { context: rootContext, container: rootContainer };
  const containerOf = (path: string): string | null => {
    if (root.context === '.') return posix.join(root.container, path);
    if (path === root.context) return root.container;
    return path.startsWith(`${root.context}/`) ? posix.join(root.container, path.slice(root.context.length + 1)) : null;
  };
  const manifestPlaced = placedByManifests(steps, context.files);
  /** Whether a context file is in the builder: under the copied root, unless only some files of it were copied. */
  const inBuilder = (file: string): boolean => {
    if (partial === null) return true;
    const container = containerOf(file);
    return partial.some((pattern) => globMatches(pattern, file)) || (container !== null && manifestPlaced.has(container));
  };
  const builderFiles = context.files.filter(inBuilder);
  const contextOf = (path: string): string | null => {
    if (path === root.container) return root.context;
    if (!path.startsWith(`${root.container === '/' ? '' : root.container}/`)) return null;
    const relative = path.slice(root.container === '/' ? 1 : root.container.length + 1);
    return root.context === '.' ? relative : `${root.context}/${relative}`;
  };

  /** The project or solution a dotnet call names (or finds alone in its directory), as a context path. */
  const targetOf = (call: { target: string | null }, workdir: string | null, where: Instruction, verb: SearchVerb = 'msbuild'): string => {
    const written = call.target ?? '.';
    const absolute = workdir === null ? null : resolveWorkdir({ workdir, variables: new Map() }, written);
    const path = absolute === null ? null : contextOf(absolute);
    if (path === null) skip(`${line(where)} works on ${written}, which dfmod cannot find in the build context`);
    if (isProjectFile(path) || isSolutionFile(path)) {
      if (!builderFiles.includes(path)) skip(`${line(where)} works on ${written}, which ${context.files.includes(path) ? 'the original never copies into the build' : 'is not in the build context'}`);
      return path;
    }
    const found = searchDirectory(builderFiles, path, verb);
    if (!found.ok) skip(`${line(where)} names no project, and ${path === '.' ? 'the context root' : path} holds ${found.why}`);
    if (!isProjectFile(found.path) && !isSolutionFile(found.path)) skip(`${line(where)} works on ${found.path}, which dotnet finds alone in ${path === '.' ? 'the context root' : path}, and dfmod reads only C#, F# and VB projects and solutions`);
    return found.path;
  };

  // The app: the publish of the original, or the project `dotnet run` runs.
  const commandStep = [...steps].reverse().find((step) => step.instruction.keyword === 'ENTRYPOINT') ?? [...steps].reverse().find((step) => step.instruction.keyword === 'CMD');
  if (!commandStep) skip('no CMD or ENTRYPOINT says how the app starts');
  const commandWords = commandWordsOf(commandStep.instruction);
  if (commandWords === null) skip(`${line(commandStep.instruction)} is a shell command dfmod cannot read`);
  const run = readRunCall(commandWords);
  if (commandWords[0] === 'dotnet' && commandWords[1] === 'run' && run === null) skip(`${line(commandStep.instruction)} runs dotnet run with options dfmod does not know`);
  if (run !== null && commandStep.instruction.json === null) skip(`${line(commandStep.instruction)} runs dotnet run in shell form, which dfmod rewrites only in exec form`);
  let publishCall: DotnetCall | null = null;
  let projectPath: string;
  if (run !== null) {
    if (publishIndex >= 0) skip(`${line(commandStep.instruction)} runs dotnet run although ${line(steps[publishIndex]!.instruction)} publishes`);
    projectPath = targetOf({ target: run.project }, finalWorkdir, commandStep.instruction, 'run');
  } else {
    if (publishIndex < 0) skip('no RUN publishes the app with dotnet publish, and the command does not use dotnet run');
    const publishStep = steps[publishIndex]!;
    publishCall = publishStep.calls.find((call) => call.verb === 'publish')!;
    projectPath = targetOf(publishCall, publishStep.scope.workdir, publishStep.instruction);
  }
  const where = run !== null ? commandStep.instruction : steps[publishIndex]!.instruction;
  if (publishCall !== null && publishCall.output === null) skip(`${line(where)} publishes without -o, and dfmod does not compute the default publish directory`);
  // The original's publish and restore work on what they name; the app is the project whose output the command runs.
  const restorePath = projectPath;
  let solution: string | null = null;
  if (isSolutionFile(projectPath)) {
    if (publishCall === null) skip(`${line(where)} runs the solution ${projectPath}, which dotnet run cannot`);
    solution = projectPath;
    projectPath = solutionApp(context, projectPath, commandWords, new Map(publishCall.properties), where);
  }

  const globals = new Map(publishCall?.properties ?? []);
  const evaluated = evaluateProject(context, projectPath, globals);
  if (!evaluated.ok) skip(evaluated.reason);
  const project = evaluated.project;
  const sdkName = project.sdk;
  if (sdkName === null) skip(`${projectPath} names no MSBuild SDK`);
  const outputType = project.property('OutputType') ?? (EXE_SDKS.has(sdkName) ? 'Exe' : 'Library');
  if (outputType.toLowerCase() !== 'exe') skip(`${projectPath} builds a ${outputType}, not an app`);

  // The target framework decides the runtime: .NET never rolls an app forward to another major.
  const frameworks = (project.property('TargetFrameworks') ?? project.property('TargetFramework') ?? '').split(';').map((framework) => framework.trim()).filter(Boolean);
  const chosen = publishCall?.framework ?? null;
  if (frameworks.length === 0) skip(`${projectPath} sets no TargetFramework`);
  if (chosen === null && frameworks.length > 1) skip(`${projectPath} targets ${frameworks.join(', ')} and ${line(where)} publishes without -f, so which runtime production needs is ambiguous`);
  const framework = chosen ?? frameworks[0]!;
  if (chosen !== null && !frameworks.includes(chosen)) skip(`${line(where)} publishes for ${chosen}, which ${projectPath} does not target`);
  // NuGet reads netcoreapp5.0 and later as .NET 5 and later (`netcoreapp8.0` is `net8.0`); netcoreapp3.1 and older have no image dfmod knows.
  const version = /^net(?:coreapp(?=[5-9]|\d\d))?(\d+)\.(\d+)$/i.exec(framework);
  if (!version) skip(`${projectPath} targets ${framework}, which has no Linux runtime image dfmod knows`);
  const target = { major: Number(version[1]), minor: Number(version[2]), framework };
  if (sdk.major * 100 + sdk.minor < target.major * 100 + target.minor) skip(`${base.image} cannot build ${framework}, which ${projectPath} targets`);

  // Self-contained apps carry their runtime and need only runtime-deps.
  const aot = isTrue(project.property('PublishAot'));
  const declaredSelfContained = publishCall?.selfContained ?? (project.property('SelfContained') === undefined ? null : isTrue(project.property('SelfContained')));
  const runtimeIdentifier = publishCall?.runtimeIdentifier ?? project.property('RuntimeIdentifier') ?? null;
  const hasRuntime = runtimeIdentifier !== null || (publishCall?.runtimeWords.length ?? 0) > 0;
  if (declaredSelfContained === null && hasRuntime && target.major < 8) {
    skip(`${line(where)} publishes for a runtime identifier without saying --self-contained, whose default changed between SDKs`);
  }
  const selfContained = aot || declaredSelfContained === true;
  if (runtimeIdentifier !== null) {
    const musl = runtimeIdentifier.includes('musl');
    if (!runtimeIdentifier.startsWith('linux')) skip(`${line(where)} publishes for ${runtimeIdentifier}, which is not Linux`);
    if (musl !== (familyOf(sdk.variant) === 'alpine')) skip(`${line(where)} publishes for ${runtimeIdentifier} on a ${familyOf(sdk.variant) === 'alpine' ? 'musl' : 'glibc'} builder, whose runtime image dfmod cannot match`);
  }

  // Every project the app references: their SDKs and references decide whether it needs ASP.NET Core.
  const closure = projectClosure(context, project, globals);
  const web = closure.some((member) => member.sdk !== null && ASPNET_SDKS.has(member.sdk)) || closure.some((member) => member.frameworkReferences.some((name) => name.toLowerCase() === 'microsoft.aspnetcore.app'));
  if (closure.some((member) => member.sdk !== null && member.sdk.includes('blazorwebassembly'))) skip(`${projectPath} builds Blazor WebAssembly, static files that need a web server dfmod does not choose`);
  const packages = closure.flatMap((member) => member.packageReferences);
  const aspnetPackage = packages.find((name) => name.toLowerCase().includes('aspnetcore'));
  const unknownPackage = packages.find((name) => !RUNTIME_ONLY_PACKAGES.some((prefix) => name.toLowerCase().startsWith(prefix)));
  const aspnetBecause = web ? null : aspnetPackage ? `${aspnetPackage} runs on ASP.NET Core` : unknownPackage ? `${unknownPackage} may need the ASP.NET Core framework, which only a restore would show` : null;
  const repository: RuntimeRepository = selfContained ? 'runtime-deps' : web || aspnetBecause !== null ? 'aspnet' : 'runtime';

  const loaded = assemblyLoadByPath(context, closure.map((member) => member.directory));
  if (loaded) skip(`${loaded} loads an assembly by path, which dfmod cannot prove the publish output carries`);

  // The entry point: the published assembly, by AssemblyName or the project's file name.
  const appName = project.property('AssemblyName') || project.name;
  const projectContainerDir = containerOf(project.directory);
  let publishDir: string;
  let launchProfile: DotnetFacts['launchProfile'] = null;
  let publish: DotnetFacts['publish'];
  let entry: Entry;
  if (run !== null) {
    if (finalWorkdir !== projectContainerDir) skip(`${line(commandStep.instruction)} runs ${projectPath} from ${finalWorkdir}, not its project directory, so the files it reads from there cannot be proven`);
    const launch = `${project.directory === '.' ? '' : `${project.directory}/`}Properties/launchSettings.json`;
    if (builderFiles.includes(launch) && !run.noLaunchProfile) {
      const read = readLaunchProfile(launch, context.contents.get(launch) ?? '');
      if (!read.ok) skip(read.reason);
      launchProfile = { path: launch, name: read.name, variables: read.variables };
    }
    if (selfContained) skip(`${projectPath} is self-contained, and dfmod rewrites dotnet run only for framework-dependent apps`);
    publishDir = finalWorkdir === '/app/publish' ? '/publish' : '/app/publish';
    const projectArgument = posix.relative(finalWorkdir, containerOf(projectPath)!);
    const configuration = run.configuration ?? 'Release';
    publish = { kind: 'added', command: `dotnet publish ${projectArgument} -c ${configuration} -o ${publishDir}`, run };
    const replacement = `${appName}.dll`;
    entry = {
      instruction: commandStep.instruction,
      edit: null,
      moved: { [run.replaced.map((word) => JSON.stringify(word)).join(',')]: JSON.stringify(replacement) },
    };
  } else {
    const publishStep = steps[publishIndex]!;
    const output = resolveWorkdir(publishStep.scope, publishCall!.output!, null);
    if (output === null) skip(`${line(publishStep.instruction)} publishes to ${publishCall!.output}, a path dfmod cannot resolve`);
    publishDir = output;
    publish = { kind: 'original', step: publishIndex };
    entry = entryPoint(commandStep.instruction, commandWords, finalWorkdir, publishDir, projectContainerDir, appName, selfContained, project);
  }
  if (finalWorkdir !== publishDir && finalWorkdir !== projectContainerDir) {
    skip(`the app runs in ${finalWorkdir}, which is neither its publish directory nor its project directory, so the files it reads from there cannot be proven`);
  }
  if (steps.some((step) => step.role !== 'publish' && step.calls.some((call) => call.verb === 'build' && call.output !== null && resolveWorkdir(step.scope, call.output, null) === publishDir))) {
    skip(`a dotnet build writes into ${publishDir} too, and production copies that directory`);
  }
  const noBuild = steps.find((step) => step.instruction.raw.includes('--no-build'));
  if (noBuild) skip(`${line(noBuild.instruction)} uses --no-build, whose package files a cache mount may no longer hold by then`);

  // The restore layer: every project, props and restore file the restore reads, at its own path.
  const restore = restorePlanFor(steps, sourceIndex, sourceStep, publishCall, restorePath, containerOf, targetOf);
  const restoreTargets: RestoreTarget[] = restore.targets;
  const wanted = restoreFiles(context, restoreTargets, root.context);
  if (!wanted.ok) skip(wanted.reason);
  const placed = placedByManifests(steps.slice(0, restore.plan.kind === 'kept' ? restore.plan.at : sourceIndex), context.files);
  const restoreCopies = wanted.files.filter(inBuilder).filter((file) => {
    const container = containerOf(file);
    return container !== null && !placed.has(container);
  });
  if (restoreCopies.some((file) => /\s/.test(file))) skip(`${restoreCopies.find((file) => /\s/.test(file))} has a space in its path, which dfmod does not quote`);

  const nugetPackages = scope.variables.get('NUGET_PACKAGES');
  const cacheTarget = nugetPackages ?? NUGET_PACKAGES;
  const invariantGlobalization = isTrue(project.property('InvariantGlobalization')) || ['true', '1'].includes((scope.variables.get('DOTNET_SYSTEM_GLOBALIZATION_INVARIANT') ?? '').toLowerCase());

  const settings = appsettingsFiles(context, project.directory).filter(inBuilder);
  const settingsCopies = finalWorkdir === projectContainerDir && finalWorkdir !== publishDir && !EXE_SDKS.has(sdkName) ? settings : [];
  const sqlite = sqliteWrittenPaths(context, settings, packages);
  const shipped = sqlite.find((path) => path.copied);
  if (shipped) skip(`${shipped.source} opens ${shipped.path}, which the context ships, and production would hand the app a root-owned database`);
  const writes = codeWrittenPaths(context, closure.map((member) => member.directory), settings);
  if (!writes.ok) skip(`${writes.at} writes a file whose path dfmod cannot follow, so it cannot give that path to the non-root user`);
  const written = [...dockerfileWrittenPaths(stage.instructions), ...sqlite, ...writes.paths];

  return {
    baseImage: base.image,
    from: stage.from,
    sdk,
    steps,
    sourceIndex,
    project,
    target,
    repository,
    aspnetBecause,
    web: web || aspnetPackage !== undefined,
    invariantGlobalization,
    runtimeIdentifier,
    appName,
    publishDir,
    finalWorkdir,
    publish,
    entry,
    restoreCopies,
    restore: restore.plan,
    cacheTarget,
    settingsCopies,
    written,
    launchProfile,
    solution,
    root,
  };
}

/**
 * The project of a solution publish that the container runs: the one whose assembly the command
 * names. `dotnet publish X.sln -o out` publishes every project into `out` (NETSDK1194 warns of
 * it), so the directory holds that app's output as well as the others', as it did before.
 */
function solutionApp(context: TransformInput['context'], solution: string, command: readonly string[], globals: ReadonlyMap<string, string>, where: Instruction): string {
  const text = context.contents.get(solution);
  const projects = text === undefined ? null : solution.toLowerCase().endsWith('.slnx') ? slnxProjects(solution, text) : solutionProjects(solution, text);
  if (projects === null) skip(`${line(where)} publishes the solution ${solution}, which dfmod cannot read`);
  const ran = posix.basename(command[0] === 'dotnet' ? (command[1] ?? '') : (command[0] ?? '')).replace(/\.dll$/i, '');
  const apps = projects.filter((path) => {
    if (!context.files.includes(path)) return false;
    const evaluated = evaluateProject(context, path, globals);
    return evaluated.ok && (evaluated.project.property('AssemblyName') || evaluated.project.name) === ran;
  });
  if (apps.length !== 1) skip(`${line(where)} publishes the solution ${solution}, and ${apps.length === 0 ? `none of its projects builds ${ran}, which the command runs` : `several of its projects build ${ran}`}`);
  return apps[0]!;
}

/** The app and every project it references, each evaluated once. */
function projectClosure(context: TransformInput['context'], app: EvaluatedProject, globals: ReadonlyMap<string, string>): EvaluatedProject[] {
  const seen = new Map<string, EvaluatedProject>([[app.path, app]]);
  const queue = [...app.projectReferences];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    if (!context.files.includes(path)) skip(`${[...seen.values()].find((member) => member.projectReferences.includes(path))!.path} references ${path}, which is not in the build context`);
    const evaluated = evaluateProject(context, path, globals);
    if (!evaluated.ok) skip(evaluated.reason);
    seen.set(path, evaluated.project);
    queue.push(...evaluated.project.projectReferences);
  }
  return [...seen.values()];
}

/** Container paths the original's manifest COPYs fill before its restore. */
function placedByManifests(steps: readonly Step[], files: readonly string[]): Set<string> {
  const placed = new Set<string>();
  for (const step of steps) {
    if (step.role !== 'manifest') continue;
    const words = copyWords(step.instruction);
    const destination = words.at(-1)!;
    const sources = words.slice(0, -1).map(normalize);
    const matched = sources.flatMap((source) => files.filter((file) => globMatches(source, file)));
    const directory = destination.endsWith('/') || destination === '.' || sources.length > 1 || sources.some((source) => source.includes('*'));
    for (const file of matched) {
      const target = resolveWorkdir(step.scope, directory ? posix.join(destination, posix.basename(file)) : destination, null);
      if (target !== null) placed.add(target);
    }
  }
  return placed;
}

function restorePlanFor(
  steps: readonly Step[],
  sourceIndex: number,
  sourceStep: Step,
  publishCall: DotnetCall | null,
  projectPath: string,
  containerOf: (path: string) => string | null,
  targetOf: (call: { target: string | null }, workdir: string | null, where: Instruction) => string,
): { plan: RestorePlan; targets: RestoreTarget[] } {
  const restoreCall = (step: Step) => step.calls.find((call) => call.verb === 'restore');
  const before = steps.slice(0, sourceIndex).filter((step) => step.role === 'restore' && restoreCall(step));
  if (before.length > 0) {
    const targets = before.map((step) => ({ path: targetOf(restoreCall(step)!, step.scope.workdir, step.instruction) }));
    return { plan: { kind: 'kept', at: steps.indexOf(before[0]!) }, targets };
  }
  const after = steps.slice(sourceIndex + 1).find((step) => step.role === 'restore' && restoreCall(step));
  if (after && after.scope.workdir === sourceStep.scope.workdir && after.calls.every((call) => call.verb === 'restore')) {
    const between = steps.slice(sourceIndex + 1, steps.indexOf(after));
    if (between.every((step) => step.role === 'meta' || step.role === 'inspect' || (step.role === 'scope' && step.instruction.keyword !== 'WORKDIR'))) {
      return { plan: { kind: 'moved', step: steps.indexOf(after) }, targets: after.calls.map((call) => ({ path: targetOf(call, after.scope.workdir, after.instruction) })) };
    }
  }
  const workdir = sourceStep.scope.workdir;
  if (workdir === null) skip(`${line(sourceStep.instruction)} copies the source without a WORKDIR, where dfmod cannot place a restore`);
  const relative = posix.relative(workdir, containerOf(projectPath)!) || '.';
  const words = ['dotnet', 'restore', relative, ...(publishCall?.runtimeWords ?? []), ...(publishCall?.sourceWords ?? [])];
  return { plan: { kind: 'written', command: words.join(' ') }, targets: [{ path: projectPath }] };
}

/** The container command's assembly or apphost, checked against what the publish writes. */
function entryPoint(instruction: Instruction, words: readonly string[], finalWorkdir: string, publishDir: string, projectDir: string | null, appName: string, selfContained: boolean, project: EvaluatedProject): Entry {
  const resolve = (word: string) => resolveWorkdir({ workdir: finalWorkdir, variables: new Map() }, word);
  let word: string;
  let expected: string;
  if (words[0] === 'dotnet') {
    word = words[1] ?? '';
    if (!word.toLowerCase().endsWith('.dll')) skip(`${line(instruction)} runs dotnet ${word}, not the published ${appName}.dll`);
    if (selfContained) skip(`${line(instruction)} runs the app with dotnet, which runtime-deps, the image of a self-contained app, does not have`);
    expected = posix.join(publishDir, `${appName}.dll`);
  } else {
    word = words[0] ?? '';
    if (project.property('UseAppHost') !== undefined && !isTrue(project.property('UseAppHost'))) skip(`${line(instruction)} runs ${word}, but ${project.path} sets UseAppHost to false`);
    expected = posix.join(publishDir, appName);
  }
  const absolute = resolve(word);
  if (absolute !== expected) skip(`${line(instruction)} runs ${word}, not ${expected}, which the publish of ${project.path} writes`);
  if (finalWorkdir === publishDir) return { instruction, edit: null, moved: {} };
  if (finalWorkdir !== projectDir) return { instruction, edit: null, moved: {} };
  const occurrences = instruction.raw.slice(instruction.argsOffset).split(word).length - 1;
  if (occurrences !== 1) skip(`${line(instruction)} names ${word} more than once`);
  const to = word.startsWith('/') ? posix.join(finalWorkdir, posix.basename(expected)) : word.startsWith('./') ? `./${posix.basename(expected)}` : posix.basename(expected);
  return { instruction, edit: { from: word, to }, moved: { [word]: to } };
}
