import type { Instruction, ParsedDockerfile } from '../../src/core/dockerfile.js';
import type { Warning } from '../../src/core/findings.js';
import { splitCommands, commandWords } from '../../src/core/shell.js';
import { parseImageRef, isDockerHub, isOriginalImage, type ImageRef } from './image-ref.js';

const SECRET_WORDS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'KEY', 'CREDENTIAL'];

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

/** EXPOSE ports below 1024: outside Docker (which lowers the limit) a non-root user may not bind them. */
export function privilegedPorts(instructions: readonly Instruction[]): string[] {
  return instructions
    .filter((instruction) => instruction.keyword === 'EXPOSE')
    .flatMap((instruction) => instruction.args)
    .filter((port) => Number(port.split('/')[0]) < 1024);
}
