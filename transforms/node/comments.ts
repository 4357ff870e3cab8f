import type { Instruction } from '../../src/core/dockerfile.js';
import type { PlanItem, PlannedStage } from '../../src/core/plan.js';

/**
 * Makes every original comment print exactly once, next to the first copy of the instruction it
 * described: later copies print without it, and the comments of instructions no stage kept move
 * to the production item that follows them in the original order.
 */
export function placeComments(stages: readonly PlannedStage[], originals: readonly Instruction[]): PlannedStage[] {
  const printed = new Set<number>();
  const deduped = stages.map((stage) => ({
    name: stage.name,
    items: stage.items.map((item): PlanItem => {
      const carry = (item.carry ?? []).filter((instruction) => !printed.has(instruction.index));
      carry.forEach((instruction) => printed.add(instruction.index));
      if (item.kind === 'new') return { ...item, carry };
      const own = item.withComments !== false && !printed.has(item.instruction.index);
      if (item.withComments !== false) printed.add(item.instruction.index);
      return { ...item, carry, withComments: own };
    }),
  }));

  const orphans = originals.filter((instruction) => !printed.has(instruction.index) && instruction.comments.length + instruction.innerComments.length > 0);
  if (orphans.length === 0) return deduped;
  const production = deduped.at(-1)!;
  const items = [...production.items];
  for (const orphan of orphans) {
    let at = items.findIndex((item) => item.kind === 'keep' && item.instruction.index > orphan.index && item.instruction.keyword !== 'FROM');
    if (at < 0) at = items.length - 1;
    const target = items[at]!;
    items[at] = { ...target, carry: [...(target.carry ?? []), orphan] };
  }
  return [...deduped.slice(0, -1), { name: production.name, items }];
}
