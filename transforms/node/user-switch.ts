import type { PlanResult } from '../../src/core/transform.js';
import type { PlanItem } from '../../src/core/plan.js';

function addedLine(item: PlanItem, keyword: string): string | null {
  if (item.kind !== 'new' || !item.lines[0]!.startsWith(`${keyword} `)) return null;
  return item.lines[0]!.slice(keyword.length + 1).trim();
}

/** RUN runs as USER and WORKDIR creates its directory as USER; COPY and ADD write root's files unless --chown says otherwise. */
function dependsOnUser(item: PlanItem): boolean {
  if (item.kind === 'keep') return ['RUN', 'WORKDIR', 'USER', 'ONBUILD'].includes(item.instruction.keyword);
  return addedLine(item, 'RUN') !== null || addedLine(item, 'WORKDIR') !== null;
}

/**
 * Production without a `USER root` that dfmod wrote to step back from the run user when nothing
 * after it needs root: where no RUN (a chown of the paths the app writes) comes before dfmod's
 * return to the run user, both lines do nothing, and the stage stays the run user from the
 * package manager fetch on.
 */
export function withoutIdleRootSwitch(result: PlanResult): PlanResult {
  if (!result.ok) return result;
  const production = result.plan.stages.at(-1)!;
  const items = production.items;
  const root = items.findIndex((item) => addedLine(item, 'USER') === 'root');
  if (root < 1) return result;
  const before = items.slice(0, root).findLast((item) => addedLine(item, 'USER') !== null);
  const back = items.findIndex((item, index) => index > root && addedLine(item, 'USER') !== null);
  if (before === undefined || back < 0 || addedLine(items[back]!, 'USER') !== addedLine(before, 'USER')) return result;
  if (items.slice(root + 1, back).some(dependsOnUser)) return result;
  const kept = items.filter((_, index) => index !== root && index !== back);
  return { ok: true, plan: { ...result.plan, stages: [...result.plan.stages.slice(0, -1), { ...production, items: kept }] } };
}
