import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { readGradleProject, readGradleSettings } from './gradle.js';
import { effectiveProperties, interpolate, mavenJavaRelease, readMavenProject } from './pom.js';

function context(files: Record<string, string>): BuildContext {
  return { files: Object.keys(files).sort(), directories: [], contents: new Map(Object.entries(files)) };
}

const parentPom = `<project><groupId>g</groupId><artifactId>parent</artifactId><version>2.0.0</version><packaging>pom</packaging>
  <modules><module>app</module></modules>
  <properties><revision>2.0.0</revision><maven.compiler.release>21</maven.compiler.release></properties></project>`;
const appPom = `<project><parent><groupId>g</groupId><artifactId>parent</artifactId><version>2.0.0</version></parent>
  <artifactId>app</artifactId><build><finalName>\${project.artifactId}-\${revision}</finalName></build></project>`;

describe('pom.xml', () => {
  it('reads modules, inherits properties and resolves finalName', () => {
    const read = readMavenProject(context({ 'pom.xml': parentPom, 'app/pom.xml': appPom }), '');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const app = read.value.modules.get('app')!;
    expect(app.version).toBe('2.0.0');
    expect(interpolate(app.finalName!, effectiveProperties(read.value, app))).toBe('app-2.0.0');
    expect(mavenJavaRelease(read.value, app)).toEqual({ major: 21, source: 'pom.xml maven.compiler.release 21' });
  });

  it('names a module whose pom is missing', () => {
    const read = readMavenProject(context({ 'pom.xml': parentPom }), '');
    expect(read).toEqual({ ok: false, reason: 'pom.xml lists module app, whose pom.xml is not in the build context' });
  });

  it('leaves an unknown property unresolved', () => {
    expect(interpolate('${project.artifactId}-${build.number}', new Map([['project.artifactId', 'a']]))).toBeNull();
  });
});

describe('Gradle scripts', () => {
  const settings = { 'settings.gradle': "rootProject.name = 'demo'\n" };

  it('reads literal assignments only', () => {
    const read = readGradleProject(context({ ...settings, 'build.gradle': "plugins {\n  id 'org.springframework.boot' version '3.3.4'\n}\nversion = '1.0'\nsourceCompatibility = '17'\n" }));
    expect(read).toMatchObject({ ok: true, value: { name: 'demo', version: '1.0', springBoot: true, javaRelease: { major: 17 } } });
  });

  it('takes archiveFileName only inside bootJar', () => {
    const inBootJar = readGradleProject(context({ ...settings, 'build.gradle.kts': 'tasks.bootJar {\n  archiveFileName.set("app.jar")\n}\n' }));
    expect(inBootJar).toMatchObject({ ok: true, value: { bootJarFileName: 'app.jar', version: null } });
    const inJar = readGradleProject(context({ ...settings, 'build.gradle': "bootJar { enabled = true }\njar {\n  archiveFileName = 'x.jar'\n}\n" }));
    expect(inJar.ok).toBe(false);
  });

  it.each([
    ["version = \"1.${buildNumber}\"\n", /computes the version/],
    ["apply from: 'versions.gradle'\n", /apply from/],
    ["base {\n  archivesName = 'x'\n}\n", /archivesName/],
    ['java { toolchain { languageVersion = providers.gradleProperty("jdk").map { JavaLanguageVersion.of(it) } } }\n', /Java version/],
  ])('skips %j', (script, reason) => {
    const read = readGradleProject(context({ ...settings, 'build.gradle': script }));
    expect(read.ok ? 'read' : read.reason).toMatch(reason);
  });

  it('reads a subproject with what the root build sets for its subprojects', () => {
    const files = {
      'settings.gradle': "rootProject.name = 'shop'\ninclude 'api', ':libs:common'\n",
      'build.gradle': "version = '9.9'\nsubprojects {\n  version = '2.1.0'\n  repositories { mavenCentral() }\n}\n",
      'api/build.gradle': "plugins {\n  id 'org.springframework.boot'\n}\n",
    };
    expect(readGradleSettings(context(files))).toMatchObject({ ok: true, value: { projects: ['', 'api', 'libs/common'] } });
    expect(readGradleProject(context(files), undefined, 'api')).toMatchObject({ ok: true, value: { name: 'api', version: '2.1.0', springBoot: true, buildFile: 'api/build.gradle' } });
  });

  it.each([
    ["rootProject.name = 'x'\ninclude(*modules)\n", /includes projects in a way/],
    ["rootProject.name = 'x'\ninclude 'app'\nproject(':app').projectDir = file('services/app')\n", /projectDir/],
    ["rootProject.name = 'x'\nincludeBuild 'plugins'\n", /includeBuild/],
  ])('skips the settings %j', (settings, reason) => {
    const read = readGradleSettings(context({ 'settings.gradle': settings }));
    expect(read.ok ? 'read' : read.reason).toMatch(reason);
  });
});
