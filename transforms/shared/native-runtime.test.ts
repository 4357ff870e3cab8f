import { describe, expect, it } from 'vitest';
import { alpineImage, debianSlimImage, distrolessImage, NATIVE_RUNTIMES } from './native-runtime.js';

describe('native runtime images', () => {
  it('names distroless images by Debian release', () => {
    expect(distrolessImage('static', 'bookworm')).toBe('gcr.io/distroless/static-debian12');
    expect(distrolessImage('base', 'trixie')).toBe('gcr.io/distroless/base-debian13');
    expect(distrolessImage('cc', 'bullseye')).toBe('gcr.io/distroless/cc-debian11');
  });

  it('keeps the builder\'s Alpine release, or takes the newest 3.x', () => {
    expect(alpineImage('3.19')).toBe('alpine:3.19');
    expect(alpineImage(null)).toBe('alpine:3');
    expect(debianSlimImage('bookworm')).toBe('debian:bookworm-slim');
  });

  it('knows what each ships: distroless no programs at all, slim neither CA roots nor zoneinfo', () => {
    expect(NATIVE_RUNTIMES.distroless).toEqual({ caCertificates: true, zoneinfo: true, programs: [] });
    expect(NATIVE_RUNTIMES['debian-slim']).toMatchObject({ caCertificates: false, zoneinfo: false });
    expect(NATIVE_RUNTIMES.alpine).toMatchObject({ caCertificates: true, zoneinfo: false });
    expect(NATIVE_RUNTIMES.alpine.programs).toContain('wget');
  });
});
