import type { Instruction } from './dockerfile.js';
import type { Change, Finding, Warning } from './findings.js';

/** A replacement of `raw[start, end)` of one instruction: ESLint's fixer, as data. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * An original instruction printed from its own bytes (with optional edits), or a new one.
 * `carry` names rewritten or dropped instructions whose comments print here instead.
 */
export type PlanItem =
  | {
      readonly kind: 'keep';
      readonly instruction: Instruction;
      readonly edits?: readonly Edit[];
      /** False for a second copy of an instruction: its comments print with the first. */
      readonly withComments?: boolean;
      readonly carry?: readonly Instruction[];
    }
  | {
      readonly kind: 'new';
      /** The first line starts with the keyword in upper case; more lines are continuations. */
      readonly lines: readonly string[];
      readonly carry?: readonly Instruction[];
      readonly blankBefore?: boolean;
    };

export interface PlannedStage {
  readonly name: string;
  readonly items: readonly PlanItem[];
}

/** What verification must know about the runtime that the text alone does not say. */
export interface RuntimeExpectations {
  /** The production base image as written in the output (after ARG resolution). */
  readonly runtimeImage: string;
  /** Programs the production base ships (`sh`, `bash`, `curl`, `wget`, `node`, ...). */
  readonly programs: readonly string[];
  /** Paths the command may use instead of the original ones, because the artifact moved. */
  readonly movedPaths: Readonly<Record<string, string>>;
  /**
   * The command production runs instead of the original's, because it drops a launcher that only
   * the builder has (`poetry run gunicorn ...` becomes `gunicorn ...`), as verification compares
   * it: exec-form words as JSON, or `sh -c <text>`.
   */
  readonly unwrappedCommand?: { readonly keyword: 'CMD' | 'ENTRYPOINT'; readonly command: string };
  /** Interpreters of entrypoint scripts the command runs (from their shebang lines). */
  readonly scriptInterpreters: readonly string[];
  /** The production stage inherits a non-root user from its base (distroless `nonroot`). */
  readonly baseUserNonRoot: boolean;
  /** ENV names only the build reads (`NEXT_TELEMETRY_DISABLED`), which the production stage leaves out. */
  readonly builderOnlyEnv?: readonly string[];
  /**
   * Source files of the context that the transform knows the running command never loads (a
   * leftover Django settings package beside a FastAPI app): rules that name code lines (the
   * `.env` loads) leave them out.
   */
  readonly unloadedSources?: readonly string[];
  /**
   * Where the code writes a path it computes (`src/files/files.service.ts:28 (mkdir): dirPath`),
   * with production on a user dfmod added: such a write may land in a host directory compose
   * mounts, which that user could not write.
   */
  readonly computedWrites?: readonly string[];
  /** Why production keeps the original's root user: a path the app writes cannot be handed to another user safely. */
  readonly rootKept?: string;
}

/**
 * An original instruction that the plan leaves out on purpose, with the change or warning of the
 * report that says so: its comments leave with it, where a line merely forgotten keeps them.
 */
export interface DroppedInstruction {
  readonly instruction: Instruction;
  readonly because: Finding;
}

export interface Plan {
  readonly globalItems: readonly PlanItem[];
  readonly stages: readonly PlannedStage[];
  readonly changes: readonly Change[];
  readonly warnings: readonly Warning[];
  readonly dropped?: readonly DroppedInstruction[];
  readonly runtime: RuntimeExpectations;
  /** Patterns that must be in the .dockerignore beside the Dockerfile. */
  readonly dockerignore: readonly string[];
}
