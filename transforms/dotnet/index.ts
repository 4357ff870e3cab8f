import type { Transform } from '../../src/core/transform.js';
import { ownWrittenPaths } from '../shared/app-owner.js';
import { detectDotnet, looksLikeDotnet, whyNotDotnet } from './detect.js';
import { planDotnet } from './plan.js';

export const dotnet: Transform = {
  meta: {
    id: 'dotnet',
    description: '.NET on the mcr.microsoft.com/dotnet/sdk images: restore from the project files first, publish, and run on the aspnet, runtime or runtime-deps image of the target framework',
    reads: [
      '*.csproj', '*.fsproj', '*.vbproj', '*.sln', '*.slnx', 'Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props',
      'nuget.config', 'global.json', 'packages.lock.json', 'appsettings*.json', 'launchSettings.json', '*.cs', '*.fs', '*.vb',
    ],
    messages: {
      'split-stages': 'stages {stages}',
      'runtime-base': 'production stage runs on {image} ({why}; .NET {version} for {framework})',
      'manifest-first': '{files} copied before the source, each at its own path, and {restore}',
      'cache-mount': 'the NuGet packages folder {target} is a cache mount for the restore, build and publish',
      'restore-flag': '--no-restore left out on line {lines}: the packages live in a cache mount that a cached restore layer does not bring back',
      artifact: 'production copies the publish output {dir} of {project}, and runs {app}',
      'dotnet-run': 'dotnet run becomes `{command}` in the builder, and production runs dotnet {app}.dll',
      'launch-profile': 'production sets {variables} as ENV, as the launch profile {profile} that dotnet run applied set them',
      'runtime-packages': 'production installs {packages}, which the container calls and {image} lacks',
      'runtime-config': "{files} reach production's working directory, where the host reads them and the publish does not put them",
      listen: 'ASPNETCORE_URLS is cleared in production, as the SDK image cleared it',
      'non-root': 'production runs as {user}',
      'privileged-port': 'port {ports}: a non-root user may not bind ports below 1024 outside Docker',
      'solution-publish': 'the publish of {solution} writes every project of it into {dir}, as it did before',
      'runtime-files': 'production has the publish output of {project} but not the rest of the source',
    },
  },
  match(input) {
    const reason = looksLikeDotnet(input);
    return reason ? { matches: true, reason } : { matches: false, reason: whyNotDotnet(input) };
  },
  plan(input) {
    const detection = detectDotnet(input);
    if (!detection.ok) return detection;
    return ownWrittenPaths(planDotnet(input, detection.facts), detection.facts.written);
  },
};
