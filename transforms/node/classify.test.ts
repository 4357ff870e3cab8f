import { describe, expect, it } from 'vitest';
import { splitCommands } from '../../src/core/shell.js';
import { classifyCommand, isManifestPath } from './classify.js';
import { yamlTopLevel } from './detect.js';

const scripts = new Set(['build', 'lint', 'start']);

function roles(script: string): string[] {
  return splitCommands(script)!.map((command) => classifyCommand(command, scripts));
}

describe('classifyCommand', () => {
  it('tells installs, builds and package manager setup apart', () => {
    expect(roles('npm ci && npm run build && npm prune --omit=dev')).toEqual(['install', 'build', 'prune']);
    expect(roles('npm install --omit=dev && npm cache clean --force')).toEqual(['install', 'cache-clean']);
    expect(roles('npm install -g pnpm@9 && npm install -g pm2 && npm config set fund false')).toEqual(['pm-setup', 'global-tool', 'pm-setup']);
    expect(roles('yarn && yarn build && yarn start')).toEqual(['install', 'build', 'other']);
    expect(roles('yarn --frozen-lockfile && yarn workspaces focus --production')).toEqual(['install', 'prune']);
    expect(roles('corepack enable && pnpm i && pnpm -r build && pnpm store prune')).toEqual(['pm-setup', 'install', 'build', 'cache-clean']);
    expect(roles('npx tsc && npm test')).toEqual(['build', 'build']);
  });

  it('tells a local install of named packages from the dependency install and a global tool', () => {
    expect(roles('npm i typescript && npm install -D @types/node && npm i -g typescript')).toEqual(['add-packages', 'add-packages', 'global-tool']);
    expect(roles('yarn add lodash && yarn global add serve && pnpm add -D typescript')).toEqual(['add-packages', 'global-tool', 'add-packages']);
  });

  it('recognises system packages, file setup and commands that move the install', () => {
    expect(roles('apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*')).toEqual(['system', 'system', 'system']);
    expect(roles('mkdir -p /app/data && chown node:node /app/data')).toEqual(['fs-setup', 'fs-setup']);
    expect(roles('cd web && npm ci')).toEqual(['chdir', 'install']);
    expect(roles('npm --prefix web ci')).toEqual(['chdir']);
    expect(roles('echo done && node scripts/seed.js')).toEqual(['no-effect', 'other']);
  });

  it('tells a print into a file from one that has no effect, and reads a build behind its redirections', () => {
    const files = (script: string) => splitCommands(script, { fileRedirects: true })!.map((command) => classifyCommand(command, scripts));
    expect(files('npm run build && echo "$GIT_SHA" > build/REVISION')).toEqual(['build', 'print-to-file']);
    expect(files('npm run build > /dev/null 2>&1 && echo done >&2')).toEqual(['build', 'no-effect']);
    expect(files('node scripts/stamp.js > build/stamp.json')).toEqual(['other']);
  });
});

describe('isManifestPath', () => {
  it('knows what an install reads', () => {
    expect(['package.json', './package*.json', 'yarn.lock', '.yarnrc.yml', '.yarn/releases', 'apps/api/package.json'].every(isManifestPath)).toBe(true);
    expect(['src', '.', 'tsconfig.json'].some(isManifestPath)).toBe(false);
  });
});

describe('yamlTopLevel', () => {
  it('reads a top-level scalar, unquoted and without its comment', () => {
    expect(yamlTopLevel('yarnPath: .yarn/releases/yarn.cjs\nnodeLinker: node-modules\n', 'nodeLinker')).toBe('node-modules');
    expect(yamlTopLevel('nodeLinker: "node-modules" # no PnP\r\n', 'nodeLinker')).toBe('node-modules');
    expect(yamlTopLevel('packageExtensions:\n  nodeLinker: pnp\n', 'nodeLinker')).toBeNull();
  });
});
