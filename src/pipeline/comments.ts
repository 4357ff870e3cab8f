import type { Instruction, ParsedDockerfile } from '../core/dockerfile.js';
import type { Finding } from '../core/findings.js';
import type { Plan, PlanItem } from '../core/plan.js';

/**
 * Decides, for whatever plan a transform made, where each original comment prints, so that no
 * transform keeps its own bookkeeping and none can lose one: every comment prints exactly once,
 * next to the first copy of the instruction it described (later copies print without it).
 * The comments of an instruction the plan drops on purpose (`plan.dropped`) leave with it, as
 * the diff shows. Those of an instruction no item keeps or carries, and that no drop names,
 * move to the production item that follows it in the original order: forgetting a line never
 * loses its comment.
 */
export function placeComments(original: ParsedDockerfile, plan: Plan): Plan {
  const printed = new Set<number>();
  const place = (item: PlanItem): PlanItem => {
    const carry = (item.carry ?? []).filter((instruction) => !printed.has(instruction.index));
    carry.forEach((instruction) => printed.add(instruction.index));
    if (item.kind === 'new') return { ...item, carry };
    const own = item.withComments !== false && !printed.has(item.instruction.index);
    if (item.withComments !== false) printed.add(item.instruction.index);
    return { ...item, carry, withComments: own };
  };
  const globalItems = plan.globalItems.map(place);
  const stages = plan.stages.map((stage) => ({ ...stage, items: stage.items.map(place) }));

  const dropped = new Set((plan.dropped ?? []).map((drop) => drop.instruction.index));
  const orphans = original.instructions.filter(
    (instruction) => !printed.has(instruction.index) && !dropped.has(instruction.index) && commentsOf(instruction).length > 0,
  );
  const production = stages.at(-1);
  if (orphans.length === 0 || !production) return { ...plan, globalItems, stages };
  const items = [...production.items];
  for (const orphan of orphans) {
    let at = items.findIndex((item) => item.kind === 'keep' && item.instruction.index > orphan.index && item.instruction.keyword !== 'FROM');
    if (at < 0) at = items.length - 1;
    const target = items[at]!;
    items[at] = { ...target, carry: [...(target.carry ?? []), orphan] };
  }
  return { ...plan, globalItems, stages: [...stages.slice(0, -1), { ...production, items }] };
}

/** The comment lines an instruction owns: the ones above it and the ones inside it. */
export function commentsOf(instruction: Instruction): string[] {
  return [...instruction.comments, ...instruction.innerComments];
}

/** What the verifier lets the output miss: the comments of the lines a plan drops and its report says it drops. */
export function droppedComments(plan: Pick<Plan, 'dropped' | 'changes' | 'warnings'>): string[] {
  const reported = (finding: Finding) => [...plan.changes, ...plan.warnings].some((named) => named.id === finding.id && named.message === finding.message);
  return (plan.dropped ?? []).filter((drop) => reported(drop.because)).flatMap((drop) => commentsOf(drop.instruction));
}
