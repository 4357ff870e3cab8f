import { posix } from 'node:path';
import { serviceName, serviceStart, serviceStartText, type ComposeService } from '../core/compose.js';
import type { Warning } from '../core/findings.js';
import { SHELL_PROGRAMS, splitCommands } from '../core/shell.js';
import { isRepositoryScript, type RepositoryFiles } from './repository.js';

/** `docker run`/`exec` options whose value is the next word (a `--flag=value` needs none). */
const OPTIONS_WITH_VALUE = new Set([
  '-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--name', '-p', '--publish', '-v', '--volume', '--mount', '--network', '--net',
  '-l', '--label', '--platform', '-h', '--hostname', '--add-host', '--cpus', '-m', '--memory', '--restart', '--pull', '--log-driver', '--log-opt',
  '--device', '--cap-add', '--cap-drop', '--security-opt', '--tmpfs', '--ulimit', '--dns', '--gpus', '--stop-signal', '--detach-keys',
]);

/**
 * Images whose filesystem has no shell: distroless (its `:debug` tags add busybox), the chiseled
 * .NET images, Chainguard's (their `-dev` tags add one) and `scratch`.
 */
export function shellFreeImage(image: string): boolean {
  const [name = '', tag = ''] = image.split('@')[0]!.split(/:(?=[^/]*$)/);
  if (name === 'scratch') return true;
  if (/(^|\/)distroless\//.test(name)) return !/(^|-)debug/.test(tag);
  if (/chiseled/.test(tag)) return true;
  return name.startsWith('cgr.dev/chainguard/') && !/(^|-)dev$/.test(tag);
}

/** A line of the repository's scripts that runs a shell inside a container: `create_docker.sh:11 runs \`docker exec -it app /bin/bash\``. */
interface ShellUse {
  readonly place: string;
  readonly text: string;
}

/**
 * The repository's own scripts (shell scripts, Makefiles, justfiles beside the Dockerfile or at
 * the root) that open a shell in a container: `docker exec -it app bash`, `docker run -it IMAGE
 * sh`, `docker compose exec api sh`, `--entrypoint sh`. Which image the container runs is not
 * written there in a form dfmod can follow (names, tags and variables), so each is a lead for
 * the reviewer, not a proof.
 */
function scriptShellUses(repository: RepositoryFiles): ShellUse[] {
  const uses: ShellUse[] = [];
  for (const [path, text] of repository.files) {
    if (!isRepositoryScript(posix.basename(path), text)) continue;
    text.split(/\r?\n/).forEach((line, index) => {
      // A make or just recipe line: its `@`/`-` prefix and its variables (`$(IMAGE)`) are not shell.
      const shell = line.replace(/^\s*[@-]*/, '').replace(/\$\(\w+\)|\$\{\w+\}|\{\{\s*\w+\s*\}\}/g, 'VAR');
      if ((splitCommands(shell) ?? []).some((command) => opensShell(command.words))) uses.push({ place: `${path}:${index + 1}`, text: line.trim() });
    });
  }
  return uses;
}

/** Whether the words are a docker (or compose) run/exec whose command, or `--entrypoint`, is a shell. */
function opensShell(words: readonly string[]): boolean {
  const docker = posix.basename(words[0] ?? '');
  let rest: readonly string[];
  if (docker === 'docker' && words[1] === 'compose') rest = words.slice(2);
  else if (docker === 'docker' && words[1] === 'container') rest = words.slice(2);
  else if (docker === 'docker' || docker === 'docker-compose') rest = words.slice(1);
  else return false;
  if (rest[0] !== 'run' && rest[0] !== 'exec') return false;
  const positional: string[] = [];
  for (let index = 1; index < rest.length && positional.length < 2; index++) {
    const word = rest[index]!;
    if (word === '--entrypoint' && isShell(rest[index + 1])) return true;
    if (word.startsWith('--entrypoint=') && isShell(word.slice('--entrypoint='.length))) return true;
    if (word.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(word)) index++;
      continue;
    }
    positional.push(word);
  }
  return isShell(positional[1]);
}

function isShell(word: string | undefined): boolean {
  return word !== undefined && SHELL_PROGRAMS.has(posix.basename(word));
}

/**
 * Why no production stage on a shell-free image can serve a compose service that builds this
 * Dockerfile: the service starts the image with a shell (`command: sh -c "..."`,
 * `entrypoint: ["/bin/sh", ...]`). A service that picks a `target:` builds that stage. Null
 * when none does.
 */
export function composeShellStart(services: readonly ComposeService[], image: string): string | null {
  if (!shellFreeImage(image)) return null;
  for (const service of services) {
    if (service.target !== null) continue;
    const words = serviceStart(service);
    if (words === null || words === 'unreadable' || !isShell(words[0])) continue;
    return `${serviceName(service)} starts the image with \`${serviceStartText(service)}\`, and the production image ${image} has no shell: compose would need \`target: builder\`, or migrate with --runtime slim`;
  }
  return null;
}

/** One warning per script line that shells into a container, when production has no shell to open. */
export function scriptShellWarnings(repository: RepositoryFiles, image: string): Warning[] {
  if (!shellFreeImage(image)) return [];
  return scriptShellUses(repository).map((use) => ({
    id: 'no-shell',
    message: `${use.place} runs \`${use.text}\`: if that container runs this image, the shell is gone, since production runs on ${image}, which has none; migrate with --runtime slim to keep one`,
  }));
}
