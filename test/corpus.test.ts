import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { validate } from 'dockerfile-utils';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedDockerfile } from '../src/core/dockerfile.js';
import type { Plan, PlanItem } from '../src/core/plan.js';
import { STATUSES, type FileResult } from '../src/core/status.js';
import { contextReaderFor, migrate, type Mode } from '../src/pipeline/migrate.js';
import { parseDockerfile } from '../src/pipeline/parse.js';
import { printPlan, SYNTAX_DIRECTIVE } from '../src/pipeline/print.js';
import { selectTransform } from '../src/pipeline/select.js';
import { verifyMigration } from '../src/pipeline/verify.js';
import { TRANSFORMS } from '../transforms/index.js';

/**
 * test/corpus/<stack>/<case>/ holds a Dockerfile with the build context its shape implies,
 * written for this project after the shapes public repositories have. Each case must survive
 * the same promises as the fixtures, and what dfmod does with it (status, reason or change ids,
 * the hash of the output) is kept in corpus.snapshot.json, so that a change of behaviour on any
 * of them shows in review. UPDATE_CORPUS=1 rewrites the snapshot: read that diff like code.
 */
const ROOT = join(import.meta.dirname, 'corpus');
const SNAPSHOT = join(import.meta.dirname, 'corpus.snapshot.json');
const UPDATE = process.env.UPDATE_CORPUS === '1';

interface Entry {
  readonly status: FileResult['status'];
  readonly transform: string | null;
  readonly reason?: string;
  readonly changes?: string[];
  readonly warnings?: string[];
  /** Of the migrated Dockerfile, and of the .dockerignore it leads to. */
  readonly sha256?: string;
  readonly dockerignoreSha256?: string;
}

async function listCases(): Promise<string[]> {
  const entries = await readdir(ROOT, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name === 'Dockerfile')
    .map((entry) => relative(ROOT, entry.parentPath).split(sep).join('/'))
    // A Dockerfile deeper down belongs to its case's build context.
    .filter((name) => name.split('/').length === 2)
    .sort();
}

const cases = await listCases();
const recorded = existsSync(SNAPSHOT) ? (JSON.parse(await readFile(SNAPSHOT, 'utf8')) as Record<string, Entry>) : {};
const seen = new Map<string, Entry>();
const scratch = await mkdtemp(join(tmpdir(), 'dfmod-corpus-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function run(directory: string, mode: Mode): Promise<FileResult> {
  const results = await migrate([join(directory, 'Dockerfile')], TRANSFORMS, { mode, only: null, runtime: 'auto', cwd: directory, jobs: 1 });
  expect(results).toHaveLength(1);
  return results[0]!;
}

function entryOf(result: FileResult): Entry {
  if (result.status !== 'migrated') return { status: result.status, transform: result.transform, reason: result.reason ?? '' };
  return {
    status: result.status,
    transform: result.transform,
    changes: result.changes.map((change) => change.id),
    warnings: result.warnings.map((warning) => warning.id),
    sha256: sha256(result.output!),
    ...(result.dockerignore ? { dockerignoreSha256: sha256(result.dockerignore.after) } : {}),
  };
}

/** The plan that keeps every instruction where it was. */
function identityPlan(parsed: ParsedDockerfile): Plan {
  const keep = (instruction: ParsedDockerfile['instructions'][number]): PlanItem => ({ kind: 'keep', instruction });
  return {
    globalItems: parsed.globalArgs.map(keep),
    stages: parsed.stages.map((stage) => ({ name: stage.name ?? '', items: stage.instructions.map(keep) })),
    changes: [],
    warnings: [],
    runtime: { runtimeImage: '', programs: [], movedPaths: {}, scriptInterpreters: [], baseUserNonRoot: false },
    dockerignore: [],
  };
}

/** The verifier run again on its own, with what the transform says the runtime must offer. */
function verifyAgain(directory: string, input: string, output: string): string[] {
  const dockerfile = parseDockerfile(input);
  const context = contextReaderFor(TRANSFORMS)(directory);
  const transformInput = { path: 'Dockerfile', dockerfile, context, compose: [], options: { runtime: 'auto' as const } };
  const selection = selectTransform(transformInput, TRANSFORMS, null);
  if (selection.kind !== 'transform') return [`no transform selected: ${selection.reason}`];
  const planned = selection.transform.plan(transformInput);
  if (!planned.ok) return [`no plan: ${planned.reason}`];
  return verifyMigration(dockerfile, output, planned.plan.runtime);
}

function problemKeys(text: string): string[] {
  return validate(text).map((problem) => `${problem.code ?? ''}:${problem.message}`).sort();
}

/** One line per case, so that a change of behaviour is one changed line in review. */
function serialise(entries: ReadonlyMap<string, Entry>): string {
  const lines = [...entries.keys()].sort().map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(entries.get(name))}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

describe('corpus', () => {
  it('has at least 220 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(220);
  });

  describe.each(cases)('%s', (name) => {
    const folder = join(ROOT, name);

    it('round-trips, gets one status, verifies, settles in one run and matches the snapshot', async () => {
      const bytes = await readFile(join(folder, 'Dockerfile'));
      const input = bytes.toString('utf8');
      // Run for real in a copy, so that the second run below sees what the first one wrote.
      const copy = await mkdtemp(join(scratch, name.replace('/', '-') + '-'));
      await cp(folder, copy, { recursive: true });
      const result = await run(copy, 'write');
      expect(STATUSES).toContain(result.status);

      let parsed: ParsedDockerfile | null = null;
      try {
        parsed = parseDockerfile(input);
      } catch {
        expect(result.status).toBe('error');
      }
      if (parsed) {
        // The printer adds the syntax directive a heredoc needs, and nothing else.
        const heredoc = parsed.instructions.some((instruction) => instruction.heredoc) && !parsed.directives.some((directive) => directive.name === 'syntax');
        const expected = heredoc ? input.replace(/^(\uFEFF?)/, `$1${SYNTAX_DIRECTIVE}${parsed.source.eol}`) : input;
        const printed = printPlan(parsed, identityPlan(parsed));
        expect(printed).toBe(expected);
      }

      if (result.status === 'migrated') {
        expect(result.reason).toBeNull();
        const output = result.output!;
        expect(output).not.toBe(input);
        expect(verifyAgain(folder, input, output)).toEqual([]);
        const before = new Set(problemKeys(input));
        expect(problemKeys(output).filter((key) => !before.has(key))).toEqual([]);
      } else {
        expect(result.output).toBeUndefined();
        expect(result.reason).toMatch(/\S/);
      }

      // The file holds what was reported, and a second run over it changes nothing.
      const written = await readFile(join(copy, 'Dockerfile'));
      if (result.status === 'migrated') expect(written.toString('utf8')).toBe(result.output);
      else expect(written.equals(bytes)).toBe(true);
      const ignoreBefore = existsSync(join(copy, '.dockerignore')) ? await readFile(join(copy, '.dockerignore'), 'utf8') : null;
      const second = await run(copy, 'write');
      expect(second.status).not.toBe('migrated');
      if (result.status === 'migrated') expect(second.status).toBe('unchanged');
      else expect(entryOf(second)).toEqual(entryOf(result));
      expect((await readFile(join(copy, 'Dockerfile'))).equals(written)).toBe(true);
      expect(existsSync(join(copy, '.dockerignore')) ? await readFile(join(copy, '.dockerignore'), 'utf8') : null).toBe(ignoreBefore);

      const entry = entryOf(result);
      seen.set(name, entry);
      if (!UPDATE) expect(entry, 'after a deliberate change: UPDATE_CORPUS=1 npx vitest run test/corpus.test.ts, then review the diff').toEqual(recorded[name]);
    });
  });

  it('has a snapshot entry for every case and none for cases that are gone', async () => {
    if (seen.size !== cases.length) return; // a filtered run (-t) cannot judge the whole file
    const text = serialise(seen);
    if (UPDATE) await writeFile(SNAPSHOT, text);
    expect(await readFile(SNAPSHOT, 'utf8')).toBe(text);
  });
});
