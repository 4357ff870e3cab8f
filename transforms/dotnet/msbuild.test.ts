import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { evaluateProject, parseMsbuild } from './msbuild.js';
import { restoreFiles } from './restore-files.js';
import { slnxProjects, solutionProjects } from './solution.js';

function context(files: Record<string, string>): BuildContext {
  return { files: Object.keys(files).sort(), directories: [], contents: new Map(Object.entries(files)) };
}

describe('MSBuild files', () => {
  it('reads the SDK, references with backslashes, and conditions', () => {
    const file = parseMsbuild('src/Api/Api.csproj', `<Project Sdk="Microsoft.NET.Sdk.Web/8.0.0">
      <PropertyGroup><AssemblyName>orders</AssemblyName></PropertyGroup>
      <PropertyGroup Condition="'$(Configuration)' == 'Release'"><Optimize>true</Optimize></PropertyGroup>
      <ItemGroup><ProjectReference Include="..\\Core\\Core.csproj" /><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup>
    </Project>`)!;
    expect(file.sdk).toBe('microsoft.net.sdk.web');
    expect(file.properties.get('assemblyname')).toBe('orders');
    expect([...file.conditional]).toEqual(['optimize']);
    expect(file.projectReferences).toEqual(['src/Core/Core.csproj']);
    expect(file.frameworkReferences).toEqual(['Microsoft.AspNetCore.App']);
  });

  it('evaluates Directory.Build.props, the project, then command-line properties', () => {
    const files = context({
      'Directory.Build.props': '<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework><AssemblyName>$(MSBuildProjectName).Host</AssemblyName></PropertyGroup></Project>',
      'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>',
    });
    const evaluated = evaluateProject(files, 'src/Api/Api.csproj', new Map([['invariantglobalization', 'false']]));
    if (!evaluated.ok) throw new Error(evaluated.reason);
    expect(evaluated.project.property('TargetFramework')).toBe('net8.0');
    expect(evaluated.project.property('AssemblyName')).toBe('Api.Host');
    expect(evaluated.project.property('InvariantGlobalization')).toBe('false');
  });

  it('says why a property cannot be told', () => {
    const files = context({ 'App.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup Condition="\'$(CI)\' == \'true\'"><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>' });
    const evaluated = evaluateProject(files, 'App.csproj', new Map());
    if (!evaluated.ok) throw new Error(evaluated.reason);
    expect(() => evaluated.project.property('TargetFramework')).toThrow('App.csproj sets TargetFramework under a Condition, which dfmod does not evaluate');
    const imported = evaluateProject(context({ 'App.csproj': '<Project Sdk="Microsoft.NET.Sdk"><Import Project="build/common.props" /></Project>' }), 'App.csproj', new Map());
    expect(imported).toEqual({ ok: false, reason: 'App.csproj imports build/common.props, which dfmod does not evaluate' });
  });
});

describe('solutions and restore files', () => {
  it('lists the projects of a .sln, not its solution folders, and of a .slnx', () => {
    const sln = 'Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "src", "src", "{A}"\nEndProject\nProject("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Api", "src\\Api\\Api.csproj", "{B}"\nEndProject\n';
    expect(solutionProjects('Shop.sln', sln)).toEqual(['src/Api/Api.csproj']);
    expect(slnxProjects('Shop.slnx', '<Solution><Folder Name="/src/"><Project Path="src/Api/Api.csproj" /></Folder><Project Path="tools/Seed/Seed.fsproj" /></Solution>')?.sort()).toEqual(['src/Api/Api.csproj', 'tools/Seed/Seed.fsproj']);
  });

  it('copies the solution, the reference closure, props and NuGet files', () => {
    const files = context({
      'Shop.slnx': '<Solution><Project Path="src/Api/Api.csproj" /></Solution>',
      'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><ProjectReference Include="../Core/Core.csproj" /></ItemGroup></Project>',
      'src/Core/Core.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>',
      'src/Core/packages.lock.json': '{}',
      'Directory.Build.props': '<Project></Project>',
      'Directory.Packages.props': '<Project></Project>',
      'nuget.config': '<configuration />',
      'src/Api/Program.cs': '',
    });
    expect(restoreFiles(files, [{ path: 'Shop.slnx' }], '.')).toEqual({
      ok: true,
      files: ['Directory.Build.props', 'Directory.Packages.props', 'Shop.slnx', 'nuget.config', 'src/Api/Api.csproj', 'src/Core/Core.csproj', 'src/Core/packages.lock.json'],
    });
  });
});
