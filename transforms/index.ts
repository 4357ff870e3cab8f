import type { Transform } from '../src/core/transform.js';
import { dotnet } from './dotnet/index.js';
import { go } from './go/index.js';
import { java } from './java/index.js';
import { node } from './node/index.js';
import { python } from './python/index.js';
import { rust } from './rust/index.js';

/** Every transform, sorted by id: selection tries them in this order. */
export const TRANSFORMS: readonly Transform[] = [dotnet, go, java, node, python, rust].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
