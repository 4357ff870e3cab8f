import { programsCalled } from '../../src/core/commands.js';
import type { Instruction } from '../../src/core/dockerfile.js';
import type { Finding } from '../../src/core/findings.js';
import type { Edit } from '../../src/core/plan.js';
import { commandWords, splitCommands } from '../../src/core/shell.js';
import { baseName, installerCall, runWrapped } from './classify.js';
import { tokenize } from './tokens.js';

/**
 * `CMD ["poetry", "run", "gunicorn", ...]`, `pipenv run`, `uv run`: the installer only finds the
 * environment and starts the program. Production has no installer, but its virtualenv's bin is
 * first on PATH, so the program itself runs the same; `uv run` would also sync the environment at
 * start, which the built image has no need for.
 */
export interface RunWrapper {
  readonly instruction: Instruction;
  readonly tool: 'poetry' | 'pipenv' | 'uv';
  /** The command the installer ran. */
  readonly program: readonly string[];
  readonly edit: Edit;
  readonly change: Finding;
  /** The new command as verification compares it. */
  readonly compared: { readonly keyword: 'CMD' | 'ENTRYPOINT'; readonly command: string };
}

/** The final ENTRYPOINT (or CMD without one) when an installer's `run` wraps it; a reason when it wraps it in a way dfmod cannot undo. */
export function findRunWrapper(instructions: readonly Instruction[]): RunWrapper | string | null {
  const entrypoint = instructions.filter((instruction) => instruction.keyword === 'ENTRYPOINT').at(-1);
  const instruction = entrypoint ?? instructions.filter((instruction) => instruction.keyword === 'CMD').at(-1);
  if (!instruction) return null;
  const words = instruction.json ?? singleCommand(instruction);
  if (words === null) return null;
  const call = installerCall(words);
  if (!call || (call.installer !== 'poetry' && call.installer !== 'pipenv' && call.installer !== 'uv')) return null;
  const wrapped = runWrapped(words);
  if (wrapped === null) return null;
  const tool = call.installer;
  // `uv run script.py` runs the file with the project's Python.
  const program = tool === 'uv' && wrapped[0]?.endsWith('.py') ? ['python', ...wrapped] : wrapped;
  const keyword = instruction.keyword === 'ENTRYPOINT' ? 'ENTRYPOINT' : 'CMD';
  if (program.length === 0) return `${keyword} is "${tool} run" with the program in CMD; dfmod does not rewrite the pair`;
  if (baseName(words[0]!) !== tool) return `${keyword} runs ${tool} through ${words[0]}, which dfmod does not rewrite`;
  const start = instruction.argsOffset;
  const end = instruction.raw.trimEnd().length;
  let text: string;
  if (instruction.json) {
    text = `[${program.map((word) => JSON.stringify(word)).join(', ')}]`;
  } else {
    const tokens = tokenize(instruction.raw.slice(start, end));
    text = `${program.length > wrapped.length ? 'python ' : ''}${instruction.raw.slice(start + tokens[tokens.length - wrapped.length]!.start, end)}`;
  }
  return {
    instruction,
    tool,
    program,
    edit: { start, end, text },
    compared: { keyword, command: instruction.json ? JSON.stringify(program) : `sh -c ${text.trim()}` },
    change: {
      id: 'virtualenv',
      message: `${keyword} runs ${program.join(' ')} straight from the virtualenv, which is first on PATH, instead of "${tool} run": production has no ${tool}`,
    },
  };
}

/** Programs a shell or the interpreter itself: they run from the virtualenv's PATH as well. */
const ALWAYS_RUNNABLE = /^(python(3(\.\d+)?)?|sh|bash)$/;

/**
 * Whether the program the installer started is one production's virtualenv has: the interpreter,
 * a script the project declares, or a console script named after one of its dependencies
 * (gunicorn, uvicorn, celery, streamlit). Otherwise the original's command may not have worked
 * either, and dfmod does not guess.
 */
export function isRunnable(program: string, projectScripts: readonly string[], dependencies: readonly string[]): boolean {
  const name = baseName(program);
  if (program.includes('/')) return false;
  return ALWAYS_RUNNABLE.test(name) || projectScripts.includes(name) || dependencies.includes(name.toLowerCase().replace(/_/g, '-'));
}

/** A one-line shell form of one plain command, as its words; null for anything richer. */
function singleCommand(instruction: Instruction): string[] | null {
  if (instruction.raw.slice(instruction.argsOffset).trimEnd().includes('\n')) return null;
  const commands = splitCommands(instruction.argsText);
  if (commands === null || commands.length !== 1) return null;
  const words = commandWords(commands[0]!);
  return words.length === commands[0]!.words.length ? [...words] : null;
}

/** What the running container calls once the wrapper is gone: the program instead of the installer. */
export function programsWithoutWrapper(instructions: readonly Instruction[], wrapper: RunWrapper | null): string[] {
  if (wrapper === null) return programsCalled(instructions);
  const others = instructions.filter((instruction) => instruction.keyword === 'HEALTHCHECK');
  const programs = new Set(programsCalled(others));
  const first = wrapper.program[0]!;
  if (!first.includes('/') && !first.includes('$')) programs.add(first);
  if (!wrapper.instruction.json) programs.add('sh');
  const cmd = instructions.filter((instruction) => instruction.keyword === 'CMD').at(-1);
  if (wrapper.instruction.keyword === 'ENTRYPOINT' && cmd && !cmd.json) programs.add('sh');
  return [...programs].sort();
}
