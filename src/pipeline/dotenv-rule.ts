import type { BuildContext } from '../core/context.js';
import type { ParsedDockerfile } from '../core/dockerfile.js';
import type { Warning } from '../core/findings.js';
import type { Plan } from '../core/plan.js';
import type { PlanResult } from '../core/transform.js';
import { DOTENV_FILE, dotenvCopies, dotenvLoads, isDotenvSource, requiredDotenvFlag, type DotenvLoad } from '../../transforms/shared/dotenv.js';

/** Source files scanned per context at most: enough for any service, bounded for monorepos. */
const MAX_SOURCES = 2_000;
/** Places a warning names before it says how many more there are. */
const NAMED_LOADS = 3;
/** How the values reach a container instead. */
const RUN_TIME_WAYS = `\`docker run --env-file ${DOTENV_FILE}\` or compose \`env_file: ${DOTENV_FILE}\``;

export interface DotenvRuleInput {
  readonly dockerfile: ParsedDockerfile;
  /** Sources the running command never loads, from the plan. */
  readonly unloaded: readonly string[];
  readonly context: BuildContext;
  /** The user's ignore file for this Dockerfile already decides about `.env`. */
  readonly userDecided: boolean;
  /** Reads context files by relative path (only called for a file that migrates). */
  readonly read: (files: readonly string[]) => ReadonlyMap<string, string>;
}

/**
 * Applies the `.env` rule to any transform's plan: `.env` joins the ignore file, so that a
 * `COPY . .` no longer puts it into the image, and the code that loaded it is named, with how
 * to give it the values instead. A COPY of `.env` by name is the user's and stays (ignoring the
 * file would break that line), with a warning. A command or a load in the code that stops the
 * app without the file is left alone where the context has the file (the image holds it today);
 * where it has none, the image lacked it already and the warning says to mount it.
 */
export function withDotenvRule(plan: Plan, input: DotenvRuleInput): PlanResult {
  const copies = dotenvCopies(input.dockerfile);
  if (copies.byName.length > 0) {
    const others = plan.dockerignore.filter((entry) => entry !== DOTENV_FILE);
    const warnings = copies.byName.map((instruction): Warning => ({
      id: 'dotenv',
      message: `line ${instruction.line + 1} copies ${DOTENV_FILE} into the image, where everyone who can pull it can read it; pass its values at run time with ${RUN_TIME_WAYS}`,
    }));
    return { ok: true, plan: { ...plan, dockerignore: others, warnings: [...plan.warnings, ...warnings] } };
  }
  // Where a transform's own list already names it, it keeps its place there.
  const ignored = { ...plan, dockerignore: plan.dockerignore.includes(DOTENV_FILE) ? plan.dockerignore : [...plan.dockerignore, DOTENV_FILE] };
  // Only a file whose image held `.env` loses anything by the rule.
  if (!copies.wholeContext || input.userDecided) return { ok: true, plan: ignored };

  const required = requiredDotenvFlag(input.dockerfile);
  if (required) {
    return {
      ok: false,
      status: 'skipped',
      reason: `line ${required.line + 1} runs with --env-file ${DOTENV_FILE}, which stops the container when the file is missing, and ${DOTENV_FILE} must not be copied into an image; use --env-file-if-exists, or pass the values at run time with ${RUN_TIME_WAYS}`,
    };
  }
  const sources = input.context.files.filter((file) => isDotenvSource(file) && !input.unloaded.includes(file)).slice(0, MAX_SOURCES);
  const texts = input.read(sources);
  const loads = sources.flatMap((file) => dotenvLoads(file, texts.get(file) ?? ''));
  const stopping = loads.filter((load) => load.stops !== undefined);
  if (stopping.length > 0 && input.context.files.includes(DOTENV_FILE)) {
    const first = stopping[0]!;
    return {
      ok: false,
      status: 'skipped',
      reason: `${first.file}:${first.line} (${first.library}) stops the app when ${DOTENV_FILE} is missing (${first.stops}), and ${DOTENV_FILE} must not be copied into an image; make the load optional, then pass the values at run time with ${RUN_TIME_WAYS}`,
    };
  }
  const warning = loadsWarning(loads) ?? (input.context.files.includes(DOTENV_FILE) ? { id: 'dotenv', message: `${DOTENV_FILE} is now kept out of the image; pass its values at run time with ${RUN_TIME_WAYS}` } : null);
  return { ok: true, plan: warning ? { ...ignored, warnings: [...ignored.warnings, warning] } : ignored };
}

function loadsWarning(loads: readonly DotenvLoad[]): Warning | null {
  if (loads.length === 0) return null;
  const named = loads.slice(0, NAMED_LOADS).map((load) => `${load.file}:${load.line} (${load.library})`);
  const more = loads.length > NAMED_LOADS ? ` and ${loads.length - NAMED_LOADS} more` : '';
  const verb = loads.length === 1 ? 'loads' : 'load';
  const stopping = loads.find((load) => load.stops !== undefined);
  // Values passed as environment do not satisfy a load that needs the file itself.
  const how = stopping ? `${stopping.file}:${stopping.line} stops the app without the file (${stopping.stops}), so mount it at run time or make the load optional` : `pass its values at run time with ${RUN_TIME_WAYS}`;
  return { id: 'dotenv', message: `${DOTENV_FILE} is now kept out of the image, and ${named.join(', ')}${more} ${verb} it; ${how}` };
}
