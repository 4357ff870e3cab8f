import { describe, expect, it } from 'vitest';
import { readDotnetCall, readRunCall } from './commands.js';

describe('dotnet calls', () => {
  it('reads a publish with its runtime, properties and self-contained flag', () => {
    const call = readDotnetCall(['dotnet', 'publish', 'src/Api/Api.csproj', '-c', 'Release', '-r', 'linux-musl-x64', '--self-contained', 'true', '-p:PublishSingleFile=true', '--output=/app']);
    expect(call).toMatchObject({ verb: 'publish', target: 'src/Api/Api.csproj', configuration: 'Release', output: '/app', runtimeIdentifier: 'linux-musl-x64', runtimeWords: ['-r', 'linux-musl-x64'], selfContained: true });
    expect(call?.properties.get('publishsinglefile')).toBe('true');
  });

  it('refuses an option it does not know', () => {
    expect(readDotnetCall(['dotnet', 'publish', '--some-new-flag'])).toBeNull();
    expect(readDotnetCall(['dotnet', 'ef', 'database', 'update'])).toBeNull();
  });

  it("reads dotnet run's project and the app's own arguments", () => {
    expect(readRunCall(['dotnet', 'run', '--project', 'src/Api', '--', '--seed'])).toEqual({ project: 'src/Api', configuration: null, noLaunchProfile: false, replaced: ['run', '--project', 'src/Api', '--'], appArguments: ['--seed'] });
    expect(readRunCall(['dotnet', 'run', '--urls', 'http://0.0.0.0:5214'])).toMatchObject({ replaced: ['run'], appArguments: ['--urls', 'http://0.0.0.0:5214'] });
    expect(readRunCall(['dotnet', 'run', '-c', 'Release', '--urls=http://+:8000'])).toMatchObject({ configuration: 'Release', replaced: ['run', '-c', 'Release'], appArguments: ['--urls=http://+:8000'] });
  });

  it('leaves dotnet run alone where the CLI reads an option dfmod does not rewrite', () => {
    expect(readRunCall(['dotnet', 'run', '--launch-profile', 'Docker'])).toBeNull();
    expect(readRunCall(['dotnet', 'run', '-p:Version=2'])).toBeNull();
    expect(readRunCall(['dotnet', 'run', '--urls', 'http://+:80', '-c', 'Release'])).toBeNull();
    expect(readRunCall(['dotnet', 'run', 'app.cs'])).toBeNull();
  });
});
