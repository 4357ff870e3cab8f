import type { Instruction, ParsedDockerfile, Stage } from '../core/dockerfile.js';
import type { Plan, RuntimeExpectations } from '../core/plan.js';
import { programsCalled } from '../core/commands.js';
import { commandWords, splitCommands } from '../core/shell.js';
import { FileProblem } from '../core/status.js';
import { parseSystemInstall } from '../../transforms/shared/system-packages.js';
import { commentsOf, droppedComments } from './comments.js';
import { parseDockerfile } from './parse.js';

/** The part of a plan that says which lines it drops and where its report says so. */
export type Drops = Pick<Plan, 'dropped' | 'changes' | 'warnings'>;

const NOTHING_DROPPED: Drops = { changes: [], warnings: [] };

/**
 * Checks a migrated Dockerfile against its original before anyone sees it. Each check returns
 * the reason it failed, or null; the first failure makes the file an `error`, untouched.
 */
export function verifyMigration(original: ParsedDockerfile, output: string, runtime: RuntimeExpectations, drops: Drops = NOTHING_DROPPED): string[] {
  let migrated: ParsedDockerfile;
  try {
    migrated = parseDockerfile(output);
  } catch (problem) {
    return [`the output does not parse: ${problem instanceof FileProblem ? problem.reason : String(problem)}`];
  }
  const production = migrated.stages.at(-1);
  if (!production) return ['the output has no stage'];
  const originalFinal = original.stages.at(-1)!;

  const checks: (string | null)[] = [
    checkStages(migrated),
    checkCopyFrom(original, migrated),
    checkFinalUser(production, runtime),
    checkCommand(originalFinal, production, runtime),
    checkCarriedOver(originalFinal, production, runtime),
    checkPrograms(production, runtime),
    checkArgs(original, migrated),
    checkComments(original, migrated, droppedComments(drops)),
    checkLineEndings(original, output),
    checkSyntaxDirective(migrated),
    ...checkLints(original, migrated),
  ];
  return checks.filter((reason): reason is string => reason !== null);
}

function checkStages(migrated: ParsedDockerfile): string | null {
  const names = migrated.stages.map((stage) => stage.name);
  if (names.some((name) => name === null)) return 'a stage of the output has no name';
  if (names.at(-1) !== 'production') return 'the last stage of the output is not named production';
  if (new Set(names).size !== names.length) return 'the output has two stages with the same name';
  return null;
}

function checkCopyFrom(original: ParsedDockerfile, migrated: ParsedDockerfile): string | null {
  const originalSources = new Set(
    original.instructions.flatMap((instruction) => instruction.flags.filter((flag) => flag.name === 'from').map((flag) => flag.value)),
  );
  for (const stage of migrated.stages) {
    const earlier = new Set(migrated.stages.slice(0, stage.index).map((candidate) => candidate.name));
    for (const instruction of stage.instructions) {
      for (const flag of instruction.flags) {
        if (flag.name !== 'from' || instruction.keyword === 'FROM') continue;
        if (earlier.has(flag.value) || originalSources.has(flag.value)) continue;
        return `line ${instruction.line + 1}: COPY --from=${flag.value} does not name an earlier stage`;
      }
    }
  }
  return null;
}

const ROOT_USERS = new Set(['root', '0']);

function checkFinalUser(production: Stage, runtime: RuntimeExpectations): string | null {
  const user = production.instructions.filter((instruction) => instruction.keyword === 'USER').at(-1);
  if (!user) return runtime.baseUserNonRoot || runtime.rootKept !== undefined ? null : 'the production stage runs as root (no USER)';
  const name = (user.args[0] ?? '').split(':')[0]!;
  return ROOT_USERS.has(name) ? 'the production stage runs as root' : null;
}

function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** A health check as compared: its flags and its command, whatever the line wrapping. */
function healthcheckOf(instruction: Instruction | undefined): string {
  if (!instruction) return '';
  return JSON.stringify([instruction.flags.map((flag) => `${flag.name}=${flag.value ?? ''}`), instruction.argsText.trim()]);
}

/** An instruction's command as compared: exec-form words, or the shell form's text. */
function commandOf(instruction: Instruction | undefined): string {
  if (!instruction) return '';
  return instruction.json ? JSON.stringify(instruction.json) : `sh -c ${instruction.argsText.trim()}`;
}

function checkCommand(original: Stage, production: Stage, runtime: RuntimeExpectations): string | null {
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    let expected = commandOf(lastOf(original, keyword));
    const actual = commandOf(lastOf(production, keyword));
    if (runtime.unwrappedCommand?.keyword === keyword && actual === runtime.unwrappedCommand.command) continue;
    for (const [from, to] of Object.entries(runtime.movedPaths)) expected = expected.split(from).join(to);
    if (expected !== actual && commandOf(lastOf(original, keyword)) !== actual) {
      return `the production ${keyword} differs from the original (${actual || 'none'} instead of ${expected || 'none'})`;
    }
  }
  return null;
}

function envKeys(stage: Stage, keyword: string): Set<string> {
  return new Set(
    stage.instructions.filter((instruction) => instruction.keyword === keyword).flatMap((instruction) => instruction.properties.map(([key]) => key)),
  );
}

function words(stage: Stage, keyword: string): Set<string> {
  return new Set(stage.instructions.filter((instruction) => instruction.keyword === keyword).flatMap((instruction) => instruction.json ?? instruction.args));
}

function checkCarriedOver(original: Stage, production: Stage, runtime: RuntimeExpectations): string | null {
  for (const keyword of ['ENV', 'LABEL']) {
    const kept = envKeys(production, keyword);
    const left = keyword === 'ENV' ? new Set(runtime.builderOnlyEnv ?? []) : new Set<string>();
    for (const key of envKeys(original, keyword)) if (!kept.has(key) && !left.has(key)) return `${keyword} ${key} does not reach the production stage`;
  }
  for (const keyword of ['EXPOSE', 'VOLUME', 'STOPSIGNAL']) {
    const kept = words(production, keyword);
    for (const word of words(original, keyword)) if (!kept.has(word)) return `${keyword} ${word} does not reach the production stage`;
  }
  const healthcheck = lastOf(original, 'HEALTHCHECK');
  if (healthcheck && healthcheckOf(lastOf(production, 'HEALTHCHECK')) !== healthcheckOf(healthcheck)) {
    return 'the HEALTHCHECK does not reach the production stage';
  }
  return null;
}

function checkPrograms(production: Stage, runtime: RuntimeExpectations): string | null {
  const available = new Set(runtime.programs);
  for (const instruction of production.instructions) {
    if (instruction.keyword === 'RUN') {
      for (const command of splitCommands(instruction.argsText) ?? []) {
        parseSystemInstall(command)?.packages.forEach((name) => available.add(name));
        const words = commandWords(command);
        if (words[0] === 'corepack' && words[1] === 'enable') ['pnpm', 'yarn'].forEach((name) => available.add(name));
      }
    }
    if (instruction.keyword === 'COPY') {
      const destination = instruction.args.at(-1) ?? '';
      if (destination.startsWith('/usr/local/bin/') || destination.startsWith('/usr/bin/') || destination.startsWith('/bin/')) {
        available.add(destination.slice(destination.lastIndexOf('/') + 1) || (instruction.args.at(-2) ?? ''));
        for (const source of instruction.args.slice(0, -1)) available.add(source.slice(source.lastIndexOf('/') + 1));
      }
    }
  }
  const called = [...programsCalled(production.instructions), ...runtime.scriptInterpreters];
  const missing = [...new Set(called)].filter((program) => !available.has(program));
  if (missing.length === 0) return null;
  return `the production stage calls ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not in ${runtime.runtimeImage} nor installed`;
}

function declaredArgs(instructions: readonly Instruction[]): Set<string> {
  return new Set(instructions.filter((instruction) => instruction.keyword === 'ARG').flatMap((instruction) => instruction.properties.map(([name]) => name)));
}

function usesVariable(instruction: Instruction, name: string): boolean {
  return instruction.variables.includes(name);
}

/** Whether a stage body reads `name` before an ARG or ENV of its own declares it (it is empty there). */
function readBeforeDeclared(body: readonly Instruction[], name: string): boolean {
  const firstUse = body.findIndex((instruction) => instruction.keyword !== 'ARG' && usesVariable(instruction, name));
  if (firstUse < 0) return false;
  const before = body.slice(0, firstUse);
  return !declaredArgs(before).has(name) && !envNames(before).has(name);
}

/** ARGs a stage of the original reads before it declares them (empty there, as in any stage that does the same). */
function usedBeforeDeclared(original: ParsedDockerfile): Set<string> {
  const names = new Set<string>();
  for (const stage of original.stages) {
    const body = stage.instructions.slice(1);
    for (const name of declaredArgs(body)) if (readBeforeDeclared(body, name)) names.add(name);
  }
  return names;
}

function checkArgs(original: ParsedDockerfile, migrated: ParsedDockerfile): string | null {
  const undeclaredInOriginal = usedBeforeDeclared(original);
  const argNames = [...declaredArgs(original.instructions)].filter((name) => !undeclaredInOriginal.has(name));
  const globals = declaredArgs(migrated.globalArgs);
  for (const stage of migrated.stages) {
    for (const name of argNames) {
      if (usesVariable(stage.from, name) && !globals.has(name)) return `FROM of stage ${stage.name} uses ${name}, which is not a global ARG`;
      if (readBeforeDeclared(stage.instructions.slice(1), name)) return `stage ${stage.name} uses ARG ${name} without declaring it`;
    }
  }
  return null;
}

function envNames(instructions: readonly Instruction[]): Set<string> {
  return new Set(instructions.filter((instruction) => instruction.keyword === 'ENV').flatMap((instruction) => instruction.properties.map(([name]) => name)));
}

function commentLines(parsed: ParsedDockerfile): string[] {
  return [...parsed.instructions.flatMap(commentsOf), ...parsed.trailingComments].map((line) => line.trim());
}

function tally(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.trim(), (counts.get(line.trim()) ?? 0) + 1);
  return counts;
}

/** Every original comment is in the output, but those of the lines the plan drops and reports dropping. */
function checkComments(original: ParsedDockerfile, migrated: ParsedDockerfile, dropped: readonly string[]): string | null {
  const remaining = tally(commentLines(migrated));
  const excused = tally(dropped);
  for (const line of commentLines(original)) {
    const count = remaining.get(line) ?? 0;
    if (count > 0) remaining.set(line, count - 1);
    else if ((excused.get(line) ?? 0) > 0) excused.set(line, excused.get(line)! - 1);
    else return `the comment "${line}" is lost`;
  }
  return null;
}

function checkLineEndings(original: ParsedDockerfile, output: string): string | null {
  const endsWithCr = (line: string) => line.endsWith('\r');
  const originalLines = original.source.text.split('\n').slice(0, -1);
  // A file that already mixes endings has no single style to keep.
  if (originalLines.some(endsWithCr) && !originalLines.every(endsWithCr)) return null;
  const crlf = original.source.eol === '\r\n';
  const wrong = output.split('\n').slice(0, -1).findIndex((line) => endsWithCr(line) !== crlf);
  return wrong < 0 ? null : `line ${wrong + 1} of the output does not end with ${crlf ? 'CRLF' : 'LF'} like the original`;
}

function checkSyntaxDirective(migrated: ParsedDockerfile): string | null {
  const buildKit = migrated.instructions.some(
    (instruction) => instruction.heredoc || instruction.flags.some((flag) => ['mount', 'chmod', 'link', 'exclude', 'parents'].includes(flag.name)),
  );
  if (buildKit && !migrated.directives.some((directive) => directive.name === 'syntax')) {
    return 'the output uses BuildKit-only syntax without a syntax directive';
  }
  return null;
}

/**
 * BuildKit's lint rules that a rewrite could newly trip, as counts by rule and place. A place
 * is the user's own text where a rule judges a line the user wrote (a line repeated into a
 * second stage trips it no more than the original did), and the rule alone where every
 * occurrence counts: dfmod writes ENV and WORKDIR modern, so those never fire more often.
 */
function lintProblems(parsed: ParsedDockerfile): Map<string, number> {
  const problems = new Map<string, number>();
  const once = (key: string) => problems.set(key, 1);
  const count = (key: string) => problems.set(key, (problems.get(key) ?? 0) + 1);
  for (const instruction of parsed.instructions) {
    const written = writtenKeyword(instruction);
    const wrongCase = parsed.lowercaseKeywords ? written !== written.toLowerCase() : written !== written.toUpperCase();
    if (wrongCase) once(`ConsistentInstructionCasing ${written}`);
  }
  for (const stage of parsed.stages) {
    const keyword = writtenKeyword(stage.from);
    const asWord = stage.from.args.find((word) => word.toUpperCase() === 'AS');
    // BuildKit leaves a mixed-case `From` to ConsistentInstructionCasing.
    const selfConsistent = keyword === keyword.toUpperCase() || keyword === keyword.toLowerCase();
    if (asWord && selfConsistent && (keyword === keyword.toUpperCase()) !== (asWord === asWord.toUpperCase())) once('FromAsCasing');
    if (stage.name && stage.name !== stage.name.toLowerCase()) once(`StageNameCasing ${stage.name}`);
    for (const keyword of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK']) {
      if (stage.instructions.filter((instruction) => instruction.keyword === keyword).length > 1) once(`MultipleInstructionsDisallowed ${keyword}`);
    }
    let absoluteWorkdir = false;
    for (const instruction of stage.instructions) {
      if ((instruction.keyword === 'ENV' || instruction.keyword === 'LABEL') && !(instruction.args[0] ?? '').includes('=')) {
        count('LegacyKeyValueFormat');
      }
      if (instruction.keyword === 'WORKDIR') {
        const path = instruction.args[0] ?? '';
        if (path.startsWith('/') || path.startsWith('$')) absoluteWorkdir = true;
        else if (!absoluteWorkdir) count('WorkdirRelativePath');
      }
    }
  }
  const names = parsed.stages.map((stage) => stage.name?.toLowerCase()).filter(Boolean);
  if (new Set(names).size !== names.length) once('DuplicateStageName');
  return problems;
}

function writtenKeyword(instruction: Instruction): string {
  return instruction.raw.slice(0, instruction.argsOffset).trim();
}

function shellFormCommands(parsed: ParsedDockerfile): number {
  const final = parsed.stages.at(-1);
  if (!final) return 0;
  return ['CMD', 'ENTRYPOINT'].filter((keyword) => {
    const instruction = lastOf(final, keyword);
    return instruction !== undefined && instruction.json === null;
  }).length;
}

function checkLints(original: ParsedDockerfile, migrated: ParsedDockerfile): (string | null)[] {
  const before = lintProblems(original);
  const introduced = [...lintProblems(migrated)].filter(([problem, times]) => times > (before.get(problem) ?? 0));
  const reasons: (string | null)[] = introduced.map(([problem]) => `the output trips BuildKit's ${problem.split(' ')[0]} check`);
  if (shellFormCommands(migrated) > shellFormCommands(original)) reasons.push('the output has more shell-form CMD/ENTRYPOINT than the original');
  return reasons;
}
