import type { Finding } from '../../src/core/findings.js';
import { commandWords, type ShellCommand } from '../../src/core/shell.js';
import { installerCall, isLocalPath, optionValues, requirementName, scanOptions, type Installer, type OptionScan } from './classify.js';
import { DEV_GROUPS, type Tool } from './tables.js';
import { shellQuote, tokenize, withoutTokens, type Token } from './tokens.js';

/** What the installer commands of a RUN may know about the image and the context. */
export interface InstallEnvironment {
  /** The WORKDIR the command runs in. */
  readonly workdir: string;
  /** The text of the context file that lands at an image path, if dfmod read it. */
  readonly fileAt: (imagePath: string) => string | undefined;
  /** Whether some context file lands at an image path (read or not). */
  readonly existsAt: (imagePath: string) => boolean;
  /** Whether some context file lands at an image path once the stage's copies, the source's included, have run. */
  readonly existsAfterSource: (imagePath: string) => boolean;
  /** Every file in the image came from the context, so a path no copy brought does not exist. */
  readonly onlyFromContext: boolean;
  /** A cache mount is added to the RUN, so `--no-cache-dir` would only fight it. */
  readonly mounted: boolean;
  /** Image paths earlier commands of the build generate (`poetry export -o requirements.txt`). */
  readonly generated: ReadonlySet<string>;
  /** `[major, minor]` of the Poetry the builder installs, when pinned. */
  readonly poetryVersion: readonly number[] | null;
  readonly parseToml: (text: string) => Record<string, unknown> | null;
}

/** One installer command, as it runs before and after the source is copied. */
export interface InstallCommandPlan {
  readonly tool: Tool | null;
  /** Image paths of context files the command reads before any source is needed. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  /** The dependency part, runnable with the manifests alone; null when it needs the source. */
  readonly before: string | null;
  /** What is left to run once the source is there; null when nothing is. */
  readonly after: string | null;
  /** The command where it stands when nothing is reordered. */
  readonly inPlace: string;
  readonly changes: readonly Finding[];
  /** What the report says only when the install is split around the source copy (`before`, then `after`), not of `inPlace`. */
  readonly splitChanges?: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly refusal: string | null;
}

export function joinPath(directory: string, path: string): string {
  if (path.startsWith('/')) return normalize(path);
  return normalize(`${directory}/${path}`);
}

export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

const TOOL_OF: Readonly<Record<Installer, Tool>> = { pip: 'pip', 'uv-pip': 'uv', poetry: 'poetry', pipenv: 'pipenv', uv: 'uv' };

/** Plans one command of an install segment (installer calls, pip upgrades, `poetry config`). */
export function planInstallCommand(command: ShellCommand, env: InstallEnvironment): InstallCommandPlan {
  const words = commandWords(command);
  const call = installerCall(words);
  const simple = (tool: Tool | null): InstallCommandPlan => ({ tool, reads: [], writes: [], before: command.text, after: null, inPlace: command.text, changes: [], warnings: [], refusal: null });
  if (!call) {
    if (words.includes('setup.py')) return { ...simple(null), before: null, after: command.text };
    return simple(null);
  }
  const scan = scanOptions(call.args);
  const tokens = tokenize(command.text);
  switch (call.installer) {
    case 'pip':
    case 'uv-pip':
      return planPip(command, call.installer, scan, tokens, env);
    case 'poetry':
      return planPoetry(command, scan, env);
    case 'pipenv':
      return planPipenv(command, scan, tokens, env);
    case 'uv':
      return planUv(command, scan, env);
  }
  return simple(TOOL_OF[call.installer]);
}

/** Tokens of words dfmod drops: cache switches that fight the mount, `--user`/`--system` that bypass the virtualenv. */
function droppedTokens(command: ShellCommand, tokens: readonly Token[], drop: ReadonlySet<string>, env: InstallEnvironment): Token[] {
  const cacheSwitch = (value: string) => env.mounted && (value === '--no-cache-dir' || value === '--no-cache' || value.startsWith('PIP_NO_CACHE_DIR=') || value.startsWith('UV_NO_CACHE='));
  const prefix = command.words.length - commandWords(command).length;
  return tokens.filter((token, index) => (index < prefix ? cacheSwitch(token.value) : drop.has(token.value) || cacheSwitch(token.value)));
}

/** The requirement specifiers of a requirements file (`psycopg2==2.9.9`), options and includes left out. */
export function requirementSpecs(text: string): string[] {
  const specs: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    specs.push(line);
  }
  return specs;
}

function requirementReads(path: string, env: InstallEnvironment, seen: Set<string>): { reads: string[]; needsSource: boolean } {
  if (seen.has(path) || env.generated.has(path)) return { reads: [], needsSource: false };
  seen.add(path);
  const reads = [path];
  let needsSource = false;
  const text = env.fileAt(path);
  if (text === undefined) return { reads, needsSource: !env.existsAt(path) };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const words = tokenize(line).map((token) => token.value);
    const scan = scanOptions(['install', ...words]);
    for (const include of optionValues(scan, '-r', '--requirement', '-c', '--constraint')) {
      const found = requirementReads(joinPath(dirname(path), include), env, seen);
      reads.push(...found.reads);
      needsSource ||= found.needsSource;
    }
    const editables = optionValues(scan, '-e', '--editable');
    const links = optionValues(scan, '-f', '--find-links');
    if ([...editables, ...scan.operands, ...links].some(isLocalPath)) needsSource = true;
  }
  return { reads, needsSource };
}

function planPip(command: ShellCommand, installer: 'pip' | 'uv-pip', scan: OptionScan, tokens: readonly Token[], env: InstallEnvironment): InstallCommandPlan {
  const tool: Tool = installer === 'pip' ? 'pip' : 'uv';
  const base = { tool, writes: [], changes: [] as Finding[], warnings: [] as Finding[], refusal: null };
  const target = optionValues(scan, '-t', '--target', '--prefix', '--root');
  if (target.length > 0) {
    return { ...base, reads: [], before: null, after: null, inPlace: command.text, refusal: `pip install ${target[0]} writes outside a virtualenv, so dfmod cannot tell what production needs` };
  }
  const dropped = droppedTokens(command, tokens, new Set(installer === 'pip' ? ['--user'] : ['--system']), env);
  const rewritten = withoutTokens(command.text, dropped);
  const bypass = dropped.find((token) => token.value === '--user' || token.value === '--system');
  if (bypass) base.changes.push({ id: 'virtualenv', message: `${installer === 'pip' ? 'pip' : 'uv pip'} install drops ${bypass.value}: the packages go into the virtualenv` });
  const requirementFiles = scan.subcommand === 'sync' ? scan.operands : optionValues(scan, '-r', '--requirement', '-c', '--constraint');
  const seen = new Set<string>();
  const reads: string[] = [];
  let needsSource = false;
  for (const file of requirementFiles) {
    const path = joinPath(env.workdir, file);
    if (env.onlyFromContext && !env.existsAt(path) && !file.includes('$')) {
      return { ...base, reads: [], before: null, after: null, inPlace: command.text, refusal: `${installer === 'pip' ? 'pip' : 'uv pip'} ${scan.subcommand} reads ${path}, which no COPY before it puts in the image, so the build fails there` };
    }
    const found = requirementReads(path, env, seen);
    reads.push(...found.reads);
    needsSource ||= found.needsSource;
  }
  const editables = optionValues(scan, '-e', '--editable');
  const localLinks = optionValues(scan, '-f', '--find-links').filter(isLocalPath);
  const operands = scan.subcommand === 'sync' ? [] : scan.operands;
  const local = [...editables, ...operands].filter(isLocalPath);
  if (local.length > 0 || localLinks.length > 0) needsSource = true;
  if (!needsSource) return { ...base, reads, before: rewritten, after: null, inPlace: rewritten };

  // `pip install .`: the project needs its source, but its declared dependencies do not.
  const project = local.length === 1 && localLinks.length === 0 ? projectDependencies(local[0]!, env) : null;
  if (project === null || project.length === 0) return { ...base, reads, before: null, after: rewritten, inPlace: rewritten };
  const projectTokens = tokens.filter((token) => token.value === local[0]);
  const editableFlags = tokens.filter((token, index) => (token.value === '-e' || token.value === '--editable') && tokens[index + 1]?.value === local[0]);
  const withoutProject = withoutTokens(command.text, [...dropped, ...projectTokens, ...editableFlags]);
  const before = `${withoutProject} ${project.map(shellQuote).join(' ')}`;
  return {
    ...base,
    reads: [...reads, joinPath(env.workdir, 'pyproject.toml')],
    before,
    after: rewritten,
    inPlace: rewritten,
    changes: [...base.changes, { id: 'manifest-first', message: `the [project] dependencies of pyproject.toml are installed before the source; "${rewritten}" still runs after it` }],
  };
}

/**
 * The dependencies of a local project operand (`.`, `.[server]`) when pyproject.toml lists them
 * statically; null when they are dynamic or the operand is not the WORKDIR's project.
 */
function projectDependencies(operand: string, env: InstallEnvironment): string[] | null {
  const match = /^(\.\/?|\/[^[\]]*)(?:\[([^\]]*)\])?$/.exec(operand);
  if (!match) return null;
  const directory = joinPath(env.workdir, match[1]!);
  if (directory !== env.workdir) return null;
  const pyproject = env.parseToml(env.fileAt(joinPath(directory, 'pyproject.toml')) ?? '');
  const table = asTable(pyproject?.project);
  if (!table) return null;
  if (asArray(table.dynamic)?.includes('dependencies')) return null;
  const dependencies = asArray(table.dependencies) ?? [];
  const optional = asTable(table['optional-dependencies']) ?? {};
  const extras = (match[2] ?? '').split(',').map((extra) => extra.trim()).filter(Boolean);
  const all = [...dependencies];
  const name = typeof table.name === 'string' ? requirementName(table.name) : null;
  for (const extra of extras) {
    const listed = asArray(optional[extra]);
    if (!listed) return null;
    all.push(...listed);
  }
  const specs = all.filter((spec): spec is string => typeof spec === 'string');
  // A self-reference (`app[server]` inside app's own extras) or a local path needs the source anyway.
  if (specs.length !== all.length || specs.some((spec) => requirementName(spec) === name || spec.includes(' @ file:'))) return null;
  return specs;
}

function asTable(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function asArray(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : null;
}

function pyprojectAt(env: InstallEnvironment): Record<string, unknown> | null {
  return env.parseToml(env.fileAt(joinPath(env.workdir, 'pyproject.toml')) ?? '');
}

function existing(env: InstallEnvironment, names: readonly string[]): string[] {
  return names.map((name) => joinPath(env.workdir, name)).filter((path) => env.existsAt(path));
}

function outputOf(scan: OptionScan): string[] {
  return optionValues(scan, '-o', '--output', '--output-file');
}

function readmeOf(pyproject: Record<string, unknown> | null): string[] {
  const poetry = asTable(asTable(pyproject?.tool)?.poetry);
  const readme = poetry?.readme ?? asTable(pyproject?.project)?.readme;
  if (typeof readme === 'string') return [readme];
  if (Array.isArray(readme)) return readme.filter((entry): entry is string => typeof entry === 'string');
  return [];
}

/** Path dependencies (`{ path = "../lib" }`) need the source tree, not just the manifests. */
function hasPathDependency(tables: readonly (Record<string, unknown> | null)[]): boolean {
  return tables.some((table) => Object.values(table ?? {}).some((value) => asTable(value)?.path !== undefined));
}

function planPoetry(command: ShellCommand, scan: OptionScan, env: InstallEnvironment): InstallCommandPlan {
  const pyproject = pyprojectAt(env);
  const poetry = asTable(asTable(pyproject?.tool)?.poetry);
  const reads = existing(env, ['pyproject.toml', 'poetry.lock', 'poetry.toml', ...readmeOf(pyproject)]);
  const changes: Finding[] = [];
  const warnings: Finding[] = [];
  const base = { tool: 'poetry' as const, reads, refusal: null };
  if (scan.subcommand !== 'install' && scan.subcommand !== 'sync') {
    return { ...base, writes: outputOf(scan).map((path) => joinPath(env.workdir, path)), before: command.text, after: null, inPlace: command.text, changes, warnings };
  }
  if (!env.existsAt(joinPath(env.workdir, 'poetry.lock'))) {
    warnings.push({ id: 'no-lockfile', message: 'no poetry.lock: Poetry resolves versions at build time; commit the lockfile' });
  }
  const old = env.poetryVersion !== null && (env.poetryVersion[0]! < 1 || (env.poetryVersion[0] === 1 && env.poetryVersion[1]! < 2));
  let text = command.text;
  // Poetry 1.2 replaced --no-dev with --only main, and Poetry 2 removed it.
  const noDev = tokenize(text).filter((token) => token.value === '--no-dev');
  if (!old && noDev.length > 0) {
    text = `${withoutTokens(text, noDev)} --only main`;
    changes.push({ id: 'prod-deps-only', message: 'poetry install --no-dev becomes --only main: Poetry 1.2 replaced the flag and Poetry 2 removed it' });
  }
  const selects = ['--only', '--with', '--without', '--no-dev', '--only-root', '--all-groups'].some((flag) => scan.flags.has(flag) || scan.values.has(flag));
  const groups = asTable(poetry?.group) ?? {};
  const devGroups = DEV_GROUPS.filter((name) => asTable(groups[name]) && asTable(groups[name])!.optional !== true);
  const legacyDev = asTable(poetry?.['dev-dependencies']) !== null;
  if (!selects && (devGroups.length > 0 || legacyDev)) {
    const flag = old ? '--no-dev' : `--without ${[...new Set([...(legacyDev ? ['dev'] : []), ...devGroups])].join(',')}`;
    text = `${text} ${flag}`;
    changes.push({ id: 'prod-deps-only', message: `Poetry installs without development dependencies (${flag})` });
  }
  const dependencyTables = [asTable(poetry?.dependencies), ...Object.values(groups).map((group) => asTable(asTable(group)?.dependencies))];
  if (hasPathDependency(dependencyTables)) return { ...base, writes: [], before: null, after: text, inPlace: text, changes, warnings };
  const installsRoot = !scan.flags.has('--no-root') && poetry?.['package-mode'] !== false;
  if (!installsRoot) return { ...base, writes: [], before: text, after: null, inPlace: text, changes, warnings };
  if (!poetryPackageIn(poetry, env, env.existsAfterSource)) {
    // Poetry 1.8 warned that the project could not be installed; Poetry 2 stops the build there.
    const name = typeof poetry?.name === 'string' ? poetry.name : 'the project';
    changes.push({ id: 'poetry-no-root', message: `poetry install gets --no-root: pyproject.toml is in package mode and the context has no package of ${name} for Poetry to install` });
    return { ...base, writes: [], before: `${text} --no-root`, after: null, inPlace: `${text} --no-root`, changes, warnings };
  }
  const splitChanges = [{ id: 'manifest-first', message: 'Poetry installs the dependencies with --no-root before the source, then the project after it' }];
  return { ...base, writes: [], before: `${text} --no-root`, after: text, inPlace: text, changes, splitChanges, warnings };
}

/**
 * Whether the package a Poetry project in package mode installs is where `exists` finds it:
 * each `packages` entry, or by default the project's name as a package (a directory with
 * `__init__.py`) or a module, at the root or under `src/`. A glob counts as found.
 */
function poetryPackageIn(poetry: Record<string, unknown> | null, env: InstallEnvironment, exists: (imagePath: string) => boolean): boolean {
  const found = (path: string) => exists(joinPath(path, '__init__.py')) || exists(`${path}.py`) || (path.endsWith('.py') && exists(path));
  const packages = asArray(poetry?.packages);
  if (packages) {
    return packages.every((entry) => {
      const table = asTable(entry);
      const include = table?.include;
      if (typeof include !== 'string' || /[*?[]/.test(include)) return true;
      return found(joinPath(env.workdir, `${typeof table?.from === 'string' ? table.from : '.'}/${include}`));
    });
  }
  if (typeof poetry?.name !== 'string') return true;
  const module = poetry.name.toLowerCase().replace(/[-.]+/g, '_');
  return found(joinPath(env.workdir, module)) || found(joinPath(env.workdir, `src/${module}`));
}

function planPipenv(command: ShellCommand, scan: OptionScan, tokens: readonly Token[], env: InstallEnvironment): InstallCommandPlan {
  const reads = existing(env, ['Pipfile', 'Pipfile.lock']);
  const changes: Finding[] = [];
  const warnings: Finding[] = [];
  const base = { tool: 'pipenv' as const, reads, writes: [], refusal: null };
  if (scan.subcommand !== 'install' && scan.subcommand !== 'sync') return { ...base, before: command.text, after: null, inPlace: command.text, changes, warnings };
  const dropped = droppedTokens(command, tokens, new Set(['--system']), env);
  let text = withoutTokens(command.text, dropped);
  if (dropped.some((token) => token.value === '--system')) changes.push({ id: 'virtualenv', message: 'pipenv install drops --system: the packages go into the virtualenv' });
  const locked = env.existsAt(joinPath(env.workdir, 'Pipfile.lock'));
  if (!locked) warnings.push({ id: 'no-lockfile', message: 'no Pipfile.lock: Pipenv resolves versions at build time; commit the lockfile' });
  if (locked && scan.subcommand === 'install' && !scan.flags.has('--deploy') && scan.operands.length === 0) {
    text = `${text} --deploy`;
    changes.push({ id: 'frozen-lockfile', message: 'the install follows Pipfile.lock exactly (pipenv install --deploy)' });
    warnings.push({ id: 'frozen-lockfile', message: 'pipenv install --deploy stops the build when Pipfile.lock no longer matches Pipfile, where the original re-locked silently: run pipenv lock if it does' });
  }
  const pipfile = env.parseToml(env.fileAt(joinPath(env.workdir, 'Pipfile')) ?? '');
  if (hasPathDependency([asTable(pipfile?.packages), asTable(pipfile?.['dev-packages'])])) return { ...base, before: null, after: text, inPlace: text, changes, warnings };
  return { ...base, before: text, after: null, inPlace: text, changes, warnings };
}

function planUv(command: ShellCommand, scan: OptionScan, env: InstallEnvironment): InstallCommandPlan {
  const pyproject = pyprojectAt(env);
  const reads = existing(env, ['pyproject.toml', 'uv.lock', '.python-version']);
  const changes: Finding[] = [];
  const warnings: Finding[] = [];
  const base = { tool: 'uv' as const, reads, refusal: null };
  if (scan.subcommand !== 'sync') {
    return { ...base, writes: outputOf(scan).map((path) => joinPath(env.workdir, path)), before: command.text, after: null, inPlace: command.text, changes, warnings };
  }
  let text = command.text;
  const locked = env.existsAt(joinPath(env.workdir, 'uv.lock'));
  if (!locked) warnings.push({ id: 'no-lockfile', message: 'no uv.lock: uv resolves versions at build time; commit the lockfile' });
  // --locked, not --frozen: it also stops the build when uv.lock no longer matches pyproject.toml.
  if (locked && !scan.flags.has('--frozen') && !scan.flags.has('--locked')) {
    text = `${text} --locked`;
    changes.push({ id: 'frozen-lockfile', message: 'the install follows uv.lock exactly (uv sync --locked)' });
  }
  const uvTable = asTable(asTable(pyproject?.tool)?.uv);
  const hasDev = asTable(pyproject?.['dependency-groups'])?.dev !== undefined || uvTable?.['dev-dependencies'] !== undefined;
  const selects = ['--no-dev', '--only-dev', '--dev', '--no-default-groups', '--all-groups', '--only-group', '--group'].some((flag) => scan.flags.has(flag) || scan.values.has(flag));
  if (hasDev && !selects) {
    text = `${text} --no-dev`;
    changes.push({ id: 'prod-deps-only', message: 'uv installs without development dependencies (--no-dev)' });
  }
  const sources = asTable(uvTable?.sources);
  if (uvTable?.workspace !== undefined || hasPathDependency([sources]) || Object.values(sources ?? {}).some((value) => asTable(value)?.workspace === true)) {
    return { ...base, writes: [], before: null, after: text, inPlace: text, changes, warnings };
  }
  const packaged = uvTable?.package === true || (pyproject?.['build-system'] !== undefined && uvTable?.package !== false);
  if (!packaged || scan.flags.has('--no-install-project')) return { ...base, writes: [], before: text, after: null, inPlace: text, changes, warnings };
  changes.push({ id: 'manifest-first', message: 'uv installs the dependencies with --no-install-project before the source, then the project after it' });
  return { ...base, writes: [], before: `${text} --no-install-project`, after: text, inPlace: text, changes, warnings };
}
