import { listingComplete, sentToBuilder, type BuildContext } from '../core/context.js';
import { copySources, type ParsedDockerfile } from '../core/dockerfile.js';
import { contextSource } from '../../transforms/shared/placement.js';

/**
 * A COPY or ADD of a file or directory the build context lacks (a `yarn.lock` or a
 * `requirements.txt` that was never committed), for every stack: the original cannot build
 * either, so there is nothing to migrate, and the reason names the line.
 */
export function missingCopySource(dockerfile: ParsedDockerfile, context: BuildContext): string | null {
  if (!listingComplete(context)) return null;
  const sent = sentToBuilder(context);
  for (const instruction of dockerfile.instructions) {
    if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.some((flag) => flag.name === 'from') || instruction.heredoc) continue;
    for (const source of copySources(instruction)) {
      const path = contextSource(source);
      if (path === '.' || path.startsWith('..') || /[*?[$]/.test(path) || /^[a-z]+:\/\//i.test(path) || path.split('/').length > 3) continue;
      if ((context.files.includes(path) && sent(path)) || context.directories.includes(path)) continue;
      // A directory the context reader does not descend (`dist`, `build`) lists no files: absence there proves nothing.
      const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : null;
      if (parent !== null && !context.files.some((file) => file.startsWith(`${parent}/`))) continue;
      return `line ${instruction.line + 1}: ${instruction.keyword} names ${path}, which the build context does not have, so the original cannot build either`;
    }
  }
  return null;
}
