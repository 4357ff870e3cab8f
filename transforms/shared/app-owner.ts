import type { Instruction } from '../../src/core/dockerfile.js';
import type { Plan, PlanItem, PlannedStage } from '../../src/core/plan.js';
import type { PlanResult } from '../../src/core/transform.js';
import { insertFlagsEdit } from './edits.js';

/**
 * The original ran as root and could write anywhere in its app directory: a SQLite file next
 * to the code, a config an entrypoint generates, a framework compiling on start. When a
 * transform adds a non-root USER, the files copied into that directory and the directory itself
 * are handed to that user, so those writes keep working. An original's own USER is left alone.
 */
export function withAppDirectoryOwned(plan: Plan): Plan {
  const production = plan.stages.at(-1);
  if (!production) return plan;
  const userIndex = production.items.findLastIndex((item) => item.kind === 'new' && item.lines[0]!.startsWith('USER '));
  if (userIndex < 0) return plan;
  const user = production.items[userIndex]!.kind === 'new' ? (production.items[userIndex] as { lines: readonly string[] }).lines[0]!.slice(5).trim() : '';
  const owner = user.includes(':') ? user : `${user}:${user}`;
  const workdir = finalWorkdir(production.items);
  // Without a shell (distroless) the directory itself cannot change hands, and handing over the
  // copied binary alone would only let the app overwrite it.
  if (workdir === null || workdir === '/' || !plan.runtime.programs.includes('sh')) return plan;

  let handed = 0;
  const items: PlanItem[] = production.items.map((item, index) => {
    if (index > userIndex) return item;
    const handedItem = chownCopy(item, owner, workdir);
    if (handedItem !== item) handed++;
    return handedItem;
  });
  // A chown dfmod already put right before USER (of VOLUME or upload directories) takes the app directory too: one layer.
  const previous = items[userIndex - 1];
  if (previous?.kind === 'new' && previous.lines.length === 1 && previous.lines[0]!.startsWith(`RUN chown ${owner} `)) {
    items[userIndex - 1] = { ...previous, lines: [`${previous.lines[0]} ${workdir}`] };
  } else {
    items.splice(userIndex, 0, { kind: 'new', lines: [`RUN chown ${owner} ${workdir}`] });
  }
  const stage: PlannedStage = { ...production, items };
  const copied = handed > 0 ? ' and the files copied into it are' : ' is';
  const message = `${workdir}${copied} owned by ${user}, so the app can still write there as it could as root`;
  return { ...plan, stages: [...plan.stages.slice(0, -1), stage], changes: [...plan.changes, { id: 'non-root', message }] };
}

/** The absolute WORKDIR production ends in, or null when a variable or a relative chain hides it. */
function finalWorkdir(items: readonly PlanItem[]): string | null {
  let current: string | null = null;
  for (const item of items) {
    const text = item.kind === 'keep' ? (item.instruction.keyword === 'WORKDIR' ? item.instruction.args[0] : undefined) : item.lines[0]!.startsWith('WORKDIR ') ? item.lines[0]!.slice(8).trim() : undefined;
    if (text === undefined) continue;
    if (text.includes('$')) return null;
    current = text.startsWith('/') ? text : current === null ? null : `${current.replace(/\/$/, '')}/${text}`;
  }
  return current === null ? null : current.length > 1 ? current.replace(/\/+$/, '') : current;
}

function isInside(destination: string, workdir: string): boolean {
  if (!destination.startsWith('/')) return true;
  return destination === workdir || destination.startsWith(`${workdir}/`);
}

function chownCopy(item: PlanItem, owner: string, workdir: string): PlanItem {
  if (item.kind === 'keep') {
    const instruction: Instruction = item.instruction;
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return item;
    if (instruction.flags.some((flag) => flag.name === 'chown')) return item;
    const destination = (instruction.json ?? instruction.args).at(-1) ?? '';
    if (!isInside(destination, workdir)) return item;
    // After the existing flags, where a reviewer expects it (`COPY --from=x --chown=...`).
    const lastFlag = instruction.flags.at(-1);
    const edit = lastFlag ? { start: lastFlag.end, end: lastFlag.end, text: ` --chown=${owner}` } : insertFlagsEdit(instruction, [`--chown=${owner}`]);
    return { ...item, edits: [...(item.edits ?? []), edit] };
  }
  const [first = '', ...rest] = item.lines;
  if (!first.startsWith('COPY ') || first.includes('--chown=') || rest.length > 0) return item;
  const destination = first.split(' ').at(-1) ?? '';
  if (!isInside(destination, workdir)) return item;
  const words = first.split(' ');
  const flags = words.findIndex((word, index) => index > 0 && !word.startsWith('--'));
  return { ...item, lines: [[...words.slice(0, flags), `--chown=${owner}`, ...words.slice(flags)].join(' ')] };
}

/** `withAppDirectoryOwned` over a transform's plan result, for its `plan` wiring. */
export function ownAppDirectory(result: PlanResult): PlanResult {
  return result.ok ? { ok: true, plan: withAppDirectoryOwned(result.plan) } : result;
}
