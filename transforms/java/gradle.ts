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
/** What still matters when the Dockerfile's own `cp build/libs/*.jar app.jar` picks the jar: where it is written, and scripts dfmod cannot see. */
const PLACE_SETTINGS = /\b(destinationDirectory|buildDir|buildDirectory|applyFrom)\b|\bapply\s*\(?\s*from\b/;

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

/**
 * The projects a settings script includes, each as its directory relative to the root (`''` for
 * the root). Only `include` lines of literal project paths are read; a settings script that
 * moves a project (`projectDir`), includes another build or computes its includes is unreadable.
 */
export interface GradleSettings {
  readonly settingsFile: string | null;
  readonly rootName: string | null;
  readonly projects: readonly string[];
}

const INCLUDE_LINE = /^\s*include\b(.*)$/;

export function readGradleSettings(context: BuildContext): Read<GradleSettings> {
  const settingsFile = ['settings.gradle.kts', 'settings.gradle'].find((file) => context.contents.has(file)) ?? null;
  const settings = settingsFile ? withoutComments(context.contents.get(settingsFile)!) : '';
  const moved = /\b(projectDir|includeBuild|includeFlat|rootProject\.children)\b/.exec(settings);
  if (moved) return { ok: false, reason: `${settingsFile} line ${lineOf(settings, moved.index)} uses ${moved[1]}, which places projects where dfmod does not follow` };
  const projects = [''];
  const lines = settings.split('\n');
  for (const [index, text] of lines.entries()) {
    const include = INCLUDE_LINE.exec(text);
    if (!include) continue;
    const list = include[1]!.trim().replace(/^\(/, '').replace(/\)$/, '');
    const paths = list.split(',').map((item) => literalOf(new RegExp(`^\\s*${LITERAL}\\s*$`).exec(item)));
    if (list === '' || paths.some((path) => path === null || path === '' || path === ':')) {
      return { ok: false, reason: `${settingsFile} line ${index + 1} includes projects in a way dfmod cannot read without running Gradle` };
    }
    for (const path of paths) projects.push(path!.replace(/^:/, '').split(':').join('/'));
  }
  const name = literalOf(new RegExp(String.raw`^\s*rootProject\.name\s*=\s*${LITERAL}\s*$`, 'm').exec(settings));
  return { ok: true, value: { settingsFile, rootName: name, projects: [...new Set(projects)] } };
}

/**
 * The bodies of the root script's `allprojects { }` and `subprojects { }` blocks: what the root
 * build sets for a subproject. Braces are counted outside string literals.
 */
function sharedConfiguration(script: string): string {
  const bodies: string[] = [];
  for (const opener of script.matchAll(/\b(?:allprojects|subprojects)\s*(?:\(\s*\))?\s*\{/g)) {
    const start = opener.index + opener[0].length;
    let depth = 1;
    let quote: string | null = null;
    let end = start;
    for (; end < script.length && depth > 0; end++) {
      const char = script[end]!;
      if (quote) {
        if (char === '\\') end++;
        else if (char === quote) quote = null;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '{') depth++;
      else if (char === '}') depth--;
    }
    bodies.push(script.slice(start, end - 1));
  }
  return bodies.join('\n');
}

/**
 * The project at `directory` (`''` for the root) of the build `settings` describes. A subproject
 * is named after its directory and also gets what the root's `allprojects`/`subprojects` blocks
 * set; the root's own top-level settings do not reach it, as in Gradle.
 */
export function readGradleProject(context: BuildContext, given?: GradleSettings, directory = '', { nameFollowed = false } = {}): Read<GradleProject> {
  const read = given ? { ok: true as const, value: given } : readGradleSettings(context);
  if (!read.ok) return read;
  const settings = read.value;
  const at = (file: string) => (directory === '' ? file : `${directory}/${file}`);
  const buildFile = [at('build.gradle.kts'), at('build.gradle')].find((file) => context.contents.has(file));
  if (!buildFile) return { ok: false, reason: `no ${at('build.gradle')} or ${at('build.gradle.kts')} is in the build context` };
  const own = withoutComments(context.contents.get(buildFile)!);
  const rootFile = ['build.gradle.kts', 'build.gradle'].find((file) => context.contents.has(file));
  const shared = directory !== '' && rootFile ? sharedConfiguration(withoutComments(context.contents.get(rootFile)!)) : '';
  const { settingsFile } = settings;
  const name = directory === '' ? settings.rootName : directory.split('/').at(-1)!;
  if (name === null) return { ok: false, reason: `no literal rootProject.name in ${settingsFile ?? 'a settings.gradle'}, so the jar's name depends on the directory Gradle runs in` };

  // A jar the Dockerfile copies by glob right after the build is whatever that copy finds, in the
  // original as in the builder, so settings that only rename it do not matter then.
  const settingsRead = nameFollowed ? PLACE_SETTINGS : ARCHIVE_SETTINGS;
  const ownArchive = settingsRead.exec(own);
  if (ownArchive) return { ok: false, reason: `${buildFile} line ${lineOf(own, ownArchive.index)} sets ${ownArchive[0]}, which changes the jar's name or place in a way dfmod does not read` };
  const sharedArchive = settingsRead.exec(shared);
  if (sharedArchive) return { ok: false, reason: `${rootFile} sets ${sharedArchive[0]} for its subprojects, which changes the jar's name or place in a way dfmod does not read` };
  const script = own;
  let bootJarFileName: string | null = null;
  const fileNameMatches = [...script.matchAll(new RegExp(String.raw`archiveFileName(?:\s*=\s*|\.set\(\s*)${LITERAL}`, 'g'))];
  if (!nameFollowed && /archiveFileName/.test(shared)) return { ok: false, reason: `${rootFile} sets archiveFileName for its subprojects, which dfmod does not read` };
  if (!nameFollowed && /archiveFileName/.test(script)) {
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

  const version = nameFollowed ? { ok: true as const, value: null } : readVersion(context, [[buildFile, script], ...(shared ? [[rootFile!, shared] as const] : [])]);
  if (!version.ok) return version;

  const springBoot = [script, shared].some((text) => /id\s*\(?\s*["']org\.springframework\.boot["']/.test(text) && !/id\s*\(?\s*["']org\.springframework\.boot["']\s*\)?\s*version\s*\(?\s*["'][^"']*["']\s*\)?\s*apply\s*\(?\s*false/.test(text) || /apply\s*\(?\s*plugin\s*[:=]\s*["']org\.springframework\.boot["']/.test(text));
  const application = [script, shared].some((text) => /\bid\s*\(?\s*["']application["']|apply\s*\(?\s*plugin\s*[:=]\s*["']application["']|^\s*application\s*$/m.test(text));
  let applicationName: string | null = null;
  const appName = /applicationName\s*=.*$/m.exec(script);
  if (appName) {
    applicationName = literalOf(new RegExp(String.raw`applicationName\s*=\s*${LITERAL}\s*$`).exec(appName[0]));
    if (applicationName === null) return { ok: false, reason: `${buildFile} line ${lineOf(script, appName.index)} computes applicationName, which dfmod cannot read` };
  }
  if (/applicationName/.test(shared)) return { ok: false, reason: `${rootFile} sets applicationName for its subprojects, which dfmod does not read` };

  const release = readJavaRelease(buildFile, script) ?? (shared ? readJavaRelease(rootFile!, shared) : null);
  if (release === 'unreadable') return { ok: false, reason: `${buildFile} sets its Java version in a way dfmod cannot read` };
  return { ok: true, value: { buildFile, settingsFile, name, version: version.value, springBoot, application, applicationName, bootJarFileName, javaRelease: release } };
}

/** The first script (own, then the root's shared blocks) with a version line decides; then gradle.properties. */
function readVersion(context: BuildContext, scripts: ReadonlyArray<readonly [string, string]>): Read<string | null> {
  for (const [file, script] of scripts) {
    const versionLine = /^\s*version\s*=.*$/m.exec(script);
    if (!versionLine) continue;
    const literal = literalOf(new RegExp(String.raw`^\s*version\s*=\s*${LITERAL}\s*$`).exec(versionLine[0]));
    if (literal === null) return { ok: false, reason: `${file} ${scripts[0]![1] === script ? `line ${lineOf(script, versionLine.index)} ` : ''}computes the version, which dfmod cannot read without running Gradle` };
    return { ok: true, value: literal === 'unspecified' ? null : literal };
  }
  const properties = context.contents.get('gradle.properties') ?? '';
  const property = /^\s*version\s*[=:]\s*(\S+)\s*$/m.exec(properties);
  if (!property) return { ok: true, value: null };
  if (property[1]!.includes('$')) return { ok: false, reason: 'gradle.properties computes the version, which dfmod cannot read' };
  return { ok: true, value: property[1] === 'unspecified' ? null : property[1]! };
}

function readJavaRelease(file: string, script: string): GradleProject['javaRelease'] | 'unreadable' {
  const toolchain = /JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)/.exec(script);
  const compatibility = /sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_(?:1_)?(\d+)|["']?((?:1\.)?\d+)["']?)\s*$/m.exec(script);
  if (toolchain) return { major: Number(toolchain[1]), source: `${file} toolchain ${toolchain[1]}` };
  if (compatibility) {
    const major = compatibility[1] ? Number(compatibility[1]) : javaMajor(compatibility[2]!);
    if (major !== null) return { major, source: `${file} sourceCompatibility ${major}` };
  }
  if (/sourceCompatibility|languageVersion|JavaLanguageVersion/.test(script)) return 'unreadable';
  return null;
}
