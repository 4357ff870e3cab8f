import type { Change, Warning } from './findings.js';

export const STATUSES = ['migrated', 'unchanged', 'skipped', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export interface FileResult {
  /** Relative to the directory dfmod runs in, with forward slashes. */
  readonly path: string;
  readonly status: Status;
  readonly transform: string | null;
  readonly reason: string | null;
  readonly changes: readonly Change[];
  readonly warnings: readonly Warning[];
  readonly diff: string | null;
  /** Only for migrated files: the bytes to write. */
  readonly output?: string;
  readonly dockerignore?: DockerignoreUpdate | null;
}

export interface DockerignoreUpdate {
  readonly path: string;
  readonly before: string | null;
  readonly after: string;
  readonly diff: string;
}

export type Summary = Record<Status, number>;

export function summarize(results: readonly FileResult[]): Summary {
  const summary: Summary = { migrated: 0, unchanged: 0, skipped: 0, error: 0 };
  for (const result of results) summary[result.status]++;
  return summary;
}

/** Thrown for input dfmod refuses: carries the one-line reason the report shows. */
export class FileProblem extends Error {
  constructor(
    readonly status: 'unchanged' | 'skipped' | 'error',
    readonly reason: string,
  ) {
    super(reason);
  }
}
