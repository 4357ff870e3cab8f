import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitCommands } from '../../src/core/shell.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { isBuildOnlyPackage, parseSystemInstall, runtimePackagesFor, type SystemInstall } from '../shared/system-packages.js';

/**
 * The acceptance, over every migrated Python fixture: production installs no compiler
 * and no `-dev` package, and every runtime library the builder's `-dev` packages imply.
 */
const ROOT = join(import.meta.dirname, '..', '..', '__fixtures__', 'python');
const migrated = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'expected.Dockerfile.out'))).sort();

function systemInstalls(text: string, stageIndex: number): SystemInstall[] {
  const stage = parseDockerfile(text).stages[stageIndex]!;
  return stage.instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .flatMap((instruction) => splitCommands(instruction.argsText) ?? [])
    .flatMap((command) => parseSystemInstall(command) ?? []);
}

describe('migrated Python fixtures', () => {
  it('exist', () => {
    expect(migrated.length).toBeGreaterThanOrEqual(16);
  });

  it.each(migrated)('%s keeps build tools out of production and its runtime libraries in', (name) => {
    const text = readFileSync(join(ROOT, name, 'expected.Dockerfile.out'), 'utf8');
    const stages = parseDockerfile(text).stages;
    const production = systemInstalls(text, stages.length - 1).flatMap((install) => install.packages);
    expect(production.filter((name) => isBuildOnlyPackage(name))).toEqual([]);

    for (const install of systemInstalls(text, 0)) {
      for (const dev of install.packages.filter((name) => isBuildOnlyPackage(name))) {
        const releases = install.family === 'debian' ? (['bullseye', 'bookworm', 'trixie'] as const) : [null];
        const satisfied = releases.some((release) => runtimePackagesFor(install.family, [dev], release).packages.every((library) => production.includes(library)));
        expect(satisfied, `${dev} needs its runtime library in production`).toBe(true);
      }
    }
  });
});
