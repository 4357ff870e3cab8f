/**
 * What Microsoft publishes under mcr.microsoft.com/dotnet (read from dotnet/dotnet-docker's
 * manifest): which majors have runtime images, the distribution an unsuffixed tag runs, and which
 * majors have chiseled Ubuntu images.
 */

/** Where a root build keeps NuGet's global packages folder, unless `NUGET_PACKAGES` moves it. */
export const NUGET_PACKAGES = '/root/.nuget/packages';

/** .NET majors whose aspnet, runtime and runtime-deps images dfmod knows. */
export const RUNTIME_MAJORS: ReadonlySet<number> = new Set([6, 7, 8, 9, 10]);

/** From this major on, the images carry the non-root user `app` (`APP_UID`) and listen on 8080. */
export const APP_USER_MAJOR = 8;

/** The distribution an unsuffixed tag (`8.0`) is built on, per major. */
export const DEFAULT_VARIANTS: Readonly<Record<number, string>> = {
  6: 'bookworm-slim',
  7: 'bookworm-slim',
  8: 'bookworm-slim',
  9: 'bookworm-slim',
  10: 'noble',
};

/** The distributions each major's runtime images are published on (any `alpine3.x` counts as alpine). */
export const MAJOR_VARIANTS: Readonly<Record<number, readonly string[]>> = {
  6: ['bookworm-slim', 'bullseye-slim', 'jammy', 'alpine'],
  7: ['bookworm-slim', 'bullseye-slim', 'jammy', 'alpine'],
  8: ['bookworm-slim', 'jammy', 'noble', 'alpine'],
  9: ['bookworm-slim', 'noble', 'alpine'],
  10: ['noble', 'alpine'],
};

/** Ubuntu releases with `<major>-<release>-chiseled` images (and `-chiseled-extra`, with ICU and tzdata). */
export const CHISELED_RELEASES: Readonly<Record<number, readonly string[]>> = {
  8: ['jammy', 'noble'],
  9: ['noble'],
  10: ['noble'],
};

/** The Ubuntu release a chiseled image uses when the SDK's own distribution has none. */
export const CHISELED_DEFAULT = 'noble';

/** Variant words of an SDK tag and the user family of the runtime image that keeps them. */
export const VARIANT_FAMILIES: Readonly<Record<string, 'debian' | 'ubuntu' | 'alpine'>> = {
  'bookworm-slim': 'debian',
  'bullseye-slim': 'debian',
  'trixie-slim': 'debian',
  jammy: 'ubuntu',
  noble: 'ubuntu',
  focal: 'ubuntu',
  alpine: 'alpine',
};

/** The runtime images a published app can run on. */
export type RuntimeRepository = 'aspnet' | 'runtime' | 'runtime-deps';

const COMMON_TOOLS = ['cat', 'ls', 'sleep', 'env', 'mkdir', 'rm', 'cp', 'mv', 'chmod', 'chown', 'date', 'sed', 'grep', 'tar', 'gzip', 'find', 'xargs', 'id', 'kill', 'timeout'];

/** Programs on the PATH of each runtime family, before `dotnet` (absent from runtime-deps). */
export const RUNTIME_PROGRAMS: Readonly<Record<'debian' | 'ubuntu' | 'alpine' | 'chiseled', readonly string[]>> = {
  debian: ['sh', 'bash', 'dash', ...COMMON_TOOLS],
  ubuntu: ['sh', 'bash', 'dash', ...COMMON_TOOLS],
  alpine: ['sh', 'ash', 'wget', 'nc', ...COMMON_TOOLS],
  chiseled: [],
};

/** Project files MSBuild reads before any source: copied first, each at its own path. */
export const PROJECT_EXTENSIONS = ['.csproj', '.fsproj', '.vbproj'];
export const SOLUTION_EXTENSIONS = ['.sln', '.slnx'];
export const BUILD_PROPS_FILES = ['Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props'];
export const RESTORE_CONFIG_FILES = ['nuget.config', 'global.json'];

/**
 * The SDKs whose apps run on ASP.NET Core. Worker and plain projects run on `runtime` unless a
 * reference says otherwise.
 */
export const ASPNET_SDKS: ReadonlySet<string> = new Set(['microsoft.net.sdk.web', 'microsoft.net.sdk.razor']);
/** SDKs whose default OutputType is Exe. */
export const EXE_SDKS: ReadonlySet<string> = new Set(['microsoft.net.sdk.web', 'microsoft.net.sdk.worker']);

/**
 * Package id prefixes known to need no ASP.NET Core shared framework. A package outside them may
 * carry a FrameworkReference to it, which only its restore would show: such an app gets `aspnet`,
 * which holds the plain runtime too.
 */
export const RUNTIME_ONLY_PACKAGES = [
  'microsoft.extensions.', 'system.', 'microsoft.entityframeworkcore', 'microsoft.data.', 'newtonsoft.json', 'serilog', 'dapper', 'npgsql',
  'azure.', 'awssdk.', 'polly', 'mediatr', 'stackexchange.redis', 'rabbitmq.client', 'confluent.kafka', 'google.protobuf', 'grpc.net.client',
  'grpc.tools', 'mongodb.driver', 'quartz', 'automapper', 'fluentvalidation', 'csvhelper', 'spectre.console', 'commandlineparser',
  'microsoft.applicationinsights.workerservice', 'opentelemetry', 'microsoft.sourcelink.',
];

/** Patterns the context must not send: the repository, build output, the IDE's files and secrets. */
export const DOTNET_DOCKERIGNORE = ['.git', 'bin', 'obj', '.vs', '.env'];

/** Change ids in the order the report lists them. */
export const CHANGE_ORDER = ['split-stages', 'runtime-base', 'manifest-first', 'cache-mount', 'restore-flag', 'artifact', 'runtime-packages', 'dotnet-run', 'launch-profile', 'runtime-config', 'listen', 'non-root', 'redeclare-arg'];
