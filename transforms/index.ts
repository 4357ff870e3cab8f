import type { Transform } from '../src/core/transform.js';
import { node } from './node/index.js';

/** Every transform, sorted by id: selection tries them in this order. */
export const TRANSFORMS: readonly Transform[] = [node].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
