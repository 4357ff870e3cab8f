import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import type { PlanResult } from '../../src/core/transform.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan } from '../../src/pipeline/print.js';
import { dotnet } from './index.js';

const web = '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup></Project>';

function plan(dockerfile: string, files: Record<string, string>, runtime: 'auto' | 'distroless' = 'auto'): { result: PlanResult; output: string | null } {
  const context: BuildContext = { files: Object.keys(files).sort(), directories: [], contents: new Map(Object.entries(files)) };
  const parsed = parseDockerfile(dockerfile);
  const result = dotnet.plan({ path: 'Dockerfile', dockerfile: parsed, context, compose: [], options: { runtime } });
  return { result, output: result.ok ? printPlan(parsed, result.plan) : null };
}

const simple = (command: string, sdk = '6.0') => `FROM mcr.microsoft.com/dotnet/sdk:${sdk}\nWORKDIR /app\nCOPY . .\nRUN dotnet publish -c Release -o out\n${command}\n`;

describe('dotnet plan', () => {
  it("keeps a .NET 6 web app on Kestrel's default address, as the SDK image ran it", () => {
    const { output, result } = plan(simple('CMD ["dotnet", "out/Api.dll"]'), { 'Api.csproj': web });
    expect(output).toContain('ENV ASPNETCORE_URLS=\nUSER 10001:10001\n');
    expect(result.ok && result.plan.warnings.map((warning) => warning.id)).toContain('listen');
  });

  it('leaves dotnet run alone when the launch profile it applies cannot be carried as ENV', () => {
    const run = simple('CMD ["dotnet", "run"]').replace('RUN dotnet publish -c Release -o out\n', '');
    expect(plan(run, { 'Api.csproj': web, 'Properties/launchSettings.json': '{}' }).result).toEqual({ ok: false, status: 'skipped', reason: 'Properties/launchSettings.json has no profiles object dfmod can read' });
    const withArgs = '{ "profiles": { "Api": { "commandName": "Project", "commandLineArgs": "--seed" } } }';
    expect(plan(run, { 'Api.csproj': web, 'Properties/launchSettings.json': withArgs }).result).toMatchObject({ ok: false, reason: 'the profile "Api" of Properties/launchSettings.json, which dotnet run applies, sets commandLineArgs, which the published app would not get' });
  });

  it('refuses a health check program the chiseled image cannot install', () => {
    const web8 = web.replace('net6.0', 'net8.0');
    const dockerfile = simple('HEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/"]\nENTRYPOINT ["dotnet", "out/Api.dll"]', '8.0');
    expect(plan(dockerfile, { 'Api.csproj': web8 }, 'distroless').result).toMatchObject({ ok: false, reason: 'the container calls curl, which mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled-extra does not have and, without a package manager, cannot install' });
    expect(plan(dockerfile, { 'Api.csproj': web8 }).output).toContain('RUN apt-get update && apt-get install -y --no-install-recommends curl');
  });

  it('leaves an app alone that loads assemblies by path', () => {
    const { result } = plan(simple('CMD ["dotnet", "out/Api.dll"]'), { 'Api.csproj': web, 'Plugins.cs': 'var plugin = Assembly.LoadFrom("plugins/Tax.dll");\n' });
    expect(result).toMatchObject({ ok: false, reason: 'Plugins.cs:1 loads an assembly by path, which dfmod cannot prove the publish output carries' });
  });

  it('runs a console app on aspnet when a package may need ASP.NET Core', () => {
    const console = '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include="Microsoft.Identity.Web" Version="3.0.0" /></ItemGroup></Project>';
    const { output, result } = plan(simple('CMD ["dotnet", "out/Tool.dll"]', '8.0'), { 'Tool.csproj': console });
    expect(output).toContain('FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS production');
    expect(result.ok && result.plan.changes[1]!.message).toContain('Microsoft.Identity.Web may need the ASP.NET Core framework');
  });

  it('refuses a command that runs another dll than the publish writes', () => {
    const { result } = plan(simple('CMD ["dotnet", "out/Other.dll"]'), { 'Api.csproj': web });
    expect(result).toMatchObject({ ok: false, reason: 'line 5 runs out/Other.dll, not /app/out/Api.dll, which the publish of Api.csproj writes' });
  });

  it('gives a SQLite database directory to the app user', () => {
    const project = web.replace('</Project>', '<ItemGroup><PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="8.0.0" /></ItemGroup></Project>').replace('net6.0', 'net8.0');
    const settings = '{ "ConnectionStrings": { "Default": "Data Source=data/app.db" } }';
    const { output } = plan(simple('CMD ["dotnet", "out/Api.dll"]', '8.0'), { 'Api.csproj': project, 'appsettings.json': settings });
    expect(output).toContain('RUN mkdir -p /app/data && chown -R $APP_UID:$APP_UID /app/data\nUSER $APP_UID\n');
  });
});
