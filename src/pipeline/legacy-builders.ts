import { posix } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import type { Warning } from '../core/findings.js';
import { commandWords, splitCommands } from '../core/shell.js';
import { ciSystem, type RepositoryFiles } from './repository.js';

/** A `docker build` the repository's CI runs, where it is written and what it builds. */
interface CiBuild {
  readonly place: string;
  /** Whether it builds this Dockerfile: `unknown` when a variable or a `dir` block hides it. */
  readonly target: 'this' | 'other' | 'unknown';
}

/** `docker build` flags whose value is the next word. */
const FLAGS_WITH_VALUE = new Set([
  '-t', '--tag', '-f', '--file', '--build-arg', '--target', '--cache-from', '--label', '--platform', '--network', '--secret', '--ssh',
  '--progress', '--iidfile', '--add-host', '-m', '--memory', '--memory-swap', '--shm-size', '--ulimit', '--isolation', '-c', '--cpu-shares',
  '--cpuset-cpus', '--cpuset-mems', '--cgroup-parent', '--security-opt', '--cache-to', '--output', '-o',
]);
const BUILDKIT_ON = /\bDOCKER_BUILDKIT\s*=\s*['"]?1\b/;

/**
 * Where the repository's own CI builds this Dockerfile with a plain `docker build` (Cloud Build's
 * docker builder, Travis, a Jenkinsfile's `docker.build`), which runs the legacy builder on a
 * daemon older than Docker 23 or without buildx. That builder rejects `RUN --mount`: the warning
 * names the file and the way out. A CI that turns BuildKit on (`DOCKER_BUILDKIT=1`) or uses
 * buildx is fine.
 */
export function legacyBuilderWarnings(repository: RepositoryFiles, addsMounts: boolean): Warning[] {
  if (!addsMounts) return [];
  const builds = [...repository.files].flatMap(([path, text]) => ciBuilds(path, text, repository.dockerfile));
  return builds
    .filter((build) => build.target !== 'other')
    .map((build) => ({
      id: 'buildkit',
      message: `${build.place} runs docker build, which may use the legacy builder: the RUN --mount cache mounts of this output need BuildKit; set DOCKER_BUILDKIT=1 there, or migrate with --no-cache-mounts`,
    }));
}

function ciBuilds(path: string, text: string, dockerfile: string): CiBuild[] {
  switch (ciSystem(posix.basename(path))) {
    case 'jenkins':
      return jenkinsBuilds(path, text, dockerfile);
    case 'cloud-build':
      return cloudBuildBuilds(path, text, dockerfile);
    case 'travis':
      return travisBuilds(path, text, dockerfile);
    case null:
      return [];
  }
}

function parseYaml(text: string): { root: Node | null; lines: LineCounter } | null {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  if (document.errors.length > 0) return null;
  return { root: document.contents, lines };
}

function lineOf(node: Node, lines: LineCounter): number {
  return lines.linePos(node.range?.[0] ?? 0).line;
}

/**
 * Cloud Build: a step on the docker builder image whose args start with `build`, or a script
 * step (`entrypoint: bash`) that runs `docker build`. The build runs in the step's `dir`, from
 * the uploaded source: the repository root, or the config's directory when submitted from there.
 */
function cloudBuildBuilds(path: string, text: string, dockerfile: string): CiBuild[] {
  const parsed = parseYaml(text);
  if (!parsed || !isMap(parsed.root)) return [];
  const options = parsed.root.get('options');
  if (isMap(options) && strings(options.get('env')).some((value) => BUILDKIT_ON.test(value))) return [];
  const steps = parsed.root.get('steps');
  if (!isSeq(steps)) return [];
  const builds: CiBuild[] = [];
  for (const step of steps.items) {
    if (!isMap(step)) continue;
    const image = step.get('name');
    if (typeof image !== 'string' || !/(?:^|\/)(?:cloud-builders\/)?docker(?::[\w.-]+)?$/.test(image)) continue;
    if (strings(step.get('env')).some((value) => BUILDKIT_ON.test(value))) continue;
    const dir = step.get('dir');
    const bases = [typeof dir === 'string' ? dir : ''];
    if (posix.dirname(path) !== '.') bases.push(posix.join(posix.dirname(path), bases[0]!));
    const args = strings(step.get('args', true) as Node | undefined);
    const entrypoint = step.get('entrypoint');
    const argv = typeof entrypoint === 'string' && entrypoint !== 'docker' ? null : args;
    const place = `${path}:${lineOf(step as Node, parsed.lines)}`;
    if (argv !== null) {
      if (isPlainBuild(argv)) builds.push({ place, target: targetOf(argv.slice(argv.indexOf('build') + 1), bases, dockerfile) });
    } else {
      for (const found of scriptBuilds(args.join('\n'))) builds.push({ place, target: found === null ? 'unknown' : targetOf(found, bases, dockerfile) });
    }
  }
  return builds;
}

/** Travis runs its scripts on a docker it does not say the version of: every `docker build` in them counts. */
function travisBuilds(path: string, text: string, dockerfile: string): CiBuild[] {
  const parsed = parseYaml(text);
  if (!parsed || parsed.root === null) return [];
  const scalars: { value: string; line: number }[] = [];
  visit(parsed.root, {
    Scalar(_, node) {
      if (typeof node.value === 'string') scalars.push({ value: node.value, line: lineOf(node, parsed.lines) });
    },
  });
  if (scalars.some((scalar) => BUILDKIT_ON.test(scalar.value))) return [];
  return scalars.flatMap((scalar) =>
    scriptBuilds(scalar.value).map((found) => ({ place: `${path}:${scalar.line}`, target: found === null ? 'unknown' : targetOf(found, [''], dockerfile) })),
  );
}

/**
 * A Jenkinsfile is Groovy: its `docker.build(image, args)` calls and the scripts of its `sh`
 * steps (one line, or a triple-quoted block) are read line by line; any other string, such as a
 * stage named "docker build", is no command. A `dir(...)` block moves the build somewhere this
 * reading cannot follow.
 */
function jenkinsBuilds(path: string, text: string, dockerfile: string): CiBuild[] {
  if (BUILDKIT_ON.test(text)) return [];
  const lines = text.split(/\r?\n/);
  const movesDirectory = lines.some((line) => /^\s*dir\s*\(/.test(line));
  const builds: CiBuild[] = [];
  let blockQuote: string | null = null;
  lines.forEach((line, index) => {
    const code = line.trim();
    const place = `${path}:${index + 1}`;
    let script: string | null;
    if (blockQuote !== null) {
      const end = code.indexOf(blockQuote);
      script = end === -1 ? code : code.slice(0, end);
      if (end !== -1) blockQuote = null;
    } else {
      if (code.startsWith('//') || code.startsWith('*')) return;
      const call = /\bdocker\.build\s*\((.*)$/.exec(code);
      if (call) {
        const literals = [...call[1]!.matchAll(/(["'])((?:(?!\1).)*)\1/g)].map((match) => match[2]!);
        const args = literals.length >= 2 ? literals[1]!.split(/\s+/).filter(Boolean) : ['.'];
        builds.push({ place, target: movesDirectory || /,\s*[^"'\s]/.test(call[1]!) ? 'unknown' : targetOf(args, [''], dockerfile) });
        return;
      }
      const block = /^sh\s*\(?\s*(?:script\s*:\s*)?('''|""")(.*)$/.exec(code);
      if (block) {
        const end = block[2]!.indexOf(block[1]!);
        script = end === -1 ? block[2]! : block[2]!.slice(0, end);
        if (end === -1) blockQuote = block[1]!;
      } else {
        script = /^sh\s*\(?\s*(?:script\s*:\s*)?(["'])(.*)\1\s*\)?$/.exec(code)?.[2] ?? null;
      }
    }
    if (script === null) return;
    for (const found of scriptBuilds(script)) {
      builds.push({ place, target: found === null || movesDirectory ? 'unknown' : targetOf(found, [''], dockerfile) });
    }
  });
  return builds;
}

function strings(node: unknown): string[] {
  if (isSeq(node)) return node.items.flatMap((item) => (isScalar(item) && item.value !== null ? [String(item.value)] : []));
  if (isScalar(node) && node.value !== null) return [String(node.value)];
  return typeof node === 'string' ? [node] : [];
}

/** `build ...` and `image build ...`, not `buildx build` nor `builder ...`. */
function isPlainBuild(argv: readonly string[]): boolean {
  return argv[0] === 'build' || (argv[0] === 'image' && argv[1] === 'build');
}

/**
 * The arguments of every plain `docker build` in a shell script, or null for one found in a
 * line too complex to read (a compound command), whose target is then unknown.
 */
function scriptBuilds(script: string): (readonly string[] | null)[] {
  const found: (readonly string[] | null)[] = [];
  for (const line of script.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    if (!/\bdocker\s+(?:image\s+)?build\b/.test(line)) continue;
    const commands = splitCommands(line);
    if (commands === null) {
      found.push(null);
      continue;
    }
    for (const command of commands) {
      if (command.words.some((word) => BUILDKIT_ON.test(word))) continue;
      const words = commandWords(command);
      if (words[0] === 'docker' && isPlainBuild(words.slice(1))) found.push(words.slice(words.indexOf('build') + 1));
    }
  }
  return found;
}

/** Whether `docker build <args>`, run from one of `bases` (relative to the root), builds `dockerfile`. */
function targetOf(args: readonly string[], bases: readonly string[], dockerfile: string): CiBuild['target'] {
  let file: string | null = null;
  const positional: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const word = args[index]!;
    if (word.startsWith('--') && word.includes('=')) {
      if (/^--file=/.test(word)) file = word.slice('--file='.length);
    } else if (FLAGS_WITH_VALUE.has(word)) {
      if (word === '-f' || word === '--file') file = args[index + 1] ?? null;
      index++;
    } else if (!word.startsWith('-')) {
      positional.push(word);
    }
  }
  const context = positional.at(-1);
  if (context === undefined || context === '-' || /^[a-z]+:\/\//i.test(context) || /[$`]/.test(context) || (file !== null && /[$`]/.test(file)) || file === '-') return 'unknown';
  const built = bases.map((base) => posix.normalize(posix.join(base, file ?? posix.join(context, 'Dockerfile'))));
  return built.includes(dockerfile) ? 'this' : 'other';
}
