import { posix } from 'node:path';
import type { BuildContext } from '../../src/core/context.js';
import { listingComplete, readText, sentToBuilder } from '../../src/core/context.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { copyDestination, copySources, resolvePath } from '../../src/core/dockerfile.js';
import type { Warning } from '../../src/core/findings.js';
import { commandWords, shellWord, splitCommands, type ShellCommand } from '../../src/core/shell.js';
import type { TransformInput } from '../../src/core/transform.js';
import { expandVariables, resolveBaseImage } from '../shared/base-image.js';
import { imageName, parseImageRef, type ImageRef } from '../shared/image-ref.js';
import { contextSource } from '../shared/placement.js';
import { debianReleaseOfTag, parseSystemInstall, type DebianRelease, type SystemInstall } from '../shared/system-packages.js';
import {
  classifySteps,
  globMatch,
  goSourceDirectories,
  parseGoInvocation,
  type GoInvocation,
  type Step,
} from './classify.js';
import { readGoRun, type GoRunCommand } from './go-run.js';
import { finding } from './messages.js';
import type { WrittenPath } from '../shared/app-owner.js';
import { openedFiles, type ListenedPort, type OpenedFiles } from './opened-files.js';
import { binaryNameOf, goMinorVersion, readGoMod, type GoMod } from './gomod.js';
import { moduleFreeBuildProblem, NO_GO_MOD } from './module-free.js';
import { C_TOOLCHAIN_PACKAGES, CGO_MODULES, DEFAULT_DEBIAN_RELEASE, GO_IMAGE, RUNTIME_DIRECTORIES, RUNTIME_FILE_NAMES, RUNTIME_PATH } from './tables.js';

export interface BuilderBase {
  readonly family: 'debian' | 'alpine';
  /** The Debian release the builder is on (for alpine builders: the release a Debian runtime would use). */
  readonly release: DebianRelease;
  /** The tag names the release; otherwise it comes from DEFAULT_DEBIAN_RELEASE. */
  readonly releaseExplicit: boolean;
  /** `3.19` for `golang:1.22-alpine3.19`. */
  readonly alpineVersion: string | null;
}

/** A binary the build writes. */
export interface GoBinary {
  /** Index of the step (instruction after FROM) whose RUN writes it. */
  readonly step: number;
  readonly command: ShellCommand;
  readonly invocation: GoInvocation;
  /** Absolute path in the builder. */
  readonly path: string;
  readonly name: string;
  /** Built from the module proxy (`go install x@v1`), not from the context. */
  readonly tool: boolean;
  /** CGO_ENABLED as the original set it for this command, or null when left to the toolchain. */
  readonly cgo: string | null;
}

export type LinkingKind = 'static' | 'glibc' | 'musl';

export interface Linking {
  readonly kind: LinkingKind;
  /** Why, in words for the report. */
  readonly evidence: string;
  /** The original left CGO_ENABLED unset: the builder must set it to 0 for a static binary. */
  readonly setCgoOff: boolean;
  readonly setCgoOffWhy?: string;
  /** A go.mod module that only works with cgo, built without it, and why. */
  readonly cgoModuleOff?: { readonly module: string; readonly why: string };
}

const SET_CGO_OFF_WHY: Readonly<Record<'debian' | 'alpine', string>> = {
  debian: 'the golang image turns cgo on by default, and nothing in the build needs it',
  alpine: 'the golang alpine image has no C compiler, so this only makes it explicit',
};

/** What the container's command starts. */
export interface Entry {
  /** The binary it runs, when it runs one directly. */
  readonly binary: GoBinary | null;
  /** It finds the binary through PATH (`CMD ["server"]`). */
  readonly byName: boolean;
  /** Interpreters of an entrypoint script from the context, from its shebang. */
  readonly interpreters: readonly string[];
  /** The process's working directory: the final WORKDIR, or where `cd server && ./main` enters. */
  readonly directory: string;
}

export interface GoFacts {
  readonly baseImage: string;
  readonly baseRef: ImageRef;
  readonly from: Instruction;
  readonly builder: BuilderBase;
  readonly goMod: GoMod;
  readonly hasGoSum: boolean;
  /** False for a build of named .go files without a module: no manifest to copy first, nothing to download. */
  readonly hasGoMod: boolean;
  /** Context directories that go.mod's local `replace`s point at: `go mod download` reads their go.mod. */
  readonly localModules: readonly string[];
  readonly vendored: boolean;
  readonly steps: readonly Step[];
  /** The absolute WORKDIR in force at each step. */
  readonly dirs: readonly string[];
  /** The original set a WORKDIR (otherwise it ran in the golang image's /go). */
  readonly hasWorkdir: boolean;
  readonly binaries: readonly GoBinary[];
  /** The container's `go run`, which production replaces with the binary the builder compiles. */
  readonly goRun: GoRunBuild | null;
  readonly entry: Entry;
  readonly linking: Linking;
  /** Where the context's root lands in the builder, when a COPY puts it somewhere. */
  readonly sourceRoot: string | null;
  /** The original copied the whole context (`COPY . .`), so every file was in the image. */
  readonly wholeTree: boolean;
  /** Context paths the binary reads at run time that only came with the source tree. */
  readonly runtimeFiles: readonly string[];
  /** Folders and files a Go service often reads that the original image had and production leaves out. */
  readonly leftOutFiles: readonly string[];
  /** Calls whose path dfmod cannot read (`main.go:12 (os.ReadFile): *path`). */
  readonly unreadableOpens: readonly string[];
  /** Where the code loads `.env`, which never enters the image. */
  readonly dotenvLoads: readonly { readonly site: string; readonly file: string }[];
  /** Paths the code creates or writes (`os.MkdirAll("uploads")`, a SQLite file), as absolute image paths. */
  readonly codeWrites: readonly WrittenPath[];
  /** Ports the code listens on, from literal addresses. */
  readonly boundPorts: readonly ListenedPort[];
  /** Zoneinfo is compiled into the binary (`import _ "time/tzdata"` or `-tags timetzdata`). */
  readonly tzdataEmbedded: boolean;
  readonly timezone: string | null;
  readonly moduleCache: string;
  /** null when the build runs as a user whose cache directory dfmod cannot know. */
  readonly buildCache: string | null;
  readonly installs: readonly SystemInstall[];
  readonly cgoModules: readonly string[];
  readonly warnings: readonly Warning[];
}

export type Detection = { readonly ok: true; readonly facts: GoFacts } | { readonly ok: false; readonly status: 'skipped' | 'unchanged'; readonly reason: string };

type Refusal = { ok: false; status: 'skipped' | 'unchanged'; reason: string };
const skip = (reason: string): Refusal => ({ ok: false, status: 'skipped', reason });

/**
 * The directories go.mod replaces modules with (`replace internal => ./internal`), inside the
 * context and holding a go.mod; a reason for a replacement the build context cannot give.
 */
function localModuleDirectories(goMod: GoMod, context: BuildContext): string[] | string {
  const directories: string[] = [];
  for (const target of goMod.localReplacements) {
    const directory = posix.normalize(target);
    if (target.startsWith('/') || directory === '.' || directory === '..' || directory.startsWith('../')) {
      return `go.mod replaces a module with ${target}, which is outside the build context`;
    }
    if (!context.files.includes(`${directory}/go.mod`)) return `go.mod replaces a module with ${target}, which has no go.mod in the build context`;
    directories.push(directory);
  }
  return [...new Set(directories)].sort();
}

/** True when the file is about Go at all (for match), before any deeper look. */
export function looksLikeGo(input: TransformInput): string | null {
  const base = resolveBaseImage(input.dockerfile);
  if (base.kind === 'resolved' && imageName(parseImageRef(base.image)) === 'golang') return `base image ${base.image}`;
  if (input.context.files.includes('go.mod')) {
    const runsGo = input.dockerfile.instructions.some(
      (instruction) => instruction.keyword === 'RUN' && (splitCommands(instruction.argsText) ?? []).some((command) => commandWords(command)[0] === 'go'),
    );
    if (runsGo) return 'go.mod and a go command';
  }
  return null;
}

export function detectGo(input: TransformInput): Detection {
  const { dockerfile, context } = input;
  const base = resolveBaseImage(dockerfile);
  if (base.kind === 'unresolved') return skip(base.reason);
  const baseRef = parseImageRef(base.image);
  if (imageName(baseRef) !== 'golang') {
    return skip(`Go builds on ${base.image}; dfmod only migrates builds on the official golang images`);
  }
  if (base.from.flags.some((flag) => flag.name === 'platform' && (flag.value ?? '').includes('BUILDPLATFORM'))) {
    return skip('FROM --platform=$BUILDPLATFORM cross-compiles into the build platform\'s image; dfmod cannot tell which platform production targets');
  }
  const builder = builderBase(baseRef);
  if (!builder) return skip(`${base.image} is not a Linux golang image dfmod knows`);
  const goModText = readText(context, 'go.mod');
  if (goModText === undefined && context.files.includes('go.mod')) return skip('go.mod at the root of the build context cannot be read');
  if (context.files.includes('go.work')) return skip('go.work workspaces are not supported');
  const moduleFree = goModText === undefined ? moduleFreeBuildProblem(dockerfile.stages[0]!.instructions, context) : null;
  if (moduleFree !== null) return skip(moduleFree);
  const goMod = goModText === undefined ? NO_GO_MOD : readGoMod(goModText);
  const localModules = localModuleDirectories(goMod, context);
  if (typeof localModules === 'string') return skip(localModules);

  const stage = dockerfile.stages[0]!;
  const steps = classifySteps(stage.instructions.slice(1), goSourceDirectories(context.files), context.files);
  const opaque = steps.find((step) => step.role === 'run' && step.commands === null);
  if (opaque) return skip(`line ${opaque.instruction.line + 1}: the RUN script is too complex to split safely`);
  const runCommand = readGoRun(lastInstruction(steps, 'CMD'), lastInstruction(steps, 'ENTRYPOINT'));
  if (typeof runCommand === 'string') return skip(runCommand);
  const hasGoStep = steps.some((step) => step.commands?.some((command) => command.role === 'build' || command.role === 'tool'));
  if (!hasGoStep && runCommand === null) {
    const runsGo = steps.some((step) => step.commands?.some((command) => command.role !== 'other' && command.role !== 'system' && command.role !== 'fs-setup'));
    if (!runsGo && !steps.some((step) => step.role === 'source-copy')) return { ok: false, status: 'unchanged', reason: 'runtime-only image: no go build step' };
    const other = steps.flatMap((step) => (step.commands ?? []).filter((command) => command.role === 'other').map((command) => ({ step, command }))).at(0);
    if (other) return skip(`line ${other.step.instruction.line + 1}: the build runs "${other.command.command.text}", which dfmod cannot follow to a binary`);
    return skip('no go build or go install step writes a binary');
  }
  const declared = new Set(dockerfile.instructions.filter((instruction) => instruction.keyword === 'ARG' || instruction.keyword === 'ENV').flatMap((instruction) => instruction.properties.map(([name]) => name)));
  const imageVariable = steps
    .filter((step) => ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(step.instruction.keyword) && !step.instruction.json)
    .flatMap((step) => step.instruction.variables.filter((name) => name in GO_IMAGE.env && name !== 'PATH' && !declared.has(name)).map((name) => ({ step, name })))
    .at(0);
  if (imageVariable) return skip(`line ${imageVariable.step.instruction.line + 1}: the command uses $${imageVariable.name}, which only the golang image sets`);
  const finalUser = steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  if (finalUser && ['root', '0'].includes((finalUser.args[0] ?? '').split(':')[0]!)) {
    return skip(`line ${finalUser.line + 1}: the original explicitly runs as root; dfmod will not change the user`);
  }

  const environment = trackEnvironment(input, steps);
  const { dirs, envs } = environment;
  const vendored = isVendored(context, steps, envs);
  const roots = sourceRoots(steps, dirs);

  // Directories that exist when the build runs: `go build -o <dir>` writes <dir>/<name> into them.
  const knownDirectories = new Set<string>([...dirs, ...IMAGE_DIRECTORIES]);
  const binaries: GoBinary[] = [];
  for (const [index, step] of steps.entries()) {
    if (!step.commands) continue;
    const exported = new Map<string, string>();
    let cwd = dirs[index]!;
    for (const { command, role } of step.commands) {
      const invocation = parseGoInvocation(command);
      if (role === 'export') {
        for (const word of commandWords(command).slice(1)) exported.set(word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1));
      }
      if (role === 'cd') {
        const target = commandWords(command)[1];
        if (target === undefined || target.includes('$') || target.startsWith('~') || target === '-') return skip(`line ${step.instruction.line + 1}: "${command.text}" changes to a directory dfmod cannot follow`);
        cwd = resolvePath(cwd, target);
      }
      if (!invocation || (role !== 'build' && role !== 'tool')) continue;
      const env = new Map([...envs[index]!, ...exported]);
      for (const [name, value] of invocation.assignments) env.set(name, expandVariables(value, (variable, fallback) => env.get(variable) ?? fallback ?? ''));
      const installed = role === 'build' ? installedMainPackages(invocation, cwd, env, goMod, roots.sourceRoot, context) : null;
      if (typeof installed === 'string') return skip(`line ${step.instruction.line + 1}: ${installed}`);
      if (installed !== null) {
        for (const found of installed) binaries.push({ step: index, command, invocation, path: found.path, name: found.name, tool: false, cgo: env.get('CGO_ENABLED') ?? null });
        continue;
      }
      const found = binaryOf(invocation, role === 'tool', cwd, env, goMod, roots.sourceRoot, context, knownDirectories);
      if (typeof found === 'string') return skip(`line ${step.instruction.line + 1}: ${found}`);
      if (found === null) continue;
      binaries.push({ step: index, command, invocation, path: found.path, name: found.name, tool: role === 'tool', cgo: env.get('CGO_ENABLED') ?? null });
    }
  }
  const goRun = runCommand === null ? null : goRunBuild(runCommand, { steps, dirs, envs, goMod, sourceRoot: roots.sourceRoot, context, knownDirectories });
  if (typeof goRun === 'string') return skip(goRun);
  if (goRun) binaries.push(goRun.binary);
  if (binaries.filter((binary) => !binary.tool).length === 0) return skip('no go build or go install step writes a binary from the context');
  const stamped = binaries.find((binary) => runsGit(binary.command.text));
  if (stamped && !gitInContext(context)) {
    return skip(`line ${steps[stamped.step]!.instruction.line + 1}: the build runs git to stamp the binary, and the build context has no .git${context.directories.includes('.git') ? ' (its .dockerignore leaves it out)' : ''}, so the build cannot run it`);
  }
  const paths = new Set(binaries.map((binary) => binary.path));
  if (paths.size !== binaries.length) return skip('two build steps write the same binary path; dfmod cannot tell which one runs');

  const entry = goRun ? { binary: goRun.binary, byName: false, interpreters: [], directory: dirs.at(-1) ?? GO_IMAGE.workdir } : findEntry(steps, dirs, envs, binaries, context);
  if (typeof entry === 'string') return skip(entry);

  const installs = steps.flatMap((step) => (step.commands ?? []).map(({ command }) => parseSystemInstall(command)).filter((install) => install !== null));
  const cgoModules = goMod.requires.filter((path) => CGO_MODULES[path] !== undefined);
  const unsupported = cgoModules.map((path) => CGO_MODULES[path]!).find((needs) => needs.needs === 'unsupported');
  const linking = decideLinking(builder, binaries, installs, cgoModules, context);
  if (unsupported && unsupported.needs === 'unsupported' && linking.kind !== 'static') return skip(`${unsupported.reason}, which no runtime image dfmod picks has`);

  const code = openedFiles(context);
  const goSources = [...context.contents.entries()].filter(([path]) => path.endsWith('.go'));
  const tzdataEmbedded =
    goSources.some(([, text]) => text.includes('"time/tzdata"')) ||
    binaries.some((binary) => tagsOf(binary.invocation).includes('timetzdata'));
  const buildUser = steps.slice(0, Math.max(...binaries.map((binary) => binary.step))).filter((step) => step.role === 'user').at(-1)?.instruction;
  const buildUserName = buildUser ? (buildUser.args[0] ?? '').split(':')[0]! : 'root';
  const warnings: Warning[] = [];
  const lastEnv = envs.at(-1) ?? new Map<string, string>();
  const gopath = lastEnv.get('GOPATH') ?? GO_IMAGE.gopath;
  const moduleCache = lastEnv.get('GOMODCACHE') ?? `${gopath}/pkg/mod`;
  let buildCache: string | null = lastEnv.get('GOCACHE') ?? (buildUserName === 'root' || buildUserName === '0' ? GO_IMAGE.buildCache : null);
  if (!moduleCache.startsWith('/') || (buildCache !== null && !buildCache.startsWith('/'))) buildCache = null;
  if (buildCache === null) {
    warnings.push(finding('cache-mount.unknown-user', { user: buildUserName }));
  }

  return {
    ok: true,
    facts: {
      baseImage: base.image,
      baseRef,
      from: base.from,
      builder,
      goMod,
      hasGoSum: context.files.includes('go.sum'),
      hasGoMod: goModText !== undefined,
      localModules,
      vendored,
      steps,
      dirs,
      hasWorkdir: steps.some((step) => step.role === 'workdir'),
      binaries,
      entry,
      linking,
      sourceRoot: roots.sourceRoot,
      wholeTree: roots.wholeTree,
      goRun,
      ...runtimeFacts(runtimeFiles(steps, goRun ? goRun.command.args : (commandLines(steps) ?? []).flat(), entry.directory, roots, context, paths, code), code, entry.directory, roots.sourceRoot, context),
      tzdataEmbedded,
      timezone: lastEnv.get('TZ') ?? null,
      moduleCache,
      buildCache,
      installs,
      cgoModules,
      warnings,
    },
  };
}

function runtimeFacts(files: RuntimeFiles, code: OpenedFiles, workdir: string, sourceRoot: string | null, context: BuildContext) {
  const codeWrites = code.written.flatMap((write): WrittenPath[] => {
    const path = resolvePath(workdir, write.path);
    const relative = sourceRoot !== null && isInside(path, sourceRoot) ? posix.relative(sourceRoot, path) : null;
    const copied = relative !== null && context.files.includes(relative) && files.copied.some((kept) => isInside(relative, kept));
    return [{ path, kind: write.directory ? 'directory' : 'file', source: write.site, ...(copied ? { copied } : {}) }];
  });
  return {
    runtimeFiles: files.copied,
    leftOutFiles: files.leftOut,
    unreadableOpens: code.unreadable,
    dotenvLoads: code.dotenv.map((load) => ({ site: load.site, file: load.path })),
    codeWrites: codeWrites.filter((write, index) => codeWrites.findIndex((other) => other.path === write.path) === index),
    boundPorts: code.listens,
  };
}

function builderBase(ref: ImageRef): BuilderBase | null {
  const tag = ref.tag ?? 'latest';
  const words = tag.split('-');
  if (words.some((word) => word.startsWith('windowsservercore') || word.startsWith('nanoserver'))) return null;
  const release = debianReleaseOfTag(tag);
  const version = goMinorVersion(words[0] ?? null);
  const defaultRelease = DEFAULT_DEBIAN_RELEASE.find(({ upTo }) => version === null ? upTo[0] === Infinity : version[0] < upTo[0] || (version[0] === upTo[0] && version[1] <= upTo[1]))!.release;
  const alpine = words.find((word) => word.startsWith('alpine'));
  if (alpine !== undefined) {
    const alpineVersion = alpine.slice('alpine'.length);
    return { family: 'alpine', release: defaultRelease, releaseExplicit: false, alpineVersion: /^\d+\.\d+$/.test(alpineVersion) ? alpineVersion : null };
  }
  return { family: 'debian', release: release ?? defaultRelease, releaseExplicit: release !== null, alpineVersion: null };
}

interface Environment {
  readonly dirs: string[];
  /** ENV and ARG values in force at each step (after FROM, before the step). */
  readonly envs: Map<string, string>[];
}

/** Follows WORKDIR, ENV and ARG through the steps, as the builder would with no --build-arg. */
function trackEnvironment(input: TransformInput, steps: readonly Step[]): Environment {
  const globals = new Map<string, string>();
  for (const arg of input.dockerfile.globalArgs) for (const [name, value] of arg.properties) if (value) globals.set(name, value);
  const values = new Map<string, string>(Object.entries(GO_IMAGE.env));
  let current: string = GO_IMAGE.workdir;
  const dirs: string[] = [];
  const envs: Map<string, string>[] = [];
  const expand = (text: string) => expandVariables(text, (name, fallback) => values.get(name) ?? fallback ?? '');
  for (const step of steps) {
    const { instruction } = step;
    envs.push(new Map(values));
    if (instruction.keyword === 'ARG') {
      for (const [name, value] of instruction.properties) {
        const resolved = value !== null ? expand(value) : globals.get(name);
        if (resolved !== undefined) values.set(name, resolved);
      }
    }
    if (instruction.keyword === 'ENV') for (const [name, value] of instruction.properties) values.set(name, expand(value ?? ''));
    if (instruction.keyword === 'WORKDIR') {
      const target = expand(instruction.args[0] ?? '/');
      current = resolvePath(current, target);
    }
    dirs.push(current);
  }
  envs.push(new Map(values));
  return { dirs, envs };
}

/** vendor/ is used when go.mod's go version is 1.14 or later and nothing says -mod=mod, or when -mod=vendor says so. */
function isVendored(context: BuildContext, steps: readonly Step[], envs: readonly Map<string, string>[]): boolean {
  const modFlags = steps.flatMap((step, index) =>
    (step.commands ?? []).flatMap(({ command, role }) => {
      const invocation = role === 'build' ? parseGoInvocation(command) : null;
      const flag = invocation?.flags.get('mod');
      const goflags = invocation?.assignments.get('GOFLAGS') ?? envs[index]!.get('GOFLAGS') ?? '';
      const fromGoflags = /(^|\s)-mod=(\w+)/.exec(goflags)?.[2];
      return typeof flag === 'string' ? [flag] : fromGoflags ? [fromGoflags] : [];
    }),
  );
  if (modFlags.includes('vendor')) return true;
  if (modFlags.includes('mod') || modFlags.includes('readonly')) return false;
  const go = goMinorVersion(readGoMod(readText(context, 'go.mod') ?? '').go);
  return context.directories.includes('vendor') && go !== null && (go[0] > 1 || go[1] >= 14);
}

interface SourceRoots {
  readonly sourceRoot: string | null;
  readonly wholeTree: boolean;
}

/** Where the context root lands: the destination of `COPY . <dest>`, else of the go.mod copy. */
function sourceRoots(steps: readonly Step[], dirs: readonly string[]): SourceRoots {
  for (const [index, step] of steps.entries()) {
    if (step.role !== 'source-copy' && step.role !== 'manifest-copy') continue;
    const sources = copySources(step.instruction).map(contextSource);
    const destination = copyDestination(step.instruction);
    const absolute = resolvePath(dirs[index]!, destination);
    if (sources.includes('.')) return { sourceRoot: absolute, wholeTree: true };
  }
  for (const [index, step] of steps.entries()) {
    if (step.role !== 'source-copy' && step.role !== 'manifest-copy') continue;
    const sources = copySources(step.instruction).map(contextSource);
    const destination = copyDestination(step.instruction);
    const bringsGoMod = sources.some((source) => source === 'go.mod' || globMatch(source, 'go.mod'));
    if (bringsGoMod && (sources.length > 1 || destination.endsWith('/') || destination === '.' || hasWildcard(sources))) {
      const absolute = resolvePath(dirs[index]!, destination);
      return { sourceRoot: absolute, wholeTree: false };
    }
  }
  return { sourceRoot: null, wholeTree: false };
}

function hasWildcard(sources: readonly string[]): boolean {
  return sources.some((source) => source.includes('*') || source.includes('?'));
}

function tagsOf(invocation: GoInvocation): string[] {
  const tags = invocation.flags.get('tags');
  return typeof tags === 'string' ? tags.split(/[,\s]+/).filter(Boolean) : [];
}

/**
 * The binary a `go build`/`go install` writes, null when it writes none (a compile check), or a
 * reason it cannot be followed.
 */
function binaryOf(
  go: GoInvocation,
  tool: boolean,
  cwd: string,
  env: ReadonlyMap<string, string>,
  goMod: GoMod,
  sourceRoot: string | null,
  context: BuildContext,
  directories: ReadonlySet<string>,
): { path: string; name: string } | null | string {
  if (go.flags.has('C')) return 'go -C changes directory before building; dfmod does not follow it';
  const goos = env.get('GOOS');
  if (goos !== undefined && goos !== 'linux' && goos !== '') return `the build targets GOOS=${goos}, which cannot run in a Linux container`;
  const output = go.flags.get('o');
  const packages = go.operands;
  if (packages.some((operand) => operand.includes('...'))) {
    if (go.subcommand === 'build' && output === undefined) return null;
    // `go build -o /usr/local/bin/app ./...` (the golang image's own example) writes its one main package there.
    if (go.subcommand === 'build' && typeof output === 'string' && !output.endsWith('/')) {
      const path = resolvePath(cwd, output);
      return { path, name: posix.basename(path) };
    }
    return `go ${go.subcommand} ${packages.join(' ')} writes every main package; dfmod cannot tell which binaries the container needs`;
  }
  const files = packages.filter((operand) => operand.endsWith('.go'));
  if (packages.length > 1 && files.length !== packages.length) {
    if (go.subcommand === 'build' && output === undefined) return null;
    return `go ${go.subcommand} names several packages; dfmod cannot tell which binary the container runs`;
  }
  if (output === '/dev/null') return null;
  if (typeof output === 'string' && output.includes('$')) return `the output path ${output} depends on a variable`;

  const name = nameOfPackage(packages, files, cwd, goMod, sourceRoot);
  if (go.subcommand === 'install') {
    if (env.get('GOARCH') || (goos !== undefined && goos !== '')) return 'go install with GOOS or GOARCH set may write to a per-platform directory';
    const bin = env.get('GOBIN') || `${env.get('GOPATH') || GO_IMAGE.gopath}/bin`;
    return { path: posix.join(bin, tool ? binaryNameOf(packages[0]!.split('@')[0]!) : name), name: tool ? binaryNameOf(packages[0]!.split('@')[0]!) : name };
  }
  const library = files.length === 0 ? libraryClause(packages[0] ?? '.', cwd, sourceRoot, context) : null;
  // Of a package that is not main, go build writes no executable: a compile check, or with -o an archive.
  if (library !== null) return typeof output === 'string' ? `${library.site} is "package ${library.name}", so go build -o ${output} writes no program the container can run` : null;
  if (typeof output !== 'string') return { path: posix.join(cwd, name), name };
  const absolute = resolvePath(cwd, output);
  const contextDirectory = sourceRoot !== null && isInside(absolute, sourceRoot) ? posix.relative(sourceRoot, absolute) : null;
  const existingDirectory = directories.has(absolute) || (contextDirectory !== null && (contextDirectory === '' || context.directories.includes(contextDirectory)));
  if (output.endsWith('/') || existingDirectory) {
    return { path: posix.join(absolute, name), name };
  }
  return { path: absolute, name: posix.basename(absolute) };
}

/** What production runs instead of the container's `go run`: the binary one added `go build` writes after step `after`. */
export interface GoRunBuild {
  readonly command: GoRunCommand;
  readonly binary: GoBinary;
  readonly after: number;
}

interface GoRunInput {
  readonly steps: readonly Step[];
  readonly dirs: readonly string[];
  readonly envs: readonly Map<string, string>[];
  readonly goMod: GoMod;
  readonly sourceRoot: string | null;
  readonly context: BuildContext;
  readonly knownDirectories: ReadonlySet<string>;
}

/** Variables that change what the go command compiles; the others reach only the program. */
const GO_SETTING = /^(GO\w*|CGO_\w+)$/;

/**
 * The build that compiles what `go run` would: the same flags and package, in the directory go
 * run ran in, with the same Go settings, after the last step that brings source or tools.
 */
function goRunBuild(run: GoRunCommand, input: GoRunInput): GoRunBuild | string {
  const { steps, dirs, envs } = input;
  const line = run.instruction.line + 1;
  const after = steps.findLastIndex((step) => step.role === 'source-copy' || step.role === 'manifest-copy' || (step.role === 'run' && (step.commands ?? []).some((command) => command.role !== 'fs-setup' && command.role !== 'cache-clean')));
  if (after < 0 || !steps.slice(0, after + 1).some((step) => step.role === 'source-copy')) return `line ${line}: go run compiles source that no COPY brings from the build context`;
  const runDir = dirs.at(-1) ?? GO_IMAGE.workdir;
  if (dirs[after] !== runDir) return `line ${line}: go run runs in ${runDir}, but the source is in place in ${dirs[after]}`;
  const settings = (env: ReadonlyMap<string, string>) => [...env].filter(([name]) => GO_SETTING.test(name)).map(([name, value]) => `${name}=${value}`).sort().join('\n');
  const buildEnv = envs[after + 1]!;
  if (settings(buildEnv) !== settings(envs.at(-1)!)) return `line ${line}: go run sees other Go settings (GO*, CGO_*) than a build after line ${steps[after]!.instruction.line + 1} would`;
  const absent = absentGoFile(run.packages, runDir, input.sourceRoot, input.context);
  if (absent !== null) return `line ${line}: go run names ${absent}, which the build context does not have, so the original container cannot start either`;
  const compile = (text: string) => parseGoInvocation(splitCommands(text)![0]!)!;
  const unnamed = binaryOf(compile(['go', 'build', ...run.flags, ...run.packages].map(shellWord).join(' ')), false, runDir, buildEnv, input.goMod, input.sourceRoot, input.context, input.knownDirectories);
  if (unnamed === null) return `line ${line}: go run ${run.packages.join(' ')} names no main package dfmod can build`;
  if (typeof unnamed === 'string') return `line ${line}: ${unnamed}`;
  const path = posix.join('/usr/local/bin', unnamed.name);
  const text = ['go', 'build', '-o', path, ...run.flags, ...run.packages].map(shellWord).join(' ');
  const command = splitCommands(text)![0]!;
  return { command: run, after, binary: { step: after, command, invocation: compile(text), path, name: unnamed.name, tool: false, cgo: buildEnv.get('CGO_ENABLED') ?? null } };
}

/** The first `.go` file a command names that the copied context does not hold, as the command names it. */
function absentGoFile(operands: readonly string[], cwd: string, sourceRoot: string | null, context: BuildContext): string | null {
  if (sourceRoot === null || !listingComplete(context)) return null;
  for (const operand of operands) {
    if (!operand.endsWith('.go')) continue;
    const path = posix.normalize(posix.join(cwd, operand));
    const relative = posix.relative(sourceRoot, path);
    if (isInside(path, sourceRoot) && (!context.files.includes(relative) || !sentToBuilder(context)(relative))) return operand;
  }
  return null;
}

/** A command that runs git inside it (`-ldflags "-X main.commit=$(git rev-parse --short HEAD)"`). */
export function runsGit(text: string): boolean {
  return /\$\(\s*git\s|`\s*git\s/.test(text);
}

function gitInContext(context: BuildContext): boolean {
  return context.directories.includes('.git') && sentToBuilder(context)('.git/HEAD');
}

/**
 * `go install ./...`: every main package below the pattern's directory lands in GOBIN under its
 * own name; which of them the container runs, its command says. Null for any other invocation.
 */
function installedMainPackages(
  go: GoInvocation,
  cwd: string,
  env: ReadonlyMap<string, string>,
  goMod: GoMod,
  sourceRoot: string | null,
  context: BuildContext,
): { path: string; name: string }[] | string | null {
  const [pattern] = go.operands;
  if (go.subcommand !== 'install' || go.operands.length !== 1 || !pattern!.endsWith('/...') || !(pattern!.startsWith('./') || pattern === '...')) return null;
  if (sourceRoot === null || goMod.module === null) return null;
  if (env.get('GOARCH') || env.get('GOOS')) return 'go install with GOOS or GOARCH set may write to a per-platform directory';
  const base = posix.normalize(posix.join(cwd, pattern!.slice(0, -'/...'.length) || '.'));
  if (!isInside(base, sourceRoot)) return null;
  const prefix = posix.relative(sourceRoot, base);
  const mains = new Set<string>();
  for (const [file, text] of context.contents) {
    if (!file.endsWith('.go') || file.endsWith('_test.go') || file.startsWith('vendor/') || file.split('/').some((part) => part.startsWith('.') || part.startsWith('_') || part === 'testdata')) continue;
    const directory = posix.dirname(file) === '.' ? '' : posix.dirname(file);
    if (prefix !== '' && directory !== prefix && !directory.startsWith(`${prefix}/`)) continue;
    if (/^package\s+main\b/m.test(text)) mains.add(directory);
  }
  if (mains.size === 0) return `go install ${pattern} finds no main package dfmod can read`;
  const bin = env.get('GOBIN') || `${env.get('GOPATH') || GO_IMAGE.gopath}/bin`;
  return [...mains].sort().map((directory) => {
    const name = binaryNameOf(directory === '' ? goMod.module! : `${goMod.module}/${directory}`);
    return { path: posix.join(bin, name), name };
  });
}

/**
 * The package clause of a local package directory when none of its non-test files is
 * `package main` (`todo.go:1`, `todo`); null when one is, or dfmod cannot read them all.
 */
function libraryClause(target: string, cwd: string, sourceRoot: string | null, context: BuildContext): { site: string; name: string } | null {
  if (sourceRoot === null || !(target === '.' || target.startsWith('./') || target.startsWith('../'))) return null;
  const directory = posix.normalize(posix.join(cwd, target));
  if (!isInside(directory, sourceRoot)) return null;
  const relative = posix.relative(sourceRoot, directory);
  const sources = context.files.filter((file) => file.endsWith('.go') && !file.endsWith('_test.go') && posix.dirname(file) === (relative || '.'));
  if (sources.length === 0 || sources.some((file) => !context.contents.has(file))) return null;
  const clauses = sources.map((file) => {
    const lines = context.contents.get(file)!.split('\n');
    const line = lines.findIndex((text) => /^package\s+\w+/.test(text));
    return line < 0 ? null : { site: `${file}:${line + 1}`, name: /^package\s+(\w+)/.exec(lines[line]!)![1]! };
  });
  // A file left out by a build constraint may name another package: only a directory with no main file counts.
  if (clauses.some((clause) => clause === null || clause.name === 'main')) return null;
  return clauses[0]!;
}

/** The name `go build` gives the binary of the named package (or of the files given). */
function nameOfPackage(packages: readonly string[], files: readonly string[], cwd: string, goMod: GoMod, sourceRoot: string | null): string {
  if (files.length > 0) return posix.basename(files[0]!, '.go');
  const target = packages[0] ?? '.';
  const local = target === '.' || target.startsWith('./') || target.startsWith('../');
  if (!local) return binaryNameOf(target);
  const directory = posix.normalize(posix.join(cwd, target));
  if (sourceRoot !== null && goMod.module !== null && isInside(directory, sourceRoot)) {
    const relative = posix.relative(sourceRoot, directory);
    return binaryNameOf(relative === '' ? goMod.module : `${goMod.module}/${relative}`);
  }
  return binaryNameOf(directory);
}

export function isInside(path: string, directory: string): boolean {
  return path === directory || path.startsWith(directory === '/' ? '/' : `${directory}/`);
}

/** Directories every golang image has. */
const IMAGE_DIRECTORIES = ['/', '/tmp', GO_IMAGE.gopath, GO_IMAGE.bin, '/usr/local/go/bin', ...RUNTIME_PATH];

/** Programs that start another one: the real command follows them. */
const WRAPPERS = new Set(['tini', 'dumb-init', 'su-exec', 'gosu', 'exec']);

/**
 * The programs the container's command starts, each with its arguments: one exec-form line
 * (ENTRYPOINT then CMD), or every command of a shell-form script; null without a command.
 */
export function commandLines(steps: readonly Step[]): string[][] | null {
  const entrypoint = lastInstruction(steps, 'ENTRYPOINT');
  const cmd = lastInstruction(steps, 'CMD');
  const linesOf = (instruction: Instruction): string[][] =>
    instruction.json ? [[...instruction.json]] : (splitCommands(instruction.argsText) ?? []).map((command) => [...commandWords(command)]);
  if (entrypoint?.json) return [[...entrypoint.json, ...(cmd ? linesOf(cmd)[0] ?? [] : [])]];
  const instruction = entrypoint ?? cmd;
  return instruction ? linesOf(instruction).map(withoutWrappers).filter((words) => words.length > 0) : null;
}

function lastInstruction(steps: readonly Step[], keyword: string): Instruction | undefined {
  return steps.filter((step) => step.instruction.keyword === keyword).at(-1)?.instruction;
}

/**
 * `cd server && ./main`: the directory a shell-form command enters before it starts its program
 * (the program's working directory, which its relative paths resolve from), null when it enters
 * none, or a reason when dfmod cannot follow the cd.
 */
function enteredDirectory(steps: readonly Step[], lines: readonly (readonly string[])[], workdir: string): string | null | { readonly reason: string } {
  const [cd, target] = lines[0] ?? [];
  if (cd !== 'cd') return null;
  const instruction = lastInstruction(steps, 'ENTRYPOINT') ?? lastInstruction(steps, 'CMD');
  const commands = instruction && !instruction.json ? (splitCommands(instruction.argsText) ?? []) : [];
  const followable = target !== undefined && lines[0]!.length === 2 && !target.includes('$') && !target.startsWith('~') && target !== '-';
  if (!followable || lines.length < 2 || commands[1]?.joinedBy !== '&&') {
    return { reason: `the command changes directory (${lines[0]!.join(' ')}) in a way dfmod cannot follow to the binary it starts` };
  }
  return resolvePath(workdir, target);
}

/** The words after `exec`, `tini --`, `su-exec user`: the program that really runs. */
function withoutWrappers(line: readonly string[]): string[] {
  let words = [...line];
  while (words.length > 0 && WRAPPERS.has(posix.basename(words[0]!))) {
    const wrapper = posix.basename(words[0]!);
    words = words.slice(wrapper === 'su-exec' || wrapper === 'gosu' ? 2 : 1);
    while (words[0]?.startsWith('-')) words = words.slice(1);
  }
  return words;
}

function findEntry(
  steps: readonly Step[],
  dirs: readonly string[],
  envs: readonly Map<string, string>[],
  binaries: readonly GoBinary[],
  context: BuildContext,
): Entry | string {
  const found = commandLines(steps);
  if (found === null) return 'no CMD or ENTRYPOINT: dfmod cannot tell which binary the container runs';
  const started = found.map(withoutWrappers).filter((words) => words.length > 0);
  if (started.length === 0) return 'the shell-form command is too complex for dfmod to find the binary it runs';
  const finalWorkdir = dirs.at(-1) ?? GO_IMAGE.workdir;
  const entered = enteredDirectory(steps, started, finalWorkdir);
  if (entered !== null && typeof entered === 'object') return entered.reason;
  const workdir = entered ?? finalWorkdir;
  const lines = entered === null ? started : started.slice(1);
  const byPath = (path: string) => binaries.find((binary) => binary.path === path) ?? null;
  const searched = [...new Set([...(envs.at(-1)?.get('PATH') ?? '').split(':').filter((directory) => directory.startsWith('/')), GO_IMAGE.bin, '/usr/local/go/bin', ...RUNTIME_PATH])];
  const startsIn = (binary: GoBinary, byName: boolean): Entry | string => {
    // Production has the directory the command enters when it is a WORKDIR or holds the binary.
    if (entered !== null && !dirs.includes(entered) && !isInside(binary.path, entered)) {
      return `the command enters ${entered}, which production would not have: it holds no binary and is no WORKDIR`;
    }
    return { binary, byName, interpreters: [], directory: workdir };
  };
  for (const [program = ''] of lines) {
    if (program.includes('/')) {
      const binary = byPath(resolvePath(workdir, program));
      if (binary) return startsIn(binary, false);
      continue;
    }
    for (const directory of searched) {
      const binary = byPath(posix.join(directory, program));
      if (binary) return startsIn(binary, true);
    }
  }
  if (entered !== null) return `the command enters ${entered} and runs ${lines[0]![0]}, which no go build step in the file writes`;
  for (const [program = ''] of lines) {
    const script = scriptFromContext(program, steps, dirs, context);
    if (script !== null) return { binary: null, byName: false, interpreters: script, directory: workdir };
  }
  return `the command runs ${lines[0]![0]}, which no go build step in the file writes`;
}

/** The shebang interpreter of an entrypoint script the original copied from the context. */
function scriptFromContext(program: string, steps: readonly Step[], dirs: readonly string[], context: BuildContext): string[] | null {
  const base = posix.basename(program);
  for (const [index, step] of steps.entries()) {
    if (step.role !== 'asset-copy' && step.role !== 'source-copy') continue;
    for (const source of copySources(step.instruction).map(contextSource)) {
      const file = source === '.' ? context.files.find((candidate) => candidate === program.replace(/^\.\//, '')) : context.files.find((candidate) => candidate === source && posix.basename(candidate) === base);
      if (!file || dirs[index] === undefined) continue;
      const firstLine = (readText(context, file) ?? '').split('\n', 1)[0] ?? '';
      if (!firstLine.startsWith('#!')) return null;
      const parts = firstLine.slice(2).trim().split(/\s+/);
      const interpreter = parts[0]?.endsWith('/env') ? parts[1] : parts[0];
      return interpreter ? [posix.basename(interpreter)] : null;
    }
  }
  return null;
}

/**
 * Static or libc-linked, from evidence only: CGO_ENABLED as the original set it, cgo modules in
 * go.mod, a C toolchain installed. The golang images enable cgo whenever a C compiler is there
 * (Debian images ship gcc, Alpine ones do not), so "unset" on Debian means a libc-linked binary
 * as soon as any package (even `net`) uses cgo; dfmod then makes the builder say CGO_ENABLED=0.
 */
function decideLinking(builder: BuilderBase, binaries: readonly GoBinary[], installs: readonly SystemInstall[], cgoModules: readonly string[], context: BuildContext): Linking {
  const libc: LinkingKind = builder.family === 'alpine' ? 'musl' : 'glibc';
  const built = binaries.filter((binary) => !binary.tool);
  const explicitOn = built.find((binary) => binary.cgo === '1');
  if (explicitOn) return { kind: libc, evidence: `the build sets CGO_ENABLED=1`, setCgoOff: false };
  const cgoModule = cgoModules[0];
  if (built.every((binary) => binary.cgo === '0')) {
    return { kind: 'static', evidence: 'the build sets CGO_ENABLED=0', setCgoOff: false, ...(cgoModule ? { cgoModuleOff: { module: cgoModule, why: 'the build sets CGO_ENABLED=0' } } : {}) };
  }
  const toolchain = installs.flatMap((install) => install.packages).find((name) => C_TOOLCHAIN_PACKAGES.has(name));
  if (toolchain) return { kind: libc, evidence: `the original installs ${toolchain} for cgo`, setCgoOff: false };
  if (builder.family === 'debian') {
    if (cgoModule) return { kind: 'glibc', evidence: `go.mod requires ${cgoModule}, which needs cgo`, setCgoOff: false };
    const devPackage = installs.flatMap((install) => install.packages).find((name) => name.endsWith('-dev'));
    if (devPackage) return { kind: 'glibc', evidence: `the original installs ${devPackage} to link against`, setCgoOff: false };
    const importsC = [...context.contents.entries()].some(([path, text]) => path.endsWith('.go') && /^import\s+"C"\s*$/m.test(text));
    if (importsC) return { kind: 'glibc', evidence: 'the source imports "C"', setCgoOff: false };
  }
  // Go turns cgo off where there is no C compiler, so the original already built the module without it.
  if (cgoModule) {
    const why = 'the golang alpine image has no C compiler';
    return { kind: 'static', evidence: `${why}, so ${cgoModule} is built without cgo`, setCgoOff: true, setCgoOffWhy: SET_CGO_OFF_WHY.alpine, cgoModuleOff: { module: cgoModule, why } };
  }
  return { kind: 'static', evidence: 'nothing in the build needs cgo', setCgoOff: true, setCgoOffWhy: SET_CGO_OFF_WHY[builder.family] };
}

/**
 * Context paths the binary reads at run time, when the original image had them because it copied
 * the whole context: those the container's command names, and those the code opens with literal
 * paths (resolved from the directory the binary starts in, as the process sees them). What
 * `//go:embed` compiles in is left out; so are the folders a Go service often reads that no code
 * dfmod read opens, which the report names.
 */
function runtimeFiles(steps: readonly Step[], commandWords: readonly string[], workdir: string, roots: SourceRoots, context: BuildContext, binaryPaths: ReadonlySet<string>, code: OpenedFiles): RuntimeFiles {
  const none: RuntimeFiles = { copied: [], leftOut: [] };
  if (!roots.wholeTree || roots.sourceRoot === null) return none;
  const sourceRoot = roots.sourceRoot;
  const found = new Set<string>();
  const exists = (path: string) => context.files.includes(path) || context.directories.includes(path);
  const inContext = (value: string): string | null => {
    const absolute = resolvePath(workdir, value);
    if (!isInside(absolute, sourceRoot) || absolute === sourceRoot) return null;
    return posix.relative(sourceRoot, absolute);
  };
  const words = [...commandWords, ...steps.filter((step) => step.instruction.keyword === 'ENV').flatMap((step) => step.instruction.properties.map(([, value]) => value ?? ''))];
  for (const word of words) {
    const value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : word;
    if (value === '' || value.startsWith('-') || value.includes('$')) continue;
    const relative = inContext(value);
    if (relative !== null && exists(relative)) found.add(relative);
  }
  const embedded = (path: string) => code.embedded.some((pattern) => isInside(path, pattern));
  for (const opened of code.opened) {
    if (!opened.glob) {
      const relative = inContext(opened.path);
      if (relative !== null && exists(relative) && !embedded(relative)) found.add(relative);
      continue;
    }
    // A glob's folder comes whole (`templates/*.html`); at the source root, only the files it matches.
    const segments = opened.path.split('/');
    const folder = inContext(segments.slice(0, segments.findIndex((segment) => /[*?[]/.test(segment))).join('/') || '.');
    if (folder !== null && !opened.filesOnly) {
      if (context.directories.includes(folder) && !embedded(folder)) found.add(folder);
      continue;
    }
    const pattern = inContext(opened.path);
    if (pattern === null) continue;
    for (const file of context.files) if (globMatch(pattern, file) && !embedded(file) && !file.endsWith('.go')) found.add(file);
  }
  const ignored = new Set(copiedElsewhere(steps));
  const kept = [...found].filter((path) => !ignored.has(path) && !binaryPaths.has(posix.join(sourceRoot, path)));
  const copied = kept.filter((path) => !kept.some((other) => other !== path && isInside(path, other))).sort();
  const goDirectories = goSourceDirectories(context.files);
  const leftOut = [...RUNTIME_DIRECTORIES.filter((directory) => context.directories.includes(directory) && !goDirectories.has(directory)), ...RUNTIME_FILE_NAMES.filter((file) => context.files.includes(file))]
    .filter((path) => !ignored.has(path) && !embedded(path) && !copied.some((kept) => isInside(path, kept) || isInside(kept, path)))
    .sort();
  return { copied, leftOut };
}

interface RuntimeFiles {
  readonly copied: readonly string[];
  readonly leftOut: readonly string[];
}

/** Context paths the original also copied on their own (those copies are carried as they are). */
function copiedElsewhere(steps: readonly Step[]): string[] {
  return steps.filter((step) => step.role === 'asset-copy').flatMap((step) => copySources(step.instruction).map(contextSource));
}
