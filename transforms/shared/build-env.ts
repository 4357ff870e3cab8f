/**
 * Environment variables that only tools of the build read (Next.js' build telemetry, the Go
 * module proxy and cross-compilation settings): the production stage has no use for them.
 */
const BUILD_ONLY_ENV = new Set([
  'NEXT_TELEMETRY_DISABLED', 'GOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GONOPROXY', 'GOSUMDB', 'GOFLAGS', 'CGO_ENABLED', 'GOOS', 'GOARCH',
  'GO111MODULE', 'GOARM', 'GOAMD64', 'GOINSECURE', 'GOTOOLCHAIN', 'GOEXPERIMENT', 'GOWORK', 'CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_LDFLAGS',
]);

/** Whether every variable an ENV sets is one only the build reads. */
export function setsBuildOnlyEnv(properties: readonly (readonly [string, string | null])[]): boolean {
  return properties.length > 0 && properties.every(([name]) => BUILD_ONLY_ENV.has(name));
}
