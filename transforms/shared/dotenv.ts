import { posix } from 'node:path';
import ignore from 'ignore';
import type { Instruction, ParsedDockerfile } from '../../src/core/dockerfile.js';
import { flagValue } from '../../src/core/dockerfile.js';
import { callArguments } from './call-arguments.js';

/**
 * `.env`, one rule for every stack: it never goes into an image. It holds a developer's
 * settings and often their secrets, and a pushed image gives it to everyone who can pull it.
 * The pure half of the rule lives here (which COPY takes it, which source line loads it); the
 * pipeline reads the files and applies it to every transform's plan.
 */
export const DOTENV_FILE = '.env';

/** How one library loads `.env`, as the line that does it is written. */
interface DotenvLoader {
  readonly library: string;
  /** The call or import, found on one line of code. */
  readonly pattern: RegExp;
  /** The call only counts when a string on its line names `.env` (it has no default file). */
  readonly needsLiteral?: boolean;
  /** The file must also mention this (a bare `dotenv()` is Rust's only after `use dotenv...`). */
  readonly fileMentions?: RegExp;
  /**
   * What stops the app when the file is missing, read from the load's line (`line`), the text
   * after the call (`rest`) and the few lines that follow it; null when the app goes on without it.
   */
  readonly stops?: (line: string, rest: string, following: readonly string[]) => string | null;
}

/** Lines after a load that its error handling is read from: an `if err != nil { ... }` block. */
const HANDLING_LINES = 4;

/** Go: the load's error checked and handled by ending the process (`if err := godotenv.Load(); err != nil { log.Fatal(err) }`). */
function goFatalOnError(line: string, _rest: string, following: readonly string[]): string | null {
  if (!/^(?:if\s+|err\s*:?=)/.test(line)) return null;
  const block = [line, ...following.slice(0, HANDLING_LINES)];
  const end = block.findIndex((text, index) => index > 0 && text === '}');
  const fatal = /\b(log\.(?:Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)|panic|os\.Exit|\w+\.Fatal(?:f|ln)?)\(/.exec((end < 0 ? block : block.slice(0, end)).join('\n'));
  return fatal ? fatal[1]! : null;
}

/** Rust: the load's result unwrapped (`dotenv().expect("...")`, `.unwrap()`, `?`). */
function rustUnwrapped(_line: string, rest: string): string | null {
  const unwrap = /^[^;]*?\.(expect|unwrap)\(/.exec(rest);
  if (unwrap) return unwrap[1]!;
  return /^\)?\s*\?/.test(rest) ? 'the ? operator' : null;
}

interface SourceLanguage {
  readonly extensions: readonly string[];
  /** How a whole-line comment starts, so that a commented-out load is not taken for one. */
  readonly comments: readonly string[];
  readonly loaders: readonly DotenvLoader[];
}

const JAVASCRIPT: SourceLanguage = {
  extensions: ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx'],
  comments: ['//', '/*', '*'],
  loaders: [
    { library: "require('dotenv').config()", pattern: /require\(\s*['"]dotenv['"]\s*\)\s*\.config\s*\(/ },
    { library: 'dotenv/config', pattern: /(?:import\s+|require\(\s*)['"]dotenv\/config['"]/ },
    { library: 'dotenv.config()', pattern: /\bdotenv\.config\s*\(/ },
    { library: "dotenv's config", pattern: /import\s*\{[^}]*\bconfig\b[^}]*\}\s*from\s*['"]dotenv['"]/ },
    // NestJS's ConfigModule reads `.env` from the working directory unless told otherwise.
    { library: 'ConfigModule.forRoot', pattern: /\bConfigModule\.forRoot\s*\(/ },
    // Vite's loadEnv, and SvelteKit's $env modules, which Vite fills from `.env` when it builds or serves.
    { library: "vite's loadEnv", pattern: /\bloadEnv\s*\(/ },
    { library: 'SvelteKit $env', pattern: /from\s+['"]\$env\/(?:static|dynamic)\/(?:private|public)['"]/ },
    // Node's own loader (20.12 and later) throws when the file is not there.
    { library: 'process.loadEnvFile', pattern: /\bprocess\.loadEnvFile\s*\(/, stops: () => 'process.loadEnvFile throws' },
  ],
};

const LANGUAGES: readonly SourceLanguage[] = [
  JAVASCRIPT,
  {
    extensions: ['.go'],
    comments: ['//', '/*', '*'],
    loaders: [
      { library: 'godotenv', pattern: /\bgodotenv\.(?:Load|Overload|Read)\s*\(/, stops: goFatalOnError },
      { library: 'godotenv/autoload', pattern: /"github\.com\/joho\/godotenv\/autoload"/ },
      { library: 'viper', pattern: /\.SetConfigFile\s*\(/, needsLiteral: true },
    ],
  },
  {
    extensions: ['.py'],
    comments: ['#'],
    loaders: [
      { library: 'load_dotenv', pattern: /\bload_dotenv\s*\(/ },
      { library: 'dotenv_values', pattern: /\bdotenv_values\s*\(/ },
      { library: 'env_file', pattern: /\benv_file\s*[=:]/, needsLiteral: true },
    ],
  },
  {
    extensions: ['.rs'],
    comments: ['//', '/*', '*'],
    loaders: [
      { library: 'dotenvy', pattern: /\bdotenvy::(?:dotenv|dotenv_override|from_filename|from_path)\s*\(/, stops: rustUnwrapped },
      { library: 'dotenv', pattern: /\bdotenv::(?:dotenv|from_filename|from_path)\s*\(/, stops: rustUnwrapped },
      { library: 'dotenvy', pattern: /(?:^|[^:\w])dotenv\s*\(\s*\)/, fileMentions: /\buse\s+dotenvy::/, stops: rustUnwrapped },
      { library: 'dotenv', pattern: /(?:^|[^:\w])dotenv\s*\(\s*\)/, fileMentions: /\buse\s+dotenv::/, stops: rustUnwrapped },
    ],
  },
  {
    extensions: ['.java', '.kt'],
    comments: ['//', '/*', '*'],
    // dotenv-java throws DotenvException for a missing file unless told ignoreIfMissing().
    loaders: [{ library: 'dotenv-java', pattern: /\bDotenv\.(?:load|configure)\s*\(/, stops: (line, _rest, following) => ([line, ...following.slice(0, HANDLING_LINES)].some((text) => text.includes('ignoreIfMissing')) ? null : 'DotenvException') }],
  },
  {
    extensions: ['.cs'],
    comments: ['//', '/*', '*'],
    loaders: [{ library: 'DotNetEnv', pattern: /\bEnv\.(?:Load|TraversePath\s*\(\s*\)\s*\.Load)\s*\(/, fileMentions: /\bDotNetEnv\b/ }],
  },
  {
    extensions: ['.rb'],
    comments: ['#'],
    loaders: [{ library: 'dotenv', pattern: /\bDotenv\.load\b|require\s*\(?\s*['"]dotenv\/load['"]/, stops: (_line, rest) => (rest.startsWith('!') ? 'Dotenv.load! raises' : null) }],
  },
  {
    extensions: ['.php'],
    comments: ['//', '#', '/*', '*'],
    // load() throws InvalidPathException for a missing file; safeLoad() does not.
    loaders: [{ library: 'phpdotenv', pattern: /\bDotenv::create(?:Unsafe)?(?:Immutable|Mutable)?\s*\(/, stops: (line, _rest, following) => ([line, ...following.slice(0, HANDLING_LINES)].some((text) => /->load\(\)/.test(text)) ? 'InvalidPathException' : null) }],
  },
];

/** Tests and their fixtures load `.env` for a developer's run, never in the container. */
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|testdata)\/|[._-](?:test|spec)\.[cm]?[jt]sx?$|_test\.go$|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/;

/**
 * Installed packages committed with the app (a virtualenv, even one named `.env`; node_modules; vendor/): their own
 * calls of dotenv are the library's, not the app's.
 */
const INSTALLED_PATH = /(?:^|\/)(?:site-packages|node_modules|vendor)\//;

/** The context files whose code may load `.env`: what the pipeline reads for this rule. */
export function isDotenvSource(path: string): boolean {
  return languageOf(path) !== undefined && !TEST_PATH.test(path) && !INSTALLED_PATH.test(path);
}

function languageOf(path: string): SourceLanguage | undefined {
  const extension = posix.extname(path);
  return LANGUAGES.find((language) => language.extensions.includes(extension));
}

/** A line of code that loads `.env`, for the warning that says where. */
export interface DotenvLoad {
  readonly file: string;
  /** One-based, as editors show it. */
  readonly line: number;
  readonly library: string;
  /** What ends the app when `.env` is missing (`log.Fatal`); absent when it starts without the file. */
  readonly stops?: string;
}

/** The lines of `text` (the context file `file`) that load the context's `.env`. */
export function dotenvLoads(file: string, text: string): DotenvLoad[] {
  const language = languageOf(file);
  if (!language || !/dotenv|env_file|SetConfigFile|ConfigModule|loadEnv|\$env\//i.test(text)) return [];
  const loads: DotenvLoad[] = [];
  const all = text.split(/\r?\n/);
  all.forEach((line, index) => {
    const code = line.trim();
    if (language.comments.some((start) => code.startsWith(start))) return;
    for (const loader of language.loaders) {
      const match = loader.pattern.exec(code);
      if (!match) continue;
      if (loader.fileMentions && !loader.fileMentions.test(text)) continue;
      const rest = code.slice(match.index + match[0].length);
      if (!loadsDotenvFile(match[0].endsWith('(') ? callArguments(rest) : rest, loader.needsLiteral === true)) continue;
      const stops = loader.stops?.(code, rest, all.slice(index + 1, index + 1 + HANDLING_LINES).map((text) => text.trim())) ?? null;
      loads.push({ file, line: index + 1, library: loader.library, ...(stops !== null ? { stops } : {}) });
      return;
    }
  });
  return loads;
}

/**
 * Whether the call (the text after its name) loads `.env` itself: without a path it does (every library's default), and a
 * path given as a string must end in `.env`. Strings that are no path (`encoding='utf-8'`) say
 * nothing about the file, but an empty name alone (`godotenv.Load("")`) opens no file at all.
 */
function loadsDotenvFile(call: string, needsLiteral: boolean): boolean {
  if (/^\s*(["'`])\1\s*$/.test(call)) return false;
  const paths = [...call.matchAll(/(["'`])((?:(?!\1).)*)\1/g)].map((match) => match[2]!).filter((value) => value.includes('/') || value.includes('.'));
  if (paths.length === 0) return !needsLiteral;
  return paths.some((path) => posix.basename(path) === DOTENV_FILE);
}

/** What the original Dockerfile's own COPY and ADD lines do with `.env`. */
export interface DotenvCopies {
  /** A COPY or ADD of the context root (`.`, `./`, `*`) took `.env` with the rest. */
  readonly wholeContext: boolean;
  /** Lines that copy `.env` by name or pattern: the user's choice, which dfmod leaves as it is. */
  readonly byName: readonly Instruction[];
}

export function dotenvCopies(dockerfile: ParsedDockerfile): DotenvCopies {
  let wholeContext = false;
  const byName: Instruction[] = [];
  for (const instruction of dockerfile.instructions) {
    if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || flagValue(instruction, 'from') !== undefined) continue;
    const sources = (instruction.json ?? instruction.args.filter((word) => !word.startsWith('--'))).slice(0, -1).map(contextRootPath);
    if (sources.some((source) => source === '' || source === '*')) wholeContext = true;
    else if (sources.some((source) => source === DOTENV_FILE || (/[*?[]/.test(source) && !source.includes('/') && ignore().add(source).ignores(DOTENV_FILE)))) byName.push(instruction);
  }
  return { wholeContext, byName };
}

function contextRootPath(source: string): string {
  const clean = posix.normalize(source).replace(/^\/+/, '').replace(/\/+$/, '');
  return clean === '.' ? '' : clean;
}

/**
 * A command that stops the container when `.env` is missing: Node's own `--env-file` (20.6 and
 * later) exits at start when the file is not there, unlike `--env-file-if-exists`.
 */
export function requiredDotenvFlag(dockerfile: ParsedDockerfile): Instruction | undefined {
  return dockerfile.instructions.find((instruction) => {
    if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') return false;
    const words = instruction.json ?? instruction.argsText.split(/\s+/);
    return words.some((word, index) => (word === '--env-file' && posix.basename(words[index + 1] ?? '') === DOTENV_FILE) || (word.startsWith('--env-file=') && posix.basename(word.slice('--env-file='.length)) === DOTENV_FILE));
  });
}
