import type { BuildContext } from '../../src/core/context.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import { commandWords, splitCommands } from '../../src/core/shell.js';
import type { CargoProject } from './cargo.js';
import { parseCargo, type CargoCall } from './steps.js';

/**
 * `CMD ["cargo", "run", "--release"]`: at start cargo finds the binary of that profile fresh
 * (or compiles it) and execs it with the arguments after `--`. Production has no cargo, so it
 * runs that binary itself; the builder compiles it as `cargo run` would have.
 */
export interface CargoRunCommand {
  readonly instruction: Instruction;
  readonly keyword: 'CMD' | 'ENTRYPOINT';
  /** The run's options, read as a `cargo build` with the same profile, target, features and packages. */
  readonly call: CargoCall;
  /** The option words as written, for a `cargo build` that compiles what the run would. */
  readonly options: readonly string[];
  /** The arguments cargo passes to the binary (exec form). */
  readonly args: readonly string[];
  /** For the shell form: the arguments' text as written after `--`, so quotes and `$VARIABLES` stay. */
  readonly argsText: string;
  /** `cargo run --release`, for the report. */
  readonly written: string;
}

/** Options of `cargo run` that only choose what is compiled, how verbosely, or how strictly the lockfile holds. */
const FLAG_OPTIONS = new Set(['--release', '-r', '--all-features', '--no-default-features', '--locked', '--frozen', '--offline', '-q', '--quiet', '-v', '-vv', '--verbose']);
const VALUE_OPTIONS = new Set(['--bin', '--profile', '-p', '--package', '--target', '--features', '-F', '-j', '--jobs', '--color']);
/** Options whose run dfmod does not turn into a binary: an example, another manifest or target directory, unstable flags. */
const REFUSED_OPTIONS: Readonly<Record<string, string>> = {
  '--example': 'runs an example, which a cargo build does not put where dfmod copies binaries from',
  '--manifest-path': 'reads another manifest',
  '--target-dir': 'names its own target directory',
  '--config': 'overrides cargo settings on the command line',
  '-Z': 'uses unstable cargo flags',
};

const TOOLCHAIN_REASON = 'the container runs cargo itself, so it needs the whole toolchain at run time';

/**
 * The container's `cargo run`, read; null when its command does not call cargo; a reason when
 * it calls cargo in a way production cannot replace with the binary.
 */
export function readCargoRun(cmd: Instruction | undefined, entrypoint: Instruction | undefined): CargoRunCommand | string | null {
  const callsCargo = (instruction: Instruction | undefined) => instruction !== undefined && commandText(instruction).split(/\s+/).some((word) => /(^|\/)cargo$/.test(word));
  if (!callsCargo(cmd) && !callsCargo(entrypoint)) return null;
  // ENTRYPOINT's words and CMD's are one command line: cargo would read CMD as its own options.
  if (cmd && entrypoint) return TOOLCHAIN_REASON;
  const instruction = (entrypoint ?? cmd)!;
  const words = instruction.json ?? singleCommand(instruction);
  if (words === null || !/^(\/usr\/local\/cargo\/bin\/)?cargo$/.test(words[0] ?? '')) return TOOLCHAIN_REASON;
  const line = instruction.line + 1;
  if (words[1] !== 'run' && words[1] !== 'r') return words[1]?.startsWith('+') ? `line ${line}: cargo ${words[1]} runs with a toolchain override, which production cannot give` : TOOLCHAIN_REASON;

  const options: string[] = [];
  let rest = words.length;
  for (let i = 2; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--' || !word.startsWith('-')) {
      rest = word === '--' ? i + 1 : i;
      break;
    }
    const name = word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
    const refused = REFUSED_OPTIONS[name];
    if (refused) return `line ${line}: cargo run ${refused}`;
    if (FLAG_OPTIONS.has(name)) options.push(word);
    else if (VALUE_OPTIONS.has(name)) {
      if (word.includes('=')) options.push(word);
      else if (i + 1 < words.length) options.push(word, words[++i]!);
      else return `line ${line}: cargo run ${word} has no value`;
    } else return `line ${line}: cargo run ${word} is not an option dfmod can give the build`;
  }
  const args = words.slice(rest);
  let argsText = '';
  if (!instruction.json && args.length > 0) {
    // The shell form keeps the arguments' own text, which only a `--` marks off reliably.
    const separator = /(^|\s)--(\s|$)/.exec(instruction.argsText);
    if (words[rest - 1] !== '--' || !separator) return `line ${line}: the shell-form cargo run passes arguments without --, which dfmod does not rewrite`;
    argsText = instruction.argsText.slice(separator.index + separator[0].length).trim();
  }
  return {
    instruction,
    keyword: instruction.keyword === 'ENTRYPOINT' ? 'ENTRYPOINT' : 'CMD',
    call: parseCargo(['cargo', 'build', ...options]),
    options,
    args,
    argsText,
    written: words.slice(0, rest).filter((word) => word !== '--').join(' '),
  };
}

/** The text a CMD or ENTRYPOINT runs, for a first look at whether it names cargo. */
function commandText(instruction: Instruction): string {
  return (instruction.json ?? [instruction.argsText]).join(' ');
}

/** A one-line shell form of one plain command, as its words; null for anything richer. */
function singleCommand(instruction: Instruction): string[] | null {
  if (instruction.raw.slice(instruction.argsOffset).trimEnd().includes('\n')) return null;
  const commands = splitCommands(instruction.argsText);
  if (commands === null || commands.length !== 1) return null;
  const words = commandWords(commands[0]!);
  return words.length === commands[0]!.words.length ? [...words] : null;
}

/** The binary `cargo run` starts in the package at `dir`: `--bin`, else the package's `default-run` or its only binary. */
export function runBinaryName(run: CargoRunCommand, project: CargoProject, dir: string): { bin: string; pkg: string } | { reason: string } {
  const line = run.instruction.line + 1;
  const named = run.call.packages.length > 0 ? project.packages.filter((pkg) => run.call.packages.includes(pkg.name)) : null;
  if (named !== null && named.length !== run.call.packages.length) return { reason: `line ${line}: cargo run -p ${run.call.packages.join(', ')} names no package of the build context` };
  if (run.call.bins.length > 1) return { reason: `line ${line}: cargo run names several binaries` };
  const bin = run.call.bins[0];
  if (bin !== undefined) {
    const owners = (named ?? project.packages).filter((pkg) => pkg.bins.includes(bin) || pkg.discoversBins);
    if (owners.length !== 1 || !owners[0]!.bins.includes(bin)) {
      return { reason: `line ${line}: cargo run --bin ${bin} names a binary that ${owners.length === 0 ? 'no Cargo.toml of the build context declares' : 'dfmod cannot place in one package'}` };
    }
    return { bin, pkg: owners[0]!.name };
  }
  const pkg = named?.[0] ?? project.packages.find((candidate) => candidate.dir === dir);
  if (!pkg) return { reason: `line ${line}: cargo run in a workspace without -p or --bin starts a binary dfmod cannot tell` };
  if (pkg.defaultRun !== null) return { bin: pkg.defaultRun, pkg: pkg.name };
  if (pkg.bins.length !== 1 || pkg.discoversBins) return { reason: `line ${line}: cargo run starts one of several binaries of ${pkg.name}, and its Cargo.toml names no default-run` };
  return { bin: pkg.bins[0]!, pkg: pkg.name };
}

/** Whether a build compiled exactly what the run would, so that cargo found its binary fresh. */
export function buildsSame(build: CargoCall, run: CargoCall, bin: string, pkg: string): boolean {
  return build.installPath === null
    && build.profileDir === run.profileDir
    && build.allFeatures === run.allFeatures
    && build.noDefaultFeatures === run.noDefaultFeatures
    && build.features.join(',') === run.features.join(',')
    && (build.bins.length === 0 || build.bins.includes(bin))
    && (build.packages.length === 0 ? run.packages.length === 0 : build.packages.includes(pkg));
}

/**
 * Source files that need cargo's run-time environment (`CARGO_MANIFEST_DIR`, `CARGO_PKG_*`,
 * read with `std::env::var`) or the source tree itself (`env!("CARGO_MANIFEST_DIR")` builds
 * paths into it): without cargo, or without the source, the binary would not find them.
 */
export function cargoEnvironmentReads(context: BuildContext): string | null {
  for (const [file, text] of context.contents) {
    if (!file.endsWith('.rs') || file.endsWith('build.rs')) continue;
    const runtime = /\benv::var(?:_os)?\(\s*"(CARGO[A-Z_]*)"/.exec(text);
    if (runtime) return `${file} reads ${runtime[1]} at run time, which only cargo run sets`;
    if (/\b(?:option_)?env!\(\s*"CARGO_MANIFEST_DIR"/.test(text)) return `${file} finds files through CARGO_MANIFEST_DIR, the source tree, which production does not have`;
  }
  return null;
}
