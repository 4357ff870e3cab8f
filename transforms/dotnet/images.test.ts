import { describe, expect, it } from 'vitest';
import { chiseledImageFor, readSdk, runtimeImageFor } from './images.js';

function sdk(image: string) {
  const read = readSdk(image);
  if (!read.ok) throw new Error(read.reason);
  return read.sdk;
}

describe('runtime images', () => {
  it('follows the target framework, not the SDK, and keeps the distribution', () => {
    expect(runtimeImageFor(sdk('mcr.microsoft.com/dotnet/sdk:9.0'), 'aspnet', { major: 8, minor: 0 })).toEqual({ ok: true, runtime: { image: 'mcr.microsoft.com/dotnet/aspnet:8.0', family: 'debian' } });
    expect(runtimeImageFor(sdk('mcr.microsoft.com/dotnet/sdk:8.0.400-jammy'), 'runtime', { major: 8, minor: 0 })).toEqual({ ok: true, runtime: { image: 'mcr.microsoft.com/dotnet/runtime:8.0-jammy', family: 'ubuntu' } });
    expect(runtimeImageFor(sdk('mcr.microsoft.com/dotnet/sdk:8.0-alpine3.20'), 'runtime-deps', { major: 8, minor: 0 })).toEqual({ ok: true, runtime: { image: 'mcr.microsoft.com/dotnet/runtime-deps:8.0-alpine3.20', family: 'alpine' } });
  });

  it("writes out an unsuffixed SDK's distribution where the target's default differs", () => {
    // sdk:10.0 is Ubuntu noble; aspnet:8.0 is Debian bookworm.
    expect(runtimeImageFor(sdk('mcr.microsoft.com/dotnet/sdk:10.0'), 'aspnet', { major: 8, minor: 0 })).toEqual({ ok: true, runtime: { image: 'mcr.microsoft.com/dotnet/aspnet:8.0-noble', family: 'ubuntu' } });
    expect(runtimeImageFor(sdk('mcr.microsoft.com/dotnet/sdk:10.0'), 'aspnet', { major: 6, minor: 0 })).toEqual({ ok: false, reason: 'Microsoft publishes no noble runtime images for .NET 6.0, the project\'s target' });
  });

  it('keeps a mirror of the SDK image', () => {
    expect(runtimeImageFor(sdk('registry.example.com/mcr/dotnet/sdk:8.0'), 'aspnet', { major: 8, minor: 0 })).toMatchObject({ runtime: { image: 'registry.example.com/mcr/dotnet/aspnet:8.0' } });
  });

  it('gives chiseled images from 8.0 on, with ICU unless the app is invariant', () => {
    expect(chiseledImageFor(sdk('mcr.microsoft.com/dotnet/sdk:8.0-jammy'), 'aspnet', { major: 8, minor: 0 }, true)).toMatchObject({ runtime: { image: 'mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled' } });
    expect(chiseledImageFor(sdk('mcr.microsoft.com/dotnet/sdk:9.0'), 'runtime', { major: 9, minor: 0 }, false)).toMatchObject({ runtime: { image: 'mcr.microsoft.com/dotnet/runtime:9.0-noble-chiseled-extra' } });
    expect(chiseledImageFor(sdk('mcr.microsoft.com/dotnet/sdk:6.0'), 'aspnet', { major: 6, minor: 0 }, true)).toMatchObject({ ok: false });
    expect(chiseledImageFor(sdk('mcr.microsoft.com/dotnet/sdk:8.0-alpine'), 'aspnet', { major: 8, minor: 0 }, true)).toMatchObject({ ok: false });
  });

  it('refuses tags that name no version or a variant it does not know', () => {
    expect(readSdk('mcr.microsoft.com/dotnet/sdk:latest')).toMatchObject({ ok: false });
    expect(readSdk('mcr.microsoft.com/dotnet/sdk:8.0-azurelinux3.0')).toMatchObject({ ok: false });
    expect(readSdk('mcr.microsoft.com/dotnet/sdk:9.0.100-preview.7')).toMatchObject({ ok: false });
  });
});
