import { parse, type TomlTable } from 'smol-toml';
import type { BuildContext } from '../../src/core/context.js';
import { hasDirectory, readText } from '../../src/core/context.js';

/** One package of the project: a directory of the context with a Cargo.toml. */
export interface CargoPackage {
  /** Relative to the context root, '' for the root package. */
  readonly dir: string;
  readonly name: string;
  /** The binaries its manifest declares or cargo discovers from `src/main.rs`. */
  readonly bins: readonly string[];
  /** `src/bin/` exists: cargo discovers more binaries there, named after their files. */
  readonly discoversBins: boolean;
  /** `default-run`: the binary `cargo run` starts when the package has several. */
  readonly defaultRun: string | null;
  /**
   * Target files cargo must find to read the manifest at all (relative to the context root):
   * a fetch before the source is copied creates them empty and removes them after.
   */
  readonly stubs: readonly string[];
}

export interface CargoProject {
  readonly packages: readonly CargoPackage[];
  /** Manifest files to copy before the source (Cargo.toml files, lockfile, cargo config, toolchain file). */
  readonly manifests: readonly string[];
  /** A vendored-sources directory named by .cargo/config.toml, copied with the manifests. */
  readonly vendorDirectory: string | null;
  readonly hasLockfile: boolean;
  /** Dependencies that read the repository's .git at build time (version stamps). */
  readonly gitReaders: readonly string[];
  /** The features the manifests enable on each dependency, by crate name (cargo unifies them in one build). */
  readonly dependencyFeatures: ReadonlyMap<string, ReadonlySet<string>>;
  /** `[build] target` of .cargo/config.toml. */
  readonly configTarget: string | null;
  /** `[build] target-dir` of .cargo/config.toml. */
  readonly configTargetDir: string | null;
}

export type CargoReading = { readonly ok: true; readonly project: CargoProject } | { readonly ok: false; readonly reason: string };

const CONFIG_FILES = ['.cargo/config.toml', '.cargo/config'];
const TOOLCHAIN_FILES = ['rust-toolchain.toml', 'rust-toolchain'];
const DEPENDENCY_TABLES = ['dependencies', 'dev-dependencies', 'build-dependencies'];
/** Crates that stamp a build with git facts, so the build needs .git in its context. */
const GIT_READING_CRATES = ['built', 'git-version', 'shadow-rs', 'vergen', 'vergen-git2', 'vergen-gitcl', 'vergen-gix'];
const TARGET_KINDS = [
  { key: 'example', directory: 'examples' },
  { key: 'test', directory: 'tests' },
  { key: 'bench', directory: 'benches' },
] as const;

/** Context file paths this module reads, for the transform's `reads`. */
export const CARGO_READS = ['Cargo.toml', '/Cargo.lock', '/*/Cargo.lock', ...CONFIG_FILES.map((file) => `/${file}`), ...TOOLCHAIN_FILES.map((file) => `/${file}`)];

class ManifestProblem extends Error {}

/** Reads the Cargo project at the root of the build context, with a reason when it cannot. */
export function readCargoProject(context: BuildContext): CargoReading {
  try {
    return { ok: true, project: readProject(context) };
  } catch (problem) {
    if (problem instanceof ManifestProblem) return { ok: false, reason: problem.message };
    throw problem;
  }
}

function readProject(context: BuildContext): CargoProject {
  const root = readManifest(context, '');
  const packages = new Map<string, CargoPackage>();
  const pending: string[] = [''];
  const workspace = table(root.workspace);
  if (workspace) pending.push(...workspaceMembers(context, workspace));
  pending.push(...pathDependencies(context, '', root));

  const dependencyNames = new Set(dependencies(root).map(([name]) => name));
  const dependencyFeatures = new Map<string, Set<string>>();
  while (pending.length > 0) {
    const dir = pending.shift()!;
    if (packages.has(dir)) continue;
    const manifest = dir === '' ? root : readManifest(context, dir);
    for (const [name, value] of dependencies(manifest)) {
      dependencyNames.add(name);
      const declared = table(value);
      const crate = typeof declared?.package === 'string' ? declared.package : name;
      const features = Array.isArray(declared?.features) ? declared.features.filter((feature): feature is string => typeof feature === 'string') : [];
      if (features.length > 0) dependencyFeatures.set(crate, new Set([...(dependencyFeatures.get(crate) ?? []), ...features]));
    }
    const described = describePackage(context, dir, manifest);
    if (described) packages.set(dir, described);
    else if (dir !== '') throw new ManifestProblem(`${join(dir, 'Cargo.toml')} has no [package] table`);
    pending.push(...pathDependencies(context, dir, manifest));
  }

  const configText = CONFIG_FILES.map((file) => [file, readText(context, file)] as const).find(([, text]) => text !== undefined);
  const config = configText ? parseToml(configText[1]!, configText[0]) : {};
  const build = table(config.build);
  const target = build?.target;
  if (Array.isArray(target)) throw new ManifestProblem(`${configText![0]} builds for several targets at once`);

  const dirs = [...packages.keys()].sort();
  const manifests = [
    'Cargo.toml',
    ...(context.files.includes('Cargo.lock') ? ['Cargo.lock'] : []),
    ...TOOLCHAIN_FILES.filter((file) => context.files.includes(file)),
    ...(configText ? [configText[0]] : []),
    ...dirs.filter((dir) => dir !== '').map((dir) => join(dir, 'Cargo.toml')),
  ];
  return {
    packages: dirs.map((dir) => packages.get(dir)!),
    manifests: [...new Set(manifests)],
    vendorDirectory: vendorDirectory(context, config),
    hasLockfile: context.files.includes('Cargo.lock'),
    gitReaders: GIT_READING_CRATES.filter((name) => dependencyNames.has(name)),
    dependencyFeatures,
    configTarget: typeof target === 'string' ? target : null,
    configTargetDir: typeof build?.['target-dir'] === 'string' ? build['target-dir'] : null,
  };
}

/**
 * The build context as cargo sees it when the Dockerfile copies one directory of it on its own
 * (`COPY server /server` of a workspace member): its files, relative to that directory.
 */
export function directoryContext(context: BuildContext, dir: string): BuildContext {
  const prefix = `${dir}/`;
  const inside = (path: string) => path.startsWith(prefix);
  return {
    files: context.files.filter(inside).map((path) => path.slice(prefix.length)),
    directories: context.directories.filter(inside).map((path) => path.slice(prefix.length)),
    contents: new Map([...context.contents].filter(([path]) => inside(path)).map(([path, text]) => [path.slice(prefix.length), text])),
  };
}

/** The build context without some of its directories: what of it a Dockerfile that leaves them out puts into the image. */
export function withoutDirectories(context: BuildContext, dirs: readonly string[]): BuildContext {
  const outside = (path: string) => !dirs.some((dir) => path === dir || path.startsWith(`${dir}/`));
  return {
    files: context.files.filter(outside),
    directories: context.directories.filter(outside),
    contents: new Map([...context.contents].filter(([path]) => outside(path))),
  };
}

/**
 * The first setting of a package manifest taken from its workspace (`version.workspace = true`,
 * `serde = { workspace = true }`), which cargo cannot resolve without the workspace root.
 */
export function workspaceInheritance(context: BuildContext): string | null {
  const text = readText(context, 'Cargo.toml');
  if (text === undefined) return null;
  let manifest: TomlTable;
  try {
    manifest = parse(text);
  } catch {
    return null;
  }
  const inherited = (owner: TomlTable | null) => Object.entries(owner ?? {}).find(([, value]) => table(value)?.workspace === true)?.[0];
  const key = inherited(table(manifest.package)) ?? dependencies(manifest).find(([, value]) => table(value)?.workspace === true)?.[0];
  if (key !== undefined) return key;
  return table(manifest.lints)?.workspace === true ? 'lints' : null;
}

/**
 * The package names in Cargo.lock. Read only when they matter (a glibc build links what its
 * `-sys` crates link): a large lockfile is most of the parsing a Rust context costs.
 */
export function readLockedCrates(context: BuildContext): { ok: true; crates: ReadonlySet<string> } | { ok: false; reason: string } {
  const text = readText(context, 'Cargo.lock');
  if (text === undefined) return { ok: true, crates: new Set() };
  let lock: TomlTable;
  try {
    lock = parse(text);
  } catch {
    return { ok: false, reason: 'Cargo.lock is not valid TOML' };
  }
  const crates = (Array.isArray(lock.package) ? lock.package : []).flatMap((entry) => {
    const name = table(entry)?.name;
    return typeof name === 'string' ? [name] : [];
  });
  return { ok: true, crates: new Set(crates) };
}

function readManifest(context: BuildContext, dir: string): TomlTable {
  const path = join(dir, 'Cargo.toml');
  const text = readText(context, path);
  if (text === undefined) {
    throw new ManifestProblem(dir === '' ? 'no Cargo.toml at the root of the build context' : `${path} is not in the build context`);
  }
  return parseToml(text, path);
}

function parseToml(text: string, path: string): TomlTable {
  try {
    return parse(text);
  } catch {
    throw new ManifestProblem(`${path} is not valid TOML`);
  }
}

function table(value: unknown): TomlTable | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? (value as TomlTable) : null;
}

function tables(value: unknown): TomlTable[] {
  return Array.isArray(value) ? value.map(table).filter((entry): entry is TomlTable => entry !== null) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** Workspace members: their patterns (`crates/*`) matched against the context's Cargo.toml files. */
function workspaceMembers(context: BuildContext, workspace: TomlTable): string[] {
  const manifestDirs = context.files.filter((file) => file.endsWith('/Cargo.toml')).map((file) => file.slice(0, -'/Cargo.toml'.length));
  const excluded = strings(workspace.exclude).map(normalize);
  const members: string[] = [];
  for (const pattern of strings(workspace.members).map(normalize)) {
    // `members = ["."]` names the root package, whose manifest is read and copied anyway.
    if (pattern === '.' || pattern === '') continue;
    if (!pattern.includes('*') && !pattern.includes('?')) {
      if (!manifestDirs.includes(pattern)) throw new ManifestProblem(`workspace member ${pattern} has no Cargo.toml in the build context`);
      members.push(pattern);
      continue;
    }
    members.push(...manifestDirs.filter((dir) => globMatch(pattern, dir)));
  }
  return members.filter((member) => !excluded.some((exclude) => member === exclude || member.startsWith(`${exclude}/`))).sort();
}

/** Every dependency a manifest declares, by name: all kinds, per platform, workspace-wide, patches. */
function dependencies(manifest: TomlTable): [string, unknown][] {
  const declared: [string, unknown][] = [];
  const collect = (owner: TomlTable | null) => {
    for (const name of DEPENDENCY_TABLES) declared.push(...Object.entries(table(owner?.[name]) ?? {}));
  };
  collect(manifest);
  for (const platform of Object.values(table(manifest.target) ?? {})) collect(table(platform));
  declared.push(...Object.entries(table(table(manifest.workspace)?.dependencies) ?? {}));
  for (const registry of Object.values(table(manifest.patch) ?? {})) declared.push(...Object.entries(table(registry) ?? {}));
  declared.push(...Object.entries(table(manifest.replace) ?? {}));
  return declared;
}

/** Path dependencies (and path patches) of a manifest, as context directories. */
function pathDependencies(context: BuildContext, dir: string, manifest: TomlTable): string[] {
  const dirs: string[] = [];
  for (const [, dependency] of dependencies(manifest)) {
    const path = table(dependency)?.path;
    if (typeof path !== 'string') continue;
    const resolved = resolveRelative(dir, path);
    if (resolved === null) throw new ManifestProblem(`the path dependency ${path} of ${join(dir, 'Cargo.toml')} is outside the build context`);
    if (!context.files.includes(join(resolved, 'Cargo.toml'))) {
      throw new ManifestProblem(`the path dependency ${path} of ${join(dir, 'Cargo.toml')} has no Cargo.toml in the build context`);
    }
    dirs.push(resolved);
  }
  return dirs;
}

function describePackage(context: BuildContext, dir: string, manifest: TomlTable): CargoPackage | null {
  const pkg = table(manifest.package) ?? table(manifest.project);
  if (!pkg) return null;
  const name = pkg.name;
  if (typeof name !== 'string') throw new ManifestProblem(`${join(dir, 'Cargo.toml')} has a package without a name`);
  const has = (path: string) => context.files.includes(join(dir, path));
  const autobins = pkg.autobins !== false;
  const stubs = new Set<string>();
  if (has('src/main.rs')) stubs.add('src/main.rs');
  if (has('src/lib.rs')) stubs.add('src/lib.rs');

  const lib = table(manifest.lib);
  if (lib && typeof lib.path !== 'string') stubs.add('src/lib.rs');
  const bins = new Set<string>();
  const explicitBins = tables(manifest.bin);
  for (const bin of explicitBins) {
    if (typeof bin.name !== 'string') throw new ManifestProblem(`a [[bin]] of ${join(dir, 'Cargo.toml')} has no name`);
    bins.add(bin.name);
    if (typeof bin.path === 'string') continue;
    if (!(bin.name === name && has('src/main.rs'))) stubs.add(`src/bin/${bin.name}.rs`);
  }
  if (autobins && has('src/main.rs') && !explicitBins.some((bin) => normalize(String(bin.path ?? '')) === 'src/main.rs')) bins.add(name);
  for (const kind of TARGET_KINDS) {
    for (const target of tables(manifest[kind.key])) {
      if (typeof target.path === 'string' || typeof target.name !== 'string') continue;
      stubs.add(has(`${kind.directory}/${target.name}/main.rs`) ? `${kind.directory}/${target.name}/main.rs` : `${kind.directory}/${target.name}.rs`);
    }
  }
  // Without a library or binary target cargo refuses the manifest; an empty lib.rs satisfies it.
  if (!lib && explicitBins.length === 0 && !has('src/main.rs') && !has('src/lib.rs')) stubs.add('src/lib.rs');
  return {
    dir,
    name,
    bins: [...bins].sort(),
    discoversBins: autobins && hasDirectory(context, join(dir, 'src/bin')),
    defaultRun: typeof pkg['default-run'] === 'string' ? pkg['default-run'] : null,
    stubs: [...stubs].sort().map((stub) => join(dir, stub)),
  };
}

/** The directory vendored sources are read from, when .cargo/config.toml replaces crates.io. */
function vendorDirectory(context: BuildContext, config: TomlTable): string | null {
  const sources = table(config.source);
  if (!sources) return null;
  for (const source of Object.values(sources)) {
    const directory = table(source)?.directory;
    if (typeof directory !== 'string') continue;
    const resolved = resolveRelative('', directory);
    if (resolved !== null && hasDirectory(context, resolved)) return resolved;
  }
  return null;
}

/** `*` and `?` within one path segment, as the glob crate cargo uses for workspace members. */
export function globMatch(pattern: string, path: string): boolean {
  const patternParts = pattern.split('/');
  const pathParts = path.split('/');
  if (patternParts.length !== pathParts.length) return false;
  return patternParts.every((part, index) => segmentMatch(part, pathParts[index]!));
}

function segmentMatch(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  const [head, rest] = [pattern[0]!, pattern.slice(1)];
  if (head === '*') {
    for (let i = 0; i <= text.length; i++) if (segmentMatch(rest, text.slice(i))) return true;
    return false;
  }
  if (text === '') return false;
  return (head === '?' || head === text[0]) && segmentMatch(rest, text.slice(1));
}

function normalize(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** `dir` joined with a relative path, or null when the result leaves the context. */
export function resolveRelative(dir: string, relative: string): string | null {
  if (relative.startsWith('/')) return null;
  const parts = dir === '' ? [] : dir.split('/');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

export function join(dir: string, path: string): string {
  return dir === '' ? path : `${dir}/${path}`;
}

/** Whether a manifest enables one of the features that compile a `-sys` crate's library into the binary, by the crate that offers it. */
export function bundlesLibrary(project: CargoProject, features: Readonly<Record<string, readonly string[]>> | undefined): boolean {
  return Object.entries(features ?? {}).some(([crate, names]) => names.some((name) => project.dependencyFeatures.get(crate)?.has(name) ?? false));
}
