import { posix } from 'node:path';
import type { BuildContext } from '../../src/core/context.js';
import { evaluateProject, nearestAbove } from './msbuild.js';
import { slnxProjects, solutionProjects } from './solution.js';

/** A project or solution a restore works on (context path). */
export interface RestoreTarget {
  readonly path: string;
}

export type RestoreFiles = { readonly ok: true; readonly files: readonly string[] } | { readonly ok: false; readonly reason: string };

/** The directories from `directory` up to the context root, nearest first. */
function ancestors(directory: string): string[] {
  const chain: string[] = [];
  let here = directory;
  for (;;) {
    chain.push(here);
    if (here === '.' || here === '') return chain;
    here = posix.dirname(here);
  }
}

function inside(root: string, path: string): boolean {
  return root === '.' || path === root || path.startsWith(`${root}/`);
}

/**
 * Every file the restores read before the source is there: the solution, each of its projects and
 * the projects they reference, the Directory.Build.props/targets each one imports, the nearest
 * Directory.Packages.props, packages.lock.json beside a project, and the NuGet.config and
 * global.json files NuGet and the SDK look for from each directory up. Only files inside `root`,
 * the part of the context the original copies, are taken.
 */
export function restoreFiles(context: BuildContext, targets: readonly RestoreTarget[], root: string): RestoreFiles {
  const files = new Set<string>();
  const directories = new Set<string>();
  const queue: string[] = [];
  for (const target of targets) {
    files.add(target.path);
    directories.add(posix.dirname(target.path));
    if (target.path.endsWith('.sln') || target.path.endsWith('.slnx')) {
      const text = context.contents.get(target.path) ?? '';
      const listed = target.path.endsWith('.slnx') ? slnxProjects(target.path, text) : solutionProjects(target.path, text);
      if (listed === null) return { ok: false, reason: `${target.path} cannot be read as a solution` };
      for (const project of listed) {
        if (!context.files.includes(project)) return { ok: false, reason: `${target.path} lists ${project}, which is not in the build context` };
        queue.push(project);
      }
    } else {
      queue.push(target.path);
    }
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    if (!context.files.includes(path)) return { ok: false, reason: `a project references ${path}, which is not in the build context` };
    const evaluated = evaluateProject(context, path, new Map());
    if (!evaluated.ok) return evaluated;
    for (const file of evaluated.project.files) files.add(file.path);
    const directory = posix.dirname(path);
    directories.add(directory);
    const packages = nearestAbove(context, directory, 'Directory.Packages.props');
    if (packages !== null) files.add(packages);
    const lock = directory === '.' ? 'packages.lock.json' : `${directory}/packages.lock.json`;
    if (context.files.includes(lock)) files.add(lock);
    queue.push(...evaluated.project.projectReferences);
  }
  for (const directory of directories) {
    for (const here of ancestors(directory)) {
      for (const file of context.files) {
        if (posix.dirname(file) !== here && !(here === '.' && !file.includes('/'))) continue;
        const name = posix.basename(file).toLowerCase();
        if (name === 'nuget.config' || name === 'global.json') files.add(file);
      }
    }
  }
  return { ok: true, files: [...files].filter((file) => inside(root, file)).sort() };
}
