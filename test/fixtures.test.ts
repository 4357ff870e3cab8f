import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../src/core/status.js';
import type { RuntimeFamily } from '../src/core/transform.js';
import { migrate, type Mode } from '../src/pipeline/migrate.js';
import { TRANSFORMS } from '../transforms/index.js';

/**
 * Each folder under __fixtures__/<group>/<case>/ is one case: `context/` is the build context
 * with its Dockerfile, `expected.json` the report entry, `expected.Dockerfile.out` the exact
 * output of a migrated case and `expected.dockerignore.out` the .dockerignore it leads to.
 * UPDATE_FIXTURES=1 rewrites the expected files: review that diff like any other.
 */
const ROOT = join(import.meta.dirname, '..', '__fixtures__');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

interface CaseOptions {
  readonly runtime?: RuntimeFamily;
  /** `false` runs the case as `--no-cache-mounts` does. */
  readonly cacheMounts?: boolean;
  /**
   * The Dockerfile, when it is not at the top of `context/` (`server/Dockerfile`): `context/`
   * is then the repository, its root marked by a `.git` directory as a checkout has.
   */
  readonly dockerfile?: string;
}

async function listCases(): Promise<string[]> {
  const cases: string[] = [];
  for (const group of (await readdir(ROOT, { withFileTypes: true })).filter((entry) => entry.isDirectory())) {
    for (const entry of await readdir(join(ROOT, group.name), { withFileTypes: true })) {
      if (entry.isDirectory()) cases.push(`${group.name}/${entry.name}`);
    }
  }
  return cases.sort();
}

const cases = await listCases();
const scratch = await mkdtemp(join(tmpdir(), 'dfmod-fixtures-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function runCase(name: string, mode: Mode, options: CaseOptions, dockerfileText?: string): Promise<{ result: FileResult; directory: string }> {
  const directory = await mkdtemp(join(scratch, name.replace('/', '-') + '-'));
  await cp(join(ROOT, name, 'context'), directory, { recursive: true });
  if (options.dockerfile !== undefined) await mkdir(join(directory, '.git'));
  const dockerfile = join(directory, options.dockerfile ?? 'Dockerfile');
  if (dockerfileText !== undefined) await writeFile(dockerfile, dockerfileText);
  const [result] = await migrate([dockerfile], TRANSFORMS, { mode, only: null, runtime: options.runtime ?? 'auto', cacheMounts: options.cacheMounts ?? true, cwd: directory, jobs: 1 });
  return { result: result!, directory };
}

function reportEntry(result: FileResult) {
  return { status: result.status, transform: result.transform, reason: result.reason, changes: result.changes, warnings: result.warnings };
}

function problemKeys(text: string): string[] {
  return validate(text).map((problem) => `${problem.code ?? ''}:${problem.message}`).sort();
}

async function readOptional(path: string): Promise<string | null> {
  return existsSync(path) ? readFile(path, 'utf8') : null;
}

describe('fixtures', () => {
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  describe.each(cases)('%s', (name) => {
    const folder = join(ROOT, name);

    it('gives the expected report entry and exact bytes', async () => {
      const options = JSON.parse((await readOptional(join(folder, 'options.json'))) ?? '{}') as CaseOptions;
      const input = await readFile(join(folder, 'context', options.dockerfile ?? 'Dockerfile'), 'utf8');
      const { result } = await runCase(name, 'dry-run', options);
      const expectedOutputPath = join(folder, 'expected.Dockerfile.out');
      const expectedIgnorePath = join(folder, 'expected.dockerignore.out');
      if (UPDATE) {
        await writeFile(join(folder, 'expected.json'), JSON.stringify(reportEntry(result), null, 2) + '\n');
        await rm(expectedOutputPath, { force: true });
        await rm(expectedIgnorePath, { force: true });
        if (result.output !== undefined) await writeFile(expectedOutputPath, result.output);
        if (result.dockerignore) await writeFile(expectedIgnorePath, result.dockerignore.after);
      }
      const expected = JSON.parse(await readFile(join(folder, 'expected.json'), 'utf8')) as unknown;
      expect(reportEntry(result)).toEqual(expected);

      if (result.status !== 'migrated') {
        expect(existsSync(expectedOutputPath)).toBe(false);
        return;
      }
      const output = result.output!;
      expect(output).toBe(await readFile(expectedOutputPath, 'utf8'));
      expect(output).not.toBe(input);
      expect(result.dockerignore?.after ?? null).toBe(await readOptional(expectedIgnorePath));

      // dockerfile-utils, a third-party validator, finds no problem the input did not have.
      const before = new Set(problemKeys(input));
      expect(problemKeys(output).filter((key) => !before.has(key))).toEqual([]);

      // A migrated file migrates to itself, and the same input always gives the same bytes.
      const again = await runCase(name, 'dry-run', options, output);
      expect(again.result.status).toBe('unchanged');
      const twice = await runCase(name, 'dry-run', options);
      expect(twice.result.output).toBe(output);
    });

    it('writes exactly what it reports, and nothing for files it leaves alone', async () => {
      const options = JSON.parse((await readOptional(join(folder, 'options.json'))) ?? '{}') as CaseOptions;
      const input = await readFile(join(folder, 'context', options.dockerfile ?? 'Dockerfile'), 'utf8');
      const { result, directory } = await runCase(name, 'write', options);
      const written = await readFile(join(directory, options.dockerfile ?? 'Dockerfile'), 'utf8');
      if (result.status === 'migrated') expect(written).toBe(result.output);
      else expect(written).toBe(input);
    });
  });
});
