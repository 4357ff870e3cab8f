import { runScript, type ParsedDockerfile } from '../core/dockerfile.js';
import { commandWords, splitCommands } from '../core/shell.js';

/**
 * Why the image cannot be split because its build downloads browsers for the app to drive, or
 * null. `playwright install` puts the browsers under the installing user's cache
 * (`/root/.cache/ms-playwright`) and, with `--with-deps`, their system libraries through the
 * distro's package manager: neither is in node_modules, a virtualenv or a Go binary, so a
 * production stage that copies those would start without a browser.
 */
export function browserInstall(dockerfile: ParsedDockerfile): string | null {
  for (const instruction of dockerfile.stages.at(-1)?.instructions ?? []) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of splitCommands(runScript(instruction)) ?? []) {
      const words = commandWords(command);
      const at = words.indexOf('playwright');
      if (at >= 0 && words[at + 1] === 'install' && isPlaywrightCall(words.slice(0, at))) {
        return `line ${instruction.line + 1}: "${command.text}" downloads browsers into the image, outside what a production stage copies, for the app to drive at run time`;
      }
    }
  }
  return null;
}

/** What may come before `playwright install`: nothing, a package runner, or `python -m`. */
function isPlaywrightCall(before: readonly string[]): boolean {
  const runners = before.filter((word) => !word.startsWith('-'));
  return runners.length === 0 || ['npx', 'pnpm', 'yarn', 'bunx', 'uv', 'poetry', 'pipenv'].includes(runners[0]!) || (/^python[\d.]*$/.test(runners[0]!) && before.includes('-m'));
}
