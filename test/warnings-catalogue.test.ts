import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextReaderFor } from '../src/pipeline/migrate.js';
import { migrateFile } from '../src/pipeline/migrate-file.js';
import { TRANSFORMS } from '../transforms/index.js';
import { PROJECT } from './helpers/cli.js';
import { warningIdsInCode } from './helpers/warning-ids.js';
import { WARNING_EXAMPLES } from './warning-examples.js';
import { repositoryReader } from '../src/pipeline/repository.js';

/**
 * The README's warnings catalogue against the code (issue 11): every warning id the sources can
 * report is listed, nothing listed is gone from the code, and each entry's example (a fixture
 * or one of WARNING_EXAMPLES) really reports it.
 */
interface Entry {
  readonly id: string;
  readonly example: string;
}

function catalogue(): Entry[] {
  const readme = readFileSync(join(PROJECT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Warnings catalogue\n');
  expect(start, 'README has a "Warnings catalogue" section').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  const rows = readme.slice(start, end === -1 ? undefined : end).split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((row) => {
    const cells = row.split(' | ');
    return { id: cells[0]!.replace(/^\| `|`$/g, ''), example: cells.at(-1)!.replace(/ \|$/, '') };
  });
}

/** The warning ids each fixture's report shows, by fixture folder. */
function fixtureWarnings(): Map<string, Set<string>> {
  const byFixture = new Map<string, Set<string>>();
  const root = join(PROJECT, '__fixtures__');
  for (const group of readdirSync(root)) {
    for (const name of readdirSync(join(root, group))) {
      let report: { warnings?: { id: string }[] };
      try {
        report = JSON.parse(readFileSync(join(root, group, name, 'expected.json'), 'utf8')) as typeof report;
      } catch {
        continue;
      }
      byFixture.set(`__fixtures__/${group}/${name}`, new Set((report.warnings ?? []).map((warning) => warning.id)));
    }
  }
  return byFixture;
}

const scratch = mkdtempSync(join(tmpdir(), 'dfmod-warnings-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function exampleWarnings(id: string): Promise<string[]> {
  const directory = join(scratch, id);
  for (const [path, text] of Object.entries(WARNING_EXAMPLES[id]!.files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  const result = await migrateFile({
    file: { absolute: join(directory, 'Dockerfile'), relative: 'Dockerfile' },
    transforms: TRANSFORMS,
    only: null,
    options: { runtime: 'auto' },
    write: false,
    cacheMounts: true,
    contextOf: contextReaderFor(TRANSFORMS),
    repositoryOf: repositoryReader(),
  });
  expect(result.status, `${id}: ${result.reason ?? ''}`).toBe('migrated');
  return result.warnings.map((warning) => warning.id);
}

describe('warnings catalogue', () => {
  const inCode = warningIdsInCode(PROJECT);
  const listed = catalogue();

  it('lists every warning id the code can report, once, in order', () => {
    const undocumented = [...inCode].filter(([id]) => !listed.some((entry) => entry.id === id)).map(([id, files]) => `${id} (${files.join(', ')})`);
    expect(undocumented, 'warning ids in the code that the README does not list').toEqual([]);
    const ids = listed.map((entry) => entry.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('lists no id that the code no longer reports', () => {
    expect(listed.map((entry) => entry.id).filter((id) => !inCode.has(id))).toEqual([]);
  });

  it("triggers each id with its entry's example", async () => {
    const fixtures = fixtureWarnings();
    for (const { id, example } of listed) {
      const fixture = /`(__fixtures__\/[^`]+)`/.exec(example)?.[1];
      if (fixture !== undefined) {
        expect(fixtures.get(fixture), `${id}: ${fixture} has an expected.json`).toBeDefined();
        expect([...fixtures.get(fixture)!], `${id}: ${fixture}`).toContain(id);
      } else {
        expect(example, `${id}: the example names a fixture or test/warning-examples.ts`).toContain('`test/warning-examples.ts`');
        expect(await exampleWarnings(id), id).toContain(id);
      }
    }
  });

  it('keeps no example that its entry does not use', () => {
    const used = listed.filter((entry) => entry.example.includes('`test/warning-examples.ts`')).map((entry) => entry.id);
    expect(Object.keys(WARNING_EXAMPLES).sort()).toEqual(used.sort());
  });
});
