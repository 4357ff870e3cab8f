/**
 * An image reference split into the parts dfmod rewrites: `registry/namespace/name:tag@digest`.
 * Follows the reference grammar: the first path component is a registry only when it has a
 * dot or a port, or is `localhost`.
 */
export interface ImageRef {
  readonly registry: string | null;
  /** Path below the registry: `node`, `library/node`, `distroless/static-debian12`. */
  readonly path: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

export function parseImageRef(reference: string): ImageRef {
  let rest = reference;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  return { registry, path: rest, tag, digest };
}

export function formatImageRef(ref: ImageRef): string {
  return (
    (ref.registry ? `${ref.registry}/` : '') +
    ref.path +
    (ref.tag !== null ? `:${ref.tag}` : '') +
    (ref.digest !== null ? `@${ref.digest}` : '')
  );
}

/** The last path component: `node` for `registry.example.com/library/node`. */
export function imageName(ref: ImageRef): string {
  return ref.path.slice(ref.path.lastIndexOf('/') + 1);
}

/** Docker Hub, written out or implied. */
export function isDockerHub(ref: ImageRef): boolean {
  return ref.registry === null || ref.registry === 'docker.io' || ref.registry === 'index.docker.io' || ref.registry === 'registry-1.docker.io';
}

/**
 * The same repository with another tag, keeping a mirror's registry and namespace. The digest
 * pinned the original image: it stays when the tag is the original's (production then runs the
 * very image the original did) and is dropped for any other variant, which it does not pin.
 */
export function withTag(ref: ImageRef, tag: string | null): ImageRef {
  return { ...ref, tag, digest: tag === ref.tag ? ref.digest : null };
}

/** The runtime is the original image itself (same registry, repository and tag), digest aside. */
export function isOriginalImage(original: ImageRef, runtime: ImageRef): boolean {
  return original.registry === runtime.registry && original.path === runtime.path && original.tag === runtime.tag;
}

/**
 * A floating tag with the version the project names put in: `3-slim` with 3.11 gives
 * `3.11-slim`, `latest` gives `3.11`, `slim-bookworm` gives `3.11-slim-bookworm`, and a word
 * the image uses for a moving release (`lts-alpine` with 20) is replaced: `20-alpine`.
 */
export function pinnedTag(tag: string | null, version: string, movingWords: readonly string[] = []): string {
  if (tag === null || tag === 'latest') return version;
  const words = tag.split('-');
  const replaced = /^\d/.test(words[0]!) || movingWords.includes(words[0]!);
  return replaced ? [version, ...words.slice(1)].join('-') : [version, ...words].join('-');
}
