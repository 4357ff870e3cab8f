/**
 * Just enough of the POSIX shell to read a RUN line: a list of simple commands joined by
 * `&&`, `||`, `;` or `|`. Anything richer (subshells, `if`, loops, redirections into files,
 * here-documents) returns null, and callers then treat the RUN as opaque.
 */
export interface ShellCommand {
  /** The command as written, trimmed. */
  readonly text: string;
  /** Its words with quotes removed. */
  readonly words: readonly string[];
  /** The operator that joins it to the previous command. */
  readonly joinedBy: '&&' | '||' | ';' | '|' | null;
}

const COMPOUND_WORDS = new Set(['if', 'then', 'else', 'fi', 'for', 'while', 'do', 'done', 'case', 'esac', '{', '}']);

export function splitCommands(script: string): ShellCommand[] | null {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let start = 0;
  let joinedBy: ShellCommand['joinedBy'] = null;

  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (at: number, next: ShellCommand['joinedBy']): boolean => {
    endWord();
    const text = script.slice(start, at).trim();
    if (words.length === 0) return false;
    if (COMPOUND_WORDS.has(words[0]!)) return false;
    commands.push({ text, words, joinedBy });
    words = [];
    joinedBy = next;
    return true;
  };

  for (let i = 0; i < script.length; i++) {
    const char = script[i]!;
    if (char === "'") {
      const close = script.indexOf("'", i + 1);
      if (close < 0) return null;
      word += script.slice(i + 1, close);
      inWord = true;
      i = close;
    } else if (char === '"') {
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === '\\' && j + 1 < script.length) j++;
        word += script[j];
      }
      if (j >= script.length) return null;
      inWord = true;
      i = j;
    } else if (char === '\\') {
      word += script[i + 1] ?? '';
      inWord = true;
      i++;
    } else if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      endWord();
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
    } else if (char === '(' || char === ')' || char === '`' || char === '<' || char === '>' || char === '&') {
      return null;
    } else if (char === '$' && script[i + 1] === '(') {
      return null;
    } else {
      word += char;
      inWord = true;
    }
  }
  endWord();
  if (words.length > 0) {
    if (COMPOUND_WORDS.has(words[0]!)) return null;
    commands.push({ text: script.slice(start).trim(), words, joinedBy });
  } else if (commands.length > 0 && joinedBy !== null) {
    return null;
  }
  return commands;
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
