import { serviceName, serviceStart, type ComposeService } from '../../src/core/compose.js';
import { flagValue, type Instruction } from '../../src/core/dockerfile.js';
import { commandWords, SHELL_PROGRAMS, splitCommands } from '../../src/core/shell.js';
import { parseImageRef } from '../shared/image-ref.js';
import { installerCall, requirementName, runWrapped, scanOptions, type Step } from './classify.js';

/** Compose services that start the image with `uv run`: production keeps the builder's uv for them. */
export interface ComposeUv {
  readonly tool: 'uv';
  /** The builder's `COPY --from=ghcr.io/astral-sh/uv:<version> ...`, repeated in production. */
  readonly copy: Instruction;
  /** `docker-compose.yml service worker`, for the report. */
  readonly services: readonly string[];
}

/** Compose services that start the image with `poetry run`: production copies the builder's Poetry for them. */
export interface ComposePoetry {
  readonly tool: 'poetry';
  /** The builder's RUN that pip-installs Poetry into the image's Python. */
  readonly setup: Instruction;
  /** What that install wrote: the interpreter's site-packages and the `poetry` script. */
  readonly paths: readonly string[];
  readonly services: readonly string[];
}

/** What the builder is, as far as keeping its installer for a compose start goes. */
export interface ComposeBuild {
  readonly steps: readonly Step[];
  readonly uvSync: boolean;
  /** dfmod writes the virtualenv and sets VIRTUAL_ENV to it in production. */
  readonly venvOurs: boolean;
  /** Root runs the installs, so pip writes into the image's /usr/local. */
  readonly installRoot: boolean;
  /** The `3.x` minor of the image's Python, when its tag says. */
  readonly minor: number | null;
  /** The pyproject.toml in the final WORKDIR, parsed; null when there is none. */
  readonly pyproject: Record<string, unknown> | null;
  readonly runnable: (program: string) => boolean;
}

/** `uv run` options that change nothing once the environment is built and never synced again. */
const QUIET_RUN_OPTIONS = new Set(['--no-dev', '--frozen', '--locked', '--no-sync', '--offline', '-q', '--quiet', '--no-project']);

/** Global Poetry options that change nothing about which project or environment `poetry run` uses. */
const QUIET_POETRY_OPTIONS = new Set(['-q', '--quiet', '-n', '--no-interaction', '--no-ansi', '--ansi', '-v', '-vv', '-vvv', '--verbose']);

/** pip options that send an install somewhere other than the interpreter's own site-packages. */
const ELSEWHERE_OPTIONS = ['--user', '--target', '-t', '--prefix', '--root'];

/** `UV_NO_SYNC`, which keeps `uv run` from syncing at start, arrived in uv 0.4.18; 0.9.23 ignored it. */
const NO_SYNC_SINCE: readonly [number, number, number] = [0, 4, 18];
const NO_SYNC_BROKEN = new Set(['0.9.23']);

/**
 * What the compose services that build this image start it with, when that is an installer:
 * `uv run X` keeps working when production has uv, the builder's project environment and
 * `UV_NO_SYNC`, so that uv runs X from the virtualenv as built instead of syncing at start
 * (which would need the network and write into a root-owned virtualenv). `poetry run X` keeps
 * working when production has the very Poetry the builder pip-installed (its files, copied) and
 * VIRTUAL_ENV names the virtualenv: Poetry then runs X in that active environment and neither
 * creates nor installs one. `pipenv run` would need the whole installer, and a compose file is
 * not dfmod's to rewrite: that gives a reason to leave the file alone.
 */
export function composeStart(services: readonly ComposeService[], build: ComposeBuild): ComposeUv | ComposePoetry | string | null {
  const started = { uv: [] as string[], poetry: [] as string[] };
  for (const service of services) {
    const start = serviceStart(service);
    if (start === null) continue;
    const name = serviceName(service);
    const text = [service.entrypoint?.text, service.command?.text].filter(Boolean).join(' ');
    if (start === 'unreadable') {
      if (/\b(?:uv|poetry|pipenv)\b/.test(text)) return `${name} starts the image with "${text}", which calls an installer in a way dfmod cannot read`;
      continue;
    }
    const installers = new Set<'uv' | 'poetry'>();
    for (const words of startCommands(start)) {
      const found = installerStart(words, `${name} starts the image with "${text}"`, build);
      if (typeof found === 'string') return found;
      if (found !== null) installers.add(found.installer);
    }
    for (const installer of installers) started[installer].push(name);
  }
  if (started.uv.length > 0 && started.poetry.length > 0) return `${started.uv[0]} starts the image with "uv run" and ${started.poetry[0]} with "poetry run": one image carries one installer's environment`;
  if (started.poetry.length > 0) return keptPoetry(started.poetry, build);
  if (started.uv.length === 0) return null;
  return keptUv(started.uv, build);
}

/**
 * The commands a service start runs: its words, or each simple command of a `sh -c` script
 * (`sleep 10 && poetry run python main.py`), which the shell runs in the same image. A script
 * dfmod cannot split stays one command, so that an installer inside it is reported.
 */
function startCommands(start: readonly string[]): (readonly string[])[] {
  if (start.length !== 3 || !SHELL_PROGRAMS.has(start[0]!) || start[1] !== '-c') return [start];
  const commands = splitCommands(start[2]!);
  return commands === null ? [start] : commands.map((command) => commandWords(command));
}

/**
 * One command of a service start, as far as the installer goes: none (null), `uv run` or
 * `poetry run` of a program production can run (which installer), or why the file is left alone.
 */
function installerStart(start: readonly string[], started: string, build: ComposeBuild): { installer: 'uv' | 'poetry' } | string | null {
  const call = installerCall(start);
  if (!call) {
    if (start.some((word) => /\b(?:uv|poetry|pipenv)\s+run\b/.test(word))) return `${started}, which runs an installer inside a shell command dfmod does not rewrite`;
    return null;
  }
  const wrapped = runWrapped(start);
  if ((call.installer !== 'uv' && call.installer !== 'poetry') || wrapped === null) {
    const hint = wrapped === null || wrapped.length === 0 ? '' : `: run the program there from the virtualenv, without "${call.installer} run"`;
    return `${started}, which needs ${call.installer} in the image; dfmod keeps installers out of production and does not rewrite compose files${hint}`;
  }
  const quiet = call.installer === 'uv' ? QUIET_RUN_OPTIONS : QUIET_POETRY_OPTIONS;
  const options = start.slice(1, start.length - wrapped.length).filter((word) => word.startsWith('-'));
  const changing = options.find((word) => !quiet.has(word.split('=')[0]!));
  if (changing) {
    return call.installer === 'uv'
      ? `${started}, whose ${changing} makes uv change the environment at start`
      : `${started}, whose ${changing} dfmod does not read: it may point Poetry at another project or environment`;
  }
  const program = wrapped[0]?.endsWith('.py') ? 'python' : wrapped[0];
  if (program === undefined || !build.runnable(program)) {
    return `${started}, which runs ${program ?? 'nothing'}: neither the interpreter, a script the project declares, nor one of its dependencies, so dfmod cannot tell what production would run`;
  }
  return { installer: call.installer };
}

function keptUv(uvServices: readonly string[], build: ComposeBuild): ComposeUv | string {
  const first = uvServices[0]!;
  if (!build.uvSync) return `${first} starts the image with "uv run", and the image does not install with uv sync, so production would have no project environment for it`;
  const copy = build.steps.map((step) => step.instruction).find((instruction) => instruction.keyword === 'COPY' && uvImage(flagValue(instruction, 'from')));
  if (!copy) return `${first} starts the image with "uv run"; dfmod carries uv into production only as a COPY from the official ghcr.io/astral-sh/uv image, which the builder does not use`;
  const tag = parseImageRef(flagValue(copy, 'from')!).tag ?? 'latest';
  const version = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  if (tag.includes('$') || (version === null && tag !== 'latest') || (version !== null && (tooOld(version) || NO_SYNC_BROKEN.has(version[0])))) {
    return `${first} starts the image with "uv run", and line ${copy.line + 1} copies uv ${tag}, which dfmod cannot tell honours UV_NO_SYNC (uv 0.4.18 and later): uv would sync at start`;
  }
  return { tool: 'uv', copy, services: uvServices };
}

/**
 * Poetry reaches production as the files its pip install wrote into the image's Python, so it is
 * the builder's version with the builder's dependencies, not a second resolution. Any other way
 * in (the official installer, pipx, a user or target install) puts it where dfmod does not know.
 */
function keptPoetry(services: readonly string[], build: ComposeBuild): ComposePoetry | string {
  const first = `${services[0]} starts the image with "poetry run"`;
  if (build.pyproject === null) return `${first}, and the WORKDIR has no pyproject.toml for Poetry to read`;
  const poetryTable = (build.pyproject.tool as { poetry?: Record<string, unknown> } | undefined)?.poetry;
  if (poetryTable?.['requires-plugins'] !== undefined) return `${first}, and pyproject.toml's [tool.poetry.requires-plugins] makes Poetry install plugins when it starts`;
  if (!build.venvOurs) return `${first}, and the virtualenv is the original's own, which production does not name in VIRTUAL_ENV, so dfmod cannot tell which environment Poetry would pick`;
  const setups = build.steps.flatMap((step) => (step.groups ?? []).filter((group) => group.role === 'installer-setup').map((group) => ({ step, group })));
  const setup = setups.find(({ group }) => group.commands.some((command) => poetryPipInstall(commandWords(command)) !== null));
  if (!setup) {
    const other = setups.find(({ group }) => /\bpoetry\b/.test(group.commands.map((command) => command.text).join(' ')));
    const how = other ? `line ${other.step.instruction.line + 1} installs Poetry otherwise` : 'the builder does not install Poetry';
    return `${first}; dfmod carries Poetry into production only when pip installs it into the image's Python, and ${how}`;
  }
  const line = setup.step.instruction.line + 1;
  const elsewhere = setup.group.commands.map((command) => poetryPipInstall(commandWords(command))).find((flag) => flag !== null && flag !== '');
  if (elsewhere) return `${first}, and line ${line} installs Poetry with pip ${elsewhere}, outside the image's Python where dfmod would copy it from`;
  if (!build.installRoot) return `${first}, and line ${line} installs Poetry as a non-root user, so pip puts it in that user's home rather than the image's Python`;
  if (build.minor === null) return `${first}, and the image tag does not say which Python 3.x holds the Poetry line ${line} installs`;
  return {
    tool: 'poetry',
    setup: setup.step.instruction,
    paths: [`/usr/local/lib/python3.${build.minor}/site-packages`, '/usr/local/bin/poetry'],
    services,
  };
}

/** For a pip install of Poetry: '' when it goes into the interpreter, else the option that sends it elsewhere; null for any other command. */
function poetryPipInstall(words: readonly string[]): string | null {
  const call = installerCall(words);
  if (call?.installer !== 'pip') return null;
  const scan = scanOptions(call.args);
  if (scan.subcommand !== 'install' || !scan.operands.some((operand) => requirementName(operand) === 'poetry')) return null;
  return ELSEWHERE_OPTIONS.find((option) => scan.flags.has(option) || scan.values.has(option)) ?? '';
}

function uvImage(from: string | null | undefined): boolean {
  if (typeof from !== 'string') return false;
  const ref = parseImageRef(from);
  return ref.registry === 'ghcr.io' && ref.path === 'astral-sh/uv';
}

function tooOld(version: RegExpExecArray): boolean {
  const parts = [Number(version[1]), Number(version[2]), Number(version[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    if (parts[i]! !== NO_SYNC_SINCE[i]) return parts[i]! < NO_SYNC_SINCE[i]!;
  }
  return false;
}
