import { posix } from 'node:path';
import { serviceName, type ComposeService } from '../core/compose.js';

export type ComposeContext =
  | { readonly kind: 'context'; readonly context: string }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * The build context the compose services that build this Dockerfile give it, relative to the
 * repository root: the Dockerfile's own folder when no service says otherwise. A service with
 * `context: .` and `dockerfile: ./server/Dockerfile` builds from the root, which is where the
 * Dockerfile's COPY sources are; services that give it different contexts leave dfmod unable
 * to say which one the file is written for.
 */
export function composeContext(services: readonly ComposeService[], dockerfile: string): ComposeContext {
  const contexts = [...new Set(services.map((service) => service.context))];
  if (contexts.length <= 1) return { kind: 'context', context: contexts[0] ?? posix.dirname(dockerfile) };
  const named = contexts.map((context) => `${services.filter((service) => service.context === context).map(serviceName).join(', ')} from ${context}`);
  return { kind: 'skip', reason: `compose builds this Dockerfile from different contexts (${named.join('; ')}), so dfmod cannot tell which one its COPY lines read` };
}
