import type { ComposeService } from './compose.js';
import type { BuildContext } from './context.js';
import type { ParsedDockerfile } from './dockerfile.js';
import type { Plan } from './plan.js';

export const RUNTIME_FAMILIES = ['auto', 'alpine', 'slim', 'distroless'] as const;
export type RuntimeFamily = (typeof RUNTIME_FAMILIES)[number];

export interface TransformOptions {
  readonly runtime: RuntimeFamily;
}

export interface TransformInput {
  /** The Dockerfile's path as reported (relative to where dfmod runs). */
  readonly path: string;
  readonly dockerfile: ParsedDockerfile;
  readonly context: BuildContext;
  /** The compose services that build this Dockerfile. */
  readonly compose: readonly ComposeService[];
  readonly options: TransformOptions;
}

export interface TransformMeta {
  readonly id: string;
  readonly description: string;
  /** gitignore-style patterns of the context files this transform reads. */
  readonly reads: readonly string[];
  /** Message templates by change or warning id, with `{placeholders}`. */
  readonly messages: Readonly<Record<string, string>>;
}

export interface MatchResult {
  readonly matches: boolean;
  /** Why it matches (for the report) or why not (used when no transform matches). */
  readonly reason: string;
}

export type PlanResult =
  | { readonly ok: true; readonly plan: Plan }
  | { readonly ok: false; readonly status: 'skipped' | 'unchanged'; readonly reason: string };

/** A language transform: data plus pure functions, no I/O. */
export interface Transform {
  readonly meta: TransformMeta;
  match(input: TransformInput): MatchResult;
  plan(input: TransformInput): PlanResult;
}
