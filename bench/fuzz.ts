/**
 * `npm run fuzz`: the long versions of test/fuzz (issue 11). 100,000 generated Dockerfiles with
 * their build contexts, and a summary of what was found: cases tried, crashes, hangs, bytes
 * changed in files the run did not migrate, temp files left. `--cases` and `--seed` change the
 * figures.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fuzz } from '../test/fuzz/runner.js';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, seed: { type: 'string', default: String(Date.now() % 1_000_000) } },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
let failed = false;

const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)} s`;
console.log(`dfmod fuzz, seed ${seed}: ${cases} generated cases`);
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
  console.log(`bytes changed in untouched files: ${summary.bytesChangedInUntouchedFiles}`);
  console.log(`temp files left:                  ${summary.tempFilesLeft}`);
  console.log(`slowest case:                     ${summary.slowestCaseMs} ms`);
  for (const failure of summary.failures) console.log(`failing case (seed ${failure.seed}, #${failure.index}):\n  ${failure.problems.join('\n  ')}\n  ${JSON.stringify(failure.dockerfile)}`);
  failed ||= summary.failures.length > 0;
}

console.log(`done in ${elapsed()}`);
process.exitCode = failed ? 1 : 0;
