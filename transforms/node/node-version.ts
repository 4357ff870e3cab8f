import semver from 'semver';
import type { BuildContext } from '../../src/core/context.js';
import { readText } from '../../src/core/context.js';

/** Tag words of the node images that move to a new Node major over time. */
export const MOVING_NODE_TAGS = ['lts', 'current', 'latest'];

/** Tag words that name a flavour only (`node:alpine`, `node:slim`), so the Node major floats too. */
const FLAVOUR_WORDS = new Set(['alpine', 'slim', 'bookworm', 'bullseye', 'buster', 'trixie']);

/** Whether a node tag leaves the Node major to whatever the registry serves today (`lts-slim`, `alpine`, none). */
export function isFloatingNodeTag(tag: string | null): boolean {
  if (tag === null) return true;
  const first = tag.split('-')[0]!;
  return MOVING_NODE_TAGS.includes(first) || FLAVOUR_WORDS.has(first.replace(/\d+(\.\d+)*$/, ''));
}

/** A Node major one of the project's files fixes, and the file that says so. */
export interface ProjectNode {
  readonly major: number;
  readonly source: string;
}

function majorOfVersion(text: string): number | null {
  const match = /^v?(\d+)(?:\.\d+){0,2}$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/**
 * The Node major the project fixes: `.nvmrc`, then `.node-version` (a version, not an alias
 * such as `lts/*`), then an `engines.node` range whose every version shares one major.
 */
export function projectNode(context: BuildContext, engines: unknown): ProjectNode | null {
  for (const file of ['.nvmrc', '.node-version']) {
    const first = (readText(context, file) ?? '').split(/\r?\n/).map((line) => line.replace(/#.*$/, '').trim()).find((line) => line !== '');
    const major = first === undefined ? null : majorOfVersion(first);
    if (major !== null) return { major, source: file };
  }
  const range = typeof engines === 'object' && engines !== null ? (engines as Record<string, unknown>).node : undefined;
  if (typeof range !== 'string' || !semver.validRange(range)) return null;
  const lowest = semver.minVersion(range);
  if (lowest === null || !semver.subset(range, `>=${lowest.major}.0.0 <${lowest.major + 1}.0.0-0`)) return null;
  return { major: lowest.major, source: `package.json (engines.node = "${range}")` };
}
