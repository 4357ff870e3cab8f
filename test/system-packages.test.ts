import { describe, expect, it } from 'vitest';
import { splitCommands } from '../src/core/shell.js';
import {
  debianReleaseOfTag,
  installCommand,
  installsOnlyNamedPackages,
  isBuildOnlyPackage,
  knownDevPackages,
  parseSystemInstall,
  refreshesPackageIndex,
  runtimePackagesFor,
  type DebianRelease,
} from '../transforms/shared/system-packages.js';

function install(script: string) {
  return parseSystemInstall(splitCommands(script)![0]!);
}

describe('parseSystemInstall', () => {
  it('reads apt-get and apt installs, with versions stripped', () => {
    expect(install('apt-get install -y --no-install-recommends libpq-dev curl=7.88.1-10')).toEqual({ family: 'debian', packages: ['libpq-dev', 'curl'] });
    expect(install('apt install -y build-essential')).toEqual({ family: 'debian', packages: ['build-essential'] });
  });

  it('reads apk adds, skipping the value of --virtual', () => {
    expect(install('apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev')).toEqual({ family: 'alpine', packages: ['gcc', 'musl-dev', 'postgresql-dev'] });
  });

  it('is null for anything else', () => {
    expect(install('apt-get update')).toBeNull();
    expect(install('pip install psycopg2')).toBeNull();
  });
});

describe('runtimePackagesFor on Debian', () => {
  // The runtime library each -dev package's shared objects come from, per release, as
  // `apt-cache depends` gives them on bullseye, bookworm and trixie.
  const cases: readonly [string, DebianRelease, readonly string[]][] = [
    ['libpq-dev', 'bookworm', ['libpq5']],
    ['libpq-dev', 'trixie', ['libpq5']],
    ['default-libmysqlclient-dev', 'bookworm', ['libmariadb3']],
    ['default-libmysqlclient-dev', 'bullseye', ['libmariadb3']],
    ['libjpeg-dev', 'bookworm', ['libjpeg62-turbo']],
    ['zlib1g-dev', 'trixie', ['zlib1g']],
    ['libxml2-dev', 'bookworm', ['libxml2']],
    ['libxslt1-dev', 'bookworm', ['libxslt1.1']],
    ['libffi-dev', 'bullseye', ['libffi7']],
    ['libffi-dev', 'bookworm', ['libffi8']],
    ['libssl-dev', 'bullseye', ['libssl1.1']],
    ['libssl-dev', 'bookworm', ['libssl3']],
    ['libssl-dev', 'trixie', ['libssl3t64']],
    ['libldap2-dev', 'bullseye', ['libldap-2.4-2']],
    ['libldap2-dev', 'bookworm', ['libldap-2.5-0']],
    ['libldap2-dev', 'trixie', ['libldap2']],
    ['libwebp-dev', 'bullseye', ['libwebp6', 'libwebpdemux2', 'libwebpmux3']],
    ['libwebp-dev', 'bookworm', ['libwebp7', 'libwebpdemux2', 'libwebpmux3']],
    ['libgdal-dev', 'bookworm', ['libgdal32']],
    ['libgdal-dev', 'trixie', ['libgdal36']],
    ['libicu-dev', 'bullseye', ['libicu67']],
    ['libicu-dev', 'trixie', ['libicu76']],
    ['libkrb5-dev', 'bookworm', ['libgssapi-krb5-2', 'libkrb5-3']],
    ['unixodbc-dev', 'bullseye', ['libodbc1']],
    ['unixodbc-dev', 'bookworm', ['libodbc2']],
    ['libgeos-dev', 'trixie', ['libgeos-c1t64']],
    ['libmemcached-dev', 'trixie', ['libmemcached11t64', 'libmemcachedutil2t64']],
  ];

  it.each(cases)('%s on %s gives %j', (dev, release, expected) => {
    expect(runtimePackagesFor('debian', [dev], release)).toEqual({ packages: [...expected].sort(), unknownDev: [] });
  });

  it('uses the bookworm names when the release is unknown', () => {
    expect(runtimePackagesFor('debian', ['libssl-dev'], null).packages).toEqual(['libssl3']);
  });

  it('keeps packages that are not build-only, drops compilers, and lists unknown -dev packages', () => {
    expect(runtimePackagesFor('debian', ['build-essential', 'gcc', 'pkg-config', 'libpq-dev', 'curl', 'libfoo-dev', 'python3-dev'], 'bookworm')).toEqual({
      packages: ['curl', 'libpq5'],
      unknownDev: ['libfoo-dev'],
    });
  });

  it('never lets a -dev package or a compiler through to production', () => {
    for (const release of ['bullseye', 'bookworm', 'trixie'] as const) {
      const { packages } = runtimePackagesFor('debian', knownDevPackages('debian'), release);
      expect(packages.filter((name) => isBuildOnlyPackage(name))).toEqual([]);
    }
    const { packages } = runtimePackagesFor('alpine', knownDevPackages('alpine'), null);
    expect(packages.filter((name) => isBuildOnlyPackage(name))).toEqual([]);
  });
});

describe('runtimePackagesFor on Alpine', () => {
  it.each([
    ['postgresql-dev', ['libpq']],
    ['mariadb-dev', ['mariadb-connector-c']],
    ['jpeg-dev', ['libjpeg-turbo']],
    ['libffi-dev', ['libffi']],
    ['openssl-dev', ['libcrypto3', 'libssl3']],
    ['icu-dev', ['icu-libs']],
  ] as const)('%s gives %j', (dev, expected) => {
    expect(runtimePackagesFor('alpine', [dev], null).packages).toEqual(expected);
  });

  it('drops the toolchain of a --virtual build group', () => {
    expect(runtimePackagesFor('alpine', ['gcc', 'musl-dev', 'postgresql-dev', 'libffi-dev'], null)).toEqual({ packages: ['libffi', 'libpq'], unknownDev: [] });
  });
});

describe('installCommand and debianReleaseOfTag', () => {
  it('cleans up in the same layer', () => {
    expect(installCommand('debian', ['libpq5'])).toBe('apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*');
    expect(installCommand('alpine', ['libpq'])).toBe('apk add --no-cache libpq');
  });

  it('reads the release from python and node style tags', () => {
    expect(debianReleaseOfTag('3.12-slim-bookworm')).toBe('bookworm');
    expect(debianReleaseOfTag('20-trixie-slim')).toBe('trixie');
    expect(debianReleaseOfTag('3.12-slim')).toBeNull();
    expect(debianReleaseOfTag(null)).toBeNull();
  });
});

describe('refreshesPackageIndex', () => {
  const commands = (script: string) => splitCommands(script)!;
  it('knows the commands that fetch an index in the same RUN', () => {
    expect(refreshesPackageIndex(commands('apt-get update && apt-get install -y curl'))).toBe(true);
    expect(refreshesPackageIndex(commands('apt-get install -y curl'))).toBe(false);
    expect(refreshesPackageIndex(commands('apk add --no-cache curl'))).toBe(true);
    expect(refreshesPackageIndex(commands('apk add curl'))).toBe(false);
    expect(refreshesPackageIndex(commands('apk update && apk add curl'))).toBe(true);
  });
});

describe('installsOnlyNamedPackages', () => {
  const only = (script: string) => installsOnlyNamedPackages(splitCommands(script)!);

  it('holds for installs of named packages and their cache cleanup', () => {
    expect(only('apk add --no-cache git gcc musl-dev')).toBe(true);
    expect(only('apt-get update && apt-get install -y --no-install-recommends protobuf-compiler && rm -rf /var/lib/apt/lists/*')).toBe(true);
  });

  it('fails for a script that reads or changes other files', () => {
    expect(only('apt-get update')).toBe(false);
    expect(only('apt-get install -y ./vendor/tool.deb')).toBe(false);
    expect(only('apk add --no-cache git && rm -rf /app/tmp')).toBe(false);
    expect(only('apk add --no-cache git && make deps')).toBe(false);
  });
});
