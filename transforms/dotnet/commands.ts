/**
 * The `dotnet` CLI calls a Dockerfile makes, read word by word: the verb, the project or solution
 * it names and the options that decide what is restored, where output goes and how the app runs.
 * An option dfmod does not know makes the whole call unreadable (null): a guess at its meaning
 * could change the build.
 */
export type Verb = 'restore' | 'build' | 'publish' | 'test' | 'tool-restore';

export interface DotnetCall {
  readonly verb: Verb;
  /** The project, solution or directory argument, as written. */
  readonly target: string | null;
  readonly configuration: string | null;
  readonly output: string | null;
  readonly framework: string | null;
  /** The options that pick a runtime identifier (`-r linux-x64`, `-a x64`, `--os linux`, `--ucr`), as written. */
  readonly runtimeWords: readonly string[];
  readonly runtimeIdentifier: string | null;
  /** `--source`/`--configfile` options, which a restore written in its place must keep. */
  readonly sourceWords: readonly string[];
  /** `-p:Name=value` properties, names lower case. */
  readonly properties: ReadonlyMap<string, string>;
  readonly selfContained: boolean | null;
  readonly noRestore: boolean;
}

const VALUE_OPTIONS: Readonly<Record<string, string>> = {
  '-c': 'configuration', '--configuration': 'configuration',
  '-o': 'output', '--output': 'output',
  '-f': 'framework', '--framework': 'framework',
  '-r': 'runtime', '--runtime': 'runtime',
  '-a': 'arch', '--arch': 'arch',
  '--os': 'os',
  '-v': 'verbosity', '--verbosity': 'verbosity',
  '-s': 'source', '--source': 'source',
  '--configfile': 'configfile',
  '--property': 'property',
  '--version-suffix': 'version-suffix',
  '--packages': 'packages',
};
const FLAGS = new Set(['--no-restore', '--no-build', '--nologo', '--no-dependencies', '--no-cache', '--disable-parallel', '--force', '--locked-mode', '--interactive', '--sc', '--no-self-contained', '--ucr', '--use-current-runtime', '--no-incremental']);

export function readDotnetCall(words: readonly string[]): DotnetCall | null {
  if (words[0] !== 'dotnet') return null;
  let verb: Verb;
  let index = 2;
  if (words[1] === 'tool' && words[2] === 'restore') {
    verb = 'tool-restore';
    index = 3;
  } else if (words[1] === 'restore' || words[1] === 'build' || words[1] === 'publish' || words[1] === 'test') {
    verb = words[1];
  } else {
    return null;
  }
  let target: string | null = null;
  const values = new Map<string, string>();
  const runtimeWords: string[] = [];
  const sourceWords: string[] = [];
  const properties = new Map<string, string>();
  let selfContained: boolean | null = null;
  let noRestore = false;
  for (; index < words.length; index++) {
    const word = words[index]!;
    const property = /^(?:-p|\/p|--property|-property|\/property):(.+)$/i.exec(word);
    if (property) {
      for (const pair of property[1]!.split(';')) {
        const equals = pair.indexOf('=');
        if (equals <= 0) return null;
        properties.set(pair.slice(0, equals).toLowerCase(), pair.slice(equals + 1));
      }
      continue;
    }
    const [option, attached] = splitAttached(word);
    if (option === '--self-contained') {
      const next = attached ?? words[index + 1];
      if (next === 'true' || next === 'false') {
        selfContained = next === 'true';
        if (attached === undefined) index++;
      } else {
        selfContained = true;
      }
      continue;
    }
    if (FLAGS.has(option)) {
      if (option === '--no-restore') noRestore = true;
      if (option === '--sc') selfContained = true;
      if (option === '--no-self-contained') selfContained = false;
      if (option === '--ucr' || option === '--use-current-runtime') runtimeWords.push(word);
      continue;
    }
    const name = VALUE_OPTIONS[option];
    if (name !== undefined) {
      const value = attached ?? words[++index];
      if (value === undefined) return null;
      if (name === 'property') {
        const equals = value.indexOf('=');
        if (equals <= 0) return null;
        properties.set(value.slice(0, equals).toLowerCase(), value.slice(equals + 1));
      } else if (name === 'runtime' || name === 'arch' || name === 'os') {
        runtimeWords.push(option, value);
      } else if (name === 'source' || name === 'configfile') {
        sourceWords.push(option, value);
      }
      values.set(name, value);
      continue;
    }
    if (word.startsWith('-')) return null;
    if (target !== null) return null;
    target = word;
  }
  return {
    verb,
    target,
    configuration: values.get('configuration') ?? null,
    output: values.get('output') ?? null,
    framework: values.get('framework') ?? null,
    runtimeWords,
    runtimeIdentifier: values.get('runtime') ?? null,
    sourceWords,
    properties,
    selfContained,
    noRestore,
  };
}

/** `--output=/app` and `--output:/app` as System.CommandLine reads them. */
function splitAttached(word: string): [string, string | undefined] {
  if (!word.startsWith('--')) return [word, undefined];
  const at = word.search(/[=:]/);
  return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}

/** A container command's `dotnet run`: the project it runs and the arguments it passes to the app. */
export interface RunCall {
  readonly project: string | null;
  readonly configuration: string | null;
  readonly noLaunchProfile: boolean;
  /** The words of the command from `run` on, which production replaces with the dll. */
  readonly replaced: readonly string[];
  readonly appArguments: readonly string[];
}

/**
 * Options `dotnet run` itself reads and dfmod does not rewrite: a command with one of them is
 * left alone. Every other token before `--` is not the CLI's: dotnet run passes it to the app
 * (its parser keeps unmatched tokens), so `dotnet run --urls http://+:5000` gives the app
 * `--urls http://+:5000`.
 */
const RUN_CLI_OPTIONS = new Set([
  '-f', '--framework', '-r', '--runtime', '-a', '--arch', '--os', '-p', '--property', '-lp', '--launch-profile', '-e', '--environment',
  '--interactive', '-v', '--verbosity', '--disable-build-servers', '--artifacts-path', '--ucr', '--use-current-runtime', '--sc',
  '--self-contained', '--no-self-contained', '--no-dependencies', '--force', '-s', '--source', '--packages', '--configfile', '--no-cache',
  '--disable-parallel', '--ignore-failed-sources', '--tl', '--file', '-h', '--help', '-?', '-d', '--diagnostics', '-bl', '--binaryLogger',
  '--device', '--list-devices', '--no-incremental',
]);

export function readRunCall(words: readonly string[]): RunCall | null {
  if (words[0] !== 'dotnet' || words[1] !== 'run') return null;
  let project: string | null = null;
  let configuration: string | null = null;
  let noLaunchProfile = false;
  const appArguments: string[] = [];
  let replacedEnd = 2;
  let index = 2;
  for (; index < words.length; index++) {
    const word = words[index]!;
    if (word === '--') break;
    const [option] = splitAttached(word);
    const cli = word === '--project' || word === '-c' || word === '--configuration' || word === '--no-launch-profile' || word === '--no-build' || word === '--no-restore' || word === '--nologo';
    // A CLI option after an app argument would split the words production replaces.
    if (cli && appArguments.length > 0) return null;
    if (word === '--project') project = words[++index] ?? null;
    else if (word === '-c' || word === '--configuration') configuration = words[++index] ?? null;
    else if (word === '--no-launch-profile') noLaunchProfile = true;
    else if (cli) {
      // --no-build, --no-restore and --nologo change nothing the published app sees.
    } else if (RUN_CLI_OPTIONS.has(option) || /^(?:-p|-property|\/p|-bl|-binarylogger):/i.test(word) || word.startsWith('@')) {
      return null;
    } else if (appArguments.length === 0 && /\.(cs|csproj|fsproj|vbproj)$/i.test(word)) {
      // `dotnet run app.cs` runs a file-based app (.NET 10).
      return null;
    } else {
      appArguments.push(word);
      continue;
    }
    if ((word === '--project' && project === null) || ((word === '-c' || word === '--configuration') && configuration === null)) return null;
    replacedEnd = index + 1;
  }
  if (words[index] === '--') {
    if (appArguments.length > 0) return null;
    replacedEnd = index + 1;
    appArguments.push(...words.slice(index + 1));
  }
  return { project, configuration, noLaunchProfile, replaced: words.slice(1, replacedEnd), appArguments };
}
