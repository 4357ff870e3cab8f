/**
 * `npm run fuzz`: the long versions of test/fuzz (issue 11). 100,000 generated Dockerfiles with
 * their build contexts, then 1,000 kill trials, and a summary of what was found: cases tried,
 * crashes, hangs, bytes changed in files the run did not migrate, temp files left, and the kill
 * trials with what each broke. `--cases`, `--kills` and `--seed` change the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killTree, killTrial } from '../test/fuzz/kills.js';
import { fuzz } from '../test/fuzz/runner.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');
const { values } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, kills: { type: 'string', default: '1000' }, seed: { type: 'string', default: String(Date.now() % 1_000_000) } },
});
const cases = Number(values.cases);
const kills = Number(values.kills);
const seed = Number(values.seed);
let failed = false;

const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)} s`;
console.log(`dfmod fuzz, seed ${seed}: ${cases} generated cases, ${kills} kill trials`);
if (cases > 0) {
  const summary = await fuzz({
    cases,
    seed,
    threads: 2,
    timeoutMs: 30_000,
    onProgress: (progress) => process.stderr.write(`\r${progress.cases}/${cases} cases, ${progress.failures.length} failing, ${elapsed()}`),
  });
  process.stderr.write('\n');
  console.log(`cases tried:                      ${summary.cases}`);
  console.log(`statuses:                         ${JSON.stringify(summary.statuses)}`);
  console.log(`round trips:                      ${JSON.stringify(summary.roundTrips)}`);
  console.log(`crashes:                          ${summary.crashes}`);
  console.log(`hangs (over 30 s):                ${summary.hangs}`);
  console.log(`outputs the verifier refused:     ${summary.verifierRefused}`);
  for (const [reason, count] of Object.entries(summary.verifierReasons).sort(([, a], [, b]) => b - a).slice(0, 10)) console.log(`  ${count} x ${reason}`);
  console.log(`bytes changed in untouched files: ${summary.bytesChangedInUntouchedFiles}`);
  console.log(`temp files left:                  ${summary.tempFilesLeft}`);
  console.log(`slowest case:                     ${summary.slowestCaseMs} ms`);
  for (const failure of summary.failures) console.log(`failing case (seed ${failure.seed}, #${failure.index}):\n  ${failure.problems.join('\n  ')}\n  ${JSON.stringify(failure.dockerfile)}`);
  failed ||= summary.failures.length > 0;
}

if (kills > 0) {
  const scratch = mkdtempSync(join(tmpdir(), 'dfmod-kills-'));
  try {
    const tree = await killTree(CLI, seed, scratch);
    let state = seed + 1;
    const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
    const tally = new Map<string, { trials: number; interrupted: number; tempsAfterKill: number; broken: number }>();
    const problems: string[] = [];
    for (let n = 0; n < kills; n++) {
      const trial = await killTrial(CLI, tree, n, random);
      const key = `${trial.signal} --jobs ${trial.jobs}`;
      const row = tally.get(key) ?? { trials: 0, interrupted: 0, tempsAfterKill: 0, broken: 0 };
      row.trials++;
      if (!trial.finishedFirst) row.interrupted++;
      row.tempsAfterKill += trial.tempFilesAfterKill;
      if (trial.problems.length > 0) row.broken++;
      tally.set(key, row);
      problems.push(...trial.problems.map((problem) => `${key} after ${trial.delayMs} ms: ${problem}`));
      process.stderr.write(`\r${n + 1}/${kills} kill trials, ${problems.length} problems, ${elapsed()}`);
    }
    process.stderr.write('\n');
    console.log(`kill trials over ${tree.before.size} files (an uninterrupted run: ${Math.round(tree.runMs)} ms):`);
    for (const [key, row] of [...tally].sort()) {
      console.log(`  ${key.padEnd(17)} ${row.trials} trials, ${row.interrupted} cut short, ${row.tempsAfterKill} temp files right after, ${row.broken} broken`);
    }
    for (const problem of problems.slice(0, 20)) console.log(`  ${problem}`);
    failed ||= problems.length > 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
console.log(`done in ${elapsed()}`);
process.exitCode = failed ? 1 : 0;
