import { posix } from 'node:path';
import type { BuildContext } from '../core/context.js';
import { copyDestination, resolvePath, type Instruction, type ParsedDockerfile } from '../core/dockerfile.js';
import type { Plan } from '../core/plan.js';
import { commandWords, SHELL_PROGRAMS, splitCommands, writtenFiles, type ShellCommand } from '../core/shell.js';
import { isSystemDirectory } from '../../transforms/shared/app-owner.js';

/**
 * Programs that do nothing useful, or fail, unless they run as root: changing owners, dropping
 * to another user (which only root may do), system daemons that bind privileged sockets and
 * read root-only files, and system package or user management. A start that runs one keeps
 * the original's user: under a non-root user, `chown -R bot /data && exec python main.py`
 * stops at its first command and the container exits.
 */
const ROOT_PROGRAMS = new Set([
  'chown', 'chgrp', 'su', 'su-exec', 'gosu', 'runuser', 'setpriv', 'setuidgid',
  'cron', 'crond', 'sshd', 'service', 'rsyslogd', 'syslogd',
  'useradd', 'adduser', 'groupadd', 'addgroup', 'usermod', 'chpasswd',
  'apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'update-ca-certificates', 'ldconfig', 'sysctl',
]);

/** A context file of the start's own, read to see what it runs. */
type Read = (files: readonly string[]) => ReadonlyMap<string, string>;

/**
 * Why the container's start needs root, or null: its CMD or ENTRYPOINT, or the script from the
 * build context that one of them runs, calls a program of ROOT_PROGRAMS or writes a file in a
 * system directory (`> /root/.profile`, `>> /etc/profile`). The reason names the line.
 */
export function startNeedsRoot(dockerfile: ParsedDockerfile, context: BuildContext, read: Read): string | null {
  const stage = dockerfile.stages.at(-1);
  if (!stage) return null;
  const starts = (['ENTRYPOINT', 'CMD'] as const).flatMap((keyword) => stage.instructions.filter((instruction) => instruction.keyword === keyword).slice(-1));
  for (const start of starts) {
    const place = `line ${start.line + 1}: ${start.keyword}`;
    const script = startScript(start);
    if (script.shell !== null) {
      const found = rootUse(script.shell);
      if (found) return `${place} ${found}`;
    }
    if (script.file !== null) {
      const file = contextFile(context, script.file);
      const text = file === null ? undefined : read([file]).get(file);
      if (file !== null && text !== undefined) {
        const found = scriptRootUse(text);
        if (found) return `${file}:${found.line}, which ${start.keyword} runs, ${found.what}`;
      }
    }
  }
  return null;
}

/** The shell text a start runs itself, and the script file it hands to a shell or runs directly. */
function startScript(start: Instruction): { shell: string | null; file: string | null } {
  if (start.json === null) return { shell: start.argsText, file: null };
  const [first = '', second, third] = start.json;
  if (SHELL_PROGRAMS.has(posix.basename(first))) {
    if (second === '-c' && third !== undefined) return { shell: third, file: null };
    return { shell: null, file: second !== undefined && !second.startsWith('-') ? second : null };
  }
  return { shell: start.json.join(' '), file: first.endsWith('.sh') ? first : null };
}

/** The context file a start script names, by its name: the one file of that name, or none. */
function contextFile(context: BuildContext, script: string): string | null {
  const name = posix.basename(script);
  const matches = context.files.filter((file) => posix.basename(file) === name);
  return matches.length === 1 ? matches[0]! : null;
}

function scriptRootUse(text: string): { line: number; what: string } | null {
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const found = rootUse(trimmed);
    if (found) return { line: index + 1, what: found };
  }
  return null;
}

/**
 * What in one line of shell needs root, as `runs crond, which needs root`. A background `&`,
 * which the RUN reader does not take, separates commands here as `;` would.
 */
function rootUse(text: string): string | null {
  for (const part of text.split(/\s&\s|\s&$/)) {
    const commands = splitCommands(part, { fileRedirects: true });
    if (commands === null) continue;
    for (const command of commands) {
      const found = commandRootUse(command);
      if (found) return found;
    }
  }
  return null;
}

function commandRootUse(command: ShellCommand): string | null {
  let words = commandWords(command);
  if (words[0] === 'exec') words = words.slice(1);
  const program = posix.basename(words[0] ?? '');
  if (ROOT_PROGRAMS.has(program)) return `runs ${program}, which needs root`;
  if (/^\/etc\/init\.d\//.test(words[0] ?? '')) return `runs ${words[0]}, which needs root`;
  const system = writtenFiles(command).find((file) => file.startsWith('/') && isSystemDirectory(posix.dirname(file)));
  return system === undefined ? null : `writes ${system}, which only root may write`;
}

/**
 * Directories whose files only root may read: certbot writes its private keys under
 * /etc/letsencrypt mode 0600, and Debian keeps /etc/ssl/private for root and ssl-cert.
 */
const ROOT_ONLY_READS = ['/etc/letsencrypt/', '/etc/ssl/private/'];

/**
 * Why the app must keep root to read its files, or null: a source file of the context names a
 * path under a root-only directory in a string literal (`"/etc/letsencrypt/live/site/privkey.pem"`),
 * which a non-root user could not open.
 */
export function rootOnlyRead(context: BuildContext): string | null {
  for (const [file, text] of context.contents) {
    if (!ROOT_ONLY_READS.some((directory) => text.includes(directory))) continue;
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      for (const directory of ROOT_ONLY_READS) {
        const at = line.indexOf(directory);
        if (at <= 0 || !['"', "'", '`'].includes(line[at - 1]!)) continue;
        const path = line.slice(at).split(/["'`]/)[0]!;
        return `${file}:${index + 1} reads ${path}, under ${directory.slice(0, -1)}, whose files only root may read`;
      }
    }
  }
  return null;
}

/**
 * Why a tool run on the files of its working directory keeps root, or null: the original's last
 * WORKDIR comes after every COPY and ADD and receives none of them (`WORKDIR /data` after the
 * build, for `docker run -v "$PWD":/data`), and the code writes paths it computes, which land
 * there. The host owns what it mounts, so a non-root user could not write it.
 */
export function workdirForFiles(dockerfile: ParsedDockerfile, plan: Plan): string | null {
  const computed = plan.runtime.computedWrites?.[0];
  const stage = dockerfile.stages.at(-1);
  if (computed === undefined || !stage) return null;
  let directory = '/';
  const copied: string[] = [];
  let last: Instruction | null = null;
  let copiedSinceLast = false;
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'WORKDIR') {
      directory = resolvePath(directory, instruction.args[0] ?? '.');
      last = instruction;
      copiedSinceLast = false;
    } else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      copiedSinceLast = true;
      if (!instruction.flags.some((flag) => flag.name === 'from')) copied.push(resolvePath(directory, copyDestination(instruction)));
    }
  }
  if (last === null || copiedSinceLast || copied.some((path) => path === directory || path.startsWith(`${directory}/`) || directory.startsWith(`${path}/`))) return null;
  return `line ${last.line + 1}: WORKDIR ${last.args[0]} receives no file of the image, so it is where the tool works on the files it is given (a mount), and ${computed} writes a path dfmod cannot read there; the host owns what it mounts, so a non-root user could not write it`;
}
