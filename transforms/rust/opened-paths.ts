import type { BuildContext } from '../../src/core/context.js';
import { isTemporaryPath } from '../shared/written-paths.js';
import type { CargoProject } from './cargo.js';

/** Context files the Rust transform reads to find what the binary opens at run time and what build scripts write. */
export const SOURCE_READS = ['/build.rs', '/*/build.rs', '/*/*/build.rs', '/src/**/*.rs', '/*/src/**/*.rs', '/*/*/src/**/*.rs'];

/**
 * Calls that open a path at run time, by the position of its literal argument: static file
 * services (tower-http, actix-files, rocket), template loaders and plain file reads.
 * `include_str!` and `include_bytes!` are not here: they compile the file into the binary.
 */
const OPENERS: readonly RegExp[] = [
  /\bServeDir::new\(\s*"([^"]+)"/g,
  /\bServeFile::new\(\s*"([^"]+)"/g,
  /\bFiles::new\(\s*"[^"]*"\s*,\s*"([^"]+)"/g,
  /\bNamedFile::open(?:_async)?\(\s*"([^"]+)"/g,
  /\bFileServer::from\(\s*"([^"]+)"/g,
  /\bTera::new\(\s*"([^"]+)"/g,
  /\bfs::read(?:_to_string|_dir)?\(\s*"([^"]+)"/g,
  /\bFile::open\(\s*"([^"]+)"/g,
  /\blog4rs::init_file\(\s*"([^"]+)"/g,
];

/** Calls that create or write a file or directory, by their path argument. */
const WRITERS: readonly RegExp[] = [/\b(File::create)\(\s*([^)"\s][^),]*)/g, /\b(fs::write)\(\s*([^)"\s][^),]*)/g, /\b(fs::create_dir(?:_all)?)\(\s*([^)"\s][^),]*)/g];

/**
 * Writes whose path the code computes (`File::create(output_file)`): dfmod cannot tell where
 * they land, so it cannot give that place to the run user; a write into the temporary directory
 * needs nothing of it. As `src/main.rs:157 (File::create): output_file`.
 */
export function computedWrites(context: BuildContext): string[] {
  const sites: string[] = [];
  for (const [file, text] of context.contents) {
    // The running package's own sources: a build-dependency's writes happen at build time.
    if (!file.endsWith('.rs') || !file.startsWith('src/')) continue;
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (/^\s*\/\//.test(line)) return;
      for (const writer of WRITERS) {
        for (const match of line.matchAll(writer)) {
          const argument = match[2]!.trim();
          if (isTemporaryPath(argument, text)) continue;
          sites.push(`${file}:${index + 1} (${match[1]})${/^[\w.&*]+$/.test(argument) ? `: ${argument}` : ''}`);
        }
      }
    });
  }
  return sites.sort();
}

/** Calls that create or write a file or directory at a literal path (`File::create("data/report.txt")`). */
const LITERAL_WRITERS: readonly RegExp[] = [
  /\bFile::create\(\s*"([^"]+)"/g,
  /\bfs::write\(\s*"([^"]+)"/g,
  /\bfs::create_dir(?:_all)?\(\s*"([^"]+)"/g,
  /\bOpenOptions::new\(\)[^;]*?\.(?:write|append|create)\(true\)[^;]*?\.open\(\s*"([^"]+)"/g,
];

/** The Rust sources of the packages, which run in the container (build scripts run at build time): `[file, text]`. */
function* packageSources(context: BuildContext): Generator<readonly [string, string]> {
  for (const [file, text] of context.contents) {
    if (file.endsWith('.rs') && !file.endsWith('build.rs') && /(^|\/)src\//.test(file)) yield [file, text];
  }
}

/**
 * The directories, relative to the working directory, that the package sources write files into
 * by literal paths (`File::create("data/game_log.txt")` writes into `data`, `fs::create_dir_all("out")`
 * makes `out`). Absolute paths are the system's.
 */
export function literalWriteDirectories(context: BuildContext): string[] {
  const directories = new Set<string>();
  for (const [, text] of packageSources(context)) {
    for (const writer of LITERAL_WRITERS) {
      for (const match of text.matchAll(writer)) {
        const path = match[1]!.replace(/^(?:\.\/)+/, '');
        if (path.startsWith('/') || path.startsWith('..') || /[{}*]/.test(path)) continue;
        directories.add(writer.source.includes('create_dir') ? path.replace(/\/$/, '') : path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
      }
    }
  }
  return [...directories];
}

/** The first segment of a relative literal path (`site` of `./site/notfound.html`), or null for an absolute or empty one. */
function topSegment(path: string): string | null {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (path.startsWith('/') || parts.length === 0 || parts[0] === '..' || /[*{}]/.test(parts[0]!)) return null;
  return parts[0]!;
}

/** The top-level paths, relative to the working directory, that the package sources open at run time, each with the first file that opens it. */
export function openedPaths(context: BuildContext): Map<string, string> {
  const opened = new Map<string, string>();
  for (const [file, text] of packageSources(context)) {
    for (const opener of OPENERS) {
      for (const match of text.matchAll(opener)) {
        const top = topSegment(match[1]!);
        if (top !== null && !opened.has(top)) opened.set(top, file);
      }
    }
    for (const top of namedContextPaths(context, text)) if (!opened.has(top)) opened.set(top, file);
  }
  return opened;
}

/** Files at the context root that name the build, not what the binary reads. */
const CARGO_FILES: ReadonlySet<string> = new Set(['Cargo.toml', 'Cargo.lock', 'build.rs', 'rust-toolchain.toml', 'Dockerfile']);

/**
 * Top-level paths of string literals that name a file or directory of the context
 * (`let log_file_path = "data/qgames.log";`, later handed to `File::open`): the code keeps the
 * path in a variable or a constant, where no opener call shows it, but names it. The compiled
 * sources themselves and what `include_str!` and `include_bytes!` build in are left out.
 */
function namedContextPaths(context: BuildContext, text: string): string[] {
  const tops: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*\/\//.test(line) || /\binclude_(?:str|bytes)!/.test(line)) continue;
    for (const match of line.matchAll(/"([^"\\]+)"/g)) {
      const literal = match[1]!.replace(/^(?:\.\/)+/, '').replace(/\/$/, '');
      const named = literal.includes('/') ? context.files.includes(literal) || context.directories.includes(literal) : context.files.includes(literal) && !CARGO_FILES.has(literal);
      if (!named) continue;
      const top = topSegment(literal);
      if (top !== null && top !== 'src' && top !== 'target' && !tops.includes(top)) tops.push(top);
    }
  }
  return tops;
}

function resolveFrom(directory: string, path: string): string | null {
  const parts = directory === '' ? [] : directory.split('/');
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/**
 * Top-level context paths that the packages' build scripts name in string literals (a build.rs
 * that renders a site into `../site`): cargo runs a build script in its package's directory.
 */
export function buildScriptPaths(context: BuildContext, project: CargoProject): Set<string> {
  const paths = new Set<string>();
  for (const pkg of project.packages) {
    const script = context.contents.get(pkg.dir === '' ? 'build.rs' : `${pkg.dir}/build.rs`);
    if (script === undefined) continue;
    for (const match of script.matchAll(/"([^"\\]+)"/g)) {
      const literal = match[1]!;
      if (literal.startsWith('/') || literal.includes(':') || literal.includes('=')) continue;
      const top = (resolveFrom(pkg.dir, literal) ?? '').split('/')[0]!;
      if (top !== '') paths.add(top);
    }
  }
  return paths;
}
