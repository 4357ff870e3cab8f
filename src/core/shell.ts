/**
 * Just enough of the POSIX shell to read a RUN line: a list of simple commands joined by
 * `&&`, `||`, `;` or `|`, each with its output redirections as data. Anything richer
 * (subshells, `if`, loops, input redirections, here-documents and here-strings, process
 * substitution, a redirection whose target the shell would expand) returns null, and callers
 * then treat the RUN as opaque.
 */
export interface ShellCommand {
  /** The command as written, trimmed, its redirections included. */
  readonly text: string;
  /** Its words with quotes removed, without the redirections. */
  readonly words: readonly string[];
  /** The operator that joins it to the previous command. */
  readonly joinedBy: '&&' | '||' | ';' | '|' | null;
  /** Its output redirections, in the order written. */
  readonly redirects: readonly Redirect[];
}

/** `> file`, `2>> file`, `2>&1`: where one of the command's outputs goes. */
export interface Redirect {
  /** The descriptor redirected: 1 for `>`, 2 for `2>`. */
  readonly fd: number;
  /** The file written, quotes removed; null when the output joins another descriptor (`2>&1`). */
  readonly file: string | null;
  readonly append: boolean;
  /** As written (`> build/REVISION`), for lines rebuilt from words. */
  readonly text: string;
}

export interface SplitOptions {
  /**
   * Accept redirections into real files. Off by default: a caller that takes them on has to
   * place the files written (see `writtenFiles`), where `/dev/null` and `2>&1` change nothing.
   */
  readonly fileRedirects?: boolean;
}

/** The POSIX-style shells a command may hand a script to (`sh -c`, `bash start.sh`). */
export const SHELL_PROGRAMS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

const COMPOUND_WORDS = new Set(['if', 'then', 'else', 'fi', 'for', 'while', 'do', 'done', 'case', 'esac', '{', '}']);

/** Devices a redirection may name that are not files the image keeps. */
const DEVICES = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

/** What the shell would expand in a redirection's target, so the file it names is not known. */
const EXPANDING = /[$`*?[~{]/;

export function splitCommands(script: string, options: SplitOptions = {}): ShellCommand[] | null {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let redirects: Redirect[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  let wordStart = 0;
  let start = 0;
  let joinedBy: ShellCommand['joinedBy'] = null;
  /** A `>` read whose target is the next word. */
  let pending: { fd: number; append: boolean; at: number } | null = null;

  const begin = (at: number) => {
    if (!inWord) wordStart = at;
    inWord = true;
  };
  /** Ends the word before `at`; false when it was a redirection's target the reader refuses. */
  const endWord = (at: number): boolean => {
    if (inWord && pending !== null) {
      const file = word;
      if (EXPANDING.test(script.slice(wordStart, at)) || file === '') return false;
      if (!DEVICES.has(file) && options.fileRedirects !== true) return false;
      redirects.push({ fd: pending.fd, file, append: pending.append, text: script.slice(pending.at, at) });
      pending = null;
    } else if (inWord) words.push(word);
    word = '';
    inWord = false;
    quoted = false;
    return true;
  };
  const endCommand = (at: number, next: ShellCommand['joinedBy']): boolean => {
    if (!endWord(at) || pending !== null) return false;
    const text = script.slice(start, at).trim();
    if (words.length === 0) return false;
    if (COMPOUND_WORDS.has(words[0]!)) return false;
    commands.push({ text, words, joinedBy, redirects });
    words = [];
    redirects = [];
    joinedBy = next;
    return true;
  };
  /** Reads the redirection whose `>` is at `i`; returns the index of its last character, or -1 to refuse. */
  const redirection = (i: number): number => {
    if (pending !== null) return -1;
    let fd = 1;
    let at = i;
    if (inWord && !quoted && /^[0-9]$/.test(word)) {
      fd = Number(word);
      at = wordStart;
      word = '';
      inWord = false;
    } else if (!endWord(i)) return -1;
    let end = i;
    const append = script[end + 1] === '>';
    if (append) end++;
    const next = script[end + 1];
    // `>|` forces a clobber and `>(` is process substitution: neither is a plain write.
    if (next === '|' || next === '(') return -1;
    if (next === '&' && !append) {
      const target = /^[0-9]/.exec(script.slice(end + 2));
      const after = script[end + 3];
      if (target === null || (after !== undefined && !/[\s;&|]/.test(after))) return -1;
      redirects.push({ fd, file: null, append: false, text: script.slice(at, end + 3) });
      return end + 2;
    }
    pending = { fd, append, at };
    return end;
  };

  for (let i = 0; i < script.length; i++) {
    const char = script[i]!;
    if (char === "'") {
      const close = script.indexOf("'", i + 1);
      if (close < 0) return null;
      begin(i);
      quoted = true;
      word += script.slice(i + 1, close);
      i = close;
    } else if (char === '"') {
      begin(i);
      quoted = true;
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === '\\' && j + 1 < script.length) j++;
        word += script[j];
      }
      if (j >= script.length) return null;
      i = j;
    } else if (char === '\\') {
      begin(i);
      quoted = true;
      word += script[i + 1] ?? '';
      i++;
    } else if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      if (!endWord(i)) return null;
    } else if (char === '&' && script[i + 1] === '&') {
      if (!endCommand(i, '&&')) return null;
      i++;
      start = i + 1;
    } else if (char === '|' && script[i + 1] === '|') {
      if (!endCommand(i, '||')) return null;
      i++;
      start = i + 1;
    } else if (char === ';' || char === '|') {
      if (!endCommand(i, char)) return null;
      start = i + 1;
    } else if (char === '>') {
      const end = redirection(i);
      if (end < 0) return null;
      i = end;
    } else if (char === '(' || char === ')' || char === '`' || char === '<' || char === '&') {
      return null;
    } else if (char === '$' && script[i + 1] === '(') {
      return null;
    } else {
      begin(i);
      word += char;
    }
  }
  if (!endWord(script.length) || pending !== null) return null;
  if (words.length > 0) {
    if (COMPOUND_WORDS.has(words[0]!)) return null;
    commands.push({ text: script.slice(start).trim(), words, joinedBy, redirects });
  } else if (redirects.length > 0 || (commands.length > 0 && joinedBy !== null)) {
    return null;
  }
  return commands;
}

/** The files a command writes through its redirections; `/dev/null` and `2>&1` write none. */
export function writtenFiles(command: ShellCommand): string[] {
  return command.redirects.flatMap((redirect) => (redirect.file === null || DEVICES.has(redirect.file) ? [] : [redirect.file]));
}

/** A word as a shell reads it back: quoted when it holds anything but plain characters. */
export function shellWord(word: string): string {
  return /^[\w.,:=\/+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** Joins commands back into one `&&` chain, as a new RUN line's text. */
export function joinCommands(commands: readonly ShellCommand[]): string {
  return commands.map((command, index) => (index === 0 ? command.text : `${command.joinedBy ?? '&&'} ${command.text}`)).join(' ');
}

/** The words after leading `VAR=value` assignments and `env`, `sudo`. */
export function commandWords(command: ShellCommand): readonly string[] {
  let index = 0;
  const words = command.words;
  while (index < words.length) {
    const word = words[index]!;
    if (word === 'sudo' || word === 'env' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) index++;
    else break;
  }
  return words.slice(index);
}
