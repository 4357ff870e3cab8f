import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/cli.js';
import { fuzz } from './runner.js';

/**
 * The short CI version of `npm run fuzz` (issue 11): generated Dockerfiles with their build
 * contexts. The seed changes each run; a failure names it, and
 * `FUZZ_SEED=<seed> npx vitest run test/fuzz` replays it.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
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
