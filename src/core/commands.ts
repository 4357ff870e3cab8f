import type { Instruction } from './dockerfile.js';
import { commandWords, splitCommands } from './shell.js';

const SHELL_BUILTINS = new Set(['exec', 'exit', 'echo', 'test', '[', 'true', 'false', 'cd', 'set', 'export', '.', 'source', 'wait', 'trap', 'kill', 'printf']);

function addProgram(programs: Set<string>, word: string | undefined): void {
  if (word && !word.includes('/') && !word.includes('$') && !SHELL_BUILTINS.has(word)) programs.add(word);
}

function lastOf(instructions: readonly Instruction[], keyword: string): Instruction | undefined {
  return instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

function addShellScript(programs: Set<string>, script: string): void {
  programs.add('sh');
  for (const command of splitCommands(script) ?? []) addProgram(programs, commandWords(command)[0]);
}

/**
 * Programs the running container calls, from a stage's final ENTRYPOINT, CMD and HEALTHCHECK:
 * a shell for shell forms, the first word of exec forms, every command of shell scripts.
 */
export function programsCalled(instructions: readonly Instruction[]): string[] {
  const programs = new Set<string>();
  const entrypoint = lastOf(instructions, 'ENTRYPOINT');
  const cmd = lastOf(instructions, 'CMD');
  if (entrypoint) {
    if (entrypoint.json) addProgram(programs, entrypoint.json[0]);
    else addShellScript(programs, entrypoint.argsText);
  } else if (cmd) {
    if (cmd.json) addProgram(programs, cmd.json[0]);
    else addShellScript(programs, cmd.argsText);
  }
  if (entrypoint && cmd && !cmd.json) programs.add('sh');
  const healthcheck = lastOf(instructions, 'HEALTHCHECK');
  if (healthcheck && healthcheck.args[0]?.toUpperCase() === 'CMD') {
    if (healthcheck.json) addProgram(programs, healthcheck.json[0]);
    else addShellScript(programs, healthcheck.argsText.trim().slice(3));
  }
  return [...programs].sort();
}
