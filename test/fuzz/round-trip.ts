import type { ParsedDockerfile } from '../../src/core/dockerfile.js';
import type { Plan, PlanItem } from '../../src/core/plan.js';
import { FileProblem } from '../../src/core/status.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan, SYNTAX_DIRECTIVE } from '../../src/pipeline/print.js';

const RUNTIME = { runtimeImage: 'x', programs: [], movedPaths: {}, scriptInterpreters: [], baseUserNonRoot: false };

/** The plan that keeps every instruction where it was: printing it must give the input back. */
export function identityPlan(parsed: ParsedDockerfile): Plan {
  const keep = (instruction: ParsedDockerfile['instructions'][number]): PlanItem => ({ kind: 'keep', instruction });
  return {
    globalItems: parsed.globalArgs.map(keep),
    stages: parsed.stages.map((stage) => ({ name: stage.name ?? '', items: stage.instructions.map(keep) })),
    changes: [],
    warnings: [],
    runtime: RUNTIME,
    dockerignore: [],
  };
}

/**
 * How print(parse(x)) compares with x. `exact`: the same text, but for the syntax directive
 * the printer adds to a file that uses BuildKit-only syntax without naming it (SPEC §3).
 * `refused`: parse says it is no Dockerfile. `mismatch`: anything else, which is a bug: the
 * printer copies the bytes between and around kept instructions as they were.
 */
export type RoundTrip = 'exact' | 'refused' | 'mismatch';

export function roundTrip(text: string): { result: RoundTrip; printed: string | null } {
  let parsed: ParsedDockerfile;
  try {
    parsed = parseDockerfile(text);
  } catch (problem) {
    if (problem instanceof FileProblem) return { result: 'refused', printed: null };
    throw problem;
  }
  const printed = printPlan(parsed, identityPlan(parsed));
  const bom = parsed.source.bom ? '\uFEFF' : '';
  // Above a first comment, the printer keeps a blank line after the directive it adds.
  const gap = parsed.directives.length === 0 && (parsed.instructions[0]?.comments.length ?? 0) > 0 && !parsed.instructions[0]!.blankBefore ? parsed.source.eol : '';
  const withSyntax = bom + SYNTAX_DIRECTIVE + parsed.source.eol + gap + text.slice(bom.length);
  const exact = printed === text || (!parsed.directives.some((directive) => directive.name === 'syntax') && printed === withSyntax);
  return { result: exact ? 'exact' : 'mismatch', printed };
}
