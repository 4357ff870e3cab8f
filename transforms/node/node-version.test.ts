import { describe, expect, it } from 'vitest';
import { pinnedTag } from '../shared/image-ref.js';
import { isFloatingNodeTag, MOVING_NODE_TAGS, projectNode } from './node-version.js';

const context = (contents: Record<string, string>) => ({ files: Object.keys(contents), directories: [], contents: new Map(Object.entries(contents)) });

describe('node versions', () => {
  it('tells floating tags from fixed ones', () => {
    expect([null, 'lts', 'lts-slim', 'current-alpine', 'alpine3.19', 'slim', 'latest'].every(isFloatingNodeTag)).toBe(true);
    expect(['20', '20-alpine', '18.20.4-bookworm-slim', 'iron', 'hydrogen-alpine'].some(isFloatingNodeTag)).toBe(false);
  });

  it('reads the major from .nvmrc, .node-version or an engines range that fixes one', () => {
    expect(projectNode(context({ '.nvmrc': 'v20.11.1\n' }), undefined)).toEqual({ major: 20, source: '.nvmrc' });
    expect(projectNode(context({ '.nvmrc': 'lts/*\n', '.node-version': '18\n' }), undefined)).toEqual({ major: 18, source: '.node-version' });
    expect(projectNode(context({}), { node: '20.x' })?.major).toBe(20);
    expect(projectNode(context({}), { node: '^22.3.0' })?.major).toBe(22);
    expect(projectNode(context({}), { node: '>=18' })).toBeNull();
  });

  it('puts the major into the moving word of the tag', () => {
    expect(pinnedTag('lts-alpine', '20', MOVING_NODE_TAGS)).toBe('20-alpine');
    expect(pinnedTag('lts', '20', MOVING_NODE_TAGS)).toBe('20');
    expect(pinnedTag('bookworm-slim', '20', MOVING_NODE_TAGS)).toBe('20-bookworm-slim');
    expect(pinnedTag(null, '20', MOVING_NODE_TAGS)).toBe('20');
  });
});
