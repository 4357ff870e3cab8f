import { posix } from 'node:path';
import type { BuildContext } from '../../src/core/context.js';

/**
 * What the Go code says about files at run time, read from its calls with literal arguments:
 * the paths it opens (templates, static folders, config files), the paths it writes, the
 * `.env` it loads, and the calls whose path dfmod cannot read. Paths are as written in the code,
 * relative to the process's working directory unless absolute. `//go:embed` patterns are
 * compiled into the binary, so what they match is never needed beside it.
 */
export interface OpenedFiles {
  readonly opened: readonly OpenedPath[];
  readonly written: readonly OpenedPath[];
  /** Where a dotenv loader reads `.env` (or the files it names). */
  readonly dotenv: readonly OpenedPath[];
  /** Calls that open a path given by a variable or an expression. */
  readonly unreadable: readonly string[];
  /** Context paths (files or directories) that `//go:embed` puts into the binary. */
  readonly embedded: readonly string[];
  /** Ports the code listens on, from literal addresses (`http.ListenAndServe(":80", nil)`). */
  readonly listens: readonly ListenedPort[];
}

export interface ListenedPort {
  readonly port: string;
  readonly site: string;
}

export interface OpenedPath {
  readonly path: string;
  /** For a written path: the code creates a directory there (`os.MkdirAll`), not a file. */
  readonly directory?: boolean;
  /** A glob (`templates/*.html`): what matters is the directory before its first wildcard. */
  readonly glob: boolean;
  /** Only the files the glob matches are read (viper's `<path>/<name>.<ext>`), not its whole folder. */
  readonly filesOnly?: boolean;
  /** `main.go:12 (template.ParseFiles)`, for the report. */
  readonly site: string;
}

type Argument = { readonly literal: string } | { readonly expression: string };

/**
 * The calls that open files, by the text before their parenthesis, with which arguments are
 * paths. A receiver-less name (`.Static(`) matches any value's method: gin's engine and groups,
 * echo's, fiber's.
 */
interface Opener {
  readonly call: RegExp;
  readonly paths: 'first' | 'second' | 'third' | 'all';
  readonly sqlite?: boolean;
  readonly glob?: boolean;
  readonly writes?: boolean;
  readonly dotenv?: boolean;
  readonly config?: 'path' | 'file';
  /** A method name common to many types counts only in a file that imports this library. */
  readonly imports?: RegExp;
}

/** gofpdf and its forks, whose documents read their images and fonts and write their output at run time. */
const GOFPDF = /"github\.com\/(?:jung-kurt\/gofpdf|go-pdf\/fpdf|phpdave11\/gofpdf)"/;
const GOPDF = /"github\.com\/signintech\/gopdf"/;

const OPENERS: readonly Opener[] = [
  { call: /\.ParseFiles$/, paths: 'all' },
  { call: /\.ParseGlob$/, paths: 'first', glob: true },
  { call: /\.LoadHTMLGlob$/, paths: 'first', glob: true },
  { call: /\.LoadHTMLFiles$/, paths: 'all' },
  { call: /\b(?:os|ioutil)\.(?:ReadFile|Open|OpenFile|ReadDir|DirFS)$/, paths: 'first' },
  { call: /\bfilepath\.Glob$/, paths: 'first', glob: true },
  { call: /\bfilepath\.(?:Walk|WalkDir)$/, paths: 'first' },
  { call: /\b(?:http|gin)\.Dir$/, paths: 'first' },
  { call: /\bhttp\.ServeFile$/, paths: 'third' },
  // database/sql with a SQLite driver, and gorm's SQLite dialector: the database file is read and written.
  { call: /\bsql\.Open$/, paths: 'second', sqlite: true },
  { call: /\bsqlite\.Open$/, paths: 'first', sqlite: true },
  { call: /\.(?:Static|StaticFile)$/, paths: 'second' },
  { call: /\.AddConfigPath$/, paths: 'first', config: 'path' },
  { call: /\.SetConfigFile$/, paths: 'first', config: 'file' },
  { call: /\b(?:os|ioutil)\.(?:WriteFile|Create|Mkdir|MkdirAll)$/, paths: 'first', writes: true },
  // An upload saved where the handler says: gin's context, and fiber's.
  { call: /\.SaveUploadedFile$/, paths: 'second', writes: true },
  { call: /\.SaveFile$/, paths: 'second', writes: true, imports: /"github\.com\/gofiber\/fiber/ },
  { call: /\bgodotenv\.(?:Load|Overload|Read)$/, paths: 'all', dotenv: true },
  { call: /\.(?:Image|ImageOptions|RegisterImage|RegisterImageOptions)$/, paths: 'first', imports: GOFPDF },
  { call: /\.AddUTF8Font$/, paths: 'third', imports: GOFPDF },
  { call: /\.OutputFileAndClose$/, paths: 'first', writes: true, imports: GOFPDF },
  { call: /\.Image$/, paths: 'first', imports: GOPDF },
  { call: /\.AddTTFFont$/, paths: 'second', imports: GOPDF },
  { call: /\.WritePdf$/, paths: 'first', writes: true, imports: GOPDF },
];

/**
 * The calls that listen on an address, by the text before their parenthesis, with where the
 * address is: net/http's, and the Run/Listen/Start of gin, fiber and echo engines.
 */
const LISTENERS: readonly { readonly call: RegExp; readonly address: 'first' | 'second' }[] = [
  { call: /\bhttp\.(?:ListenAndServe|ListenAndServeTLS)$/, address: 'first' },
  { call: /\bnet\.Listen$/, address: 'second' },
  { call: /\.(?:Run|RunTLS|Listen|ListenTLS|Start|StartTLS)$/, address: 'first' },
];
/** `:80`, `0.0.0.0:80`, `localhost:8080`, `[::]:443`: a listen address and its port. */
const LISTEN_ADDRESS = /^(?:[\w.-]*|\[[\da-fA-F:]*\]):(\d{1,5})$/;

const POSITION = { first: 0, second: 1, third: 2 } as const;

/**
 * Frameworks that work in the process's working directory by convention, by the import that brings them in: the
 * folders they read, and the ones they write (uAdmin creates uadmin.db, its .key and .salt and media/ beside the
 * binary, and fills static/ and templates/ when they are missing).
 */
const FRAMEWORKS: readonly { readonly name: string; readonly imports: RegExp; readonly reads: readonly string[]; readonly writes: readonly string[] }[] = [
  { name: 'uadmin', imports: /"github\.com\/uadmin\/uadmin"/, reads: ['static', 'templates'], writes: ['.', 'static', 'templates'] },
  { name: 'beego', imports: /"github\.com\/(?:astaxie\/beego|beego\/beego\/v2\/server\/web)"/, reads: ['conf', 'views', 'static'], writes: [] },
];

/** Reads every Go file of the context (tests and vendored code aside). */
export function openedFiles(context: BuildContext): OpenedFiles {
  const opened: OpenedPath[] = [];
  const written: OpenedPath[] = [];
  const dotenv: OpenedPath[] = [];
  const unreadable: string[] = [];
  const embedded: string[] = [];
  const listens: ListenedPort[] = [];
  for (const [file, text] of [...context.contents.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!file.endsWith('.go') || file.endsWith('_test.go') || file.startsWith('vendor/')) continue;
    const directory = posix.dirname(file);
    for (const match of text.matchAll(/^\s*\/\/go:embed\s+(.+)$/gm)) {
      for (const pattern of match[1]!.trim().split(/\s+/)) {
        const clean = pattern.replace(/^"|"$/g, '').replace(/^all:/, '');
        embedded.push(posix.normalize(posix.join(directory, clean.replace(/\/?[^/]*[*?[].*$/, ''))));
      }
    }
    const code = withoutComments(text);
    for (const framework of FRAMEWORKS) {
      if (!framework.imports.test(code)) continue;
      const site = `${file} (${framework.name})`;
      for (const path of framework.reads) if (!opened.some((open) => open.path === path)) opened.push({ path, glob: false, site });
      for (const path of framework.writes) if (!written.some((write) => write.path === path)) written.push({ path, glob: false, site, directory: true });
    }
    const constants = stringConstants(code);
    const configNames = [...code.matchAll(/\.SetConfigName\(\s*"([^"]+)"\s*\)/g)].map((match) => match[1]!);
    // `http.Server{Addr: ":80"}` listens where its ListenAndServe is called.
    for (const field of code.matchAll(/\bAddr\s*:\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`|[A-Za-z_]\w*)/g)) {
      const value = literalOf(field[1]!);
      const address = 'literal' in value ? value.literal : constants.get(value.expression);
      const port = address === undefined ? undefined : LISTEN_ADDRESS.exec(address)?.[1];
      if (port !== undefined) listens.push({ port, site: `${file}:${lineAt(code, field.index)} (Addr)` });
    }
    for (const call of code.matchAll(/(\.?[A-Za-z_][\w.]*)\(/g)) {
      const callee = call[1]!;
      const opener = OPENERS.find((candidate) => candidate.call.test(callee) && (candidate.imports === undefined || candidate.imports.test(code)));
      const listener = LISTENERS.find((candidate) => candidate.call.test(callee));
      if (!opener && !listener) continue;
      const raw = argumentsAt(code, call.index + call[0].length);
      if (raw === null) continue;
      const args = raw.map((arg) => ('expression' in arg && constants.has(arg.expression) ? { literal: constants.get(arg.expression)! } : arg));
      const site = `${file}:${lineAt(code, call.index)} (${callee.replace(/^.*?([\w]+\.[\w]+)$/, '$1')})`;
      if (listener) {
        const address = args[POSITION[listener.address]];
        const port = address !== undefined && 'literal' in address ? LISTEN_ADDRESS.exec(address.literal)?.[1] : undefined;
        if (port !== undefined) listens.push({ port, site });
        continue;
      }
      if (!opener) continue;
      const wanted = opener.paths === 'all' ? args : args.slice(POSITION[opener.paths], POSITION[opener.paths] + 1);
      if (opener.sqlite) {
        const driver = args[0];
        const isSqlite = callee.endsWith('sqlite.Open') || (driver !== undefined && 'literal' in driver && /sqlite/.test(driver.literal));
        const database = wanted[0];
        if (isSqlite && database && 'literal' in database) {
          const path = database.literal.replace(/^file:/, '').replace(/\?.*$/, '');
          if (path !== '' && path !== ':memory:') {
            opened.push({ path, glob: false, site });
            written.push({ path, glob: false, site });
          }
        }
        continue;
      }
      if (opener.dotenv) {
        const names = wanted.length === 0 ? [{ literal: '.env' }] : wanted;
        // An empty name (`godotenv.Load("")`) opens no file, so it loads nothing.
        for (const arg of names) if (!('literal' in arg && arg.literal === '')) dotenv.push({ path: 'literal' in arg ? arg.literal : arg.expression, glob: false, site });
        continue;
      }
      for (const arg of wanted) {
        const folder = opener.writes && !('literal' in arg) ? literalFolder(arg.expression) : null;
        if (folder !== null) {
          written.push({ path: folder, glob: false, site, directory: true });
          continue;
        }
        if (!('literal' in arg)) {
          // A path built by another opener (`http.FileServer(http.Dir("static"))`) is read there.
          if (!/^(?:http|gin)\.Dir\(/.test(arg.expression)) unreadable.push(`${site}: ${arg.expression}`);
          continue;
        }
        if (opener.writes) {
          written.push({ path: arg.literal, glob: false, site, directory: /Mkdir/.test(callee) });
        } else if (opener.config === 'path') {
          for (const name of configNames.length > 0 ? configNames : ['config']) opened.push({ path: posix.join(arg.literal, `${name}.*`), glob: true, filesOnly: true, site });
        } else {
          opened.push({ path: arg.literal, glob: opener.glob === true || /[*?[]/.test(arg.literal), site });
        }
      }
    }
  }
  return { opened, written, dotenv, unreadable, embedded: [...new Set(embedded)], listens };
}

/**
 * Names a file gives one string value and no other (`const store = ".todos.json"`,
 * `dbPath := "./data/app.db"`), so a call that passes the name passes that path.
 */
function stringConstants(code: string): Map<string, string> {
  const values = new Map<string, string | null>();
  for (const match of code.matchAll(/(?:^|[\s(;])([A-Za-z_]\w*)\s*(?::=|=)\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*(?=$|[\n;)])/gm)) {
    const name = match[1]!;
    const value = literalOf(match[2]!);
    const text = 'literal' in value ? value.literal : null;
    values.set(name, values.has(name) && values.get(name) !== text ? null : text);
  }
  // A name assigned anything else as well (`path = os.Getenv(...)`) is not a constant.
  for (const match of code.matchAll(/(?:^|[\s(;])([A-Za-z_]\w*)\s*(?::=|=)\s*[^"`\s]/gm)) if (values.has(match[1]!)) values.set(match[1]!, null);
  return new Map([...values].filter((entry): entry is [string, string] => entry[1] !== null));
}

/** Go source with comments blanked out (strings kept, offsets and lines unchanged). */
function withoutComments(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '"' || char === '`' || char === "'") {
      const end = stringEnd(text, index);
      out += text.slice(index, end);
      index = end - 1;
    } else if (text.startsWith('//', index)) {
      const end = text.indexOf('\n', index);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - index);
      index = stop - 1;
    } else if (text.startsWith('/*', index)) {
      const end = text.indexOf('*/', index + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(index, stop).replace(/[^\n]/g, ' ');
      index = stop - 1;
    } else {
      out += char;
    }
  }
  return out;
}

/** The offset just past the Go string or rune literal opening at `start`. */
function stringEnd(text: string, start: number): number {
  const quote = text[start]!;
  for (let index = start + 1; index < text.length; index++) {
    if (quote !== '`' && text[index] === '\\') index++;
    else if (text[index] === quote) return index + 1;
    else if (quote !== '`' && text[index] === '\n') return index;
  }
  return text.length;
}

/** The arguments of the call whose list opens just before `start`, or null when it does not close. */
function argumentsAt(code: string, start: number): Argument[] | null {
  const args: Argument[] = [];
  let depth = 0;
  let from = start;
  const push = (end: number) => {
    const text = code.slice(from, end).trim();
    if (text !== '') args.push(literalOf(text));
  };
  for (let index = start; index < code.length; index++) {
    const char = code[index]!;
    if (char === '"' || char === '`' || char === "'") {
      index = stringEnd(code, index) - 1;
    } else if (char === '(' || char === '[' || char === '{') {
      depth++;
    } else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) {
        push(index);
        return args;
      }
      depth--;
    } else if (char === ',' && depth === 0) {
      push(index);
      from = index + 1;
    }
  }
  return null;
}

function literalOf(text: string): Argument {
  if (/^`[^`]*`$/.test(text)) return { literal: text.slice(1, -1) };
  if (/^"(?:[^"\\\n]|\\.)*"$/.test(text)) {
    try {
      return { literal: JSON.parse(text) as string };
    } catch {
      return { expression: text };
    }
  }
  return { expression: text };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (text[index] === '\n') line++;
  return line;
}

/**
 * The folder a computed file path starts with, where the code names it literally: `"./uploads/" + file.Filename`,
 * `filepath.Join("uploads", name)`, `fmt.Sprintf("uploads/%s", name)`. The file's name is the run's; its folder is the
 * place the run user needs.
 */
function literalFolder(expression: string): string | null {
  const prefix = /^"([^"%]*\/)[^"%]*"\s*\+/.exec(expression) ?? /^fmt\.Sprintf\(\s*"([^"%]*\/)[^"]*%[^"]*"/.exec(expression);
  const joined = /^(?:filepath|path)\.Join\(\s*"([^"]+)"\s*,/.exec(expression);
  const folder = prefix?.[1] ?? joined?.[1];
  if (folder === undefined) return null;
  const clean = posix.normalize(folder).replace(/\/+$/, '');
  return clean === '.' || clean === '' ? null : clean;
}
