import { describe, expect, it } from 'vitest';
import { retiredReleaseOfVersion } from './tables.js';

describe('retiredReleaseOfVersion', () => {
  it('names buster for patches the images built before bullseye became their default', () => {
    expect(retiredReleaseOfVersion('3.8.10')).toBe('buster');
    expect(retiredReleaseOfVersion('3.9.5')).toBe('buster');
    expect(retiredReleaseOfVersion('3.5.10')).toBe('stretch or older');
  });

  it('names none for later patches, whole minors and unknown versions', () => {
    expect(retiredReleaseOfVersion('3.8.11')).toBeUndefined();
    expect(retiredReleaseOfVersion('3.10.4')).toBeUndefined();
    expect(retiredReleaseOfVersion('3.8')).toBeUndefined();
    expect(retiredReleaseOfVersion(null)).toBeUndefined();
  });
});
