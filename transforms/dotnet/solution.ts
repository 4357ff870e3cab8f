import { posix } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { msbuildPath } from './msbuild.js';
import { PROJECT_EXTENSIONS } from './tables.js';

function isProjectPath(path: string): boolean {
  return PROJECT_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension));
}

/**
 * The project paths (context paths) a `.sln` lists. The format is line-based text: each project
 * is one `Project("{type}") = "Name", "relative\path.csproj", "{guid}"` line; solution folders
 * use the same line with a folder name in place of a path, and are left out.
 */
export function solutionProjects(path: string, text: string): string[] {
  const directory = posix.dirname(path);
  const projects: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('Project(')) continue;
    const fields = quotedFields(trimmed.slice(trimmed.indexOf('=') + 1));
    const written = fields[1];
    if (written !== undefined && isProjectPath(written)) projects.push(msbuildPath(directory, written));
  }
  return projects;
}

/** The double-quoted fields of a line, in order (`.sln` values never contain quotes). */
function quotedFields(text: string): string[] {
  const fields: string[] = [];
  let open = -1;
  for (let index = 0; index < text.length; index++) {
    if (text[index] !== '"') continue;
    if (open < 0) open = index;
    else {
      fields.push(text.slice(open + 1, index));
      open = -1;
    }
  }
  return fields;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (_name, _path, _leaf, isAttribute) => !isAttribute });

/** The project paths an XML `.slnx` lists, in folders or at the top; null when it is not well-formed. */
export function slnxProjects(path: string, xml: string): string[] | null {
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml.replace(/^\uFEFF/, ''), true) as Record<string, unknown>;
  } catch {
    return null;
  }
  const root = (document['Solution'] as Record<string, unknown>[] | undefined)?.[0];
  if (!root) return null;
  const directory = posix.dirname(path);
  const projects: string[] = [];
  const visit = (node: Record<string, unknown>) => {
    for (const project of (node['Project'] as Record<string, unknown>[] | undefined) ?? []) {
      const written = project['@_Path'];
      if (typeof written === 'string' && isProjectPath(written)) projects.push(msbuildPath(directory, written));
    }
    for (const folder of (node['Folder'] as Record<string, unknown>[] | undefined) ?? []) visit(folder);
  };
  visit(root);
  return projects;
}
