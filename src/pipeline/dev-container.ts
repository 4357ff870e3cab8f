import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseJsonc } from '../../transforms/shared/jsonc.js';
import { buildOf } from './compose-services.js';
import { asRecord, readYaml } from './yaml-files.js';

/**
 * The devcontainer.json that builds this Dockerfile as a dev container, as a path relative to
 * the Dockerfile's directory, or null. A dev container needs its tools, its dev dependencies
 * and a writable home: a production rewrite would take all three away. The spec's places are
 * looked at in the Dockerfile's directory and its parent: `.devcontainer.json`,
 * `.devcontainer/devcontainer.json` and `.devcontainer/<name>/devcontainer.json`.
 */
export function devContainerNaming(dockerfile: string): string | null {
  const directory = dirname(dockerfile);
  for (const base of [directory, dirname(directory)]) {
    for (const config of configFiles(base)) {
      if (namedDockerfile(config) === dockerfile) return relative(directory, config).split('\\').join('/');
    }
  }
  return null;
}

function configFiles(base: string): string[] {
  const folder = join(base, '.devcontainer');
  const nested = entries(folder).filter((entry) => entry.isDirectory()).map((entry) => join(folder, entry.name, 'devcontainer.json'));
  const files = [join(base, '.devcontainer.json'), join(folder, 'devcontainer.json'), ...nested.sort()];
  // Inside `.devcontainer` itself, its own devcontainer.json is the one beside the Dockerfile.
  if (basename(base) === '.devcontainer') files.push(join(base, 'devcontainer.json'));
  return files;
}

function entries(folder: string) {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * The absolute Dockerfile a devcontainer.json builds: `build.dockerfile`, or the older
 * `dockerFile`, relative to that file; or the `build` of the compose `service` it runs from its
 * `dockerComposeFile` list (the last file that gives that service a build decides, as compose
 * merges them).
 */
function namedDockerfile(config: string): string | null {
  let value: unknown;
  try {
    value = parseJsonc(readFileSync(config, 'utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as { build?: { dockerfile?: unknown }; dockerFile?: unknown; dockerComposeFile?: unknown; service?: unknown };
  const named = typeof record.build?.dockerfile === 'string' ? record.build.dockerfile : typeof record.dockerFile === 'string' ? record.dockerFile : null;
  if (named !== null) return resolve(dirname(config), named);
  if (typeof record.service !== 'string') return null;
  const composeFiles = typeof record.dockerComposeFile === 'string' ? [record.dockerComposeFile] : Array.isArray(record.dockerComposeFile) ? record.dockerComposeFile.filter((file): file is string => typeof file === 'string') : [];
  let built: string | null = null;
  for (const file of composeFiles) {
    const path = resolve(dirname(config), file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const service = asRecord(asRecord(asRecord(readYaml(text))?.services)?.[record.service]);
    const build = service?.build === undefined ? null : buildOf(service.build, dirname(path).split(sep).join('/'));
    if (build !== null) built = resolve(build.dockerfile);
  }
  return built;
}
