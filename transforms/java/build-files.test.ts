import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { readGradleProject } from './gradle.js';
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

  it('skips multi-project builds', () => {
    const read = readGradleProject(context({ 'settings.gradle': "rootProject.name = 'x'\ninclude 'app'\n", 'build.gradle': '' }));
    expect(read.ok ? 'read' : read.reason).toMatch(/includes subprojects/);
  });
});
