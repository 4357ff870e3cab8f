#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { FileResult } from './core/status.js';
import { RUNTIME_FAMILIES, type RuntimeFamily } from './core/transform.js';
import { interrupt, migrate, type Mode } from './pipeline/migrate.js';
import { quotePath } from './pipeline/diff.js';
import { writePatch } from './pipeline/patch.js';
import { formatReport, type ReportFormat } from './pipeline/report.js';
import { TRANSFORMS } from '../transforms/index.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

interface MigrateFlags {
  dryRun?: boolean;
  check?: boolean;
  format: ReportFormat;
  only?: string[];
  runtime: RuntimeFamily;
  cacheMounts: boolean;
  jobs?: number;
  patch?: string;
  color: boolean;
}

const EXAMPLES = `
Examples:
  $ dfmod migrate --dry-run ~/src            show the diffs for every repository, write nothing
  $ dfmod migrate services/api/Dockerfile    migrate one file in place
  $ dfmod migrate --check .                  in CI: exit 1 when a Dockerfile would change
  $ dfmod migrate --only node --runtime alpine --dry-run .
  $ dfmod migrate --dry-run --format markdown --patch dfmod.patch .

Exit codes: 0 done, 1 --check found files to change, 2 a file could not be processed or the
command line was wrong.`;

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return jobs;
}

function parseOnly(value: string): string[] {
  const known = TRANSFORMS.map((transform) => transform.meta.id);
  const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const unknown = ids.filter((id) => !known.includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`unknown transform ${unknown.join(', ') || '(none given)'}; known: ${known.join(', ')}`);
  }
  return ids;
}

/** NO_COLOR and --no-color win, then FORCE_COLOR, then whether stdout is a terminal. */
function useColor(flag: boolean): boolean {
  if (!flag || (process.env.NO_COLOR ?? '') !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return process.stdout.isTTY === true;
}

function progressReporter(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    if (total < 10) return;
    process.stderr.write(done === total ? '\r\x1b[K' : `\r\x1b[Kdfmod: ${done}/${total} files`);
  };
}

async function runMigrate(paths: string[], flags: MigrateFlags): Promise<number> {
  const mode: Mode = flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'write';
  const results = await migrate(paths.length > 0 ? paths : ['.'], TRANSFORMS, {
    mode,
    only: flags.only ? new Set(flags.only) : null,
    runtime: flags.runtime,
    cacheMounts: flags.cacheMounts,
    jobs: flags.jobs,
    cwd: process.cwd(),
    onProgress: progressReporter(),
    onLeftovers: (leftovers, removed) => {
      const files = `${leftovers.length} temp file${leftovers.length === 1 ? '' : 's'} that an interrupted run left`;
      const line = removed ? `removed ${files}` : `${files}, removed by the next run without --dry-run or --check`;
      process.stderr.write(`dfmod: ${line}: ${leftovers.map(quotePath).join(', ')}\n`);
    },
  });
  process.stdout.write(formatReport(results, { format: flags.format, showDiffs: mode !== 'write', color: useColor(flags.color) }));
  if (flags.patch && !(await patchWritten(flags.patch, results))) return 2;
  if (results.some((result) => result.status === 'error')) return 2;
  if (mode === 'check' && results.some((result) => result.status === 'migrated')) return 1;
  return 0;
}

/** A patch that cannot be written fails the run, but only after the report is out. */
async function patchWritten(file: string, results: readonly FileResult[]): Promise<boolean> {
  try {
    await writePatch(file, results.map((result) => result.diff ?? ''));
    // git apply refuses any path that leaves the directory it runs in.
    const outside = results.find((result) => result.diff && result.path.startsWith('../'));
    if (outside) {
      process.stderr.write(`dfmod: warning: the patch names ${quotePath(outside.path)}, outside this directory, which git apply refuses; run dfmod from a directory that contains every path\n`);
    }
    return true;
  } catch (problem) {
    const reason = (problem as NodeJS.ErrnoException).code ?? (problem instanceof Error ? problem.message : String(problem));
    process.stderr.write(`dfmod: cannot write the patch ${file}: ${reason}\n`);
    return false;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('dfmod')
    .description('Turn single-stage Dockerfiles into reviewed multi-stage ones.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  let exitCode = 0;
  program
    .command('migrate')
    .description('rewrite the Dockerfiles found under the given paths into multi-stage builds')
    .argument('[paths...]', 'files or directories to search (default: .)')
    .option('--dry-run', 'print a unified diff per changed file, write nothing')
    .option('--check', 'like --dry-run, but exit 1 when any file would change')
    .addOption(new Option('--format <format>', 'report format on stdout').choices(['text', 'json', 'markdown']).default('text'))
    .option('--only <ids>', 'comma-separated transform ids to use', parseOnly)
    .addOption(new Option('--runtime <family>', 'preferred runtime family').choices([...RUNTIME_FAMILIES]).default('auto'))
    .option('--no-cache-mounts', 'write no RUN --mount=type=cache, for builders that may still be the legacy one')
    .option('--jobs <n>', 'files processed at once (default: number of CPUs)', parseJobs)
    .option('--patch <file>', 'also write every diff into one patch for git apply')
    .option('--no-color', 'never colour the output')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .action(async (paths: string[], flags: MigrateFlags) => {
      exitCode = await runMigrate(paths, flags);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (problem) {
    // Asked-for help and the version exit 0; commander's own exit code is non-zero for a usage
    // error and for `dfmod` with no command, which prints the help to stderr.
    if (problem instanceof CommanderError) return problem.exitCode === 0 ? 0 : 2;
    throw problem;
  }
  return exitCode;
}

// A reader that stops early (`dfmod migrate --dry-run . | head`) closes the pipe; that is no
// failure of dfmod's and must not end in an unhandled error with a stack trace.
process.stdout.on('error', (problem: NodeJS.ErrnoException) => {
  if (problem.code === 'EPIPE') return;
  process.stderr.write(`dfmod: cannot write the report: ${problem.message}\n`);
  process.exitCode = 2;
});

// An interrupt may land between a temp file's write and its rename: the target is still whole
// (writes are atomic). Before exiting, every write under way, in this thread and in the worker
// threads, finishes its rename or removes its temp file: removing only the temp files this
// thread knew of left the workers' behind. A second signal ends the process at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\ndfmod: interrupted; files not yet written are left as they were\n`);
    void interrupt().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (problem: unknown) => {
    process.stderr.write(`dfmod: ${problem instanceof Error ? problem.message : String(problem)}\n`);
    process.exitCode = 2;
  },
);
