import type { Plan, PlanItem } from '../core/plan.js';

/**
 * A cache mount as transforms/shared/edits.ts `cacheMountFlag` writes it, with what follows it:
 * a space, or a line continuation (either escape character) and the next line's indent.
 */
const CACHE_MOUNT = /--mount=type=cache,\S*(?:[ \t]*[\\`]\r?\n[ \t]*|\s+|$)/g;

/**
 * The plan without the cache mounts dfmod added, for fleets whose builders still include the
 * legacy one (`--no-cache-mounts`): that builder rejects `RUN --mount`, and without any BuildKit
 * flag left the printer adds no `# syntax=` line either. A mount the original wrote is its own
 * and stays, since only dfmod's lines and edits are touched.
 */
export function withoutCacheMounts(plan: Plan): Plan {
  const strip = (items: readonly PlanItem[]) => items.map(stripItem);
  return {
    ...plan,
    globalItems: strip(plan.globalItems),
    stages: plan.stages.map((stage) => ({ ...stage, items: strip(stage.items) })),
    changes: plan.changes.filter((change) => change.id !== 'cache-mount'),
  };
}

function stripItem(item: PlanItem): PlanItem {
  if (item.kind === 'keep') {
    if (!item.edits?.some((edit) => edit.text.includes('--mount=type=cache,'))) return item;
    return { ...item, edits: item.edits.map((edit) => ({ ...edit, text: edit.text.replace(CACHE_MOUNT, '') })) };
  }
  if (!item.lines.some((line) => line.includes('--mount=type=cache,'))) return item;
  const lines = item.lines.map((line) => line.replace(CACHE_MOUNT, '').trimEnd()).filter((line) => line.trim() !== '');
  // `RUN --mount=... \` over its own line leaves a bare keyword: the command joins it.
  const [first = '', second, ...rest] = lines;
  const merged = second !== undefined && !first.includes(' ') ? [`${first} ${second.trimStart()}`, ...rest] : lines;
  return { ...item, lines: merged };
}
