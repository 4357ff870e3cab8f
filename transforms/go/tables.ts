import type { DebianRelease } from '../shared/system-packages.js';

/**
 * The Debian release a `golang:<version>` tag without a release name is built on. Versions that
 * lived through a Debian release change may have been either; the newer one is listed, since a
 * binary linked against an older glibc runs on a newer one and never the other way round.
 */
export const DEFAULT_DEBIAN_RELEASE: readonly { readonly upTo: readonly [number, number]; readonly release: DebianRelease }[] = [
  { upTo: [1, 22], release: 'bookworm' },
  { upTo: [Infinity, Infinity], release: 'trixie' },
];

/** Where the golang images keep what `go` downloads and compiles, for cache mounts. */
export const GO_IMAGE = {
  gopath: '/go',
  /** GOCACHE for root; the module cache is $GOPATH/pkg/mod. */
  buildCache: '/root/.cache/go-build',
  /** `go install` writes here; it is on the golang images' PATH but on no runtime image's. */
  bin: '/go/bin',
  workdir: '/go',
  /** The image's own ENV, which `$GOPATH` in a WORKDIR or `$PATH` in an ENV expand to. */
  env: { GOPATH: '/go', PATH: '/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
} as const;

/** Directories on every runtime image's PATH, where a binary called by bare name is found. */
export const RUNTIME_PATH = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'];

export type CgoModuleNeeds =
  /** The C code is bundled: the binary needs only the libc it was linked against. */
  | { readonly needs: 'libc' }
  /** It links a system library: the `-dev` package the original installed names the runtime one. */
  | { readonly needs: 'system-library'; readonly library: string }
  /** It loads a vendor runtime dfmod cannot reproduce. */
  | { readonly needs: 'unsupported'; readonly reason: string };

/** Modules that only build with cgo, so their presence in go.mod means a libc-linked binary. */
export const CGO_MODULES: Readonly<Record<string, CgoModuleNeeds>> = {
  'github.com/mattn/go-sqlite3': { needs: 'libc' },
  'github.com/rqlite/go-sqlite3': { needs: 'libc' },
  'github.com/crawshaw/sqlite': { needs: 'libc' },
  'github.com/confluentinc/confluent-kafka-go': { needs: 'libc' },
  'github.com/confluentinc/confluent-kafka-go/v2': { needs: 'libc' },
  'github.com/DataDog/zstd': { needs: 'libc' },
  'github.com/valyala/gozstd': { needs: 'libc' },
  'github.com/chai2010/webp': { needs: 'libc' },
  'github.com/gen2brain/go-fitz': { needs: 'libc' },
  'github.com/bytecodealliance/wasmtime-go': { needs: 'libc' },
  'github.com/h2non/bimg': { needs: 'system-library', library: 'libvips' },
  'github.com/davidbyttow/govips/v2': { needs: 'system-library', library: 'libvips' },
  'gopkg.in/gographics/imagick.v2': { needs: 'system-library', library: 'ImageMagick' },
  'gopkg.in/gographics/imagick.v3': { needs: 'system-library', library: 'ImageMagick' },
  'github.com/linxGnu/grocksdb': { needs: 'system-library', library: 'RocksDB' },
  'github.com/tecbot/gorocksdb': { needs: 'system-library', library: 'RocksDB' },
  'github.com/libgit2/git2go/v34': { needs: 'system-library', library: 'libgit2' },
  'github.com/pebbe/zmq4': { needs: 'system-library', library: 'ZeroMQ' },
  'github.com/zeromq/goczmq': { needs: 'system-library', library: 'ZeroMQ' },
  'github.com/godror/godror': { needs: 'unsupported', reason: 'godror loads the Oracle Instant Client at run time' },
  'github.com/mattn/go-oci8': { needs: 'unsupported', reason: 'go-oci8 links the Oracle Instant Client' },
  'github.com/ibmdb/go_ibm_db': { needs: 'unsupported', reason: 'go_ibm_db loads the IBM Db2 CLI driver at run time' },
};

/** Packages whose installation means a C toolchain is there for cgo. */
export const C_TOOLCHAIN_PACKAGES: ReadonlySet<string> = new Set(['gcc', 'g++', 'clang', 'build-essential', 'build-base', 'alpine-sdk', 'musl-dev', 'libc6-dev', 'libc-dev']);

/**
 * Directories and files a Go service often reads from its working directory at run time. They
 * reach production only when the code opens them; otherwise the report names them as left out,
 * since the original image had them beside the binary when it copied the whole source tree.
 */
export const RUNTIME_DIRECTORIES: readonly string[] = [
  'assets', 'config', 'configs', 'html', 'i18n', 'locales', 'migrations', 'public', 'static', 'templates', 'views', 'web', 'www',
];
export const RUNTIME_FILE_NAMES: readonly string[] = [
  'config.yaml', 'config.yml', 'config.json', 'config.toml', 'app.yaml', 'app.yml', 'app.json', 'app.toml', 'settings.yaml', 'settings.yml',
];

/** `go build` and `go install` flags that take a value as the next word. */
export const BUILD_FLAGS_WITH_VALUE: ReadonlySet<string> = new Set([
  'o', 'C', 'p', 'asmflags', 'buildmode', 'compiler', 'gccgoflags', 'gcflags', 'installsuffix', 'ldflags', 'mod',
  'modfile', 'overlay', 'pgo', 'pkgdir', 'tags', 'toolexec', 'covermode', 'coverpkg', 'exec',
]);

/** Patterns the context must not send to the builder (never `vendor`: a vendored build reads it). */
export const GO_DOCKERIGNORE: readonly string[] = ['.git', '.env', '*.test', 'coverage.out'];

/** Packages a Go build installs for itself (compressing, code generation, private fetches). */
export const GO_BUILD_ONLY_PACKAGES: ReadonlySet<string> = new Set([
  'upx', 'upx-ucl', 'protobuf-compiler', 'protobuf', 'protoc', 'mercurial', 'bzr', 'subversion', 'openssh-client', 'openssh',
  'unzip', 'zip', 'xz-utils', 'xz', 'file', 'gnupg', 'binutils', 'ca-certificates', 'tzdata',
]);

/** Tools production gets only when the container calls them (a health check's curl, a script's bash). */
export const ON_DEMAND_PACKAGES: ReadonlySet<string> = new Set([
  'curl', 'wget', 'bash', 'jq', 'tini', 'dumb-init', 'netcat-openbsd', 'su-exec', 'gosu',
]);

/** Shared libraries gcr.io/distroless/base already carries beside glibc. */
export const DISTROLESS_BASE_LIBRARIES: ReadonlySet<string> = new Set(['libssl3', 'libssl3t64', 'libssl1.1', 'openssl']);
