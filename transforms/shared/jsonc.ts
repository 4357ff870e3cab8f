import { parse, type ParseError } from 'jsonc-parser';

/**
 * Reads a JSON-with-comments file (tsconfig.json, devcontainer.json, launchSettings.json):
 * comments and trailing commas allowed, as their tools allow them. A file with any syntax
 * error gives undefined, so that a caller never acts on half of a document.
 */
export function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  return errors.length === 0 ? value : undefined;
}
