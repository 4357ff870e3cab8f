import { serviceName, serviceStart, type ComposeService } from '../../src/core/compose.js';
import { flagValue, type Instruction } from '../../src/core/dockerfile.js';
import { parseImageRef } from '../shared/image-ref.js';
import { installerCall, runWrapped } from './classify.js';

/** Compose services that start the image with `uv run`: production keeps the builder's uv for them. */
export interface ComposeUv {
  /** The builder's `COPY --from=ghcr.io/astral-sh/uv:<version> ...`, repeated in production. */
  readonly copy: Instruction;
  /** `docker-compose.yml service worker`, for the report. */
  readonly services: readonly string[];
}

/** `uv run` options that change nothing once the environment is built and never synced again. */
const QUIET_RUN_OPTIONS = new Set(['--no-dev', '--frozen', '--locked', '--no-sync', '--offline', '-q', '--quiet', '--no-project']);

/** `UV_NO_SYNC`, which keeps `uv run` from syncing at start, arrived in uv 0.4.18; 0.9.23 ignored it. */
const NO_SYNC_SINCE: readonly [number, number, number] = [0, 4, 18];
const NO_SYNC_BROKEN = new Set(['0.9.23']);

/**
 * What the compose services that build this image start it with, when that is an installer:
 * `uv run X` keeps working when production has uv, the builder's project environment and
 * `UV_NO_SYNC`, so that uv runs X from the virtualenv as built instead of syncing at start
 * (which would need the network and write into a root-owned virtualenv). `poetry run` and
 * `pipenv run` would need the whole installer, and a compose file is not dfmod's to rewrite:
 * those give a reason to leave the file alone.
 */
export function composeStart(services: readonly ComposeService[], instructions: readonly Instruction[], uvSync: boolean, runnable: (program: string) => boolean): ComposeUv | string | null {
  const uvServices: string[] = [];
  for (const service of services) {
    const start = serviceStart(service);
    if (start === null) continue;
    const name = serviceName(service);
    const text = [service.entrypoint?.text, service.command?.text].filter(Boolean).join(' ');
    if (start === 'unreadable') {
      if (/\b(?:uv|poetry|pipenv)\b/.test(text)) return `${name} starts the image with "${text}", which calls an installer in a way dfmod cannot read`;
      continue;
    }
    const call = installerCall(start);
    if (!call) {
      if (start.some((word) => /\b(?:uv|poetry|pipenv)\s+run\b/.test(word))) return `${name} starts the image with "${text}", which runs an installer inside a shell command dfmod does not rewrite`;
      continue;
    }
    const wrapped = runWrapped(start);
    if (call.installer !== 'uv' || wrapped === null) {
      const hint = wrapped === null || wrapped.length === 0 ? '' : `: run the program there from the virtualenv, without "${call.installer} run"`;
      return `${name} starts the image with "${text}", which needs ${call.installer} in the image; dfmod keeps installers out of production and does not rewrite compose files${hint}`;
    }
    const options = start.slice(1, start.length - wrapped.length).filter((word) => word.startsWith('-'));
    const changing = options.find((word) => !QUIET_RUN_OPTIONS.has(word.split('=')[0]!));
    if (changing) return `${name} starts the image with "${text}", whose ${changing} makes uv change the environment at start`;
    const program = wrapped[0]?.endsWith('.py') ? 'python' : wrapped[0];
    if (program === undefined || !runnable(program)) {
      return `${name} starts the image with "${text}", which runs ${program ?? 'nothing'}: neither the interpreter, a script the project declares, nor one of its dependencies, so dfmod cannot tell what production would run`;
    }
    uvServices.push(name);
  }
  if (uvServices.length === 0) return null;
  const first = uvServices[0]!;
  if (!uvSync) return `${first} starts the image with "uv run", and the image does not install with uv sync, so production would have no project environment for it`;
  const copy = instructions.find((instruction) => instruction.keyword === 'COPY' && uvImage(flagValue(instruction, 'from')));
  if (!copy) return `${first} starts the image with "uv run"; dfmod carries uv into production only as a COPY from the official ghcr.io/astral-sh/uv image, which the builder does not use`;
  const tag = parseImageRef(flagValue(copy, 'from')!).tag ?? 'latest';
  const version = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  if (tag.includes('$') || (version === null && tag !== 'latest') || (version !== null && (tooOld(version) || NO_SYNC_BROKEN.has(version[0])))) {
    return `${first} starts the image with "uv run", and line ${copy.line + 1} copies uv ${tag}, which dfmod cannot tell honours UV_NO_SYNC (uv 0.4.18 and later): uv would sync at start`;
  }
  return { copy, services: uvServices };
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
