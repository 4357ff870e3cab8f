import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { fuzzCase, type DockerfileCase } from './arbitraries.js';
import type { CaseAnswer, CaseRequest } from './case-worker.js';
import type { Outcome } from './check-case.js';

/** The compiled worker, from the sources (under vitest) or from dist: it runs the built pipeline, as the CLI does. */
const CASE_WORKER = import.meta.dirname.endsWith(join('dist', 'test', 'fuzz'))
  ? join(import.meta.dirname, 'case-worker.js')
  : join(import.meta.dirname, '..', '..', 'dist', 'test', 'fuzz', 'case-worker.js');

export interface FuzzSummary {
  cases: number;
  statuses: Record<string, number>;
  roundTrips: Record<string, number>;
  crashes: number;
  hangs: number;
  verifierRefused: number;
  /** The verifier's reasons, by transform, with how often each came. */
  verifierReasons: Record<string, number>;
  bytesChangedInUntouchedFiles: number;
  tempFilesLeft: number;
  slowestCaseMs: number;
  /** The first few cases that broke a property, with what they broke. */
  failures: { seed: number; index: number; problems: readonly string[]; dockerfile: string; context: string[] }[];
}

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** Threads checking cases at once. */
  readonly threads: number;
  /** A case that takes longer is a hang. */
  readonly timeoutMs: number;
  readonly onProgress?: (summary: FuzzSummary) => void;
}

const CHUNK = 500;

/**
 * Each case writes and flushes a few small files: on a RAM disk the flush costs nothing, where
 * the temp disk made the run three times as long. The kill trials, which are about flushes and
 * renames, use the temp disk.
 */
function scratchBase(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** Generates `cases` inputs from `seed` and checks each in a worker thread, with a time bound per case. */
export async function fuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const scratch = mkdtempSync(join(scratchBase(), 'dfmod-fuzz-'));
  const summary: FuzzSummary = {
    cases: 0,
    statuses: {},
    roundTrips: {},
    crashes: 0,
    hangs: 0,
    verifierRefused: 0,
    verifierReasons: {},
    bytesChangedInUntouchedFiles: 0,
    tempFilesLeft: 0,
    slowestCaseMs: 0,
    failures: [],
  };
  const threads = Array.from({ length: options.threads }, (_, n) => new CaseThread(join(scratch, `thread-${n}`)));
  try {
    for (let start = 0; start < options.cases; start += CHUNK) {
      const seed = options.seed + start / CHUNK;
      const cases = fc.sample(fuzzCase, { seed, numRuns: Math.min(CHUNK, options.cases - start) });
      let next = 0;
      await Promise.all(
        threads.map(async (thread) => {
          while (next < cases.length) {
            const index = next++;
            const begun = performance.now();
            const outcome = await thread.check(cases[index]!, options.timeoutMs);
            summary.slowestCaseMs = Math.max(summary.slowestCaseMs, Math.round(performance.now() - begun));
            record(summary, outcome, cases[index]!, seed, index);
          }
        }),
      );
      options.onProgress?.(summary);
    }
  } finally {
    await Promise.all(threads.map((thread) => thread.close()));
    rmSync(scratch, { recursive: true, force: true });
  }
  return summary;
}

function record(summary: FuzzSummary, outcome: Outcome | 'hang', testCase: DockerfileCase, seed: number, index: number): void {
  summary.cases++;
  if (outcome === 'hang') {
    summary.hangs++;
    summary.failures.length < 5 && summary.failures.push({ seed, index, problems: ['no answer within the time bound'], ...shown(testCase) });
    return;
  }
  summary.statuses[outcome.status] = (summary.statuses[outcome.status] ?? 0) + 1;
  summary.roundTrips[outcome.roundTrip] = (summary.roundTrips[outcome.roundTrip] ?? 0) + 1;
  if (outcome.status === 'crash' || outcome.roundTrip === 'crash') summary.crashes++;
  if (outcome.verifierRefused !== null) {
    summary.verifierRefused++;
    summary.verifierReasons[outcome.verifierRefused] = (summary.verifierReasons[outcome.verifierRefused] ?? 0) + 1;
  }
  summary.bytesChangedInUntouchedFiles += outcome.bytesChanged;
  summary.tempFilesLeft += outcome.tempFiles;
  if (outcome.problems.length > 0 && summary.failures.length < 5) summary.failures.push({ seed, index, problems: outcome.problems, ...shown(testCase) });
}

function shown(testCase: DockerfileCase): { dockerfile: string; context: string[] } {
  return { dockerfile: Buffer.from(testCase.dockerfile).toString('utf8'), context: Object.keys(testCase.context) };
}

/** One worker thread, replaced when a case hangs in it. */
class CaseThread {
  private worker: Worker;
  private id = 0;

  constructor(private readonly directory: string) {
    this.worker = this.start();
  }

  private start(): Worker {
    return new Worker(CASE_WORKER, { workerData: { directory: this.directory } });
  }

  check(testCase: DockerfileCase, timeoutMs: number): Promise<Outcome | 'hang'> {
    const id = ++this.id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void this.worker.terminate();
        this.worker = this.start();
        resolve('hang');
      }, timeoutMs);
      const onMessage = (answer: CaseAnswer) => {
        if (answer.id !== id) return;
        cleanup();
        resolve(answer.outcome);
      };
      const onError = (problem: Error) => {
        cleanup();
        reject(problem);
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.worker.off('message', onMessage).off('error', onError);
      };
      this.worker.on('message', onMessage).on('error', onError);
      this.worker.postMessage({ id, testCase } satisfies CaseRequest);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
