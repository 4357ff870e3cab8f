import { posix } from 'node:path';

/**
 * Which file a dotnet command works on when it names only a directory (or nothing), as the CLI
 * finds it. `dotnet run` looks only for project files (`*.*proj`) and stops when there are none
 * or several. `dotnet restore`, `build`, `publish` and `test` search the way MSBuild does: one
 * project and one solution of the same base name (ordinal) give the solution, of different names
 * an error; several solutions are an error; of two project files one `.proj` wins, otherwise
 * several are an error; a lone solution, project or solution filter is taken.
 */
export type SearchResult = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly why: string };

export type SearchVerb = 'run' | 'msbuild';

function inDirectory(files: readonly string[], directory: string, test: (name: string) => boolean): string[] {
  const prefix = directory === '.' ? '' : `${directory}/`;
  return files.filter((file) => file.startsWith(prefix) && !file.slice(prefix.length).includes('/') && test(file.slice(prefix.length))).sort();
}

/** `*.*proj` as the CLI globs it on Linux: any extension that ends in `proj`. */
function isAnyProject(name: string): boolean {
  return /\.[^.]*proj$/.test(name);
}

const stem = (path: string) => posix.basename(path).replace(/\.[^.]*$/, '');

export function searchDirectory(files: readonly string[], directory: string, verb: SearchVerb): SearchResult {
  const projects = inDirectory(files, directory, isAnyProject);
  if (verb === 'run') {
    if (projects.length === 1) return { ok: true, path: projects[0]! };
    return { ok: false, why: projects.length === 0 ? 'no project file, and dotnet run looks for nothing else' : `${projects.join(', ')}, and dotnet run stops when a folder has several project files` };
  }
  const solutions = inDirectory(files, directory, (name) => name.endsWith('.sln') || name.endsWith('.slnx'));
  const filters = inDirectory(files, directory, (name) => name.endsWith('.slnf'));
  if (projects.length === 1 && solutions.length === 1) {
    if (stem(projects[0]!) === stem(solutions[0]!)) return { ok: true, path: solutions[0]! };
    return { ok: false, why: `${projects[0]} and ${solutions[0]}, whose names differ, so dotnet stops (MSB1011)` };
  }
  if (solutions.length > 1) return { ok: false, why: `${solutions.join(', ')}, and dotnet stops when a folder has several solution files (MSB1011)` };
  if (projects.length > 1) {
    const proj = projects.filter((path) => path.endsWith('.proj'));
    if (projects.length === 2 && proj.length === 1) return { ok: true, path: proj[0]! };
    return { ok: false, why: `${projects.join(', ')}, and dotnet stops when a folder has several project files (MSB1011)` };
  }
  const only = solutions[0] ?? projects[0] ?? filters[0];
  if (only === undefined) return { ok: false, why: 'no project or solution file' };
  if (solutions.length === 0 && projects.length === 0 && filters.length > 1) return { ok: false, why: `${filters.join(', ')}, and dotnet stops when a folder has several solution filters` };
  return { ok: true, path: only };
}
