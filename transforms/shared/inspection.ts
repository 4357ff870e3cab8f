/**
 * Commands a Dockerfile runs to look at the build (`RUN ls`, `RUN pwd`, `RUN dotnet --info`): they
 * print and write nothing, so they stay in the builder where they were and never decide whether
 * a migration is safe. A redirection into a file (`echo x > file`) leaves the RUN unread unless
 * the caller asked the shell reader for such writes and checks them (Node's `print-to-file`), so
 * `echo` is safe to list.
 */
export const INSPECTION_COMMANDS: ReadonlySet<string> = new Set(['echo', 'printf', 'true', 'ls', 'pwd', 'cat', 'which', 'id', 'whoami', 'date', 'printenv', 'uname']);

/** Tools that only print their version or setup with these single arguments. */
const VERSION_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  dotnet: ['--info', '--version', '--list-sdks', '--list-runtimes'],
  java: ['-version', '--version'],
  javac: ['-version', '--version'],
  mvn: ['-v', '--version'],
  mvnw: ['-v', '--version'],
  './mvnw': ['-v', '--version'],
  gradle: ['-v', '--version'],
  gradlew: ['-v', '--version'],
  './gradlew': ['-v', '--version'],
  node: ['-v', '--version'],
  npm: ['-v', '--version'],
  python: ['-V', '--version'],
  python3: ['-V', '--version'],
  go: ['version'],
};

/** Whether one command (its words, quotes removed) only inspects. `env` counts only without arguments: with them it runs a command. */
export function isInspection(words: readonly string[]): boolean {
  const [program, ...rest] = words;
  if (program === undefined) return false;
  if (INSPECTION_COMMANDS.has(program)) return true;
  if (program === 'env') return rest.length === 0;
  return rest.length === 1 && (VERSION_ARGUMENTS[program] ?? []).includes(rest[0]!);
}
