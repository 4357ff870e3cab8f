import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt } from '../helpers/cli.js';
import { killTree, killTrial, type KillTree } from './kills.js';
import { fuzz } from './runner.js';

/**
 * The short CI versions of `npm run fuzz` (issue 11): generated Dockerfiles with their build
 * contexts, and kill trials. The seed changes each run; a failure names it, and
 * `FUZZ_SEED=<seed> npx vitest run test/fuzz` replays it.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const KILLS = Number(process.env.FUZZ_KILLS ?? 24);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

beforeAll(ensureBuilt, 180_000);

describe('generated Dockerfiles', () => {
  it(`${CASES} cases: exact round trip, verified output or the same bytes with a reason, no crash, no hang, no temp file`, async () => {
    const summary = await fuzz({ cases: CASES, seed: SEED, threads: 2, timeoutMs: 20_000 });
    const seen = { seed: SEED, failures: summary.failures };
    expect(summary.cases, JSON.stringify(seen)).toBe(CASES);
    expect(summary.failures, JSON.stringify(seen, null, 2)).toEqual([]);
    expect({ crashes: summary.crashes, hangs: summary.hangs, bytesChanged: summary.bytesChangedInUntouchedFiles, temps: summary.tempFilesLeft }).toEqual({ crashes: 0, hangs: 0, bytesChanged: 0, temps: 0 });
    // The grammar must keep reaching the transforms, not only their refusals.
    expect(summary.statuses.migrated ?? 0).toBeGreaterThan(CASES / 20);
  }, 300_000);
});

describe('killed runs', () => {
  let scratch: string;
  let tree: KillTree;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'dfmod-kills-'));
    tree = await killTree(CLI, SEED, scratch);
  }, 180_000);
  afterAll(() => rm(scratch, { recursive: true, force: true }), 120_000);

  it(`${KILLS} trials of SIGKILL, SIGINT and SIGTERM at random moments, --jobs 1 and 4`, async () => {
    let state = SEED + 1;
    const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
    const problems: string[] = [];
    for (let n = 0; n < KILLS; n++) {
      const trial = await killTrial(CLI, tree, n, random);
      problems.push(...trial.problems.map((problem) => `${trial.signal} --jobs ${trial.jobs} after ${trial.delayMs} ms: ${problem}`));
    }
    expect(problems, `seed ${SEED}`).toEqual([]);
  }, 600_000);
});
