import type { ComposeService } from '../core/compose.js';
import type { BuildContext } from '../core/context.js';
import type { ParsedDockerfile } from '../core/dockerfile.js';
import type { Plan } from '../core/plan.js';
import type { PlanResult } from '../core/transform.js';
import { keepOriginalUser } from '../../transforms/shared/app-owner.js';
import { resolveBaseImage } from '../../transforms/shared/base-image.js';
import { modernRepeats } from '../../transforms/shared/modern-repeats.js';
import { describeMisplaced, misplacedLines, withMovedLinesScoped } from '../../transforms/shared/placement.js';
import { browserInstall } from './browser-install.js';
import { withoutCacheMounts } from './cache-mounts.js';
import { ciContainerUse, dockerActionUse } from './ci-container.js';
import { builderKeepsDevDependencies, composeDevServices, composeDevWarning } from './compose-dev.js';
import { composeMountOverWrittenPath, composeToolchainStart } from './compose-runtime.js';
import { withDotenvRule } from './dotenv-rule.js';
import { rootOnlyRead, startNeedsRoot, workdirForFiles } from './root-start.js';
import { composeShellStart } from './image-shell-use.js';
import type { RepositoryFiles } from './repository.js';

export interface StackRulesInput {
  readonly dockerfile: ParsedDockerfile;
  readonly context: BuildContext;
  readonly repository: RepositoryFiles;
  readonly compose: readonly ComposeService[];
  /** False with --no-cache-mounts. */
  readonly cacheMounts: boolean;
  /** The user's ignore file for this Dockerfile already decides about `.env`. */
  readonly dotenvDecided: boolean;
  readonly read: (files: readonly string[]) => ReadonlyMap<string, string>;
}

/**
 * The rules every stack shares, applied to whatever plan a transform made, so that each
 * transform, including the ones still to come, inherits them. The file is left alone when
 * production would take nothing from the builder, when the build downloads browsers for the app
 * to drive, or when a compose service starts the image with a build tool or with a shell the
 * production image lacks. Production keeps the original's user for a CI job container, a GitHub
 * Docker action, a compose bind mount over a written path, a start that chowns, switches user or
 * runs a daemon, a read of a root-only file, and a tool that writes into the mount it works on.
 * Then: moved lines in their original scope, modern forms of repeated lines, the cache-mount
 * choice, `.env` kept out, and compose dev services named.
 */
export function withStackRules(plan: Plan, input: StackRulesInput): PlanResult {
  if (!copiesFromEarlierStage(plan)) return { ok: false, status: 'unchanged', reason: 'runtime-only image: production would take nothing from a builder stage (no dependency to install, nothing built), so there is nothing to split' };
  const refusal = browserInstall(input.dockerfile) ?? composeToolchainStart(input.compose) ?? composeShellStart(input.compose, plan.runtime.runtimeImage);
  if (refusal !== null) return { ok: false, status: 'skipped', reason: refusal };
  const rootNeeded = ciContainerUse(input.repository) ?? dockerActionUse(input.repository) ?? composeMountOverWrittenPath(input.compose, plan) ?? startNeedsRoot(input.dockerfile, input.context, input.read) ?? rootOnlyRead(input.context) ?? workdirForFiles(input.dockerfile, plan);
  const owned = rootNeeded === null ? plan : keepOriginalUser(plan, rootNeeded);
  if (rootNeeded !== null && owned === plan && plan.runtime.baseUserNonRoot) {
    return { ok: false, status: 'skipped', reason: `${rootNeeded}; the runtime image ${plan.runtime.runtimeImage} runs as non-root by itself` };
  }

  const scoped = withMovedLinesScoped(input.dockerfile, owned);
  const misplaced = misplacedLines(input.dockerfile, scoped)[0];
  if (misplaced) return { ok: false, status: 'skipped', reason: `the migration would move a line out of its scope: ${describeMisplaced(misplaced, scoped)}` };

  const base = resolveBaseImage(input.dockerfile);
  const modern = base.kind === 'unresolved' ? scoped : modernRepeats(scoped, base.image);
  const dotenv = withDotenvRule(input.cacheMounts ? modern : withoutCacheMounts(modern), { dockerfile: input.dockerfile, unloaded: modern.runtime.unloadedSources ?? [], context: input.context, userDecided: input.dotenvDecided, read: input.read });
  if (!dotenv.ok) return dotenv;

  const devServices = composeDevServices(input.compose, dotenv.plan);
  if (devServices.length === 0) return dotenv;
  if (!builderKeepsDevDependencies(dotenv.plan)) {
    return { ok: false, status: 'skipped', reason: `${devServices[0]!.what}, and the migration installs production dependencies only, in every stage` };
  }
  return { ok: true, plan: { ...dotenv.plan, warnings: [...dotenv.plan.warnings, ...devServices.flatMap((service) => composeDevWarning(service, dotenv.plan) ?? [])] } };
}

/** Whether the production stage takes anything from a stage before it: a `COPY --from` or a `FROM` of one. */
function copiesFromEarlierStage(plan: Plan): boolean {
  const production = plan.stages.at(-1);
  const earlier = new Set(plan.stages.slice(0, -1).map((stage) => stage.name));
  if (!production || earlier.size === 0) return true;
  return production.items.some((item) => {
    if (item.kind === 'keep') {
      const { instruction } = item;
      if (instruction.keyword === 'FROM' && earlier.has(instruction.args[0] ?? '')) return true;
      return instruction.flags.some((flag) => flag.name === 'from' && earlier.has(flag.value ?? ''));
    }
    const words = item.lines[0]!.split(/\s+/);
    if (words[0]!.toUpperCase() === 'FROM') return earlier.has(words[1] ?? '');
    return words.some((word) => word.startsWith('--from=') && earlier.has(word.slice('--from='.length)));
  });
}
