import { describe, expect, it } from 'vitest';
import { searchDirectory } from './project-search.js';

describe('searchDirectory', () => {
  it('gives dotnet run the one project file, whatever solution sits beside it', () => {
    expect(searchDirectory(['App.csproj', 'Other.sln'], '.', 'run')).toEqual({ ok: true, path: 'App.csproj' });
  });

  it('gives restore, build and publish the solution named like the project', () => {
    expect(searchDirectory(['src/App/App.csproj', 'src/App/App.sln'], 'src/App', 'msbuild')).toEqual({ ok: true, path: 'src/App/App.sln' });
  });

  it('refuses what dotnet refuses', () => {
    expect(searchDirectory(['App.csproj', 'Shop.sln'], '.', 'msbuild').ok).toBe(false);
    expect(searchDirectory(['A.sln', 'B.slnx'], '.', 'msbuild').ok).toBe(false);
    expect(searchDirectory(['A.csproj', 'B.csproj'], '.', 'run').ok).toBe(false);
    expect(searchDirectory(['App.csproj', 'Docker.dcproj'], '.', 'msbuild').ok).toBe(false);
  });

  it('takes the .proj of two project files of different kinds', () => {
    expect(searchDirectory(['build.proj', 'App.csproj'], '.', 'msbuild')).toEqual({ ok: true, path: 'build.proj' });
  });
});
