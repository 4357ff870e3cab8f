import { posix } from 'node:path';
import { ACTION_FILES, type RepositoryFiles } from './repository.js';
import { asRecord, asString, readYaml } from './yaml-files.js';

const BUILD_PUSH_ACTION = /^docker\/build-push-action@/;

/**
 * Why the image must keep its user: a GitHub Actions job runs in it as its `container:`, and a
 * non-root user cannot write the runner's workspace that Actions mounts into it. Proven only: a
 * `docker/build-push-action` step builds this Dockerfile (its `file`, or `<context>/Dockerfile`)
 * with a literal tag that a job names as its container image. Null when nothing proves it.
 */
export function ciContainerUse(repository: RepositoryFiles): string | null {
  const workflows = [...repository.files].filter(([path]) => path.startsWith('.github/workflows/')).map(([path, text]) => ({ path, jobs: jobsOf(readYaml(text)) }));
  const built = new Map<string, string>();
  for (const { path, jobs } of workflows) {
    for (const job of jobs) {
      for (const step of Array.isArray(job.value.steps) ? job.value.steps : []) {
        const tags = buildsThisDockerfile(asRecord(step), repository.dockerfile);
        for (const tag of tags) if (!built.has(tag)) built.set(tag, `${path} (job ${job.name})`);
      }
    }
  }
  if (built.size === 0) return null;
  for (const { path, jobs } of workflows) {
    for (const job of jobs) {
      const container = job.value.container;
      const image = asString(container) ?? asString(asRecord(container)?.image);
      const builder = image === null ? undefined : built.get(image);
      if (builder !== undefined) {
        return `${path} runs job ${job.name} in ${image}, which ${builder} builds from this Dockerfile, and a non-root user cannot write the workspace the runner mounts into a job container`;
      }
    }
  }
  return null;
}

/**
 * Why the image must keep its user: an `action.yml` beside it makes it a GitHub Docker container
 * action (`runs.using: docker`, `runs.image` naming this Dockerfile), and GitHub requires such
 * actions to run as the default Docker user, root, so that they can write GITHUB_WORKSPACE.
 */
export function dockerActionUse(repository: RepositoryFiles): string | null {
  for (const [path, text] of repository.files) {
    if (!ACTION_FILES.includes(posix.basename(path))) continue;
    const runs = asRecord(asRecord(readYaml(text))?.runs);
    const image = asString(runs?.image);
    if (asString(runs?.using) !== 'docker' || image === null || image.startsWith('docker://')) continue;
    if (posix.normalize(posix.join(posix.dirname(path), image)) !== repository.dockerfile) continue;
    return `${path} makes this Dockerfile a GitHub Docker container action, which GitHub runs as root so that it can write GITHUB_WORKSPACE`;
  }
  return null;
}

function jobsOf(workflow: unknown): { name: string; value: Readonly<Record<string, unknown>> }[] {
  const jobs = asRecord(asRecord(workflow)?.jobs);
  if (!jobs) return [];
  return Object.entries(jobs).flatMap(([name, value]) => {
    const job = asRecord(value);
    return job ? [{ name, value: job }] : [];
  });
}

/** The literal tags of a build-push-action step that builds `dockerfile`, or none. */
function buildsThisDockerfile(step: Readonly<Record<string, unknown>> | null, dockerfile: string): string[] {
  const uses = asString(step?.uses);
  if (uses === null || !BUILD_PUSH_ACTION.test(uses)) return [];
  const inputs = asRecord(step?.with) ?? {};
  const context = asString(inputs.context) ?? '.';
  const file = asString(inputs.file) ?? posix.join(context, 'Dockerfile');
  if (/\$\{\{/.test(file) || posix.normalize(file) !== dockerfile) return [];
  const tags = asString(inputs.tags) ?? '';
  return tags.split(/[\n,]/).map((tag) => tag.trim()).filter((tag) => tag !== '' && !tag.includes('${{'));
}
