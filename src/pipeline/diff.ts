import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';
import pc from 'picocolors';

const CONTEXT_LINES = 3;

/**
 * A unified diff from `before` (null: the file does not exist yet) to `after`, with
 * `a/<path>` / `b/<path>` names, or '' when nothing changes.
 *
 * The output is a traditional unified diff without a `diff --git` line on purpose: git reads
 * the names of a `diff --git` patch as relative to the top of the repository, so `git apply`
 * run in a subdirectory silently skips every file (exit 0). Without that line git applies the
 * names relative to the current directory, as the --patch contract needs, and still creates a
 * file whose old side is /dev/null. Lines keep their own endings (a CRLF line carries its
 * `\r`), which is what lets `git apply` give back CRLF bytes exactly.
 */
export function unifiedDiff(path: string, before: string | null, after: string): string {
  if (before === after) return '';
  const oldName = quotePath(`a/${path}`);
  const newName = quotePath(`b/${path}`);
  if (before === null && after === '') {
    // A hunk cannot create an empty file: only git's extended header can say it.
    return `diff --git ${oldName} ${newName}\nnew file mode 100644\n`;
  }
  const from = before === null ? '/dev/null' : oldName;
  const patch = structuredPatch(from, newName, before ?? '', after, undefined, undefined, {
    context: CONTEXT_LINES,
  });
  return `--- ${from}${nameEnd(from)}\n+++ ${newName}${nameEnd(newName)}\n${formatPatch(patch, OMIT_HEADERS)}`;
}

/** git and patch end a name that contains a space with a tab, so the space is not read as the end. */
function nameEnd(name: string): string {
  return name.includes(' ') ? '\t' : '';
}

const C_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

/**
 * git's C-style quoting, for the names it would otherwise misread (quotes, control characters).
 * Reports show paths this way too, so that a name with a newline or an escape sequence in it
 * stays on its one line and cannot repaint the terminal.
 */
export function quotePath(name: string): string {
  if (!/["\\\x00-\x1f\x7f]/.test(name)) return name;
  return `"${name.replace(/["\\\x00-\x1f\x7f]/g, cEscape)}"`;
}

/** `text` with its control characters written as C escapes: one line, nothing for a terminal to act on. */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, cEscape);
}

function cEscape(char: string): string {
  return C_ESCAPES[char] ?? `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`;
}

/**
 * Colours a diff for a terminal. Hunk bodies are tracked by their line counts, so a removed
 * line that starts with `--` is never mistaken for a file header.
 */
export function colorizeDiff(diff: string, color: boolean): string {
  if (!color) return diff;
  const colors = pc.createColors(true);
  let oldLeft = 0;
  let newLeft = 0;
  return diff
    .split('\n')
    .map((line) => {
      if (oldLeft > 0 || newLeft > 0) {
        if (line.startsWith('+')) {
          newLeft--;
          return colors.green(line);
        }
        if (line.startsWith('-')) {
          oldLeft--;
          return colors.red(line);
        }
        if (line.startsWith(' ')) {
          oldLeft--;
          newLeft--;
        }
        return line;
      }
      const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      if (hunk !== null) {
        oldLeft = Number(hunk[1] ?? 1);
        newLeft = Number(hunk[2] ?? 1);
        return colors.cyan(line);
      }
      if (line === '' || line.startsWith('\\')) return line;
      return colors.bold(line);
    })
    .join('\n');
}
