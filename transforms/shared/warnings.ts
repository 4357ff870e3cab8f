import { copyDestination, normalizedPath, type Instruction, type ParsedDockerfile } from '../../src/core/dockerfile.js';
import type { Warning } from '../../src/core/findings.js';
import { splitCommands, commandWords } from '../../src/core/shell.js';
import { parseImageRef, isDockerHub, isOriginalImage, type ImageRef } from './image-ref.js';

const SECRET_WORDS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'KEY', 'CREDENTIAL'];

/**
 * The writes whose path the code computes (`src/main.rs:8 (File::create): output_file`), which
 * dfmod cannot give to the run user; `where` names the places such a path typically lands.
 */
export function computedWritesWarning(sites: readonly string[], user: string, where: string): Warning {
  return {
    id: 'non-root',
    message: `${sites.join('; ')} write${sites.length === 1 ? 's' : ''} a path dfmod cannot read, so ${user} owns none of it: where that lands in a root-owned directory (${where}), own that directory or keep root`,
  };
}

/** SPEC §4's warnings that hold for every language: reported, never silently "fixed". */
export function commonWarnings(dockerfile: ParsedDockerfile, base: string): Warning[] {
  const warnings: Warning[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') {
      for (const [name] of instruction.properties) {
        if (SECRET_WORDS.some((word) => name.toUpperCase().includes(word))) {
          warnings.push({
            id: 'secret-arg',
            message: `${instruction.keyword} ${name} ends up in the image history; use RUN --mount=type=secret`,
          });
        }
      }
    }
    if (instruction.keyword === 'ADD' && instruction.args.some((word) => /^https?:\/\//.test(word))) {
      warnings.push({ id: 'remote-add', message: `line ${instruction.line + 1}: ADD of a remote URL is not verified; download with a checksum instead` });
    }
    if (instruction.keyword === 'RUN') {
      const commands = splitCommands(instruction.argsText) ?? [];
      const installs = commands.some((command) => {
        const words = commandWords(command);
        return (words[0] === 'apt-get' || words[0] === 'apt') && words.includes('install');
      });
      if (installs && !instruction.argsText.includes('/var/lib/apt/lists')) {
        warnings.push({ id: 'apt-cleanup', message: `line ${instruction.line + 1}: apt-get install without removing /var/lib/apt/lists` });
      }
    }
  }
  // `slim`, `alpine`, `lts` move like `latest` does: a tag with no version in it pins nothing.
  const ref = parseImageRef(base);
  if (ref.digest === null && (ref.tag === null || !/\d/.test(ref.tag))) {
    warnings.push({ id: 'latest-tag', message: `the base image ${base} is ${ref.tag === null ? 'untagged' : `on the moving tag :${ref.tag}`}; pin a version` });
  }
  return warnings;
}

/** Warnings about where the runtime image comes from, compared with the original's registry. */
export function registryWarnings(original: ImageRef, runtimeImage: string): Warning[] {
  const warnings: Warning[] = [];
  const runtime = parseImageRef(runtimeImage);
  if (!isDockerHub(original) && runtime.registry !== original.registry) {
    warnings.push({
      id: 'mirror-runtime',
      message: `the original pulls from ${original.registry}; mirror ${runtimeImage} there too`,
    });
  }
  // The original image itself keeps its digest (withTag); only another image needs a new pin.
  if (original.digest !== null && !isOriginalImage(original, runtime)) {
    warnings.push({ id: 'pin-digest', message: `the original was pinned by digest; pin ${runtimeImage} by digest too` });
  }
  return warnings;
}

/**
 * A warning naming the line that leaves the app running from `/` (`WORKDIR .`, or no WORKDIR at
 * all) when production runs it there as the non-root `user`, who can create no file in `/`; null
 * when the final `workdir` is another directory. Production keeps `/`: moving the app would
 * break the absolute paths its code, config or command may open.
 */
export function rootWorkdirWarning(instructions: readonly Instruction[], workdir: string, user: string): Warning | null {
  if (workdir !== '/') return null;
  const then = `production runs the app from the filesystem root as ${user}, which cannot create files there; dfmod keeps the directory, since moving the app could break paths it opens: give it a WORKDIR of its own (WORKDIR /app) before its files are copied`;
  const line = instructions.filter((instruction) => instruction.keyword === 'WORKDIR').at(-1);
  if (line) {
    const argument = line.args[0] ?? '';
    return { id: 'non-root', message: `line ${line.line + 1}: WORKDIR ${argument}${argument === '/' ? '' : ' is /'}, so ${then}` };
  }
  const copy = instructions.find((instruction) => (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && !instruction.heredoc && !instruction.flags.some((flag) => flag.name === 'from'));
  if (!copy) return null;
  const destination = normalizedPath(copyDestination(copy));
  const where = destination === '.' || destination === '/' ? "puts the app's files under / (the Dockerfile sets no WORKDIR)" : `puts the app's files in ${destination}, but the Dockerfile sets no WORKDIR`;
  return { id: 'non-root', message: `line ${copy.line + 1}: ${copy.keyword} ${where}, so ${then}` };
}

/** Options by which servers take the port to listen on, alone (`--port 80`) or as host:port (`-b 0.0.0.0:80`). */
const PORT_OPTIONS = new Set(['--port', '-p', '--bind', '-b', '--listen', '-l', '--http-port', '--server.port', '--host-port']);
/** Variables that servers read their port or address from (Express `PORT`, ASP.NET Core, Spring). */
const PORT_VARIABLES = new Set(['PORT', 'HTTP_PORT', 'SERVER_PORT', 'APP_PORT', 'ASPNETCORE_HTTP_PORTS', 'ASPNETCORE_URLS']);

/**
 * Ports below 1024 that the container listens on: EXPOSEd, given to the server on its command
 * line (`--port 80`, `-b 0.0.0.0:80`, `runserver 0:80`) or in a port variable (`PORT=80`,
 * `ASPNETCORE_URLS=http://+:80`), or bound by the program's own code at a site a transform
 * read (`80 bound at main.go:12 (http.ListenAndServe)`). A non-root user may not bind them
 * outside Docker's default capability set, so every transform that adds a user warns with these.
 */
export function privilegedPorts(instructions: readonly Instruction[], bound: readonly { readonly port: string; readonly site: string }[] = []): string[] {
  const ports: string[] = [];
  const low = (port: string) => Number(port.split('/')[0]) > 0 && Number(port.split('/')[0]) < 1024;
  const add = (port: string) => {
    if (low(port) && !ports.includes(port)) ports.push(port);
  };
  for (const instruction of instructions) {
    if (instruction.keyword === 'EXPOSE') instruction.args.forEach(add);
    else if (instruction.keyword === 'ENV') {
      for (const [name, value] of instruction.properties) if (PORT_VARIABLES.has(name) && value !== null) portsIn(value).forEach(add);
    } else if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') commandPorts(commandText(instruction)).forEach(add);
  }
  const named = new Set(ports.map((port) => port.split('/')[0]));
  for (const { port, site } of bound) {
    if (!low(port) || named.has(port)) continue;
    named.add(port);
    ports.push(`${port} bound at ${site}`);
  }
  return ports;
}

function commandText(instruction: Instruction): string[] {
  if (instruction.json) return [...instruction.json];
  return (splitCommands(instruction.argsText) ?? []).flatMap((command) => commandWords(command));
}

function commandPorts(words: readonly string[]): string[] {
  const ports: string[] = [];
  words.forEach((word, index) => {
    const [option = '', inline] = word.split('=', 2);
    if (PORT_OPTIONS.has(option)) ports.push(...portsIn(inline ?? words[index + 1] ?? ''));
    // Django's `runserver 0:80` and `gunicorn app 0.0.0.0:80`-style addresses.
    else if (words[index - 1] === 'runserver') ports.push(...portsIn(word));
  });
  return ports;
}

/** `80`, `:80`, `0.0.0.0:80`, `http://+:80;https://+:443` give their ports; anything else none. */
function portsIn(value: string): string[] {
  return value.split(/[;,]/).flatMap((part) => {
    const port = /(?:^|:)(\d{1,5})\/?$/.exec(part.trim())?.[1];
    return port === undefined ? [] : [port];
  });
}
