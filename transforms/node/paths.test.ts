import { describe, expect, it } from 'vitest';
import { resolvePath } from '../../src/core/dockerfile.js';
import { destinationFrom, isInside, matchesGlob, projectPath } from './paths.js';

describe('image paths', () => {
  it('resolves WORKDIR and COPY arguments as the builder does', () => {
    expect(resolvePath('/app', '.')).toBe('/app');
    expect(resolvePath('/app', './dist/')).toBe('/app/dist');
    expect(resolvePath('/app/api', '../shared')).toBe('/app/shared');
    expect(resolvePath('/app', '/srv//data/')).toBe('/srv/data');
    expect(resolvePath('/', 'app')).toBe('/app');
  });

  it('names a path from a WORKDIR: relative inside it, absolute elsewhere', () => {
    expect(destinationFrom('/app', '/app')).toBe('./');
    expect(destinationFrom('/app', '/app/node_modules')).toBe('./node_modules');
    expect(destinationFrom('/', '/app/dist')).toBe('/app/dist');
    expect(destinationFrom('/app/api', '/app/node_modules')).toBe('/app/node_modules');
    expect(isInside('/application', '/app')).toBe(false);
    expect(isInside('/app/dist/main.js', '/app/dist')).toBe(true);
  });

  it('cleans project paths, keeping an absolute one absolute', () => {
    expect(projectPath('./src/')).toBe('src');
    expect(projectPath('.')).toBe('');
    expect(projectPath('./')).toBe('');
    expect(projectPath('/srv/out/')).toBe('/srv/out');
  });

  it('matches workspace globs segment by segment', () => {
    expect(matchesGlob('packages/*', 'packages/shared')).toBe(true);
    expect(matchesGlob('packages/*', 'packages/shared/nested')).toBe(false);
    expect(matchesGlob('apps/**', 'apps/web/admin')).toBe(true);
    expect(matchesGlob('./tools/cli', 'tools/cli')).toBe(true);
    expect(matchesGlob('services/*-api', 'services/orders-api')).toBe(true);
    expect(matchesGlob('services/*-api', 'services/orders-web')).toBe(false);
  });
});
