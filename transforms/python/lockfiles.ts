import ignore from 'ignore';
import type { BuildContext } from '../../src/core/context.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import type { Finding } from '../../src/core/findings.js';
import type { Edit } from '../../src/core/plan.js';
import { baseName, type Installer } from './classify.js';

/** The lockfile each installer keeps beside the manifest it reads. */
const LOCKFILE_OF: readonly { readonly manifest: string; readonly lockfile: string; readonly installer: Installer }[] = [
  { manifest: 'pyproject.toml', lockfile: 'poetry.lock', installer: 'poetry' },
  { manifest: 'pyproject.toml', lockfile: 'uv.lock', installer: 'uv' },
  { manifest: 'Pipfile', lockfile: 'Pipfile.lock', installer: 'pipenv' },
];

export interface LockfileCopy {
  readonly lockfiles: readonly string[];
  readonly edit: Edit;
  readonly change: Finding;
}

/**
 * A manifest copied without the lockfile the context has beside it (`COPY pyproject.toml ./`
 * with a poetry.lock next to it): the install then resolved versions afresh. The lockfile joins
 * that copy, so the install follows it, unless the .dockerignore keeps it out of the context.
 */
export function missingLockfiles(copyInstructions: ReadonlyMap<number, Instruction>, installers: ReadonlySet<Installer>, context: BuildContext): Map<number, LockfileCopy> {
  const ignored = ignore().add(context.contents.get('.dockerignore') ?? '');
  const named = new Set([...copyInstructions.values()].flatMap((instruction) => sourcesOf(instruction).map(clean)));
  const found = new Map<number, LockfileCopy>();
  for (const [index, instruction] of copyInstructions) {
    if (instruction.json || instruction.flags.some((flag) => flag.name === 'from')) continue;
    const sources = sourcesOf(instruction).map(clean);
    const destination = instruction.args.at(-1) ?? '';
    const intoDirectory = destination.endsWith('/') || destination === '.' || sources.length > 1;
    const raw = instruction.raw.trimEnd();
    if (!intoDirectory || !raw.endsWith(destination)) continue;
    const lockfiles: string[] = [];
    for (const source of sources) {
      const directory = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
      for (const pair of LOCKFILE_OF) {
        const lockfile = `${directory}${pair.lockfile}`;
        if (baseName(source) !== pair.manifest || !installers.has(pair.installer) || named.has(lockfile) || lockfiles.includes(lockfile)) continue;
        if (!context.files.includes(lockfile) || ignored.ignores(lockfile)) continue;
        lockfiles.push(lockfile);
      }
    }
    if (lockfiles.length === 0) continue;
    const at = raw.length - destination.length;
    found.set(index, {
      lockfiles,
      edit: { start: at, end: at, text: `${lockfiles.join(' ')} ` },
      change: { id: 'frozen-lockfile', message: `line ${instruction.line + 1} copies ${lockfiles.join(', ')} with its manifest, so the install follows the lockfile the repository has` },
    });
  }
  return found;
}

function sourcesOf(instruction: Instruction): string[] {
  return (instruction.json ?? instruction.args.filter((word) => !word.startsWith('--'))).slice(0, -1);
}

function clean(source: string): string {
  return source.replace(/^\.\//, '');
}
