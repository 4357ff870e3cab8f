import { describe, expect, it } from 'vitest';
import type { Instruction } from '../../src/core/dockerfile.js';
import { splitCommands, type ShellCommand } from '../../src/core/shell.js';
import { applyEdits } from '../../src/pipeline/print.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { installEdits, installText, productionInstall, scriptWordSpans, strictInstall } from './install.js';

function command(text: string): ShellCommand {
  return splitCommands(text)![0]!;
}

function runOf(dockerfile: string): Instruction {
  return parseDockerfile(`FROM node:20\n${dockerfile}\n`).instructions[1]!;
}

describe('install commands', () => {
  it('follows the lockfile exactly in the builder', () => {
    expect(installText(command('npm install'), strictInstall(command('npm install'), 'npm', 'package-lock.json'))).toBe('npm ci');
    expect(installText(command('npm i --legacy-peer-deps'), strictInstall(command('npm i --legacy-peer-deps'), 'npm', 'package-lock.json'))).toBe('npm ci --legacy-peer-deps');
    expect(installText(command('npm install'), strictInstall(command('npm install'), 'npm', null))).toBe('npm install');
    expect(installText(command('yarn'), strictInstall(command('yarn'), 'yarn-classic', 'yarn.lock'))).toBe('yarn --frozen-lockfile');
    expect(installText(command('yarn install'), strictInstall(command('yarn install'), 'yarn-berry', 'yarn.lock'))).toBe('yarn install --immutable');
    expect(installText(command('pnpm i'), strictInstall(command('pnpm i'), 'pnpm', 'pnpm-lock.yaml'))).toBe('pnpm i --frozen-lockfile');
    expect(installText(command('CI=true npm ci'), strictInstall(command('CI=true npm ci'), 'npm', 'package-lock.json'))).toBe('CI=true npm ci');
  });

  it('installs production dependencies only, without the flags that bring dev dependencies back', () => {
    const production = (text: string, manager: Parameters<typeof productionInstall>[1], major: number | null = 20) =>
      installText(command(text), productionInstall(command(text), manager, 'lockfile', major));
    expect(production('npm ci --include=dev', 'npm')).toBe('npm ci --omit=dev');
    expect(production('npm install', 'npm', 14)).toBe('npm ci --production');
    expect(production('npm ci --omit=dev', 'npm')).toBe('npm ci --omit=dev');
    expect(production('yarn install', 'yarn-classic')).toBe('yarn install --frozen-lockfile --production');
    expect(production('pnpm install --frozen-lockfile', 'pnpm')).toBe('pnpm install --frozen-lockfile --prod');
    expect(production('yarn install --immutable', 'yarn-berry')).toBe('yarn workspaces focus --all --production');
  });
});

describe('install edits', () => {
  it('finds the words of a RUN in its raw text, across continuations and inner comments', () => {
    const run = runOf('RUN npm ci \\\n    # quiet\n    --no-audit');
    expect(scriptWordSpans(run, '\\')!.map((span) => span.text)).toEqual(['npm', 'ci', '--no-audit']);
    expect(scriptWordSpans(runOf('RUN npm ci && npm run build'), '\\')).toBeNull();
  });

  it('edits the install in place, keeping the layout of the line', () => {
    const run = runOf('RUN npm install \\\n    # dev tools too\n    --include=dev');
    const install = command(run.argsText);
    const edit = (change: ReturnType<typeof strictInstall>) => applyEdits(run, installEdits(run, '\\', install, change)!);
    expect(edit(strictInstall(install, 'npm', 'package-lock.json'))).toBe('RUN npm ci \\\n    # dev tools too\n    --include=dev');
    expect(edit(productionInstall(install, 'npm', 'package-lock.json', 20))).toBe('RUN npm ci \\\n    # dev tools too\n --omit=dev');
  });

  it('gives up on raw text it cannot match word for word', () => {
    const run = runOf('RUN ["npm", "ci"]');
    expect(installEdits(run, '\\', command('npm ci'), strictInstall(command('npm ci'), 'npm', 'package-lock.json'))).toBeNull();
  });
});
