import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/pipeline/parse.js';

/**
 * Issue 4's acceptance, checked over every migrated Rust fixture: a glibc binary never lands on
 * a musl or libc-less image (nor a dynamic musl one anywhere), and every production image has
 * the CA roots the rust image had.
 */
const ROOT = join(import.meta.dirname, '..', '..', '__fixtures__', 'rust');
const migrated = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'expected.Dockerfile.out')));

function productionOf(name: string) {
  const output = parseDockerfile(readFileSync(join(ROOT, name, 'expected.Dockerfile.out'), 'utf8'));
  const production = output.stages.at(-1)!;
  const image = production.from.args.find((word) => !word.startsWith('--'))!;
  const runs = production.instructions.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.argsText);
  const report = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as { changes: { id: string; message: string }[] };
  const linking = report.changes.find((change) => change.id === 'linking')!.message;
  return { image, runs, staticBinary: linking.includes('linked statically') };
}

describe('rust fixtures', () => {
  it('has migrated cases of both kinds of linking', () => {
    const kinds = new Set(migrated.map((name) => productionOf(name).staticBinary));
    expect(kinds).toEqual(new Set([true, false]));
  });

  it.each(migrated)('%s runs its binary on a libc it was built for', (name) => {
    const { image, staticBinary } = productionOf(name);
    if (staticBinary) expect(image).toMatch(/^(gcr\.io\/distroless\/static-debian\d+|alpine:[\d.]+|debian:[a-z]+-slim)$/);
    else expect(image).toMatch(/^(gcr\.io\/distroless\/cc-debian\d+|debian:[a-z]+-slim)$/);
  });

  it.each(migrated)('%s has CA roots in production', (name) => {
    const { image, runs } = productionOf(name);
    // Distroless and Alpine ship the CA bundle; Debian slim gets it installed.
    if (image.startsWith('debian:')) expect(runs.some((run) => run.includes('apt-get install') && run.includes('ca-certificates'))).toBe(true);
    else expect(image).toMatch(/^(gcr\.io\/distroless\/|alpine:)/);
  });
});
