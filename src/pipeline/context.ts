import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { CONTEXT_LISTING_BOUND, type BuildContext } from '../core/context.js';

/** Directories whose contents say nothing a transform needs, and can be huge (`bin` is read: Rust keeps `src/bin/*.rs` there). */
const NOT_DESCENDED = new Set(['.git', 'node_modules', 'vendor', 'target', 'dist', 'build', '.next', '__pycache__', '.venv', 'venv', 'obj']);
const MAX_DEPTH = 4;
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Returns a reader of the build context next to a Dockerfile: it lists the directory and reads
 * the files that some transform declared it reads (`reads`, gitignore-style patterns). Nothing
 * in the context is executed; sizes and depth are bounded.
 *
 * The reads are synchronous: a context is a handful of small local files, and the promise API
 * pays several thread-pool round trips per file (open, stat, read, close) for nothing, since
 * the pipeline has no other work to overlap with them. Over a folder of thousands of
 * repositories that was most of dfmod's run time.
 */
export function contextReader(reads: readonly string[]): (directory: string) => BuildContext {
  // Built once: compiling the patterns costs more than matching a whole context against them.
  const wanted = ignore().add([...reads]);
  return (directory) => {
    const files: string[] = [];
    const directories: string[] = [];
    walk(directory, '', 0, files, directories);
    files.sort();
    directories.sort();

    const contents = new Map<string, string>();
    for (const file of files) {
      if (!wanted.ignores(file)) continue;
      const text = readSmallFile(join(directory, file));
      if (text !== null) contents.set(file, text);
    }
    return { files, directories, contents };
  };
}

/**
 * The text of some context files the walk listed, read only when a migration needs them: the
 * source files a pipeline rule scans are many, and most Dockerfiles of a run are never migrated.
 */
export function readContextFiles(directory: string, files: readonly string[]): Map<string, string> {
  const contents = new Map<string, string>();
  for (const file of files) {
    const text = readSmallFile(join(directory, file));
    if (text !== null) contents.set(file, text);
  }
  return contents;
}

function readSmallFile(absolute: string): string | null {
  try {
    if (statSync(absolute).size > MAX_FILE_BYTES) return null;
    return decodeText(readFileSync(absolute));
  } catch {
    return null;
  }
}

/**
 * A file's text by its byte order mark, as pip and the other tools read it: Windows'
 * `pip freeze > requirements.txt` in PowerShell writes UTF-16 with a BOM, which read as UTF-8
 * names no package at all. No BOM means UTF-8; the mark itself is not part of the text.
 */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Depth first in name order, so that where CONTEXT_LISTING_BOUND cuts a huge tree never varies. */
function walk(root: string, relative: string, depth: number, files: string[], directories: string[]): void {
  if (depth > MAX_DEPTH || files.length + directories.length > CONTEXT_LISTING_BOUND) return;
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, relative), { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      directories.push(path);
      if (!NOT_DESCENDED.has(entry.name)) walk(root, path, depth + 1, files, directories);
    } else if (entry.isFile()) {
      files.push(path);
    }
  }
}
