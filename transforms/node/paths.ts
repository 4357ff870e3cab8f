/** Path arithmetic on image paths (always POSIX, always absolute after resolving). */

export function isInside(path: string, directory: string): boolean {
  return path === directory || path.startsWith(directory === '/' ? '/' : `${directory}/`);
}

/** How a COPY destination names `absolute` from the WORKDIR `directory`: `./x` inside it, the absolute path elsewhere or from `/`. */
export function destinationFrom(directory: string, absolute: string): string {
  if (absolute === directory) return './';
  if (directory !== '/' && isInside(absolute, directory)) return `./${absolute.slice(directory.length + 1)}`;
  return absolute;
}

/**
 * A path that package.json, a tsconfig or a build option names, relative to the project: `./`
 * in front and `/` behind dropped, `''` for the project itself, and an absolute path left
 * absolute (an `outDir` of `/srv/out`). COPY sources, which BuildKit reads against the context
 * root whatever their leading `/`, go through shared/placement.ts `contextSource` instead.
 */
export function projectPath(path: string): string {
  let clean = path;
  while (clean.startsWith('./')) clean = clean.slice(2);
  while (clean.length > 1 && clean.endsWith('/')) clean = clean.slice(0, -1);
  return clean === '.' ? '' : clean;
}

function wildcardSegment(pattern: string, segment: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === segment;
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (!segment.startsWith(first) || !segment.endsWith(last) || segment.length < first.length + last.length) return false;
  let position = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = segment.indexOf(part, position);
    if (found < 0 || found + part.length > segment.length - last.length) return false;
    position = found + part.length;
  }
  return true;
}

/**
 * Whether a workspace glob (`packages/*`, `apps/**`, `tools/cli`) names a directory: `*` stays
 * inside one path segment, `**` spans any number of them.
 */
export function matchesGlob(pattern: string, path: string): boolean {
  const patternParts = projectPath(pattern).split('/');
  const pathParts = projectPath(path).split('/');
  const match = (p: number, q: number): boolean => {
    if (p === patternParts.length) return q === pathParts.length;
    if (patternParts[p] === '**') return match(p + 1, q) || (q < pathParts.length && match(p, q + 1));
    return q < pathParts.length && wildcardSegment(patternParts[p]!, pathParts[q]!) && match(p + 1, q + 1);
  };
  return match(0, 0);
}
