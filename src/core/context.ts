import ignore from 'ignore';
/**
 * The build context next to a Dockerfile, as transforms see it: which files exist and the text
 * of the few that transforms declared they read. Transforms never touch the disk themselves.
 */
export interface BuildContext {
  /** Relative, forward-slash paths of the files found in the context directory, sorted. */
  readonly files: readonly string[];
  /** Relative paths of directories found, sorted (`vendor`, `cmd/server`, ...). */
  readonly directories: readonly string[];
  /** Text of the files that matched a transform's `reads` patterns. */
  readonly contents: ReadonlyMap<string, string>;
}

/**
 * How many files and directories the context reader lists at most. A listing that reached it
 * may be cut short, so the absence of a path from it proves nothing.
 */
export const CONTEXT_LISTING_BOUND = 5_000;

/** Whether the listing is whole, so that a path missing from it is missing from the context. */
export function listingComplete(context: BuildContext): boolean {
  return context.files.length + context.directories.length < CONTEXT_LISTING_BOUND;
}

export function hasDirectory(context: BuildContext, path: string): boolean {
  return context.directories.includes(path);
}

export function readText(context: BuildContext, path: string): string | undefined {
  return context.contents.get(path);
}

/** Whether the .dockerignore beside the Dockerfile lets a context path reach the builder. */
export function sentToBuilder(context: BuildContext): (path: string) => boolean {
  const ignored = ignore().add(readText(context, '.dockerignore') ?? '');
  return (path) => !ignored.ignores(path);
}

/** Parses a JSON file of the context; a missing or broken file gives undefined. */
export function readJson(context: BuildContext, path: string): unknown {
  const text = context.contents.get(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
