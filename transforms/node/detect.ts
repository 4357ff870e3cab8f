import type { BuildContext } from '../../src/core/context.js';
import { readJson, readText } from '../../src/core/context.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import type { Warning } from '../../src/core/findings.js';
import { commandWords, splitCommands } from '../../src/core/shell.js';
import type { TransformInput } from '../../src/core/transform.js';
import { resolveBaseImage } from '../shared/base-image.js';
import { imageName, parseImageRef, type ImageRef } from '../shared/image-ref.js';
import { parseJsonc } from '../shared/jsonc.js';
import { baseName, classifyStep, stepHas, type Step } from './classify.js';
import { BUILD_OUTPUTS, NATIVE_ADDONS, PACKAGE_MANAGERS, type PackageManager } from './tables.js';

export interface PackageJson {
  readonly name?: string;
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
  readonly family: 'debian' | 'alpine';
  readonly fullDebian: boolean;
  readonly manager: PackageManager;
  readonly lockfile: string | null;
  readonly manifests: readonly string[];
  readonly steps: readonly Step[];
  readonly installStep: number;
  readonly buildSteps: readonly number[];
  readonly packageJson: PackageJson;
  readonly workspaces: readonly string[];
  readonly native: boolean;
  readonly lifecycleScripts: readonly string[];
  /** Directories the build writes, relative to the build's WORKDIR; null when unknown. */
  readonly buildOutputs: readonly string[] | null;
  /** The file or directory the container's command starts from, relative to the final WORKDIR. */
  readonly entry: string | null;
  readonly scriptInterpreters: readonly string[];
  readonly warnings: readonly Warning[];
}

export type Detection = { readonly ok: true; readonly facts: NodeFacts } | { readonly ok: false; readonly status: 'skipped' | 'unchanged'; readonly reason: string };

const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare'];

/** True when the file is about Node.js at all (for match), before any deeper look. */
export function looksLikeNode(input: TransformInput): string | null {
  const base = resolveBaseImage(input.dockerfile);
  if (base.kind === 'resolved' && imageName(parseImageRef(base.image)) === 'node') return `base image ${base.image}`;
  if (input.context.contents.has('package.json')) {
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
  if (base.kind === 'unresolved') return { ok: false, status: 'skipped', reason: base.reason };
  const baseRef = parseImageRef(base.image);
  if (imageName(baseRef) !== 'node') {
    return { ok: false, status: 'skipped', reason: `Node.js runs on ${base.image}; dfmod only migrates builds on the official node images` };
  }
  const packageJson = readJson(context, 'package.json') as PackageJson | undefined;
  if (!packageJson || typeof packageJson !== 'object') {
    return { ok: false, status: 'skipped', reason: context.files.includes('package.json') ? 'package.json beside the Dockerfile is not valid JSON' : 'no package.json beside the Dockerfile' };
  }

  const manager = detectManager(context, packageJson);
  if (manager.kind === 'skip') return { ok: false, status: 'skipped', reason: manager.reason };
  const scripts = new Set(Object.keys(packageJson.scripts ?? {}));
  const commandFiles = new Set(commandWordsOf(dockerfile.stages[0]!.instructions).map(baseName));
  const steps = dockerfile.stages[0]!.instructions.slice(1).map((instruction) => classifyStep(instruction, scripts, commandFiles));

  const opaque = steps.find((step) => step.role === 'run' && step.groups === null);
  const installSteps = steps.flatMap((step, index) => (stepHas(step, 'install') ? [index] : []));
  const buildSteps = steps.flatMap((step, index) => (stepHas(step, 'build') ? [index] : []));
  if (installSteps.length === 0 && buildSteps.length === 0) {
    return { ok: false, status: 'unchanged', reason: 'runtime-only image: no dependency install or build step' };
  }
  if (opaque) {
    return { ok: false, status: 'skipped', reason: `line ${opaque.instruction.line + 1}: the RUN script is too complex to split safely` };
  }
  if (installSteps.length === 0) return { ok: false, status: 'skipped', reason: 'a build step runs without a dependency install' };
  if (installSteps.length > 1) return { ok: false, status: 'skipped', reason: 'several dependency installs; dfmod cannot tell which one production needs' };
  const installStep = installSteps[0]!;
  if (buildSteps.some((index) => index < installStep)) return { ok: false, status: 'skipped', reason: 'a build step runs before the dependency install' };
  if (dockerfile.instructions.some((instruction) => instruction.keyword === 'RUN' && instruction.argsText.includes('prisma'))) {
    return { ok: false, status: 'skipped', reason: 'prisma generates code into node_modules; splitting the install from the build would lose it' };
  }
  const rootUser = finalUserIsExplicitRoot(steps);
  if (rootUser) return { ok: false, status: 'skipped', reason: `line ${rootUser.line + 1}: the original explicitly runs as root; dfmod will not change the user` };

  const workspaces = workspacePatterns(packageJson, context);
  const dependencies = Object.keys({ ...packageJson.dependencies, ...packageJson.optionalDependencies, ...packageJson.devDependencies });
  const aptToolchain = steps.some((step) => step.groups?.some((group) => group.role === 'system' && group.commands.some((command) => /\b(g\+\+|build-essential|build-base|make|python3)\b/.test(command.text))));
  const native = aptToolchain || dependencies.some((name) => NATIVE_ADDONS.has(name));

  const buildOutputs = buildSteps.length > 0 ? detectBuildOutputs(steps, buildSteps, packageJson, context) : [];
  const entry = commandEntry(steps, packageJson);
  const warnings: Warning[] = [];
  if (manager.manager === 'npm' && manager.lockfile === null) {
    warnings.push({ id: 'no-lockfile', message: 'no package-lock.json: npm install resolves versions at build time; commit a lockfile' });
  }
  return {
    ok: true,
    facts: {
      baseImage: base.image,
      baseRef,
      from: base.from,
      family: (baseRef.tag ?? '').includes('alpine') ? 'alpine' : 'debian',
      fullDebian: !(baseRef.tag ?? '').includes('alpine') && !(baseRef.tag ?? '').includes('slim'),
      manager: manager.manager,
      lockfile: manager.lockfile,
      manifests: manifestFiles(context, manager.manager, manager.lockfile, workspaces),
      steps,
      installStep,
      buildSteps,
      packageJson,
      workspaces,
      native,
      lifecycleScripts: LIFECYCLE.filter((name) => scripts.has(name)),
      buildOutputs,
      entry,
      scriptInterpreters: scriptInterpreters(steps, context),
      warnings,
    },
  };
}

type ManagerDetection = { kind: 'ok'; manager: PackageManager; lockfile: string | null } | { kind: 'skip'; reason: string };

function detectManager(context: BuildContext, packageJson: PackageJson): ManagerDetection {
  const has = (file: string) => context.files.includes(file);
  const declared = packageJson.packageManager?.split('@')[0];
  if (has('pnpm-lock.yaml') || declared === 'pnpm') return { kind: 'ok', manager: 'pnpm', lockfile: has('pnpm-lock.yaml') ? 'pnpm-lock.yaml' : null };
  if (has('yarn.lock') || declared === 'yarn') {
    const berry = has('.yarnrc.yml') || Number((packageJson.packageManager ?? '').split('@')[1]?.split('.')[0] ?? '1') >= 2;
    if (!berry) return { kind: 'ok', manager: 'yarn-classic', lockfile: has('yarn.lock') ? 'yarn.lock' : null };
    const linker = yamlTopLevel(readText(context, '.yarnrc.yml') ?? '', 'nodeLinker');
    if (linker !== 'node-modules') {
      return { kind: 'skip', reason: 'yarn Plug\'n\'Play installs (no nodeLinker: node-modules in .yarnrc.yml) are not supported' };
    }
    return { kind: 'ok', manager: 'yarn-berry', lockfile: has('yarn.lock') ? 'yarn.lock' : null };
  }
  if (has('bun.lockb') || has('bun.lock')) return { kind: 'skip', reason: 'bun projects are not supported' };
  return { kind: 'ok', manager: 'npm', lockfile: has('package-lock.json') ? 'package-lock.json' : has('npm-shrinkwrap.json') ? 'npm-shrinkwrap.json' : null };
}

/** A top-level scalar of a YAML file (`nodeLinker: node-modules`): the only YAML dfmod reads. */
function yamlTopLevel(text: string, key: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith(`${key}:`)) continue;
    const value = line.slice(key.length + 1).trim();
    return value.replace(/^["']|["']$/g, '');
  }
  return null;
}

function workspacePatterns(packageJson: PackageJson, context: BuildContext): string[] {
  const declared = Array.isArray(packageJson.workspaces) ? packageJson.workspaces : (packageJson.workspaces?.packages ?? []);
  const pnpmWorkspace = readText(context, 'pnpm-workspace.yaml');
  if (declared.length === 0 && pnpmWorkspace === undefined) return [];
  // Workspace manifests are found by listing: any package.json below the root that is not in node_modules.
  return context.files.filter((file) => file.endsWith('/package.json') && !file.includes('node_modules/')).sort();
}

function manifestFiles(context: BuildContext, manager: PackageManager, lockfile: string | null, workspaces: readonly string[]): string[] {
  const files = ['package.json'];
  if (lockfile) files.push(lockfile);
  for (const config of PACKAGE_MANAGERS[manager].configFiles) if (context.files.includes(config)) files.push(config);
  if (manager === 'yarn-berry') {
    for (const file of context.files) if (file.startsWith('.yarn/releases/') || file.startsWith('.yarn/plugins/') || file.startsWith('.yarn/patches/')) files.push(file);
  }
  files.push(...workspaces);
  return files;
}

function finalUserIsExplicitRoot(steps: readonly Step[]): Instruction | null {
  const user = steps.filter((step) => step.role === 'user').at(-1)?.instruction;
  if (!user) return null;
  const name = (user.args[0] ?? '').split(':')[0];
  return name === 'root' || name === '0' ? user : null;
}

/** The words of the final CMD and ENTRYPOINT, to recognise the files they run. */
function commandWordsOf(instructions: readonly Instruction[]): string[] {
  const final = ['ENTRYPOINT', 'CMD'].map((keyword) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1));
  return final.flatMap((instruction) => (instruction ? (instruction.json ?? instruction.args) : [])).filter((word) => !word.startsWith('-'));
}

function detectBuildOutputs(steps: readonly Step[], buildSteps: readonly number[], packageJson: PackageJson, context: BuildContext): string[] | null {
  const outputs = new Set<string>();
  for (const index of buildSteps) {
    for (const group of steps[index]!.groups ?? []) {
      if (group.role !== 'build') continue;
      for (const command of group.commands) {
        const found = outputsOfCommand(commandWords(command), packageJson, context, 0);
        if (found === null) return null;
        found.forEach((output) => outputs.add(output));
      }
    }
  }
  return [...outputs].sort();
}

/** Where a build command writes, following `npm run x` into package.json's scripts. */
function outputsOfCommand(words: readonly string[], packageJson: PackageJson, context: BuildContext, depth: number): string[] | null {
  if (depth > 4) return null;
  const [tool = '', sub = '', third = ''] = words;
  const scripts = packageJson.scripts ?? {};
  let script: string | undefined;
  if (tool === 'npm' && (sub === 'run' || sub === 'run-script')) script = scripts[third];
  else if ((tool === 'yarn' || tool === 'pnpm') && sub === 'run') script = scripts[third];
  else if ((tool === 'yarn' || tool === 'pnpm') && scripts[sub] !== undefined) script = scripts[sub];
  if (script !== undefined) {
    const commands = splitCommands(script);
    if (commands === null) return null;
    const outputs: string[] = [];
    for (const command of commands) {
      const found = outputsOfCommand(commandWords(command), packageJson, context, depth + 1);
      if (found === null) return null;
      outputs.push(...found);
    }
    return outputs;
  }
  const program = tool === 'npx' || (tool === 'pnpm' && sub === 'exec') || (tool === 'yarn' && sub === 'exec') ? words.slice(tool === 'npx' ? 1 : 2) : words;
  return outputsOfProgram(program, context);
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

function outputsOfProgram(words: readonly string[], context: BuildContext): string[] | null {
  const [program = '', sub = ''] = words;
  if (program === 'tsc' || program === 'nest' || program === 'tsc-alias') {
    if (program === 'tsc-alias') return [];
    if (words.includes('--noEmit')) return [];
    const project = optionValue(words, ['-p', '--project']) ?? (program === 'nest' && context.contents.has('tsconfig.build.json') ? 'tsconfig.build.json' : 'tsconfig.json');
    const outDir = optionValue(words, ['--outDir']) ?? tsconfigOutDir(context, project, 0);
    if (outDir) return [normalizeRelative(outDir)];
    return program === 'nest' ? ['dist'] : null;
  }
  if (program === 'vite' || program === 'astro' || program === 'esbuild' || program === 'rollup' || program === 'tsup' || program === 'babel' || program === 'swc' || program === 'webpack' || program === 'parcel') {
    const explicit = optionValue(words, ['--outDir', '--outdir', '--out-dir', '-d', '--output-path', '--dist-dir']);
    if (explicit) return [normalizeRelative(explicit)];
    const outfile = optionValue(words, ['--outfile', '-o', '--out-file', '--file']);
    if (outfile) return [normalizeRelative(outfile.includes('/') ? outfile.slice(0, outfile.lastIndexOf('/')) : outfile)];
    if (program === 'tsup') return ['dist'];
  }
  const known = BUILD_OUTPUTS[`${program} ${sub}`] ?? BUILD_OUTPUTS[program];
  if (known) return [...known];
  if (program === 'echo' || program === 'rimraf' || program === 'rm' || program === 'eslint' || program === 'prettier' || program === 'cp' || program === 'mkdir') return [];
  return null;
}

function normalizeRelative(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

function tsconfigOutDir(context: BuildContext, path: string, depth: number): string | null {
  const config = parseJsonc(readText(context, normalizeRelative(path)) ?? '') as { compilerOptions?: { outDir?: string }; extends?: string } | undefined;
  if (!config) return null;
  const directory = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  if (config.compilerOptions?.outDir) return normalizeRelative(directory + normalizeRelative(config.compilerOptions.outDir));
  if (typeof config.extends === 'string' && config.extends.startsWith('.') && depth < 3) {
    const parent = config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`;
    return tsconfigOutDir(context, directory + normalizeRelative(parent), depth + 1);
  }
  return null;
}

/** The file the container starts (`node dist/main.js`, or what `npm start` runs), relative to WORKDIR. */
function commandEntry(steps: readonly Step[], packageJson: PackageJson): string | null {
  const cmd = steps.filter((step) => step.instruction.keyword === 'CMD').at(-1)?.instruction;
  const entrypoint = steps.filter((step) => step.instruction.keyword === 'ENTRYPOINT').at(-1)?.instruction;
  const instruction = entrypoint ?? cmd;
  if (!instruction) return null;
  let words: readonly string[] = instruction.json ?? commandWords(splitCommands(instruction.argsText)?.[0] ?? { text: '', words: [], joinedBy: null });
  if (entrypoint && cmd && words.length === 1) words = [...words, ...(cmd.json ?? cmd.args)];
  return entryOfWords(words, packageJson, 0);
}

function entryOfWords(words: readonly string[], packageJson: PackageJson, depth: number): string | null {
  const [tool = '', sub = '', third = ''] = words;
  if (depth > 3) return null;
  if (tool === 'node' || tool === 'nodejs') return words.slice(1).find((word) => !word.startsWith('-')) ?? null;
  const scripts = packageJson.scripts ?? {};
  let script: string | undefined;
  if ((tool === 'npm' || tool === 'yarn' || tool === 'pnpm') && (sub === 'start' || (sub === 'run' && third === 'start'))) script = scripts.start ?? 'node server.js';
  if (script === undefined) return null;
  const first = splitCommands(script)?.at(-1);
  if (!first) return null;
  const scriptWords = commandWords(first);
  if (scriptWords[0] === 'next' && scriptWords[1] === 'start') return '.next';
  return entryOfWords(scriptWords, packageJson, depth + 1);
}

function scriptInterpreters(steps: readonly Step[], context: BuildContext): string[] {
  const interpreters = new Set<string>();
  for (const word of commandWordsOf(steps.map((step) => step.instruction))) {
    const file = context.files.find((candidate) => baseName(candidate) === baseName(word) && (candidate === word.replace(/^\.\//, '') || !candidate.includes('/')));
    if (!file) continue;
    const firstLine = (readText(context, file) ?? '').split('\n', 1)[0] ?? '';
    if (!firstLine.startsWith('#!')) continue;
    const parts = firstLine.slice(2).trim().split(/\s+/);
    const program = parts[0]?.endsWith('/env') ? parts[1] : parts[0];
    if (program) interpreters.add(program.slice(program.lastIndexOf('/') + 1));
  }
  return [...interpreters].sort();
}

