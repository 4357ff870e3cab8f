import type { DebianRelease, PackageFamily } from '../shared/system-packages.js';

/** Where the official rust images keep cargo's home (`CARGO_HOME`), so its caches live below it. */
export const DEFAULT_CARGO_HOME = '/usr/local/cargo';

/**
 * The Debian release behind an official rust tag that names none (`rust:1.79`, `rust:1.79-slim`),
 * by Rust minor version. A tag published on both sides of a switch is listed with the release its
 * last rebuild used, which is the image anyone pulls today. Versions outside these rows are
 * left alone: their release cannot be told from the tag.
 */
export const RUST_DEFAULT_RELEASES: readonly { readonly from: number; readonly to: number; readonly release: DebianRelease }[] = [
  { from: 55, to: 69, release: 'bullseye' },
  { from: 70, to: 88, release: 'bookworm' },
  { from: 89, to: 99, release: 'trixie' },
];

/** Tags that follow the newest Rust, and so move to the next Debian release with it. */
export const MOVING_RUST_TAGS = new Set(['latest', '1', 'slim', 'stable', 'nightly', 'beta']);

/** The Debian release a static binary's runtime uses when the builder says nothing (musl on Alpine). */
export const DEFAULT_RELEASE: DebianRelease = 'bookworm';

/** The runtime images a Rust binary can run on: distroless without libc (static) or with glibc (cc). */
export type RuntimeKind = 'distroless-static' | 'distroless-cc' | 'debian-slim' | 'alpine';

/** Users present in each shell family's /etc/passwd without being created. */
export const FAMILY_USERS: Readonly<Record<PackageFamily, readonly string[]>> = {
  debian: ['root', 'daemon', 'bin', 'sys', 'nobody', 'www-data'],
  alpine: ['root', 'daemon', 'bin', 'nobody', 'guest'],
};

/**
 * Packages Rust builds install only to compile or link (beyond the `-dev` and toolchain packages
 * every language shares): they stay in the builder.
 */
export const RUST_BUILD_PACKAGES = new Set([
  'musl-tools', 'musl', 'protobuf-compiler', 'protobuf', 'protobuf-dev', 'lld', 'mold', 'llvm', 'clang', 'perl', 'cmake',
  'g++', 'gcc-multilib', 'openssl-libs-static', 'zlib-static', 'sqlite-static', 'upx', 'upx-ucl', 'curl', 'wget', 'unzip',
  'xz-utils', 'build-base', 'pkgconf', 'pkg-config', 'capnproto', 'flatbuffers-compiler', 'python3', 'git',
]);

/** Packages whose files distroless images already ship: the CA roots and the time zones. */
export const DISTROLESS_PACKAGES = new Set(['ca-certificates', 'tzdata']);

/**
 * Crates that link a system library unless a vendoring crate is in the lockfile too, or a manifest
 * enables a feature that compiles the library into the binary (`rusqlite = { features =
 * ["bundled"] }`), with the Debian `-dev` package that brings it (the runtime library comes from
 * the shared `-dev` table). The full rust images ship these `-dev` packages, so a build links them
 * without an apt step.
 */
export const CRATE_SYSTEM_LIBRARIES: Readonly<Record<string, {
  readonly dev: string;
  readonly vendoredBy?: string;
  readonly bundlingFeatures?: Readonly<Record<string, readonly string[]>>;
}>> = {
  'openssl-sys': { dev: 'libssl-dev', vendoredBy: 'openssl-src' },
  'pq-sys': { dev: 'libpq-dev', vendoredBy: 'pq-src' },
  'mysqlclient-sys': { dev: 'default-libmysqlclient-dev' },
  'libsqlite3-sys': {
    dev: 'libsqlite3-dev',
    bundlingFeatures: {
      rusqlite: ['bundled', 'bundled-full', 'bundled-sqlcipher', 'bundled-sqlcipher-vendored-openssl'],
      'libsqlite3-sys': ['bundled', 'bundled-sqlcipher', 'bundled-sqlcipher-vendored-openssl'],
    },
  },
  'libz-sys': { dev: 'zlib1g-dev' },
  'curl-sys': { dev: 'libcurl4-openssl-dev' },
  'bzip2-sys': { dev: 'libbz2-dev' },
  'lzma-sys': { dev: 'liblzma-dev' },
};

/**
 * Files and directories an app commonly reads from its working directory at run time. When the
 * original copied the whole context, production copies these (when present) next to the binary.
 */
export const RUNTIME_FILES = [
  'Rocket.toml', 'Settings.toml', 'settings.toml', 'config.toml', 'config.yaml', 'config.yml', 'config.json',
  'assets', 'config', 'configs', 'locales', 'migrations', 'public', 'static', 'templates',
];

/** Patterns the context must not send to the builder: the repository and cargo's build output. */
export const RUST_DOCKERIGNORE = ['.git', 'target'];

/** `-dev` packages that bring headers only: nothing of them is linked into the binary. */
export const HEADER_ONLY_PACKAGES = new Set(['musl-dev', 'linux-headers', 'libc-dev', 'libc6-dev', 'linux-libc-dev', 'libclang-dev', 'llvm-dev', 'clang-dev', 'gcc-multilib']);

/**
 * `-sys` crates that link no shared library on Linux: bindings for other systems (Windows, macOS,
 * Fuchsia, wasm, which Cargo.lock lists for every target), or crates that build their C code into
 * the binary by default. Any other `-sys` crate is reported.
 */
export const SYS_CRATES_LINKING_NOTHING = new Set([
  'windows-sys', 'core-foundation-sys', 'security-framework-sys', 'system-configuration-sys', 'js-sys', 'web-sys',
  'linux-raw-sys', 'objc-sys', 'io-kit-sys', 'wasi', 'fsevent-sys', 'inotify-sys', 'coreaudio-sys', 'hermit-abi',
  'zstd-sys', 'lz4-sys', 'libmimalloc-sys', 'tikv-jemalloc-sys', 'jemalloc-sys', 'aws-lc-sys', 'aws-lc-fips-sys',
  'libgit2-sys', 'libssh2-sys', 'libnghttp2-sys', 'onig_sys', 'librocksdb-sys', 'snappy-sys', 'openssl-src', 'pq-src',
  'ittapi-sys', 'mimalloc-sys', 'libdeflate-sys', 'brotli-sys', 'lzma-rust-sys', 'ring-sys', 'mozjpeg-sys', 'tree-sitter-sys',
  'fuchsia-zircon-sys', 'kernel32-sys', 'ws2_32-sys', 'advapi32-sys', 'user32-sys', 'ole32-sys', 'shell32-sys', 'userenv-sys',
  'secur32-sys', 'crypt32-sys', 'gdi32-sys', 'dbghelp-sys', 'psapi-sys', 'winmm-sys', 'bcrypt-sys', 'dwmapi-sys', 'comctl32-sys',
]);
