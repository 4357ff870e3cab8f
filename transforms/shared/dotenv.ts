import { posix } from 'node:path';
import ignore from 'ignore';
import type { Instruction, ParsedDockerfile } from '../../src/core/dockerfile.js';
import { flagValue } from '../../src/core/dockerfile.js';

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
  ],
};

const LANGUAGES: readonly SourceLanguage[] = [
  JAVASCRIPT,
  {
    extensions: ['.go'],
    comments: ['//', '/*', '*'],
    loaders: [
      { library: 'godotenv', pattern: /\bgodotenv\.(?:Load|Overload|Read)\s*\(/ },
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
      { library: 'dotenvy', pattern: /\bdotenvy::(?:dotenv|dotenv_override|from_filename|from_path)\s*\(/ },
      { library: 'dotenv', pattern: /\bdotenv::(?:dotenv|from_filename|from_path)\s*\(/ },
      { library: 'dotenvy', pattern: /(?:^|[^:\w])dotenv\s*\(\s*\)/, fileMentions: /\buse\s+dotenvy::/ },
      { library: 'dotenv', pattern: /(?:^|[^:\w])dotenv\s*\(\s*\)/, fileMentions: /\buse\s+dotenv::/ },
    ],
  },
  {
    extensions: ['.java', '.kt'],
    comments: ['//', '/*', '*'],
    loaders: [{ library: 'dotenv-java', pattern: /\bDotenv\.(?:load|configure)\s*\(/ }],
  },
  {
    extensions: ['.cs'],
    comments: ['//', '/*', '*'],
    loaders: [{ library: 'DotNetEnv', pattern: /\bEnv\.(?:Load|TraversePath\s*\(\s*\)\s*\.Load)\s*\(/, fileMentions: /\bDotNetEnv\b/ }],
  },
  {
    extensions: ['.rb'],
    comments: ['#'],
    loaders: [{ library: 'dotenv', pattern: /\bDotenv\.load\b|require\s*\(?\s*['"]dotenv\/load['"]/ }],
  },
  {
    extensions: ['.php'],
    comments: ['//', '#', '/*', '*'],
    loaders: [{ library: 'phpdotenv', pattern: /\bDotenv::create(?:Unsafe)?(?:Immutable|Mutable)?\s*\(/ }],
  },
];

/** Tests and their fixtures load `.env` for a developer's run, never in the container. */
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|testdata)\/|[._-](?:test|spec)\.[cm]?[jt]sx?$|_test\.go$|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/;

/** The context files whose code may load `.env`: what the pipeline reads for this rule. */
export function isDotenvSource(path: string): boolean {
  return languageOf(path) !== undefined && !TEST_PATH.test(path);
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
}

/** The lines of `text` (the context file `file`) that load the context's `.env`. */
export function dotenvLoads(file: string, text: string): DotenvLoad[] {
  const language = languageOf(file);
  if (!language || !/dotenv|env_file|SetConfigFile|ConfigModule|loadEnv|\$env\//i.test(text)) return [];
  const loads: DotenvLoad[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const code = line.trim();
    if (language.comments.some((start) => code.startsWith(start))) return;
    for (const loader of language.loaders) {
      const match = loader.pattern.exec(code);
      if (!match) continue;
      if (loader.fileMentions && !loader.fileMentions.test(text)) continue;
      if (!loadsDotenvFile(code.slice(match.index + match[0].length), loader.needsLiteral === true)) continue;
      loads.push({ file, line: index + 1, library: loader.library });
      return;
    }
  });
  return loads;
}

/**
 * Whether the call (the text after its name) loads `.env` itself: without a path it does (every library's default), and a
 * path given as a string must end in `.env`. Strings that are no path (`encoding='utf-8'`) say
 * nothing about the file.
 */
function loadsDotenvFile(call: string, needsLiteral: boolean): boolean {
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
