import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../shared/image-ref.js';
import { chooseRuntime, familyOfTag, nodeMajor, runtimeTag, versionPart } from './runtime.js';

describe('runtime tags', () => {
  it('reads the version and flavour of node tags', () => {
    expect(versionPart('20.11.1-bookworm')).toBe('20.11.1');
    expect(versionPart('${NODE_VERSION}-alpine3.19')).toBe('${NODE_VERSION}');
    expect(versionPart('${NODE-20}-slim')).toBe('${NODE-20}');
    expect(versionPart('latest')).toBeNull();
    expect(nodeMajor('14.21-alpine')).toBe(14);
    expect(nodeMajor('lts-slim')).toBeNull();
    expect(familyOfTag('20-alpine3.19')).toBe('alpine');
    expect(familyOfTag('20-bookworm-slim')).toBe('debian');
    expect(familyOfTag(null)).toBe('debian');
  });

  it('keeps alpine, slims Debian, and keeps only the version across families', () => {
    expect(runtimeTag('20', '20', 'debian')).toBe('20-slim');
    expect(runtimeTag('20-bookworm', '20-bookworm', 'debian')).toBe('20-bookworm-slim');
    expect(runtimeTag('20-slim', '20-slim', 'debian')).toBe('20-slim');
    expect(runtimeTag('latest', 'latest', 'debian')).toBe('slim');
    expect(runtimeTag(null, null, 'debian')).toBe('slim');
    expect(runtimeTag('lts', 'lts', 'debian')).toBe('lts-slim');
    expect(runtimeTag('18-alpine3.19', '18-alpine3.19', 'alpine')).toBe('18-alpine3.19');
    expect(runtimeTag('20.14.0-bookworm', '20.14.0-bookworm', 'alpine')).toBe('20.14.0-alpine');
    expect(runtimeTag('20-alpine', '20-alpine', 'debian')).toBe('20-slim');
    expect(runtimeTag(null, null, 'alpine')).toBe('alpine');
  });

  it('writes the suffix on the tag as written, variables included', () => {
    expect(runtimeTag('${NODE_VERSION}-bookworm', '20.14.0-bookworm', 'debian')).toBe('${NODE_VERSION}-bookworm-slim');
    expect(runtimeTag('${TAG}', '20-slim', 'debian')).toBe('${TAG}');
    expect(runtimeTag('${NODE_VERSION}-bookworm', '20-bookworm', 'alpine')).toBe('${NODE_VERSION}-alpine');
    expect(runtimeTag('20-${VARIANT}', '20-bookworm', 'alpine')).toBeUndefined();
  });
});

describe('chooseRuntime', () => {
  const request = (image: string, requested: 'auto' | 'alpine' | 'slim' | 'distroless', libcBound: string | null = null) =>
    chooseRuntime({ written: image, resolved: parseImageRef(image), requested, libcBound });

  it('keeps the registry and namespace of a mirror and drops a digest', () => {
    const choice = request('registry.example.com/library/node:20@sha256:abc', 'auto');
    expect(choice.ok && choice.runtime.resolved).toBe('registry.example.com/library/node:20-slim');
  });

  it('honours --runtime, and refuses a libc change for bound node_modules and distroless', () => {
    const alpine = request('node:22', 'alpine');
    expect(alpine.ok && [alpine.runtime.resolved, alpine.runtime.crossFamily]).toEqual(['node:22-alpine', true]);
    expect(request('node:22', 'alpine', 'the native addon bcrypt')).toEqual({
      ok: false,
      reason: '--runtime alpine would move the native addon bcrypt from glibc to musl',
    });
    expect(request('node:22', 'distroless').ok).toBe(false);
    const same = request('node:22-alpine', 'alpine', 'the native addon bcrypt');
    expect(same.ok && same.runtime.crossFamily).toBe(false);
  });
});
