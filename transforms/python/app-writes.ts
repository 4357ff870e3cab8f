import { posix } from 'node:path';
import type { BuildContext } from '../../src/core/context.js';
import { callArguments } from '../shared/call-arguments.js';
import { lastAssignment, type SettingPath } from './django.js';

/** Where a write of the app's own code lands, as far as its text says. */
export type WriteTarget = SettingPath | { readonly kind: 'cwd'; readonly path: string };

export interface AppWrite {
  readonly target: WriteTarget;
  readonly kind: 'file' | 'directory';
  /** The context file the call is in. */
  readonly file: string;
  /** `Util/LogHandler.py:37 (os.mkdir)`, for the report. */
  readonly site: string;
  /** The argument as written, for a target dfmod cannot resolve. */
  readonly expression: string;
}

/**
 * The calls that make a directory or open a file for writing, by the text before their parenthesis: `os.makedirs`, the
 * logging file handlers, `logging.basicConfig(filename=...)`, `open(path, "w")`, and pathlib's `LOG_DIR.mkdir()`.
 */
const CALL_HEAD = /(?<![\w.])(os\.makedirs|os\.mkdir|(?:logging\.(?:handlers\.)?)?(?:Timed)?(?:Rotating)?FileHandler|logging\.basicConfig|open|[A-Z_][A-Z0-9_]*\.mkdir)\(/g;

/** Tests, tooling and installed packages: nothing the running app writes from. */
const NOT_APP_CODE = /(?:^|\/)(?:tests?|testing|migrations|site-packages|node_modules|\.?venv|\.tox)\/|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest|setup|noxfile|fabfile)\.py$/;

/** Every write of the context's Python code (tests, migrations and vendored packages aside). */
export function appWrites(context: BuildContext): AppWrite[] {
  const writes: AppWrite[] = [];
  for (const [file, text] of context.contents) {
    if (!file.endsWith('.py') || NOT_APP_CODE.test(file) || !/mkdir|makedirs|FileHandler|basicConfig|open\(/.test(text)) continue;
    text.split(/\r?\n/).forEach((line, index) => {
      const code = line.trimStart().startsWith('#') ? '' : line;
      for (const match of code.matchAll(CALL_HEAD)) {
        const callee = match[1]!;
        const args = splitArguments(callArguments(code.slice(match.index + match[0].length)));
        const written = writtenArgument(callee, args);
        if (written === null) continue;
        const kind = /mkdir|makedirs/.test(callee) ? 'directory' : 'file';
        writes.push({ ...resolveWrite(written, kind, file, text), file, site: `${file}:${index + 1} (${callee})`, expression: written });
      }
    });
  }
  return writes;
}

/** The path argument of a writing call, or null when the call does not write (`open(path)` reads). */
function writtenArgument(callee: string, args: readonly string[]): string | null {
  const keyword = (name: string) => args.find((arg) => new RegExp(`^${name}\\s*=`).test(arg))?.replace(/^\w+\s*=\s*/, '');
  if (callee.endsWith('.mkdir') && !callee.startsWith('os.')) return callee.slice(0, -'.mkdir'.length);
  if (callee === 'logging.basicConfig') return keyword('filename') ?? null;
  if (callee === 'open') {
    const mode = keyword('mode') ?? args[1];
    return mode !== undefined && /^[rb]?['"][rbt+]*[wax]/.test(mode) && args[0] !== undefined && !args[0].includes('=') ? args[0] : null;
  }
  const first = args[0];
  if (first === undefined) return null;
  return first.startsWith('filename') ? keyword('filename') ?? null : first.includes('=') ? null : first;
}

const UNKNOWN = (expression: string): WriteTarget => ({ kind: 'unknown', expression });

/**
 * Where a write lands: its path, or for a file whose name the code computes inside a known directory
 * (`os.path.join(LOG_PATH, name + '.log')`), that directory, which is what the run user needs.
 */
function resolveWrite(expression: string, kind: 'file' | 'directory', file: string, text: string): { target: WriteTarget; kind: 'file' | 'directory' } {
  const target = resolvePath(expression, file, text, 0);
  if (target.kind !== 'unknown' || kind === 'directory') return { target, kind };
  const joined = assignedExpression(expression, text) ?? expression;
  const join = /^os\.path\.join\((.*)\)$/.exec(joined);
  const parts = join ? splitArguments(join[1]!) : joined.includes(' / ') ? joined.split(' / ') : [];
  if (parts.length < 2) return { target, kind };
  const directory = parts.slice(0, -1).map((part) => resolvePath(part, file, text, 1)).reduce((base, next) => joinTargets(base, next, joined));
  return directory.kind === 'unknown' ? { target, kind } : { target: directory, kind: 'directory' };
}

/** The expression a plain name was last assigned in the module, at any indentation (`file_name = os.path.join(...)`). */
function assignedExpression(name: string, text: string): string | undefined {
  if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
  return [...text.matchAll(new RegExp(`^\\s*${name}\\s*=\\s*(.+?)\\s*(?:#.*)?$`, 'gm'))].at(-1)?.[1];
}

/**
 * What a path expression names, for the forms apps build their data and log folders with: string literals, names the
 * module assigns, `os.path.join`/`dirname`/`abspath`, `os.pardir`, and pathlib's `Path(__file__).parent / "logs"`.
 * A path from `__file__` is the module's context path; a relative literal is the working directory's.
 */
function resolvePath(raw: string, file: string, text: string, depth: number): WriteTarget {
  const expression = raw.trim().replace(/^str\((.*)\)$/, '$1').trim();
  if (depth > 16) return UNKNOWN(expression);
  const literal = /^[rfb]?(['"])([^'"{}]*)\1$/.exec(expression);
  if (literal) return literal[2]!.startsWith('/') ? { kind: 'absolute', path: posix.normalize(literal[2]!) } : { kind: 'cwd', path: literal[2]! };
  if (expression === 'os.pardir') return { kind: 'cwd', path: '..' };
  if (/^(?:os\.path\.(?:abspath|realpath)\(\s*__file__\s*\)|__file__|Path\(\s*__file__\s*\)(?:\.resolve\(\))?)$/.test(expression)) return { kind: 'context', path: file };
  const parent = /^(.*)\.parent$/.exec(expression) ?? /^os\.path\.dirname\((.*)\)$/.exec(expression);
  if (parent) return dirnameOf(resolvePath(parent[1]!, file, text, depth + 1), expression);
  const wrapped = /^(?:os\.path\.(?:abspath|realpath|normpath)|Path)\((.*)\)$/.exec(expression) ?? /^(.*)\.resolve\(\)$/.exec(expression);
  if (wrapped) return resolvePath(wrapped[1]!, file, text, depth + 1);
  const join = /^os\.path\.join\((.*)\)$/.exec(expression);
  const parts = join ? splitArguments(join[1]!) : expression.includes(' / ') ? expression.split(' / ') : null;
  if (parts && parts.length > 1) return parts.map((part) => resolvePath(part, file, text, depth + 1)).reduce((base, next) => joinTargets(base, next, expression));
  if (/^[A-Za-z_]\w*$/.test(expression)) {
    const assigned = lastAssignment(text, expression);
    if (assigned !== null) return resolvePath(assigned, file, text, depth + 1);
  }
  return UNKNOWN(expression);
}

function dirnameOf(target: WriteTarget, expression: string): WriteTarget {
  if (target.kind === 'unknown') return UNKNOWN(expression);
  if (target.kind === 'cwd') return target.path === '.' || target.path === '' ? UNKNOWN(expression) : { kind: 'cwd', path: posix.dirname(target.path) };
  const directory = posix.dirname(target.path);
  return { ...target, path: directory === '.' ? '' : directory };
}

function joinTargets(base: WriteTarget, next: WriteTarget, expression: string): WriteTarget {
  if (base.kind === 'unknown' || next.kind === 'unknown') return UNKNOWN(expression);
  if (next.kind === 'absolute') return next;
  if (next.kind === 'context') return UNKNOWN(expression);
  const joined = posix.normalize(posix.join(base.path === '' ? '.' : base.path, next.path));
  if (base.kind === 'context') return joined === '..' || joined.startsWith('../') ? UNKNOWN(expression) : { kind: 'context', path: joined === '.' ? '' : joined };
  return { ...base, path: joined };
}

/** A call's top-level arguments. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}
