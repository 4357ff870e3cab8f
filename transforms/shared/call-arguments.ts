/**
 * A call's arguments as written: the text after its opening parenthesis up to the one that closes it, past quoted
 * strings and nested calls, lists and indexes (the whole text when the call goes on past it).
 */
export function callArguments(rest: string): string {
  let depth = 0;
  let quote: string | null = null;
  for (let index = 0; index < rest.length; index++) {
    const char = rest[index]!;
    if (quote !== null) {
      if (char === '\\') index++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '(' || char === '[') depth++;
    else if ((char === ')' || char === ']') && depth-- === 0) return rest.slice(0, index);
  }
  return rest;
}
