import type { BuildContext } from '../../src/core/context.js';
import { javaMajor, type Read } from './pom.js';

/**
 * What a Gradle build says about its artifact, read without running it: only literal simple
 * assignments (`version = '1.0'`, `rootProject.name = "demo"`) count. Anything else that could
 * move or rename the jar makes the build unreadable, with the line that does it.
 */
export interface GradleProject {
  readonly buildFile: string;
  readonly settingsFile: string | null;
  readonly name: string;
  /** null when the build leaves it `unspecified`, which Gradle leaves out of archive names. */
  readonly version: string | null;
  readonly springBoot: boolean;
  readonly application: boolean;
  readonly applicationName: string | null;
  readonly bootJarFileName: string | null;
  readonly javaRelease: { readonly major: number; readonly source: string } | null;
}

/** A quoted string without interpolation: `'x'` or `"x"` with no `$`. */
const LITERAL = String.raw`(?:'([^'$\\]*)'|"([^"$\\]*)")`;

/** Settings that rename or move a jar and that dfmod does not follow. */
const ARCHIVE_SETTINGS = /\b(archivesBaseName|archivesName|archiveBaseName|archiveVersion|archiveClassifier|archiveAppendix|archiveExtension|destinationDirectory|buildDir|buildDirectory|applyFrom)\b|\bapply\s*\(?\s*from\b/;

function literalOf(match: RegExpExecArray | null, group = 1): string | null {
  if (!match) return null;
  return match[group] ?? match[group + 1] ?? null;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(^|[^:])\/\/.*$/gm, '$1');
}

export function readGradleProject(context: BuildContext): Read<GradleProject> {
  const buildFile = ['build.gradle.kts', 'build.gradle'].find((file) => context.contents.has(file));
  if (!buildFile) return { ok: false, reason: 'no build.gradle or build.gradle.kts is in the build context' };
  const script = withoutComments(context.contents.get(buildFile)!);
  const settingsFile = ['settings.gradle.kts', 'settings.gradle'].find((file) => context.contents.has(file)) ?? null;
  const settings = settingsFile ? withoutComments(context.contents.get(settingsFile)!) : '';

  const include = /^\s*include\b/m.exec(settings);
  if (include) return { ok: false, reason: `${settingsFile} line ${lineOf(settings, include.index)} includes subprojects, and dfmod reads single-project Gradle builds only` };
  const name = literalOf(new RegExp(String.raw`^\s*rootProject\.name\s*=\s*${LITERAL}\s*$`, 'm').exec(settings));
  if (name === null) return { ok: false, reason: `no literal rootProject.name in ${settingsFile ?? 'a settings.gradle'}, so the jar's name depends on the directory Gradle runs in` };

  const archive = ARCHIVE_SETTINGS.exec(script);
  let bootJarFileName: string | null = null;
  const fileNameMatches = [...script.matchAll(new RegExp(String.raw`archiveFileName(?:\s*=\s*|\.set\(\s*)${LITERAL}`, 'g'))];
  if (/archiveFileName/.test(script)) {
    const at = script.indexOf('archiveFileName');
    const opener = script.lastIndexOf('bootJar', at);
    // Only an assignment inside the bootJar block names the Spring Boot jar.
    const inBootJar = opener >= 0 && !script.slice(opener, at).includes('}');
    const all = script.match(/archiveFileName/g)!.length;
    if (!inBootJar || fileNameMatches.length !== 1 || all !== 1) {
      return { ok: false, reason: `${buildFile} line ${lineOf(script, script.indexOf('archiveFileName'))} sets archiveFileName in a way dfmod cannot read without running Gradle` };
    }
    bootJarFileName = fileNameMatches[0]![1] ?? fileNameMatches[0]![2]!;
  }
  if (archive) return { ok: false, reason: `${buildFile} line ${lineOf(script, archive.index)} sets ${archive[0]}, which changes the jar's name or place in a way dfmod does not read` };

  let version: string | null = null;
  const versionLine = /^\s*version\s*=.*$/m.exec(script);
  if (versionLine) {
    const literal = literalOf(new RegExp(String.raw`^\s*version\s*=\s*${LITERAL}\s*$`).exec(versionLine[0]));
    if (literal === null) return { ok: false, reason: `${buildFile} line ${lineOf(script, versionLine.index)} computes the version, which dfmod cannot read without running Gradle` };
    version = literal;
  } else {
    const properties = context.contents.get('gradle.properties') ?? '';
    const property = /^\s*version\s*[=:]\s*(\S+)\s*$/m.exec(properties);
    if (property) version = property[1]!.includes('$') ? null : property[1]!;
    if (property && version === null) return { ok: false, reason: 'gradle.properties computes the version, which dfmod cannot read' };
  }
  if (version === 'unspecified') version = null;

  const springBoot = /id\s*\(?\s*["']org\.springframework\.boot["']/.test(script) || /apply\s+plugin:\s*["']org\.springframework\.boot["']/.test(script);
  const application = /\bid\s*\(?\s*["']application["']|apply\s+plugin:\s*["']application["']|^\s*application\s*$/m.test(script);
  let applicationName: string | null = null;
  const appName = /applicationName\s*=.*$/m.exec(script);
  if (appName) {
    applicationName = literalOf(new RegExp(String.raw`applicationName\s*=\s*${LITERAL}\s*$`).exec(appName[0]));
    if (applicationName === null) return { ok: false, reason: `${buildFile} line ${lineOf(script, appName.index)} computes applicationName, which dfmod cannot read` };
  }

  let javaRelease: GradleProject['javaRelease'] = null;
  const toolchain = /JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)/.exec(script);
  const compatibility = /sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_(?:1_)?(\d+)|["']?((?:1\.)?\d+)["']?)\s*$/m.exec(script);
  if (toolchain) javaRelease = { major: Number(toolchain[1]), source: `${buildFile} toolchain ${toolchain[1]}` };
  else if (compatibility) {
    const major = compatibility[1] ? Number(compatibility[1]) : javaMajor(compatibility[2]!);
    if (major !== null) javaRelease = { major, source: `${buildFile} sourceCompatibility ${major}` };
  } else if (/sourceCompatibility|languageVersion|JavaLanguageVersion/.test(script)) {
    return { ok: false, reason: `${buildFile} sets its Java version in a way dfmod cannot read` };
  }
  return { ok: true, value: { buildFile, settingsFile, name, version, springBoot, application, applicationName, bootJarFileName, javaRelease } };
}
