import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../transforms/index.js';

const TRANSFORMS_DIR = join(import.meta.dirname, '..', 'transforms');
/** Folders of transforms/ that hold helpers rather than a language. */
const NOT_TRANSFORMS = new Set(['shared']);

const folders = readdirSync(TRANSFORMS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !NOT_TRANSFORMS.has(entry.name))
  .map((entry) => entry.name)
  .sort();

describe('transform registry', () => {
  it('registers every transform folder, once, sorted by id', () => {
    const ids = TRANSFORMS.map((transform) => transform.meta.id);
    expect(ids).toEqual(folders);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each(folders)('%s has complete metadata and a README for users', (folder) => {
    const transform = TRANSFORMS.find((candidate) => candidate.meta.id === folder)!;
    expect(transform.meta.description.length).toBeGreaterThan(10);
    expect(transform.meta.reads.length).toBeGreaterThan(0);
    expect(Object.keys(transform.meta.messages).length).toBeGreaterThan(0);
    expect(existsSync(join(TRANSFORMS_DIR, folder, 'README.md'))).toBe(true);
    expect(existsSync(join(import.meta.dirname, '..', '__fixtures__', folder))).toBe(true);
  });
});
