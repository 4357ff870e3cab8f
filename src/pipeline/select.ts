import { runScript, type ParsedDockerfile } from '../core/dockerfile.js';
import { commandWords, splitCommands } from '../core/shell.js';
import type { Transform, TransformInput } from '../core/transform.js';
import { imageName, parseImageRef } from '../../transforms/shared/image-ref.js';
import { resolveBaseImage } from '../../transforms/shared/base-image.js';
import { STACKS, type Stack } from '../core/stacks.js';

export type Selection =
  | { readonly kind: 'transform'; readonly transform: Transform; readonly reason: string }
  | { readonly kind: 'leave'; readonly status: 'unchanged' | 'skipped'; readonly reason: string };

/**
 * Decides what happens to a parsed file: the cases no transform should see (already
 * multi-stage, scratch, Windows, ONBUILD), then the first matching transform, then a reason.
 */
export function selectTransform(input: TransformInput, transforms: readonly Transform[], only: ReadonlySet<string> | null): Selection {
  const { dockerfile } = input;
  if (dockerfile.stages.length > 1) {
    return { kind: 'leave', status: 'unchanged', reason: `already multi-stage (${dockerfile.stages.length} stages)` };
  }
  const base = resolveBaseImage(dockerfile);
  if (base.kind === 'unresolved') return { kind: 'leave', status: 'skipped', reason: base.reason };
  if (base.image === 'scratch') return { kind: 'leave', status: 'unchanged', reason: 'FROM scratch: there is nothing to build' };
  if (isWindows(dockerfile, base.image)) {
    return { kind: 'leave', status: 'skipped', reason: 'Windows container images are not supported' };
  }
  if (dockerfile.instructions.some((instruction) => instruction.keyword === 'ONBUILD')) {
    return { kind: 'leave', status: 'skipped', reason: 'ONBUILD triggers run in the images built from this one; splitting stages would change them' };
  }

  // By transform: a Node file must never be told why the Go transform passed it over.
  const rejections = new Map<string, string>();
  for (const transform of transforms) {
    if (only && !only.has(transform.meta.id)) continue;
    const match = transform.match(input);
    if (match.matches) return { kind: 'transform', transform, reason: match.reason };
    rejections.set(transform.meta.id, match.reason);
  }

  const stack = recogniseStack(dockerfile, base.image);
  if (stack) {
    const hasTransform = transforms.some((transform) => transform.meta.id === stack.id);
    const detail = hasTransform
      ? only && !only.has(stack.id) ? `transform ${stack.id} is not selected by --only` : (rejections.get(stack.id) ?? `the ${stack.id} transform did not match`)
      : `no transform for ${stack.id} yet`;
    return { kind: 'leave', status: 'skipped', reason: `${stack.label} build detected; ${detail}` };
  }
  if (!runsBuildTools(dockerfile)) {
    return { kind: 'leave', status: 'unchanged', reason: `runtime-only image (${base.image}): no dependency install or build step` };
  }
  return { kind: 'leave', status: 'skipped', reason: `unknown stack: no transform recognises ${base.image} or its build steps` };
}

function isWindows(dockerfile: ParsedDockerfile, image: string): boolean {
  const ref = parseImageRef(image.toLowerCase());
  const windowsImage = ref.path.startsWith('windows/') || ['nanoserver', 'servercore', 'windowsservercore', 'ltsc'].some((word) => image.toLowerCase().includes(word));
  const powershell = dockerfile.instructions.some((instruction) => instruction.keyword === 'SHELL' && (instruction.json?.[0] ?? '').toLowerCase().includes('powershell'));
  return windowsImage || powershell || ref.path.endsWith('/windows');
}

/** The tool each RUN command starts with, across the whole file. */
export function runTools(dockerfile: ParsedDockerfile): string[] {
  const tools: string[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    const commands = splitCommands(runScript(instruction));
    if (commands === null) tools.push(...instruction.args);
    else for (const command of commands) tools.push(commandWords(command)[0] ?? '');
  }
  return tools;
}

function recogniseStack(dockerfile: ParsedDockerfile, image: string): Stack | null {
  const name = imageName(parseImageRef(image));
  const tools = new Set(runTools(dockerfile));
  // The base image's own stack first: a dotnet/sdk image that also runs npm for its front end is a .NET build.
  const ofImage = STACKS.find((stack) => stack.images.includes(name));
  if (ofImage && ofImage.tools.some((tool) => tools.has(tool))) return ofImage;
  return STACKS.find((stack) => stack.tools.some((tool) => tools.has(tool))) ?? (ofImage && hasSourceBuildHint(dockerfile) ? ofImage : null);
}

/** A toolchain image whose RUN steps we cannot name still builds when it copies a whole source tree. */
function hasSourceBuildHint(dockerfile: ParsedDockerfile): boolean {
  return dockerfile.instructions.some((instruction) => instruction.keyword === 'RUN' && !instruction.argsText.includes('apt-get') && !instruction.argsText.includes('apk '));
}

/** Commands that set up a runtime image (system packages, files, users) without building anything. */
const RUNTIME_SETUP_COMMANDS = new Set([
  'apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'update-ca-certificates', 'rm', 'mkdir', 'chown', 'chmod',
  'chgrp', 'ln', 'cp', 'mv', 'touch', 'sed', 'echo', 'printf', 'true', 'useradd', 'adduser', 'addgroup', 'groupadd',
  'usermod', 'curl', 'wget', 'tar', 'unzip', 'gzip', 'ls', 'cat', 'test', '[',
]);

/** A RUN step that is not runtime setup builds something: with a stack nobody recognised, that stack is unknown. */
function runsBuildTools(dockerfile: ParsedDockerfile): boolean {
  return runTools(dockerfile).some((tool) => tool !== '' && !RUNTIME_SETUP_COMMANDS.has(tool));
}
