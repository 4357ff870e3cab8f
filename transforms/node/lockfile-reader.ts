import semver from 'semver';
import type { BuildContext } from '../../src/core/context.js';
import { readText } from '../../src/core/context.js';
import { commandWords, type ShellCommand } from '../../src/core/shell.js';
import type { Step } from './classify.js';
import { PACKAGE_MANAGERS, PNPM_LOCKFILE_READERS, type PackageManager } from './tables.js';

/** The package manager version that runs the install, as far as the Dockerfile and package.json fix it. */
interface Runner {
  /** The major, or null when the version floats (`corepack enable` without `packageManager`, `npm i -g pnpm`). */
  readonly major: number | null;
  /** The version floats to the newest release (`npm i -g pnpm`, `corepack enable` without `packageManager`). */
  readonly newest: boolean;
  /** Where the version comes from, for the report. */
  readonly source: string;
}

/**
 * Why a frozen install (`--frozen-lockfile`, `--immutable`) could fail where the original's
 * plain install re-locked, or null when the tool that runs is known to read this lockfile as
 * it is. pnpm refuses a lockfile of another format in frozen mode (ERR_PNPM_LOCKFILE_BREAKING_CHANGE),
 * so the pnpm major must be pinned and one that reads the lockfile's version; yarn 1 and yarn
 * berry each rewrite the other's lockfile format. An install the user already froze risks
 * nothing the original did not, so it gets no risk. `setup` ends with the install step.
 */
export function frozenInstallRisk(context: BuildContext, manager: PackageManager, lockfile: string | null, packageManager: string | undefined, setup: readonly Step[]): string | null {
  if (lockfile === null || manager === 'npm' || alreadyFrozen(manager, setup)) return null;
  const text = readText(context, lockfile);
  if (text === undefined) return `dfmod could not read ${lockfile} to tell which ${manager === 'pnpm' ? 'pnpm' : 'yarn'} reads it`;
  if (manager !== 'pnpm') {
    const berryFormat = /^__metadata:/m.test(text);
    if (manager === 'yarn-classic' && berryFormat) return `${lockfile} is a yarn berry lockfile, which the yarn 1 that runs rewrites`;
    if (manager === 'yarn-berry' && !berryFormat) return `${lockfile} is a yarn 1 lockfile, which yarn berry rewrites in its own format`;
    return null;
  }
  const version = lockfileVersion(text);
  const readers = version === null ? undefined : PNPM_LOCKFILE_READERS[version];
  if (version === null || readers === undefined) return `dfmod does not know which pnpm reads ${lockfile}${version === null ? '' : ` (lockfileVersion ${version})`}`;
  const runner = pnpmRunner(packageManager, setup);
  const [lowest, highest] = readers;
  const range = highest === null ? `${lowest} or later` : lowest === highest ? `${lowest}` : `${lowest} to ${highest}`;
  // The newest pnpm reads the newest lockfile format, whatever release it is by the time the image builds.
  const reads = runner.major === null ? runner.newest && highest === null : runner.major >= lowest && (highest === null || runner.major <= highest);
  if (!reads) return `${lockfile} has lockfileVersion ${version}, which pnpm ${range} reads, and ${runner.source}`;
  return null;
}

function alreadyFrozen(manager: PackageManager, setup: readonly Step[]): boolean {
  const flag = PACKAGE_MANAGERS[manager].frozenFlag;
  const installs = setup.flatMap((step) => (step.groups ?? []).filter((group) => group.role === 'install').flatMap((group) => group.commands));
  return flag !== null && installs.some((command) => commandWords(command).includes(flag));
}

function lockfileVersion(text: string): string | null {
  const line = text.split('\n', 5).find((candidate) => candidate.startsWith('lockfileVersion:'));
  if (line === undefined) return null;
  const value = Number.parseFloat(line.slice('lockfileVersion:'.length).trim().replace(/^['"]|['"]$/g, ''));
  return Number.isFinite(value) ? value.toFixed(1) : null;
}

/**
 * The pnpm that runs the install: the last pinned `npm i -g pnpm@X`, `corepack prepare pnpm@X`
 * or `corepack install -g pnpm@X` before it, else `packageManager` when corepack provides pnpm.
 */
function pnpmRunner(packageManager: string | undefined, setup: readonly Step[]): Runner {
  let runner: Runner | null = null;
  for (const command of setup.flatMap((step) => (step.groups ?? []).filter((group) => group.role === 'pm-setup').flatMap((group) => group.commands))) {
    runner = setupRunner(command, packageManager) ?? runner;
  }
  return runner ?? { major: null, newest: false, source: 'no step installs pnpm at a fixed version' };
}

function setupRunner(command: ShellCommand, packageManager: string | undefined): Runner | null {
  const words = commandWords(command);
  const spec = words.find((word) => word === 'pnpm' || word.startsWith('pnpm@'));
  const text = words.join(' ');
  if (words[0] === 'npm' && spec !== undefined) return pinned(spec, text);
  if (words[0] !== 'corepack') return null;
  if (spec !== undefined && ['prepare', 'install', 'use'].includes(words[1] ?? '')) return pinned(spec, text);
  if (words[1] !== 'enable') return null;
  const [name, version] = (packageManager ?? '').split('@');
  if (name !== 'pnpm' || version === undefined) return { major: null, newest: true, source: `package.json has no packageManager, so \`${text}\` fetches the newest pnpm` };
  return pinned(`pnpm@${version.split('+')[0]}`, `packageManager ${packageManager}`);
}

/** The major a version or range fixes (`8`, `8.15.4`, `^8.6`), or null for a tag or a range over majors. */
function pinned(spec: string, source: string): Runner {
  const version = spec.slice('pnpm@'.length);
  if (version === '' || version === 'latest') return { major: null, newest: true, source: `\`${source}\` installs the newest pnpm` };
  const range = spec.includes('@') ? semver.validRange(version) : null;
  const lowest = range === null ? null : semver.minVersion(range);
  if (lowest === null || semver.satisfies(`${lowest.major + 1}.0.0`, range!)) return { major: null, newest: false, source: `\`${source}\` fixes no pnpm major` };
  return { major: lowest.major, newest: false, source: `${source} runs pnpm ${lowest.major}` };
}
