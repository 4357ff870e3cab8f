import { parse as parseTomlText } from 'smol-toml';
import type { BuildContext } from '../../src/core/context.js';

/** A Python version one of the project's files fixes, and the file that says so. */
export interface ProjectPython {
  /** `3.11` or `3.11.4`, as precise as the file is. */
  readonly version: string;
  readonly minor: number;
  readonly source: string;
}

/**
 * The Python version the project's own files fix, read in the order a reviewer trusts them:
 * the version files tools write (`.python-version`, `runtime.txt`), Pipfile's `[requires]`,
 * then pyproject's `requires-python` (or Poetry's `python` dependency) when its bounds leave
 * a single minor version. `>=3.10` fixes nothing, so it gives nothing.
 */
export function projectPython(context: BuildContext): ProjectPython | null {
  return fromVersionFile(context) ?? fromRuntimeTxt(context) ?? fromPipfile(context) ?? fromPyproject(context);
}

function exact(text: string, source: string): ProjectPython | null {
  const match = /^(?:cpython-|python-?)?(3)\.(\d+)(\.\d+)?$/.exec(text.trim());
  if (!match) return null;
  return { version: `3.${match[2]}${match[3] ?? ''}`, minor: Number(match[2]), source };
}

function fromVersionFile(context: BuildContext): ProjectPython | null {
  const text = context.contents.get('.python-version');
  if (text === undefined) return null;
  // pyenv and uv accept several versions, one a line; the first is the one in use.
  const first = text.split(/\r?\n/).map((line) => line.replace(/#.*$/, '').trim()).find((line) => line !== '');
  return first === undefined ? null : exact(first, '.python-version');
}

function fromRuntimeTxt(context: BuildContext): ProjectPython | null {
  const text = context.contents.get('runtime.txt');
  return text === undefined ? null : exact(text.split(/\r?\n/)[0] ?? '', 'runtime.txt');
}

function toml(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined || text.trim() === '') return null;
  try {
    return parseTomlText(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function table(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function fromPipfile(context: BuildContext): ProjectPython | null {
  const requires = table(toml(context.contents.get('Pipfile'))?.requires);
  for (const key of ['python_full_version', 'python_version']) {
    const value = requires?.[key];
    if (typeof value === 'string') return exact(value, `Pipfile (${key})`);
  }
  return null;
}

function fromPyproject(context: BuildContext): ProjectPython | null {
  const pyproject = toml(context.contents.get('pyproject.toml'));
  const requires = table(pyproject?.project)?.['requires-python'];
  if (typeof requires === 'string') {
    const minor = fixedMinor(requires);
    return minor === null ? null : { version: `3.${minor}`, minor, source: `pyproject.toml (requires-python = "${requires}")` };
  }
  const poetryPython = table(table(table(pyproject?.tool)?.poetry)?.dependencies)?.python;
  if (typeof poetryPython === 'string') {
    const minor = fixedMinor(poetryConstraint(poetryPython));
    return minor === null ? null : { version: `3.${minor}`, minor, source: `pyproject.toml (tool.poetry.dependencies.python = "${poetryPython}")` };
  }
  return null;
}

/** Poetry's own forms as PEP 440: `~3.11` is `>=3.11,<3.12`; a bare `3.11.*` is `==3.11.*`; `^` never fixes a minor. */
function poetryConstraint(text: string): string {
  return text
    .split(',')
    .map((clause) => clause.trim())
    .map((clause) => {
      const tilde = /^~(3)\.(\d+)(\.\d+)?$/.exec(clause);
      if (tilde) return `>=3.${tilde[2]}${tilde[3] ?? ''},<3.${Number(tilde[2]) + 1}`;
      if (/^\d/.test(clause)) return `==${clause}`;
      return clause;
    })
    .join(',');
}

/**
 * The one minor version a PEP 440 specifier set allows, or null when it allows several (or
 * says nothing of Python 3): `==3.11.*`, `~=3.11.2` and `>=3.11,<3.12` fix 3.11.
 */
export function fixedMinor(specifiers: string): number | null {
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  for (const clause of specifiers.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^(===|==|~=|>=|<=|>|<|!=)\s*(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?/.exec(clause);
    if (!match) return null;
    const [, operator, majorText, minorText, patchText] = match;
    const major = Number(majorText);
    const minor = minorText === undefined || minorText === '*' ? null : Number(minorText);
    const patch = patchText === undefined || patchText === '*' ? null : Number(patchText);
    if (operator === '!=') continue;
    if (major !== 3) {
      if ((operator === '<' || operator === '<=') && major > 3) continue;
      if ((operator === '>=' || operator === '>') && major < 3) continue;
      return null;
    }
    switch (operator) {
      case '==':
      case '===':
        if (minor === null) return null;
        low = Math.max(low, minor);
        high = Math.min(high, minor);
        break;
      case '~=':
        if (minor === null) return null;
        low = Math.max(low, minor);
        if (patch !== null) high = Math.min(high, minor);
        break;
      case '>=':
      case '>':
        low = Math.max(low, minor ?? 0);
        break;
      case '<':
        if (minor === null) return null;
        high = Math.min(high, patch !== null && patch > 0 ? minor : minor - 1);
        break;
      case '<=':
        if (minor === null) return null;
        high = Math.min(high, minor);
        break;
    }
  }
  return low === high ? low : null;
}

/**
 * The oldest Python minor the project accepts: the version file's, or the lower bound of
 * pyproject's `requires-python` (`>=3.14`, `~=3.13`), for comparing with the base image's.
 */
export function minimumPython(context: BuildContext): ProjectPython | null {
  const fixed = fromVersionFile(context);
  if (fixed) return fixed;
  const requires = table(toml(context.contents.get('pyproject.toml'))?.project)?.['requires-python'];
  if (typeof requires !== 'string') return null;
  const bounds = requires.split(',').flatMap((clause) => {
    const match = /^\s*(>=|~=|==|>)\s*3\.(\d+)/.exec(clause);
    return match ? [Number(match[2])] : [];
  });
  if (bounds.length === 0) return null;
  const minor = Math.max(...bounds);
  return { version: `3.${minor}`, minor, source: `pyproject.toml (requires-python = "${requires}")` };
}
