import type { BuildContext } from '../../src/core/context.js';
import { readText, sentToBuilder } from '../../src/core/context.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { copyDestination, copySources } from '../../src/core/dockerfile.js';
import type { Warning } from '../../src/core/findings.js';
import type { WrittenPath } from '../shared/app-owner.js';
import { commandWords, shellWord, splitCommands } from '../../src/core/shell.js';
import type { TransformInput } from '../../src/core/transform.js';
import { expandVariables, resolveBaseImage } from '../shared/base-image.js';
import { imageName, parseImageRef, type ImageRef } from '../shared/image-ref.js';
import {
  debianReleaseOfTag,
  isBuildOnlyPackage,
  parseSystemInstall,
  type DebianRelease,
  type PackageFamily,
  type SystemInstall,
} from '../shared/system-packages.js';
import { bundlesLibrary, directoryContext, join, withoutDirectories, readCargoProject, readLockedCrates, workspaceInheritance, type CargoPackage, type CargoProject } from './cargo.js';
import { buildsSame, cargoEnvironmentReads, readCargoRun, runBinaryName, type CargoRunCommand } from './cargo-run.js';
import { logDirectories } from './log-config.js';
import { buildScriptPaths, computedWrites, literalWriteDirectories, openedPaths } from './opened-paths.js';
import { sqliteDatabases } from './sqlite-paths.js';
import { callsCargo, classifySteps, PLACEMENT_PROGRAMS, mentionsTarget, type CargoCall, type ClassifiedCommand, type Step } from './steps.js';
import {
  CRATE_SYSTEM_LIBRARIES,
  DEFAULT_CARGO_HOME,
  HEADER_ONLY_PACKAGES,
  MOVING_RUST_TAGS,
  RUNTIME_FILES,
  RUST_BUILD_PACKAGES,
  RUST_DEFAULT_RELEASES,
  SYS_CRATES_LINKING_NOTHING,
} from './tables.js';

export type Linking = 'static' | 'glibc';

/** A binary the container runs: where the builder leaves it and where production keeps it. */
export interface Binary {
  readonly name: string;
  /** Absolute path in the builder once its build RUN is done (outside any cache mount). */
  readonly builderPath: string;
  readonly productionPath: string;
  /** The command appended to a build RUN to take the binary out of the cache-mounted target/. */
  readonly copyOut: { readonly step: number; readonly command: string } | null;
  /** Words of the container's command that named the old location, now `productionPath`. */
  readonly movedWords: readonly string[];
}

/** How the builder gains a manifest-first dependency step, or null when the original has one. */
export interface ManifestFirst {
  /** The step the manifests and the fetch go before: the first copy of the source. */
  readonly before: number;
  /** Manifest files (context paths) not yet copied by then. */
  readonly missing: readonly string[];
}

export interface RustFacts {
  readonly baseImage: string;
  readonly baseRef: ImageRef;
  readonly from: Instruction;
  /** Global ARGs the FROM line reads (`rust:${RUST_VERSION}`). */
  readonly baseArgs: readonly string[];
  readonly family: PackageFamily;
  /** The builder's Debian release; `moving` for tags that follow the newest one; null on Alpine. */
  readonly release: DebianRelease | 'moving' | null;
  readonly linking: Linking;
  readonly target: string | null;
  readonly steps: readonly Step[];
  /** The absolute WORKDIR in force at each step. */
  readonly workdirs: readonly string[];
  readonly projectDir: string;
  /** The context directory of the project's Cargo.toml: '' for the root, `server` for a member the Dockerfile copies alone. */
  readonly projectRoot: string;
  /** The step of the last RUN that builds (cargo build, cargo install --path). */
  readonly lastBuild: number;
  readonly cargoHome: string;
  /** target/ directories cargo writes, absolute, by the step index of each RUN that compiles. */
  readonly targetDirs: ReadonlyMap<number, string>;
  readonly project: CargoProject;
  readonly binaries: readonly Binary[];
  /** Placement RUNs (moves, strips) merged into the RUN that compiled, by that RUN's step index. */
  readonly folded: ReadonlyMap<number, readonly number[]>;
  readonly manifestFirst: ManifestFirst | null;
  readonly locked: boolean;
  readonly installs: readonly SystemInstall[];
  /** Debian `-dev` packages the lockfile's `-sys` crates link against. */
  readonly crateLibraries: readonly string[];
  /** Context paths production copies next to the binary, with the directory they land in. */
  readonly runtimeFiles: readonly { readonly path: string; readonly destination: string; readonly step: number }[];
  /**
   * Paths a build script writes into the source tree that the app opens: with target/ cached, a
   * build that cargo finds fresh would not run the script again, and the new layer would lack them.
   */
  readonly buildScriptOutputs: readonly string[];
  readonly scriptInterpreters: readonly string[];
  /** Directories the app writes files into, absolute: its log4rs configuration's, and those of literal File::create, fs::write and fs::create_dir paths. */
  readonly logDirectories: readonly string[];
  /** Writes whose path the code computes (`src/main.rs:157 (File::create): output_file`). */
  readonly computedWrites: readonly string[];
  /** SQLite files the code opens by a literal path, which the shared app-owner step hands to the run user. */
  readonly databases: readonly WrittenPath[];
  /** The container's `cargo run`, which production replaces with the binary it starts. */
  readonly cargoRun: RunBuild | null;
  readonly warnings: readonly Warning[];
}

export type Detection = { readonly ok: true; readonly facts: RustFacts } | { readonly ok: false; readonly status: 'skipped' | 'unchanged'; readonly reason: string };

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

class Skip extends Error {}

function skip(reason: string): never {
  throw new Skip(reason);
}

/** True when the file is about Rust at all (for match), before any deeper look. */
export function looksLikeRust(input: TransformInput): string | null {
  const base = resolveBaseImage(input.dockerfile);
  if (base.kind === 'resolved' && imageName(parseImageRef(base.image)) === 'rust') return `base image ${base.image}`;
  if (input.context.files.includes('Cargo.toml')) {
    const stage = input.dockerfile.stages[0];
    const steps = classifySteps(stage?.instructions ?? [], input.dockerfile.escape, ['']);
    if (steps.some(callsCargo)) return 'Cargo.toml and a cargo build';
  }
  return null;
}

export function detectRust(input: TransformInput): Detection {
  try {
    return { ok: true, facts: gatherFacts(input) };
  } catch (problem) {
    if (problem instanceof Skip) return { ok: false, status: 'skipped', reason: problem.message };
    throw problem;
  }
}

function gatherFacts(input: TransformInput): RustFacts {
  const { dockerfile, context } = input;
  const base = resolveBaseImage(dockerfile);
  if (base.kind === 'unresolved') skip(base.reason);
  const baseRef = parseImageRef(base.image);
  if (imageName(baseRef) !== 'rust') skip(`cargo runs on ${base.image}; dfmod only migrates builds on the official rust images`);
  const family: PackageFamily = (baseRef.tag ?? '').includes('alpine') ? 'alpine' : 'debian';
  const release = family === 'alpine' ? null : debianRelease(baseRef.tag, base.image);

  const rootReading = readCargoProject(context);
  // Without a Cargo.toml at the root, the Dockerfile may still copy one package directory alone.
  const rootless = !rootReading.ok && !context.files.includes('Cargo.toml');
  if (!rootReading.ok && !rootless) skip(rootReading.reason);
  const packageDirs = rootReading.ok
    ? rootReading.project.packages.map((pkg) => pkg.dir)
    : context.files.filter((file) => file.endsWith('/Cargo.toml')).map((file) => file.slice(0, -'/Cargo.toml'.length));
  const instructions = dockerfile.stages[0]!.instructions.slice(1);
  const steps = classifySteps(instructions, dockerfile.escape, packageDirs.length > 0 ? packageDirs : ['']);
  const values = variableValues(input);
  const workdirs = workdirsOf(steps, values);

  const commandInstruction = (keyword: string) => steps.filter((step) => step.instruction.keyword === keyword).at(-1)?.instruction;
  const cmd = commandInstruction('CMD');
  const entrypoint = commandInstruction('ENTRYPOINT');
  const run = readCargoRun(cmd, entrypoint);
  if (typeof run === 'string') skip(run);

  // The RUN steps, as far as they must be read.
  for (const step of steps) {
    if (step.role !== 'run' || step.commands !== null) continue;
    if (/\b(apt-get|apt|apk|useradd|adduser|groupadd|addgroup)\b/.test(step.script)) {
      skip(`line ${step.instruction.line + 1}: the RUN script is too complex to split safely`);
    }
  }
  const copiesPrebuilt = steps.find((step) => (step.role === 'source-copy' || step.role === 'asset-copy') && copySources(step.instruction).some(mentionsTarget));
  if (copiesPrebuilt) skip(`line ${copiesPrebuilt.instruction.line + 1} copies a prebuilt binary from target/ in the build context`);

  const builds = steps.flatMap((step, index) =>
    (step.commands ?? []).filter((command) => command.role === 'build').map((command) => ({ index, command, call: command.cargo! })),
  );
  if (builds.length === 0) {
    const opaque = steps.find((step) => step.role === 'run' && step.commands === null && callsCargo(step));
    if (opaque) skip(`line ${opaque.instruction.line + 1}: the RUN script that calls cargo is too complex to split safely`);
    if (!run) skip('no cargo build or cargo install --path step');
  }

  // The package cargo builds: the context's root, or one directory the Dockerfile copies on its own.
  const buildDir = workdirs[builds.at(-1)?.index ?? steps.findIndex((step) => step.instruction === run!.instruction)]!;
  // `WORKDIR /app/server` below a `COPY . /app` of a workspace: cargo finds the workspace above the member.
  const workspaceDir = rootReading.ok && !copiesRootManifest(steps, workdirs, buildDir, values) ? workspaceAbove(steps, workdirs, buildDir, values, rootReading.project) : null;
  const root = workspaceDir !== null ? '' : projectRoot(steps, workdirs, buildDir, values, context, !rootless);
  if (root === null) skip(rootless ? (rootReading as { reason: string }).reason : `cargo builds in ${buildDir}, but the context's Cargo.toml is not copied there`);
  const projectContext = root === '' ? context : directoryContext(context, root);
  const inherited = root === '' ? null : workspaceInheritance(projectContext);
  if (inherited) skip(`${root}/Cargo.toml takes ${inherited} from its workspace, whose Cargo.toml the Dockerfile does not copy`);
  const buildStep = builds.at(-1)?.index ?? steps.findIndex((step) => step.instruction === run!.instruction);
  const absent = root === '' && rootReading.ok ? absentPackages(steps.slice(0, buildStep), rootReading.project) : [];
  // The workspace cargo loads is the one in the image: `members = ["crates/*"]` matches only the members copied there.
  const reading = root !== '' ? readCargoProject(projectContext) : absent.length > 0 ? readCargoProject(withoutDirectories(context, absent)) : rootReading;
  if (!reading.ok) {
    skip(root !== '' ? `${reading.reason} (of ${root}, which the Dockerfile copies on its own)` : absent.length > 0 ? `${reading.reason}, since the Dockerfile does not copy ${absent.join(', ')}` : reading.reason);
  }
  const project = reading.project;
  if (run) {
    const reason = cargoEnvironmentReads(projectContext);
    if (reason) skip(root === '' ? reason : `${root}/${reason}`);
  }
  const dockerignore = sentToBuilder(context);
  /** Whether a path of the project reaches the builder. */
  const sent = (path: string) => dockerignore(join(root, path));

  const env = (index: number, name: string, command?: ClassifiedCommand): string | undefined => {
    const inline = command?.command.words.find((word) => word.startsWith(`${name}=`));
    if (inline !== undefined) return inline.slice(name.length + 1);
    return envAt(steps, index, values).get(name);
  };
  const callTarget = (index: number, build: { command: ClassifiedCommand; call: CargoCall }) =>
    build.call.target ?? env(index, 'CARGO_BUILD_TARGET', build.command) ?? project.configTarget;
  // An option or variable is relative to where cargo runs; the default and the config's to the workspace root.
  const callTargetDir = (index: number, call: CargoCall, command: ClassifiedCommand) => {
    const given = call.targetDir ?? env(index, 'CARGO_TARGET_DIR', command);
    return given !== undefined && given !== null ? absolute(given, workdirs[index]!) : absolute(project.configTargetDir ?? 'target', workspaceDir ?? workdirs[index]!);
  };

  const memberDir = workspaceDir === null ? '' : buildDir.slice(workspaceDir.length).replace(/^\//, '');
  const runBuild = run ? cargoRunBuild({ run, steps, workdirs, project, builds, env, callTarget, callTargetDir, values, memberDir, workspaceDir, locks: project.hasLockfile && sent('Cargo.lock') }) : null;
  const firstBuild = builds[0]?.index ?? runBuild!.added!.after;
  const lastBuild = runBuild?.added?.after ?? builds.at(-1)!.index;
  checkUsers(steps, lastBuild);
  const projectDir = workspaceDir ?? workdirs[lastBuild]!;
  checkBuildDirectory(steps, builds, workdirs, buildDir);
  if (runBuild && runBuild.dir !== buildDir) skip(`cargo run runs in ${runBuild.dir}, but cargo builds in ${buildDir}`);
  const cargoHome = env(firstBuild, 'CARGO_HOME') ?? DEFAULT_CARGO_HOME;

  const targets = new Set([...builds.map((build) => callTarget(build.index, build)), ...(runBuild?.added ? [runBuild.target] : [])]);
  if (targets.size > 1) skip('the builds compile for different targets');
  const target = [...targets][0] ?? null;
  const rustflags = [...builds.map((build) => env(build.index, 'RUSTFLAGS', build.command) ?? ''), ...(runBuild?.added ? [env(lastBuild, 'RUSTFLAGS') ?? ''] : [])];
  const linking = linkingOf(target, family, rustflags);

  // Every RUN that compiles in the workspace gets target/ cache-mounted.
  const targetDirs = new Map<number, string>();
  steps.forEach((step, index) => {
    if (step.role !== 'run' || !callsCargo(step)) return;
    const compile = (step.commands ?? []).find((command) => command.cargo && compiles(command.cargo));
    if (compile) targetDirs.set(index, callTargetDir(index, compile.cargo!, compile));
    else if (step.commands === null) {
      const given = env(index, 'CARGO_TARGET_DIR');
      targetDirs.set(index, given !== undefined ? absolute(given, workdirs[index]!) : absolute(project.configTargetDir ?? 'target', workspaceDir ?? workdirs[index]!));
    }
  });

  const folded = foldPlacements(steps, targetDirs);
  const placements = placementsOf(steps, workdirs, folded);
  const binaries = resolveBinaries({
    steps, workdirs, project, cargoHome,
    builds: builds.map((build) => ({
      ...build,
      target: callTarget(build.index, build),
      targetDir: callTargetDir(build.index, build.call, build.command),
      installRoot: absolute(build.call.installRoot ?? env(build.index, 'CARGO_INSTALL_ROOT', build.command) ?? cargoHome, workdirs[build.index]!),
    })),
    placements, finalWorkdir: workdirs.at(-1) ?? '/', memberDir, workspaceDir,
    cmd: run?.keyword === 'CMD' ? undefined : cmd,
    entrypoint: run?.keyword === 'ENTRYPOINT' ? undefined : entrypoint,
    run: runBuild,
  });

  const installs = systemInstalls(steps, family);
  if (linking === 'static') checkStaticLinking(installs, family);
  const lock = linking === 'glibc' ? readLockedCrates(projectContext) : { ok: true as const, crates: new Set<string>() };
  if (!lock.ok) skip(lock.reason);
  const lockedCrates = lock.crates;
  const crateLibraries = Object.entries(CRATE_SYSTEM_LIBRARIES)
    .filter(([crate, library]) => lockedCrates.has(crate) && !(library.vendoredBy && lockedCrates.has(library.vendoredBy)) && !bundlesLibrary(project, library.bundlingFeatures))
    .map(([, library]) => library.dev);

  const warnings: Warning[] = [...emptiedCaches(steps, targetDirs, folded, workdirs)];
  if (!project.hasLockfile || !sent('Cargo.lock')) {
    // The lockfile is where the -sys crates of a glibc build, and so production's libraries, are read.
    const unseen = linking === 'glibc' ? 'dfmod cannot see which system libraries the binary links (libssl3 for openssl-sys, ...); check that production has them' : null;
    const workspaceLock = root !== '' && context.files.includes('Cargo.lock') && dockerignore('Cargo.lock');
    warnings.push({
      id: 'no-lockfile',
      message: workspaceLock
        ? `no Cargo.lock reaches ${projectDir}: ${root} is built apart from its workspace, whose Cargo.lock the Dockerfile does not copy, so dependency versions resolve at build time${unseen ? `, and ${unseen}` : ''}`
        : `no Cargo.lock: dependency versions resolve at build time${unseen ? `, and ${unseen}, or` : ';'} commit the lockfile`,
    });
  }
  const unknownSys = [...lockedCrates].filter((crate) => crate.endsWith('-sys') && !(crate in CRATE_SYSTEM_LIBRARIES) && !SYS_CRATES_LINKING_NOTHING.has(crate)).sort();
  if (unknownSys.length > 0) {
    warnings.push({ id: 'runtime-library', message: `Cargo.lock has ${unknownSys.join(', ')}, which may link a system library; check that production has it` });
  }
  if (!cmd && !entrypoint) {
    const binary = binaries[0]!;
    warnings.push({
      id: 'no-command',
      message: `the image has no CMD or ENTRYPOINT; production carries the build's only binary at ${binary.productionPath}, so a command given at run time must name that path or ${binary.name}`,
    });
  }
  if (base.args.length > 0) {
    warnings.push({ id: 'runtime-base', message: `the rust image comes from ARG ${base.args.join(', ')}; production matches its default ${base.image} only` });
  }

  const locked = builds.some((build) => build.call.locked) || (runBuild?.added?.locked ?? false);
  // The app runs in the member's directory, where its relative paths point.
  const runContext = memberDir === '' ? projectContext : directoryContext(projectContext, memberDir);
  const runSent = (path: string) => sent(join(memberDir, path));
  const runtimeFiles = runtimeFilesOf(steps, workdirs, runContext, runSent, root, memberDir, values, [cmd, entrypoint]);
  const opened = openedPaths(runContext);
  const generated = buildScriptPaths(projectContext, project);
  const buildScriptOutputs: string[] = [];
  const hasBuildScript = project.packages.some((pkg) => projectContext.contents.has(pkg.dir === '' ? 'build.rs' : `${pkg.dir}/build.rs`));
  const wholeCopy = runtimeFileDestination(steps, workdirs, values, root, memberDir);
  for (const [path, file] of opened) {
    // A build script may add to a directory the context has (pages beside committed images).
    if (wholeCopy !== null && generated.has(path)) buildScriptOutputs.push(path);
    if (wholeCopy === null || runtimeFiles.some((known) => known.path === path)) continue;
    const inContext = (runContext.files.includes(path) || runContext.directories.includes(path)) && runSent(path);
    if (inContext || generated.has(path)) runtimeFiles.push({ path, ...wholeCopy });
    // Not in the context: the app creates it, or a build script writes it where no literal says.
    else if (hasBuildScript) {
      warnings.push({ id: 'runtime-files', message: `${file} opens ${path} at run time, which the build context does not have; if a build script generates it, copy it into production` });
    }
  }
  const logs = logDirectories(runContext);
  for (const config of logs.unread) {
    warnings.push({ id: 'runtime-files', message: `the app loads the log4rs configuration ${config}, which dfmod cannot read; the non-root user must own the directories its file appenders write` });
  }
  if (buildScriptOutputs.length > 0) {
    warnings.push({ id: 'cache-mount', message: `a build script writes ${buildScriptOutputs.join(', ')} into the source tree, so target/ is not cache-mounted: cargo would skip the script on a cached build and the image would lack ${buildScriptOutputs.join(', ')}` });
  }
  return {
    baseImage: base.image,
    baseRef,
    from: base.from,
    baseArgs: base.args,
    family,
    release,
    linking,
    target,
    steps,
    workdirs,
    projectDir,
    projectRoot: root,
    lastBuild,
    cargoHome,
    targetDirs,
    project,
    binaries,
    folded,
    manifestFirst: manifestFirst(steps, project, root, sent),
    locked,
    installs,
    crateLibraries: [...new Set(crateLibraries)].sort(),
    runtimeFiles,
    buildScriptOutputs,
    scriptInterpreters: scriptInterpreters([cmd, entrypoint], runContext),
    logDirectories: [...logs.directories, ...literalWriteDirectories(runContext)].map((directory) => absolute(directory, workdirs.at(-1) ?? '/')),
    computedWrites: computedWrites(runContext),
    databases: sqliteDatabases(runContext),
    cargoRun: runBuild,
    warnings,
  };
}

/** What production runs instead of the container's `cargo run`, and which build compiles it. */
export interface RunBuild {
  readonly command: CargoRunCommand;
  readonly name: string;
  /** The directory cargo run runs in. */
  readonly dir: string;
  readonly target: string | null;
  /** Where cargo run finds the binary fresh. */
  readonly path: string;
  /** The build the builder adds after step `after`, when no build of the original compiled what the run starts. */
  readonly added: { readonly after: number; readonly targetDir: string; readonly locked: boolean; readonly commands: readonly string[] } | null;
}

interface RunBuildInput {
  readonly run: CargoRunCommand;
  readonly steps: readonly Step[];
  readonly workdirs: readonly string[];
  readonly project: CargoProject;
  readonly builds: readonly { index: number; command: ClassifiedCommand; call: CargoCall }[];
  readonly env: (index: number, name: string, command?: ClassifiedCommand) => string | undefined;
  readonly callTarget: (index: number, build: { command: ClassifiedCommand; call: CargoCall }) => string | null;
  readonly callTargetDir: (index: number, call: CargoCall, command: ClassifiedCommand) => string;
  readonly values: ReadonlyMap<string, string>;
  /** The workspace member cargo runs in ('' for the root), and where the workspace root is when that is above it. */
  readonly memberDir: string;
  readonly workspaceDir: string | null;
  /** A Cargo.lock reaches the builder: an added build holds to it as a hand-written one would. */
  readonly locks: boolean;
}

/**
 * The binary `cargo run` starts: the one an earlier build compiled with the same profile,
 * target, features and cargo settings (cargo finds it fresh and only execs it), or else one
 * the builder compiles with the run's own options after the last step the build needs.
 */
function cargoRunBuild(input: RunBuildInput): RunBuild {
  const { run, steps, workdirs, project, builds, env } = input;
  const owner = runBinaryName(run, project, input.memberDir);
  if ('reason' in owner) skip(owner.reason);
  const runStep = steps.findIndex((step) => step.instruction === run.instruction);
  const dir = workdirs[runStep]!;
  const target = run.call.target ?? env(runStep, 'CARGO_BUILD_TARGET') ?? project.configTarget;
  const given = env(runStep, 'CARGO_TARGET_DIR');
  const targetDir = given !== undefined ? absolute(given, dir) : absolute(project.configTargetDir ?? 'target', input.workspaceDir ?? dir);
  const path = [targetDir, ...(target ? [target] : []), run.call.profileDir, owner.bin].join('/');
  // What decides what cargo compiles; RUST_LOG and RUST_BACKTRACE only reach the binary.
  const cargoSetting = /^(CARGO_\w+|RUSTFLAGS|RUSTDOCFLAGS|RUSTC\w*|RUSTUP_TOOLCHAIN)=/;
  const settings = (index: number, command?: ClassifiedCommand) => {
    const inline = (command?.command.words ?? []).filter((word) => cargoSetting.test(word));
    const set = [...envAt(steps, index, input.values)].map(([name, value]) => `${name}=${value}`).filter((entry) => cargoSetting.test(entry));
    return [...set.filter((entry) => !inline.some((word) => word.split('=')[0] === entry.split('=')[0])), ...inline].sort().join('\n');
  };
  const writer = [...builds].reverse().find((build) =>
    build.call.installPath === null && workdirs[build.index] === dir && build.call.profileDir === run.call.profileDir
    && input.callTarget(build.index, build) === target && input.callTargetDir(build.index, build.call, build.command) === targetDir
    && (build.call.bins.length === 0 || build.call.bins.includes(owner.bin)));
  if (writer && buildsSame(writer.call, run.call, owner.bin, owner.pkg) && settings(writer.index, writer.command) === settings(runStep)) {
    return { command: run, name: owner.bin, dir, target, path, added: null };
  }
  const after = steps.findLastIndex((step) => step.role === 'source-copy' || step.role === 'manifest-copy' || (step.role === 'run' && (step.commands === null || step.commands.some((command) => command.role !== 'setup'))));
  if (after < 0 || after > runStep) skip('the Rust source is not copied from the build context');
  if (workdirs[after] !== dir) skip(`cargo run runs in ${dir}, but the source is built in ${workdirs[after]}`);
  if (settings(after) !== settings(runStep)) skip(`line ${run.instruction.line + 1}: cargo run sees other cargo settings (CARGO_*, RUSTFLAGS, RUSTC*) than the build would, so dfmod cannot tell what it compiles`);
  const locked = run.call.locked || input.locks;
  const relative = path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
  const build = ['cargo', 'build', ...run.options, ...(run.call.locked || !input.locks ? [] : ['--locked'])].map(shellWord).join(' ');
  return { command: run, name: owner.bin, dir, target, path, added: { after, targetDir, locked, commands: [build, `cp ${relative} /usr/local/bin/${owner.bin}`] } };
}

/** The build runs as root (cache mounts are root's), and the container does not insist on root. */
function checkUsers(steps: readonly Step[], lastBuild: number): void {
  // Cache mounts are root's, so a build under USER root needs nothing more.
  const userBefore = steps.slice(0, lastBuild).find((step) => step.role === 'user' && !['root', '0'].includes((step.instruction.args[0] ?? '').split(':')[0]!));
  if (userBefore) skip(`line ${userBefore.instruction.line + 1}: the build runs as USER ${userBefore.instruction.args[0] ?? ''}; dfmod cannot give its cache mounts that owner`);
  const finalUser = steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  if (finalUser && ['root', '0'].includes((finalUser.args[0] ?? '').split(':')[0]!)) {
    skip(`line ${finalUser.line + 1}: the original explicitly runs as root; dfmod will not change the user`);
  }
}

/** Every build runs in the project directory, where target/ and the binary paths are read from. */
function checkBuildDirectory(steps: readonly Step[], builds: readonly { index: number; call: CargoCall }[], workdirs: readonly string[], projectDir: string): void {
  for (const build of builds) {
    const line = steps[build.index]!.instruction.line + 1;
    if (build.call.manifestPath !== null) skip(`line ${line}: cargo --manifest-path is not supported`);
    if (workdirs[build.index] !== projectDir) skip('cargo builds run in different directories');
    if (steps[build.index]!.commands!.some((command) => commandWords(command.command)[0] === 'cd')) {
      skip(`line ${line}: the build changes directory with cd`);
    }
  }
}

/** The Debian release of an official rust tag: named in it, or implied by its Rust version. */
function debianRelease(tag: string | null, image: string): DebianRelease | 'moving' {
  const named = debianReleaseOfTag(tag);
  if (named) return named;
  const parts = (tag ?? 'latest').split('-');
  if (parts.some((part) => part === 'buster' || part === 'stretch')) skip(`${image} is based on a Debian release too old for the runtime images dfmod knows`);
  const version = parts[0]!;
  if (MOVING_RUST_TAGS.has(version)) return 'moving';
  const match = /^1\.(\d+)(\.\d+)?$/.exec(version);
  const minor = match ? Number(match[1]) : NaN;
  const row = RUST_DEFAULT_RELEASES.find((candidate) => minor >= candidate.from && minor <= candidate.to);
  if (!row) skip(`the Debian release behind ${image} is unknown; name it in the tag (rust:<version>-bookworm)`);
  return row.release;
}

function linkingOf(target: string | null, family: PackageFamily, rustflags: readonly string[]): Linking {
  if (target !== null && !/^[a-z0-9_]+-unknown-linux-(gnu|musl)[a-z0-9]*$/.test(target)) skip(`the build cross-compiles for ${target}`);
  const musl = target === null ? family === 'alpine' : target.includes('-musl');
  if (family === 'alpine' && !musl) skip(`the build targets ${target} on Alpine, which has no glibc`);
  if (musl && rustflags.some((flags) => flags.includes('-crt-static'))) skip('RUSTFLAGS turn off static linking for musl, so the binary needs the musl loader');
  return musl ? 'static' : 'glibc';
}

/** A musl build links statically only where every linked library comes as a static archive. */
function checkStaticLinking(installs: readonly SystemInstall[], family: PackageFamily): void {
  if (family !== 'alpine') return;
  const installed = new Set(installs.flatMap((install) => install.packages));
  for (const name of installed) {
    if (!name.endsWith('-dev') || HEADER_ONLY_PACKAGES.has(name)) continue;
    const stem = name.slice(0, -'-dev'.length);
    if (installed.has(`${stem}-static`) || installed.has(`${stem}-libs-static`)) continue;
    skip(`the build links ${name} on musl without its static archive, so dfmod cannot tell whether the binary is static`);
  }
}

function compiles(call: CargoCall): boolean {
  return ['build', 'test', 'check', 'clippy', 'doc', 'bench', 'rustc', 'run'].includes(call.subcommand) || (call.subcommand === 'install' && call.installPath !== null);
}

function systemInstalls(steps: readonly Step[], family: PackageFamily): SystemInstall[] {
  const installs: SystemInstall[] = [];
  for (const step of steps) {
    for (const command of step.commands ?? []) {
      if (command.role !== 'system') continue;
      const install = parseSystemInstall(command.command);
      if (!install) continue;
      if (install.family !== family) skip(`line ${step.instruction.line + 1} installs ${install.family} packages on a ${family} image`);
      installs.push(install);
    }
  }
  return installs;
}

/** The packages production must install again: what ran the app, and the libraries the build linked. */
export function runtimeInstalls(installs: readonly SystemInstall[], linking: Linking): string[] {
  const packages = new Set<string>();
  for (const name of installs.flatMap((install) => install.packages)) {
    if (RUST_BUILD_PACKAGES.has(name) || HEADER_ONLY_PACKAGES.has(name)) continue;
    if (linking === 'static' && isBuildOnlyPackage(name)) continue;
    packages.add(name);
  }
  return [...packages].sort();
}

function variableValues(input: TransformInput): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of input.dockerfile.globalArgs) for (const [name, value] of arg.properties) if (value) values.set(name, value);
  return values;
}

function expand(text: string, values: ReadonlyMap<string, string>): string {
  return expandVariables(text, (name, fallback) => values.get(name) ?? fallback ?? '');
}

/** The ENV values in force at a step (stage ARG defaults included, for expansion). */
function envAt(steps: readonly Step[], index: number, globals: ReadonlyMap<string, string>): Map<string, string> {
  const values = new Map(globals);
  for (const step of steps.slice(0, index)) {
    if (step.role !== 'env' && step.role !== 'arg') continue;
    for (const [name, value] of step.instruction.properties) if (value !== null) values.set(name, expand(value, values));
  }
  return values;
}

function workdirsOf(steps: readonly Step[], globals: ReadonlyMap<string, string>): string[] {
  let current = '/';
  return steps.map((step, index) => {
    if (step.role === 'workdir') current = absolute(expand(step.instruction.args[0] ?? '/', envAt(steps, index, globals)), current);
    return current;
  });
}

/** An absolute, normalised path for `path` as seen from `cwd`. */
export function absolute(path: string, cwd: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function clean(path: string): string {
  const trimmed = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/** Where a COPY puts one of its sources, absolute (a directory destination keeps the name). */
function copyTarget(step: Step, source: string, workdir: string, values: ReadonlyMap<string, string>): string {
  const destination = expand(copyDestination(step.instruction), values);
  const sources = copySources(step.instruction);
  const intoDirectory = destination.endsWith('/') || destination === '.' || sources.length > 1;
  const base = absolute(destination, workdir);
  return intoDirectory ? absolute(clean(source).split('/').at(-1)!, base) : base;
}

function copiesRootManifest(steps: readonly Step[], workdirs: readonly string[], projectDir: string, values: ReadonlyMap<string, string>): boolean {
  return steps.some((step, index) => {
    if (step.role !== 'source-copy' && step.role !== 'manifest-copy') return false;
    return copySources(step.instruction).some((source) => {
      const name = clean(source);
      if (name === '.' || name === '*') return absolute(expand(copyDestination(step.instruction), values), workdirs[index]!) === projectDir;
      return name === 'Cargo.toml' && copyTarget(step, source, workdirs[index]!, values) === `${projectDir === '/' ? '' : projectDir}/Cargo.toml`;
    });
  });
}

/**
 * Where the context's root Cargo.toml, a workspace, lands above `buildDir` when `buildDir` is
 * one of its members (`COPY . /app` then `WORKDIR /app/server`): cargo builds that member
 * within the workspace. Null otherwise.
 */
function workspaceAbove(steps: readonly Step[], workdirs: readonly string[], buildDir: string, values: ReadonlyMap<string, string>, project: CargoProject): string | null {
  for (let dir = buildDir; dir !== '/'; ) {
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
    const member = buildDir.slice(dir === '/' ? 1 : dir.length + 1);
    if (project.packages.some((pkg) => pkg.dir === member) && copiesRootManifest(steps, workdirs, dir, values)) return dir;
  }
  return null;
}

/**
 * The context directory whose Cargo.toml cargo reads in `buildDir`: '' when the root's is copied
 * there, or a package directory the Dockerfile copies there on its own
 * (`COPY server /server`, `COPY server/Cargo.toml ./`), as long as nothing puts the root's
 * Cargo.toml, a workspace cargo would find above it, into the image. Null when neither holds.
 */
function projectRoot(steps: readonly Step[], workdirs: readonly string[], buildDir: string, values: ReadonlyMap<string, string>, context: BuildContext, hasRootManifest: boolean): string | null {
  if (hasRootManifest && copiesRootManifest(steps, workdirs, buildDir, values)) return '';
  const copies = steps.flatMap((step, index) => (step.role === 'source-copy' || step.role === 'manifest-copy' ? copySources(step.instruction).map((source) => ({ step, index, source: clean(source) })) : []));
  if (copies.some((copy) => ['.', '*', 'Cargo.toml'].includes(copy.source))) return null;
  const manifest = `${buildDir === '/' ? '' : buildDir}/Cargo.toml`;
  const members = copies.flatMap(({ step, index, source }) => {
    if (context.files.includes(`${source}/Cargo.toml`)) {
      // A directory's contents land in the destination itself.
      return absolute(expand(copyDestination(step.instruction), values), workdirs[index]!) === buildDir ? [source] : [];
    }
    if (source.endsWith('/Cargo.toml') && context.files.includes(source)) {
      return copyTarget(step, source, workdirs[index]!, values) === manifest ? [source.slice(0, -'/Cargo.toml'.length)] : [];
    }
    return [];
  });
  const distinct = [...new Set(members)];
  return distinct.length === 1 ? distinct[0]! : null;
}

/** Package directories of the workspace that no COPY before the build puts into the image. */
function absentPackages(steps: readonly Step[], project: CargoProject): string[] {
  const sources = steps.filter((step) => step.role === 'source-copy' || step.role === 'manifest-copy').flatMap((step) => copySources(step.instruction).map(clean));
  // A wildcard source (`COPY crates/*/Cargo.toml`) is left to the old reading: every member.
  if (sources.some((source) => source === '.' || /[*?[]/.test(source))) return [];
  const copied = (dir: string) => sources.some((source) => source === dir || dir.startsWith(`${source}/`) || source === `${dir}/Cargo.toml`);
  return project.packages.map((pkg) => pkg.dir).filter((dir) => dir !== '' && !copied(dir));
}

/**
 * RUNs after a compile that only move, copy or strip what it built: with target/ cache-mounted
 * they must run inside the compiling RUN. Any other later use of target/ cannot be kept.
 */
function foldPlacements(steps: readonly Step[], targetDirs: ReadonlyMap<number, string>): Map<number, number[]> {
  const folded = new Map<number, number[]>();
  let compiling: number | null = null;
  steps.forEach((step, index) => {
    if (targetDirs.has(index)) {
      compiling = index;
      return;
    }
    if (step.role !== 'run' || compiling === null) return;
    const usesTarget = step.commands ? step.commands.some((command) => command.command.words.some(mentionsTarget)) : /(^|[\s/])target\//.test(step.script);
    if (!usesTarget) return;
    if (step.commands?.some((command) => command.command.joinedBy === '||' || command.command.joinedBy === '|')) {
      skip(`line ${step.instruction.line + 1} handles the built binary with || or |, which cannot join the build RUN unchanged`);
    }
    if (step.commands === null || step.instruction.json || !step.commands.every((command) => PLACEMENT_PROGRAMS.has(commandWords(command.command)[0]!))) {
      skip(`line ${step.instruction.line + 1} uses target/ after the build; with target/ cache-mounted it would be empty there`);
    }
    folded.set(compiling, [...(folded.get(compiling) ?? []), index]);
  });
  return folded;
}

/** `cargo clean` or `rm -rf target` in a RUN whose target/ is cache-mounted empties that cache. */
function emptiedCaches(steps: readonly Step[], targetDirs: ReadonlyMap<number, string>, folded: ReadonlyMap<number, readonly number[]>, workdirs: readonly string[]): Warning[] {
  const warnings: Warning[] = [];
  for (const [compiling, targetDir] of targetDirs) {
    for (const index of [compiling, ...(folded.get(compiling) ?? [])]) {
      const empties = (steps[index]!.commands ?? []).some((command) => {
        const words = commandWords(command.command);
        if (words[0] === 'cargo') return command.cargo?.subcommand === 'clean';
        return words[0] === 'rm' && words.slice(1).some((word) => !word.startsWith('-') && absolute(word, workdirs[index]!) === targetDir);
      });
      if (empties) warnings.push({ id: 'cache-mount', message: `line ${steps[index]!.instruction.line + 1} empties target/, so the cache mount saves no work; drop that step` });
    }
  }
  return warnings;
}

interface Placement {
  /** The step whose RUN ends up running it (the compiling RUN for folded ones). */
  readonly step: number;
  readonly file: string;
}

const KNOWN_DIRECTORIES = new Set([...PATH_DIRS, '/usr/local/cargo/bin', '/app', '/srv', '/opt']);

/** Files that cp/mv/install put outside target/, with the RUN that runs them. */
function placementsOf(steps: readonly Step[], workdirs: readonly string[], folded: ReadonlyMap<number, readonly number[]>): Placement[] {
  const runsIn = new Map<number, number>();
  for (const [compiling, placements] of folded) for (const placement of placements) runsIn.set(placement, compiling);
  const directories = new Set([...KNOWN_DIRECTORIES, ...workdirs]);
  const placements: Placement[] = [];
  steps.forEach((step, index) => {
    for (const command of step.commands ?? []) {
      if (command.role !== 'placement') continue;
      const words = commandWords(command.command);
      if (!['cp', 'mv', 'install'].includes(words[0]!)) continue;
      const operands: string[] = [];
      let intoDirectory: string | null = null;
      for (let i = 1; i < words.length; i++) {
        const word = words[i]!;
        if (word === '-t' || word === '--target-directory') intoDirectory = words[++i] ?? null;
        else if (word.startsWith('--target-directory=')) intoDirectory = word.slice('--target-directory='.length);
        else if (words[0] === 'install' && ['-m', '-o', '-g', '--mode', '--owner', '--group'].includes(word)) i++;
        else if (!word.startsWith('-')) operands.push(word);
      }
      const cwd = workdirs[index]!;
      const sources = intoDirectory === null ? operands.slice(0, -1) : operands;
      const destination = intoDirectory ?? operands.at(-1) ?? '';
      const destinationPath = absolute(destination, cwd);
      const isDirectory = intoDirectory !== null || destination.endsWith('/') || sources.length > 1 || directories.has(destinationPath);
      for (const source of sources.filter(mentionsTarget)) {
        const file = isDirectory ? absolute(source.split('/').at(-1)!, destinationPath) : destinationPath;
        placements.push({ step: runsIn.get(index) ?? index, file });
      }
    }
  });
  return placements;
}

interface BinaryInput {
  readonly steps: readonly Step[];
  readonly workdirs: readonly string[];
  readonly project: CargoProject;
  readonly cargoHome: string;
  readonly builds: readonly { index: number; call: CargoCall; target: string | null; targetDir: string; installRoot: string }[];
  readonly placements: readonly Placement[];
  readonly finalWorkdir: string;
  readonly cmd: Instruction | undefined;
  readonly entrypoint: Instruction | undefined;
  readonly run: RunBuild | null;
  readonly memberDir: string;
  readonly workspaceDir: string | null;
}

/** The words of a CMD or ENTRYPOINT, split further at spaces (`sh -c "app --port 80"`). */
function commandTokens(instruction: Instruction): string[] {
  const words = instruction.json ?? (splitCommands(instruction.argsText) ?? []).flatMap((command) => [...command.words]);
  return words.flatMap((word) => word.split(/\s+/)).filter((word) => word !== '');
}

function resolveBinaries(input: BinaryInput): Binary[] {
  const { project, cargoHome, builds, placements } = input;
  const knownBins = new Set(project.packages.flatMap((pkg) => pkg.bins));
  const discovers = project.packages.some((pkg) => pkg.discoversBins);
  const installs = builds.filter((build) => build.call.installPath !== null).map((build) => ({
    ...build,
    root: build.installRoot,
    bins: installedBins(build.call, input.workdirs[build.index]!, input.workspaceDir ?? input.workdirs[build.index]!, project),
  }));
  const pathDirs = [...PATH_DIRS, `${cargoHome}/bin`];

  const resolve = (word: string): Binary | null => {
    const named = word.includes('/');
    const path = named ? absolute(word, input.finalWorkdir) : null;
    const name = word.slice(word.lastIndexOf('/') + 1);
    const placed = placements.find((placement) => (path !== null ? placement.file === path : pathDirs.some((dir) => placement.file === `${dir}/${name}`)));
    if (placed) return { name, builderPath: placed.file, productionPath: placed.file, copyOut: null, movedWords: [] };
    const installed = installs.find((install) => install.bins.includes(name) && (path !== null ? path === `${install.root}/bin/${name}` : pathDirs.includes(`${install.root}/bin`)));
    if (installed) {
      const builderPath = `${installed.root}/bin/${name}`;
      const moves = builderPath.startsWith(`${cargoHome}/`);
      const productionPath = moves ? `/usr/local/bin/${name}` : builderPath;
      return { name, builderPath, productionPath, copyOut: null, movedWords: moves && named ? [word] : [] };
    }
    if (path === null) return null;
    for (const build of [...builds].reverse()) {
      if (!path.startsWith(`${build.targetDir}/`)) continue;
      const rest = path.slice(build.targetDir.length + 1).split('/');
      const [triple, profile] = rest.length === 3 ? [rest[0]!, rest[1]!] : [null, rest[0]!];
      if (rest.length < 2 || rest.length > 3 || triple !== build.target || profile !== build.call.profileDir) continue;
      if (!knownBins.has(name) && !discovers) {
        skip(`the command runs ${word}, but no Cargo.toml in the build context declares a binary named ${name}`);
      }
      const cwd = input.workdirs[build.index]!;
      const relative = path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
      const productionPath = `/usr/local/bin/${name}`;
      return { name, builderPath: productionPath, productionPath, copyOut: { step: build.index, command: `cp ${relative} ${productionPath}` }, movedWords: [word] };
    }
    if (path.includes('/target/')) skip(`the command runs ${word}, which no cargo build step writes`);
    return null;
  };

  const binaries = new Map<string, Binary>();
  // Without a command, the image is run with one (`docker run image app`): the build's only binary is what it names.
  const sole = input.entrypoint || input.cmd || input.run ? null : soleBinary(input, resolve);
  if (input.run) {
    const { name, path, added } = input.run;
    const binary = added ? { name, builderPath: `/usr/local/bin/${name}`, productionPath: `/usr/local/bin/${name}`, copyOut: null, movedWords: [] } : resolve(path);
    if (!binary) skip(`cargo run starts ${path}, which dfmod cannot carry to production`);
    binaries.set(binary.builderPath, { ...binary, movedWords: [] });
  }
  for (const instruction of [input.entrypoint, input.cmd]) {
    if (!instruction) continue;
    for (const word of commandTokens(instruction)) {
      const binary = resolve(word);
      if (!binary) continue;
      const known = binaries.get(binary.builderPath);
      binaries.set(binary.builderPath, known ? { ...known, movedWords: [...new Set([...known.movedWords, ...binary.movedWords])] } : binary);
    }
  }
  if (sole) binaries.set(sole.builderPath, sole);
  if (binaries.size === 0) skip('the container\'s command does not run a binary that the cargo build writes');
  const healthcheck = input.steps.filter((step) => step.instruction.keyword === 'HEALTHCHECK').at(-1)?.instruction;
  if (healthcheck) {
    for (const word of (healthcheck.json ?? healthcheck.args).flatMap((text) => text.split(/\s+/))) {
      const binary = resolve(word);
      if (!binary) continue;
      if (binary.movedWords.length > 0) skip('the HEALTHCHECK runs the binary from where the build left it, which production does not keep');
      if (!binaries.has(binary.builderPath)) binaries.set(binary.builderPath, binary);
    }
  }
  return [...binaries.values()];
}

/**
 * The one binary the last build gives, for an image without CMD or ENTRYPOINT: by its name
 * where the build puts it on the PATH (`cargo install`, a `cp` to /usr/local/bin), else at its
 * place in target/. Several binaries, or binaries cargo discovers from `src/bin/`, leave the
 * file alone, since the command that would pick one is not in the Dockerfile.
 */
function soleBinary(input: BinaryInput, resolve: (word: string) => Binary | null): Binary {
  const build = input.builds.at(-1)!;
  const { project } = input;
  // In a member's directory cargo builds that member; at a workspace root, every member.
  const chosen = build.call.packages.length > 0
    ? project.packages.filter((pkg) => build.call.packages.includes(pkg.name))
    : input.memberDir !== '' ? project.packages.filter((pkg) => pkg.dir === input.memberDir) : project.packages;
  const names = build.call.installPath !== null ? installedBins(build.call, input.workdirs[build.index]!, input.workspaceDir ?? input.workdirs[build.index]!, project) : build.call.bins.length > 0 ? [...build.call.bins] : chosen.flatMap((pkg) => pkg.bins);
  const discovers = build.call.bins.length === 0 && build.call.installPath === null && chosen.some((pkg) => pkg.discoversBins);
  if (names.length !== 1 || discovers) {
    skip(`the image has no CMD or ENTRYPOINT and the build gives ${discovers ? 'binaries cargo discovers in src/bin' : `${names.length} binaries`}, so dfmod cannot tell which one runs`);
  }
  const name = names[0]!;
  const path = [build.targetDir, ...(build.target ? [build.target] : []), build.call.profileDir, name].join('/');
  const binary = resolve(name) ?? resolve(path);
  if (!binary) skip(`the image has no CMD or ENTRYPOINT, and dfmod cannot tell where the build leaves ${name}`);
  return binary;
}

/** The binaries `cargo install --path <dir>` puts in its root. */
function installedBins(call: CargoCall, cwd: string, projectDir: string, project: CargoProject): string[] {
  const dir = absolute(call.installPath ?? '.', cwd);
  const relative = dir === projectDir ? '' : dir.startsWith(`${projectDir}/`) ? dir.slice(projectDir.length + 1) : null;
  const pkg: CargoPackage | undefined = project.packages.find((candidate) => candidate.dir === relative);
  if (!pkg) skip(`cargo install --path ${call.installPath} names no package of the build context`);
  return call.bins.length > 0 ? [...call.bins] : [...pkg.bins];
}

function manifestFirst(steps: readonly Step[], project: CargoProject, root: string, sent: (path: string) => boolean): ManifestFirst | null {
  const before = steps.findIndex((step) => step.role === 'source-copy');
  if (before < 0) skip('the Rust source is not copied from the build context');
  const manifestCopies = steps.slice(0, before).filter((step) => step.role === 'manifest-copy');
  const preStep = steps.slice(0, before).some((step, index) => step.role === 'run' && callsCargo(step) && steps.slice(0, index).some((earlier) => earlier.role === 'manifest-copy'));
  if (manifestCopies.length > 0 && preStep) return null;
  const copiedEarlier = new Set(manifestCopies.flatMap((step) => copySources(step.instruction).map(clean)));
  const wanted = [...project.manifests, ...(project.vendorDirectory ? [project.vendorDirectory] : [])];
  return { before, missing: wanted.filter((file) => !copiedEarlier.has(join(root, file)) && sent(file)) };
}

/**
 * Files the app may read at run time that production must copy: well-known runtime files the
 * whole-context copy brought, and scripts the command runs from the context.
 */
function runtimeFilesOf(
  steps: readonly Step[],
  workdirs: readonly string[],
  context: BuildContext,
  sent: (path: string) => boolean,
  root: string,
  below: string,
  values: ReadonlyMap<string, string>,
  commands: readonly (Instruction | undefined)[],
): { path: string; destination: string; step: number }[] {
  const present = (path: string) => (context.files.includes(path) || context.directories.includes(path)) && sent(path);
  const files: { path: string; destination: string; step: number }[] = [];
  const scripts = commands.flatMap((instruction) => (instruction ? commandTokens(instruction) : [])).map(clean).filter((word) => context.files.includes(word));
  steps.forEach((step, index) => {
    if (step.role !== 'source-copy') return;
    for (const source of copySources(step.instruction)) {
      if (clean(source) !== (root === '' ? '.' : root)) continue;
      const destination = absolute(below || '.', absolute(expand(copyDestination(step.instruction), values), workdirs[index]!));
      for (const path of [...RUNTIME_FILES, ...scripts]) {
        if (present(path) && !files.some((file) => file.path === path)) files.push({ path, destination, step: index });
      }
    }
  });
  return files;
}

/** Where the whole-project copy (`COPY . .`, `COPY server /server`) lands, which is where the builder holds the files the app opens. */
function runtimeFileDestination(steps: readonly Step[], workdirs: readonly string[], values: ReadonlyMap<string, string>, root: string, below: string): { destination: string; step: number } | null {
  for (const [index, step] of steps.entries()) {
    if (step.role === 'source-copy' && copySources(step.instruction).some((source) => clean(source) === (root === '' ? '.' : root))) {
      return { destination: absolute(below || '.', absolute(expand(copyDestination(step.instruction), values), workdirs[index]!)), step: index };
    }
  }
  return null;
}

function scriptInterpreters(commands: readonly (Instruction | undefined)[], context: BuildContext): string[] {
  const interpreters = new Set<string>();
  for (const instruction of commands) {
    if (!instruction) continue;
    for (const word of commandTokens(instruction)) {
      const name = word.slice(word.lastIndexOf('/') + 1);
      const file = context.files.find((candidate) => candidate === clean(word) || (!candidate.includes('/') && candidate === name));
      if (!file) continue;
      const firstLine = (readText(context, file) ?? '').split('\n', 1)[0] ?? '';
      if (!firstLine.startsWith('#!')) continue;
      const parts = firstLine.slice(2).trim().split(/\s+/);
      const program = parts[0]?.endsWith('/env') ? parts[1] : parts[0];
      if (program) interpreters.add(program.slice(program.lastIndexOf('/') + 1));
    }
  }
  return [...interpreters].sort();
}
