import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { TEMP_FILE_NAME } from '../../src/pipeline/write.js';
import { dockerfileCase } from './arbitraries.js';

/**
 * Kill trials (issue 11): the built CLI migrates a generated tree in place and is killed with
 * SIGKILL, SIGINT or SIGTERM at a random moment. Afterwards every file holds its old bytes or
 * its new ones; after SIGINT and SIGTERM no temp file is left, worker threads' included; after
 * SIGKILL the next run removes dfmod's temp files and names them on stderr.
 */

/** More than `WORKERS_FROM_FILES` in migrate.ts, so that `--jobs 4` runs worker threads. */
export const KILL_TREE_FILES = 420;

const SIGNALS = ['SIGKILL', 'SIGINT', 'SIGTERM'] as const;
export type KillSignal = (typeof SIGNALS)[number];

/** A file's bytes (base64, to compare as strings), or null for no file. */
type Bytes = string | null;

export interface KillTree {
  /** The tree the trials run in; each trial leaves it as it was. */
  readonly root: string;
  readonly before: ReadonlyMap<string, Bytes>;
  readonly after: ReadonlyMap<string, Bytes>;
  /** How long an uninterrupted write run took: the window the kills are spread over. */
  readonly runMs: number;
}

export interface TrialResult {
  readonly signal: KillSignal;
  readonly jobs: number;
  readonly delayMs: number;
  /** True when the signal came after the run had ended on its own. */
  readonly finishedFirst: boolean;
  readonly tempFilesAfterKill: number;
  /** One line per broken property. */
  readonly problems: readonly string[];
}

/** Writes a tree of generated build contexts in `root`, and learns what an uninterrupted run makes of it. */
export async function killTree(cli: string, seed: number, root: string): Promise<KillTree> {
  const cases = fc.sample(dockerfileCase, { seed, numRuns: KILL_TREE_FILES });
  cases.forEach((testCase, n) => {
    const app = join(root, `repo-${String(n).padStart(3, '0')}`);
    for (const [path, text] of Object.entries({ ...testCase.context, [testCase.name]: testCase.dockerfile })) {
      mkdirSync(dirname(join(app, path)), { recursive: true });
      writeFileSync(join(app, path), text);
    }
  });
  const before = contents(root);
  const started = performance.now();
  await runCli(cli, ['migrate', '--jobs', '1', '.'], root);
  const runMs = performance.now() - started;
  const after = contents(root);
  restore(root, before);
  return { root, before, after, runMs };
}

/**
 * Trial number `trial`: runs the CLI in place over the tree, signals it after a random delay,
 * checks what is left, and puts the tree back as it was.
 */
export async function killTrial(cli: string, tree: KillTree, trial: number, random: () => number): Promise<TrialResult> {
  const { root } = tree;
  // Every six trials try each signal with each --jobs once; only the moment is random.
  const signal = SIGNALS[trial % SIGNALS.length]!;
  const jobs = Math.floor(trial / SIGNALS.length) % 2 === 0 ? 1 : 4;
  // Node's start-up takes part of the window; a signal then must leave the tree untouched too.
  const delayMs = Math.round(random() * tree.runMs * 1.05);
  const { code, signalled, stderr } = await runCli(cli, ['migrate', '--jobs', String(jobs), '.'], root, { signal, delayMs });
  const problems: string[] = [];

  const now = contents(root);
  const temps = [...now.keys()].filter(isTempFile);
  let untouched = true;
  for (const path of new Set([...tree.before.keys(), ...tree.after.keys(), ...now.keys()])) {
    if (temps.includes(path)) continue;
    const bytes = now.get(path) ?? null;
    if (bytes !== (tree.before.get(path) ?? null)) untouched = false;
    if (bytes !== (tree.before.get(path) ?? null) && bytes !== (tree.after.get(path) ?? null)) problems.push(`${path} holds neither its old nor its new bytes`);
  }
  if (signal !== 'SIGKILL' && temps.length > 0) problems.push(`${signal} left ${temps.length} temp file(s): ${temps.slice(0, 3).join(', ')}`);
  if (signal !== 'SIGKILL' && signalled) {
    // Until dfmod's modules have loaded, the signal ends Node as it would any program: nothing
    // has been written yet. Once they have, dfmod settles its writes and exits 130 or 143.
    const settled = code === (signal === 'SIGINT' ? 130 : 143) && stderr.includes('dfmod: interrupted');
    // A signal that lands after the last write, while the report is printed, finds nothing left to
    // settle: the run ends with its own code (2 here, since the tree holds files dfmod refuses).
    const complete = [...tree.after].every(([path, bytes]) => now.get(path) === bytes);
    const finished = (code === 0 || code === 2) && complete && temps.length === 0;
    // Once the run is over, Node tears down with the default signal dispositions back in place, so
    // a signal then ends the process without dfmod's handler: every write is done by that point.
    const endedInTeardown = code === null && complete && temps.length === 0;
    if (!settled && !finished && !endedInTeardown && !(code === null && untouched && temps.length === 0)) {
      problems.push(`${signal} ended the run with exit code ${String(code)}: ${JSON.stringify(stderr.slice(-200))}`);
    }
  }
  if (signal === 'SIGKILL' && temps.length > 0) {
    const next = await runCli(cli, ['migrate', '--jobs', '1', '.'], root);
    const said = next.stderr.split('\n').find((line) => line.startsWith(`dfmod: removed ${temps.length} temp file`));
    if (!said) problems.push(`the run after SIGKILL did not say it removed ${temps.length} temp file(s): ${JSON.stringify(next.stderr.slice(0, 300))}`);
    else if (!temps.every((path) => said.includes(path))) problems.push(`the run after SIGKILL named other temp files: ${said}`);
    const left = [...contents(root).keys()].filter(isTempFile);
    if (left.length > 0) problems.push(`the run after SIGKILL left ${left.length} temp file(s)`);
  }
  restore(root, tree.before);
  return { signal, jobs, delayMs, finishedFirst: !signalled, tempFilesAfterKill: temps.length, problems };
}

/** Puts back the old bytes of every file a trial changed, and removes the files it added. */
function restore(root: string, before: ReadonlyMap<string, Bytes>): void {
  const now = contents(root);
  for (const [path, bytes] of now) {
    const old = before.get(path) ?? null;
    if (old === null) rmSync(join(root, path));
    else if (old !== bytes) writeFileSync(join(root, path), Buffer.from(old, 'base64'));
  }
  for (const [path, bytes] of before) if (bytes !== null && !now.has(path)) writeFileSync(join(root, path), Buffer.from(bytes, 'base64'));
}

const isTempFile = (path: string): boolean => TEMP_FILE_NAME.test(path.split('/').pop()!);

interface Run {
  readonly code: number | null;
  /** True when the signal was sent while the process still ran. */
  readonly signalled: boolean;
  readonly stderr: string;
}

function runCli(cli: string, args: readonly string[], cwd: string, kill?: { signal: KillSignal; delayMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = kill
      ? setTimeout(() => {
          signalled = child.exitCode === null && child.signalCode === null;
          if (signalled) child.kill(kill.signal);
        }, kill.delayMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, signalled, stderr });
    });
  });
}

/** Every file under `root` with its bytes; directories are not entries. */
function contents(root: string): Map<string, Bytes> {
  const files = new Map<string, Bytes>();
  if (!existsSync(root)) return files;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const absolute = join(entry.parentPath, entry.name);
    files.set(absolute.slice(root.length + 1), readFileSync(absolute).toString('base64'));
  }
  return files;
}
