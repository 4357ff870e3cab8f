import { commandWords, type ShellCommand } from '../../src/core/shell.js';

export type PackageFamily = 'debian' | 'alpine';
export type DebianRelease = 'bullseye' | 'bookworm' | 'trixie';

export interface SystemInstall {
  readonly family: PackageFamily;
  readonly packages: readonly string[];
}

/** `apt-get install -y a b`, `apt install a`, `apk add --no-cache a b` and their package words. */
export function parseSystemInstall(command: ShellCommand): SystemInstall | null {
  const words = commandWords(command);
  const [tool, ...rest] = words;
  const operands = rest.filter((word) => !word.startsWith('-'));
  if ((tool === 'apt-get' || tool === 'apt') && operands[0] === 'install') {
    return { family: 'debian', packages: stripVersions(operands.slice(1)) };
  }
  if (tool === 'apk' && operands[0] === 'add') {
    const packages = withoutOptionValues(rest, ['--virtual', '-t', '--repository', '-X']).filter((word) => !word.startsWith('-'));
    return { family: 'alpine', packages: stripVersions(packages.slice(1)) };
  }
  return null;
}

function withoutOptionValues(words: readonly string[], optionsWithValue: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (optionsWithValue.includes(words[i]!)) i++;
    else out.push(words[i]!);
  }
  return out;
}

/** `curl=7.88.1-10` and `curl~=8` pin versions: the package name is what is classified. */
function stripVersions(packages: readonly string[]): string[] {
  return packages.map((name) => name.split(/[=<>~]/)[0]!).filter((name) => name !== '');
}

/** Commands that only manage system packages (and so can be repeated in another stage). */
export function isPackageHousekeeping(command: ShellCommand): boolean {
  const words = commandWords(command);
  const [tool, sub] = [words[0], words.find((word, index) => index > 0 && !word.startsWith('-'))];
  if (tool === 'apt-get' || tool === 'apt') return sub === 'update' || sub === 'clean' || sub === 'install' || sub === 'upgrade' || sub === 'autoremove' || sub === 'purge';
  if (tool === 'apk') return sub === 'add' || sub === 'update' || sub === 'upgrade' || sub === 'del' || sub === 'cache';
  if (tool === 'rm') return words.slice(1).some((word) => word.startsWith('/var/lib/apt/lists') || word.startsWith('/var/cache/apt') || word.startsWith('/var/cache/apk') || word.startsWith('/tmp'));
  return false;
}

/**
 * Commands that install system packages named on the line and tidy up after them, and nothing
 * else: they read nothing from the build context, so their layer is the same wherever the source
 * is copied. A local `./x.deb` or a `rm` outside the package caches reads or changes files.
 */
export function installsOnlyNamedPackages(commands: readonly ShellCommand[]): boolean {
  if (!commands.some((command) => parseSystemInstall(command) !== null)) return false;
  return commands.every((command) => {
    if (!isPackageHousekeeping(command)) return false;
    const words = commandWords(command);
    if (words[0] === 'rm') return words.slice(1).every((word) => word.startsWith('-') || /^\/var\/(lib\/apt\/lists|cache\/(apt|apk))(\/|$)/.test(word));
    const install = parseSystemInstall(command);
    return install === null || install.packages.every((name) => !name.includes('/') && !/\.(deb|apk)$/.test(name));
  });
}

/** Packages needed only to compile: they stay in the builder. */
const BUILD_ONLY = new Set([
  'build-essential', 'gcc', 'g++', 'cc', 'clang', 'make', 'cmake', 'autoconf', 'automake', 'libtool', 'pkg-config',
  'pkgconf', 'pkgconfig', 'musl-dev', 'libc-dev', 'libc6-dev', 'linux-headers', 'linux-libc-dev', 'python3', 'python3-dev',
  'python3-pip', 'python', 'python-dev', 'git', 'binutils', 'bison', 'flex', 'nasm', 'yasm', 'patch', 'go', 'golang',
  'rust', 'cargo', 'alpine-sdk', 'build-base', 'gfortran', 'swig', 'node-gyp', 'gnupg', 'dirmngr',
]);

export function isBuildOnlyPackage(name: string): boolean {
  return BUILD_ONLY.has(name) || name.endsWith('-dev') || name.endsWith('-devel') || name.endsWith('-headers');
}

/** Packages only a running container uses (editors, pagers, process tools, init processes, user switchers, daemons): no build needs them. */
const RUN_ONLY = new Set([
  'vim', 'vim-tiny', 'nano', 'less', 'htop', 'procps', 'psmisc', 'tini', 'dumb-init', 'iputils-ping', 'net-tools', 'telnet',
  'dnsutils', 'bind-tools', 'strace', 'lsof', 'tmux', 'screen', 'su-exec', 'gosu', 'supervisor', 'cron', 'dcron', 'cronie', 'openssh-server', 'runit',
]);

export function isRunOnlyPackage(name: string): boolean {
  return RUN_ONLY.has(name);
}

type ReleaseNames = { readonly default: readonly string[] } & Partial<Record<DebianRelease, readonly string[]>>;

/**
 * The shared libraries a `-dev` package links against, per Debian release. Trixie's `t64`
 * packages provide the bookworm names, so bookworm's are the default.
 */
const DEBIAN_RUNTIME_LIBRARIES: Readonly<Record<string, ReleaseNames>> = {
  'libpq-dev': { default: ['libpq5'] },
  'default-libmysqlclient-dev': { default: ['libmariadb3'] },
  'libmariadb-dev': { default: ['libmariadb3'] },
  'libmariadb-dev-compat': { default: ['libmariadb3'] },
  'libmysqlclient-dev': { default: ['libmariadb3'] },
  'libxml2-dev': { default: ['libxml2'] },
  'libxslt1-dev': { default: ['libxslt1.1'] },
  'libxslt-dev': { default: ['libxslt1.1'] },
  'libjpeg-dev': { default: ['libjpeg62-turbo'] },
  'libjpeg62-turbo-dev': { default: ['libjpeg62-turbo'] },
  'libpng-dev': { default: ['libpng16-16'], trixie: ['libpng16-16t64'] },
  'libffi-dev': { default: ['libffi8'], bullseye: ['libffi7'] },
  'libssl-dev': { default: ['libssl3'], bullseye: ['libssl1.1'], trixie: ['libssl3t64'] },
  'zlib1g-dev': { default: ['zlib1g'] },
  'libsqlite3-dev': { default: ['libsqlite3-0'] },
  'libcairo2-dev': { default: ['libcairo2'] },
  'libpango1.0-dev': { default: ['libpango-1.0-0', 'libpangocairo-1.0-0'] },
  'libgif-dev': { default: ['libgif7'] },
  'librsvg2-dev': { default: ['librsvg2-2'] },
  'libvips-dev': { default: ['libvips42'], trixie: ['libvips42t64'] },
  'libgeos-dev': { default: ['libgeos-c1v5'], trixie: ['libgeos-c1t64'] },
  'libyaml-dev': { default: ['libyaml-0-2'] },
  'libcurl4-openssl-dev': { default: ['libcurl4'], trixie: ['libcurl4t64'] },
  'libsasl2-dev': { default: ['libsasl2-2'] },
  'libldap2-dev': { default: ['libldap-2.5-0'], bullseye: ['libldap-2.4-2'], trixie: ['libldap2'] },
  'libldap-dev': { default: ['libldap-2.5-0'], bullseye: ['libldap-2.4-2'], trixie: ['libldap2'] },
  'libmagic-dev': { default: ['libmagic1'], trixie: ['libmagic1t64'] },
  'libwebp-dev': { default: ['libwebp7', 'libwebpdemux2', 'libwebpmux3'], bullseye: ['libwebp6', 'libwebpdemux2', 'libwebpmux3'] },
  'libtiff-dev': { default: ['libtiff6'], bullseye: ['libtiff5'] },
  'libtiff5-dev': { default: ['libtiff6'], bullseye: ['libtiff5'] },
  'libfreetype6-dev': { default: ['libfreetype6'] },
  'libfreetype-dev': { default: ['libfreetype6'] },
  'liblcms2-dev': { default: ['liblcms2-2'] },
  'libopenjp2-7-dev': { default: ['libopenjp2-7'] },
  'libzstd-dev': { default: ['libzstd1'] },
  'libbz2-dev': { default: ['libbz2-1.0'] },
  'liblzma-dev': { default: ['liblzma5'] },
  'libgmp-dev': { default: ['libgmp10'] },
  'libsodium-dev': { default: ['libsodium23'] },
  'libkrb5-dev': { default: ['libkrb5-3', 'libgssapi-krb5-2'] },
  'unixodbc-dev': { default: ['libodbc2'], bullseye: ['libodbc1'] },
  'libxmlsec1-dev': { default: ['libxmlsec1', 'libxmlsec1-openssl'], trixie: ['libxmlsec1t64', 'libxmlsec1t64-openssl'] },
  'libgdal-dev': { default: ['libgdal32'], bullseye: ['libgdal28'], trixie: ['libgdal36'] },
  'libgl1-mesa-dev': { default: ['libgl1'] },
  'libglib2.0-dev': { default: ['libglib2.0-0'], trixie: ['libglib2.0-0t64'] },
  'libre2-dev': { default: ['libre2-9'], bullseye: ['libre2-9'], trixie: ['libre2-11'] },
  'libsnappy-dev': { default: ['libsnappy1v5'] },
  'libleveldb-dev': { default: ['libleveldb1d'] },
  'libusb-1.0-0-dev': { default: ['libusb-1.0-0'] },
  'libudev-dev': { default: ['libudev1'] },
  'libicu-dev': { default: ['libicu72'], bullseye: ['libicu67'], trixie: ['libicu76'] },
  'libhdf5-dev': { default: ['libhdf5-103-1', 'libhdf5-hl-100'], trixie: ['libhdf5-310', 'libhdf5-hl-310'] },
  'libopenblas-dev': { default: ['libopenblas0'] },
  'libblas-dev': { default: ['libblas3'] },
  'liblapack-dev': { default: ['liblapack3'] },
  'libmemcached-dev': { default: ['libmemcached11', 'libmemcachedutil2'], trixie: ['libmemcached11t64', 'libmemcachedutil2t64'] },
  'librdkafka-dev': { default: ['librdkafka1'] },
  'libev-dev': { default: ['libev4'], trixie: ['libev4t64'] },
  'libevent-dev': { default: ['libevent-2.1-7'], trixie: ['libevent-2.1-7t64'] },
  'libuv1-dev': { default: ['libuv1'], trixie: ['libuv1t64'] },
  'libzmq3-dev': { default: ['libzmq5'] },
  'libmpfr-dev': { default: ['libmpfr6'] },
  'libmpc-dev': { default: ['libmpc3'] },
  'libaio-dev': { default: ['libaio1'], trixie: ['libaio1t64'] },
  'libproj-dev': { default: ['libproj25'], bullseye: ['libproj19'] },
  'libspatialindex-dev': { default: ['libspatialindex6', 'libspatialindex-c6'], trixie: ['libspatialindex8', 'libspatialindex-c8'] },
  'libpcre3-dev': { default: ['libpcre3'] },
  'libpcre2-dev': { default: ['libpcre2-8-0'] },
  'libpoppler-cpp-dev': { default: ['libpoppler-cpp0v5'], trixie: ['libpoppler-cpp2'] },
  'libtesseract-dev': { default: ['libtesseract5'], bullseye: ['libtesseract4'] },
  'libleptonica-dev': { default: ['liblept5'], trixie: ['libleptonica6'] },
  'libsecp256k1-dev': { default: ['libsecp256k1-1'], bullseye: ['libsecp256k1-0'], trixie: ['libsecp256k1-2'] },
  'libavif-dev': { default: ['libavif15'], bullseye: ['libavif9'], trixie: ['libavif16'] },
  'libnetcdf-dev': { default: ['libnetcdf19'], bullseye: ['libnetcdf18'], trixie: ['libnetcdf22'] },
  'libcups2-dev': { default: ['libcups2'], trixie: ['libcups2t64'] },
  'libdbus-1-dev': { default: ['libdbus-1-3'] },
  'libsystemd-dev': { default: ['libsystemd0'] },
  'libargon2-dev': { default: ['libargon2-1'] },
  'libimagequant-dev': { default: ['libimagequant0'] },
  'libharfbuzz-dev': { default: ['libharfbuzz0b'] },
  'libfribidi-dev': { default: ['libfribidi0'] },
  'libxcb1-dev': { default: ['libxcb1'] },
  'libgraphviz-dev': { default: ['libcdt5', 'libcgraph6', 'libgvc6'] },
  'libjemalloc-dev': { default: ['libjemalloc2'] },
  'libnss3-dev': { default: ['libnss3'] },
  'libgpgme-dev': { default: ['libgpgme11'], trixie: ['libgpgme11t64'] },
  'libfuse-dev': { default: ['libfuse2'], trixie: ['libfuse2t64'] },
  'libtirpc-dev': { default: ['libtirpc3'], trixie: ['libtirpc3t64'] },
  'liblz4-dev': { default: ['liblz4-1'] },
  'libsm-dev': { default: ['libsm6'] },
  'libxext-dev': { default: ['libxext6'] },
  'libxrender-dev': { default: ['libxrender1'] },
};

/**
 * PyPI wheels whose manylinux build loads system libraries it does not bundle, as the Debian
 * runtime packages per release. The full python image has some of them, slim images none:
 * `import cv2` on slim fails on libGL.so.1, LightGBM and XGBoost on libgomp.so.1.
 */
const WHEEL_RUNTIME_LIBRARIES: Readonly<Record<string, ReleaseNames>> = {
  'opencv-python': { default: ['libgl1', 'libglib2.0-0'], trixie: ['libgl1', 'libglib2.0-0t64'] },
  'opencv-contrib-python': { default: ['libgl1', 'libglib2.0-0'], trixie: ['libgl1', 'libglib2.0-0t64'] },
  lightgbm: { default: ['libgomp1'] },
  xgboost: { default: ['libgomp1'] },
  weasyprint: { default: ['libpango-1.0-0', 'libpangoft2-1.0-0'] },
  pyzbar: { default: ['libzbar0'], trixie: ['libzbar0t64'] },
};

/** The Debian runtime packages a wheel loads (by its normalised distribution name), if it is known to need any. */
export function wheelRuntimeLibraries(distribution: string, release: DebianRelease | null): readonly string[] | undefined {
  const entry = WHEEL_RUNTIME_LIBRARIES[distribution];
  if (!entry) return undefined;
  return (release ? entry[release] : undefined) ?? entry.default;
}

const ALPINE_RUNTIME_LIBRARIES: Readonly<Record<string, readonly string[]>> = {
  'postgresql-dev': ['libpq'],
  'libpq-dev': ['libpq'],
  'mariadb-dev': ['mariadb-connector-c'],
  'mariadb-connector-c-dev': ['mariadb-connector-c'],
  'libxml2-dev': ['libxml2'],
  'libxslt-dev': ['libxslt'],
  'jpeg-dev': ['libjpeg-turbo'],
  'libjpeg-turbo-dev': ['libjpeg-turbo'],
  'libpng-dev': ['libpng'],
  'libffi-dev': ['libffi'],
  'openssl-dev': ['libssl3', 'libcrypto3'],
  'zlib-dev': ['zlib'],
  'sqlite-dev': ['sqlite-libs'],
  'cairo-dev': ['cairo'],
  'pango-dev': ['pango'],
  'giflib-dev': ['giflib'],
  'librsvg-dev': ['librsvg'],
  'vips-dev': ['vips'],
  'yaml-dev': ['yaml'],
  'curl-dev': ['libcurl'],
  'libwebp-dev': ['libwebp'],
  'tiff-dev': ['tiff'],
  'freetype-dev': ['freetype'],
  'lcms2-dev': ['lcms2'],
  'openjpeg-dev': ['openjpeg'],
  'zstd-dev': ['zstd-libs'],
  'bzip2-dev': ['libbz2'],
  'xz-dev': ['xz-libs'],
  'gmp-dev': ['gmp'],
  'libsodium-dev': ['libsodium'],
  'krb5-dev': ['krb5-libs'],
  'unixodbc-dev': ['unixodbc'],
  'geos-dev': ['geos'],
  'icu-dev': ['icu-libs'],
  'openldap-dev': ['libldap'],
  'cyrus-sasl-dev': ['libsasl'],
  'xmlsec-dev': ['xmlsec'],
  'libev-dev': ['libev'],
  'libevent-dev': ['libevent'],
  'libuv-dev': ['libuv'],
  'hdf5-dev': ['hdf5'],
  'openblas-dev': ['openblas'],
  'lapack-dev': ['lapack'],
  'proj-dev': ['proj'],
  'gdal-dev': ['gdal'],
  'file-dev': ['libmagic'],
  'pcre-dev': ['pcre'],
  'pcre2-dev': ['pcre2'],
  'mpfr-dev': ['mpfr4'],
  'mpc1-dev': ['mpc1'],
  'librdkafka-dev': ['librdkafka'],
  'libmemcached-dev': ['libmemcached-libs'],
  'zeromq-dev': ['libzmq'],
  'harfbuzz-dev': ['harfbuzz'],
  'fribidi-dev': ['fribidi'],
  'libimagequant-dev': ['libimagequant'],
  'libxcb-dev': ['libxcb'],
  'jemalloc-dev': ['jemalloc'],
  'argon2-dev': ['argon2-libs'],
  'lz4-dev': ['lz4-libs'],
};

/**
 * The runtime packages that a set of installed packages implies for production: packages that
 * are not build-only carry over as they are, `-dev` packages give their shared libraries.
 * Returns them sorted and unique, plus the `-dev` packages with no known runtime counterpart.
 */
export function runtimePackagesFor(
  family: PackageFamily,
  installed: readonly string[],
  release: DebianRelease | null,
): { packages: string[]; unknownDev: string[] } {
  const packages = new Set<string>();
  const unknownDev: string[] = [];
  for (const name of installed) {
    if (!isBuildOnlyPackage(name)) {
      packages.add(name);
      continue;
    }
    const libraries =
      family === 'debian' ? debianLibraries(name, release) : ALPINE_RUNTIME_LIBRARIES[name];
    if (libraries) libraries.forEach((library) => packages.add(library));
    else if (name.endsWith('-dev') && !BUILD_ONLY.has(name) && !HEADERS_ONLY.has(name)) unknownDev.push(name);
  }
  return { packages: [...packages].sort(), unknownDev };
}

/** `-dev` packages that bring headers only; nothing of them is needed at run time. */
const HEADERS_ONLY = new Set(['linux-headers', 'musl-dev', 'libc-dev', 'libc6-dev', 'linux-libc-dev', 'python3-dev', 'python-dev']);

function debianLibraries(name: string, release: DebianRelease | null): readonly string[] | undefined {
  const entry = DEBIAN_RUNTIME_LIBRARIES[name];
  if (!entry) return undefined;
  return (release ? entry[release] : undefined) ?? entry.default;
}

export function knownDevPackages(family: PackageFamily): string[] {
  return Object.keys(family === 'debian' ? DEBIAN_RUNTIME_LIBRARIES : ALPINE_RUNTIME_LIBRARIES);
}

/** The command that installs packages on a family, with its cleanup in the same layer. */
export function installCommand(family: PackageFamily, packages: readonly string[]): string {
  if (family === 'alpine') return `apk add --no-cache ${packages.join(' ')}`;
  return `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`;
}

/** The Debian release named by an image tag (`20-bookworm-slim`, `3.12-slim-trixie`), if any. */
export function debianReleaseOfTag(tag: string | null): DebianRelease | null {
  if (!tag) return null;
  for (const release of ['bullseye', 'bookworm', 'trixie'] as const) {
    if (tag.split('-').includes(release)) return release;
  }
  return null;
}

/**
 * Whether commands fetch the package index themselves. A fresh runtime image has none, so an
 * install carried into production verbatim must do so in the same RUN (the original may have
 * run `apt-get update` in an earlier, separate RUN).
 */
export function refreshesPackageIndex(commands: readonly ShellCommand[]): boolean {
  return commands.some((command) => {
    const words = commandWords(command);
    const operands = words.slice(1).filter((word) => !word.startsWith('-'));
    if (words[0] === 'apt-get' || words[0] === 'apt') return operands[0] === 'update';
    if (words[0] === 'apk') return operands[0] === 'update' || words.includes('--no-cache') || words.includes('--update') || words.includes('-U');
    return false;
  });
}
