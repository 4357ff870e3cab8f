import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { bundlesLibrary, directoryContext, globMatch, readCargoProject, readLockedCrates, resolveRelative, workspaceInheritance } from './cargo.js';

function context(files: Record<string, string>, directories: string[] = []): BuildContext {
  const dirs = new Set(directories);
  for (const file of Object.keys(files)) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return { files: Object.keys(files).sort(), directories: [...dirs].sort(), contents: new Map(Object.entries(files)) };
}

function read(files: Record<string, string>, directories: string[] = []) {
  const reading = readCargoProject(context(files, directories));
  if (!reading.ok) throw new Error(reading.reason);
  return reading.project;
}

describe('readCargoProject', () => {
  it('takes the package name as the binary of src/main.rs', () => {
    const project = read({ 'Cargo.toml': '[package]\nname = "hello-api"\nversion = "0.1.0"\n', 'src/main.rs': 'fn main() {}\n' });
    expect(project.packages).toEqual([{ dir: '', name: 'hello-api', bins: ['hello-api'], discoversBins: false, defaultRun: null, stubs: ['src/main.rs'] }]);
    expect(project.manifests).toEqual(['Cargo.toml']);
    expect(project.hasLockfile).toBe(false);
  });

  it('uses [[bin]] names, and the package name only for an undeclared src/main.rs', () => {
    const project = read({
      'Cargo.toml': '[package]\nname = "ticket-service"\n\n[[bin]]\nname = "ticketd"\npath = "src/main.rs"\n\n[[bin]]\nname = "ticket-admin"\n',
      'src/main.rs': 'fn main() {}\n',
      'src/lib.rs': '',
    });
    const [pkg] = project.packages;
    expect(pkg!.bins).toEqual(['ticket-admin', 'ticketd']);
    expect(pkg!.stubs).toEqual(['src/bin/ticket-admin.rs', 'src/lib.rs', 'src/main.rs']);
  });

  it('notes that src/bin/ adds binaries it cannot list', () => {
    const project = read({ 'Cargo.toml': '[package]\nname = "tools"\n', 'src/lib.rs': '' }, ['src/bin']);
    expect(project.packages[0]!.discoversBins).toBe(true);
    expect(project.packages[0]!.bins).toEqual([]);
  });

  it('expands workspace member globs, honours exclude, and follows path dependencies', () => {
    const project = read({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*", "tools/gen"]\nexclude = ["crates/legacy"]\n\n[workspace.dependencies]\nshared = { path = "libs/shared" }\n',
      'Cargo.lock': 'version = 3\n\n[[package]]\nname = "openssl-sys"\nversion = "0.9.102"\n',
      'crates/api/Cargo.toml': '[package]\nname = "api"\n\n[dependencies]\nshared.workspace = true\n',
      'crates/api/src/main.rs': '',
      'crates/legacy/Cargo.toml': '[package]\nname = "legacy"\n',
      'crates/legacy/src/lib.rs': '',
      'tools/gen/Cargo.toml': '[package]\nname = "gen"\n\n[[bench]]\nname = "speed"\nharness = false\n',
      'tools/gen/src/main.rs': '',
      'libs/shared/Cargo.toml': '[package]\nname = "shared"\n',
      'libs/shared/src/lib.rs': '',
    });
    expect(project.packages.map((pkg) => pkg.dir)).toEqual(['crates/api', 'libs/shared', 'tools/gen']);
    expect(project.manifests).toEqual(['Cargo.toml', 'Cargo.lock', 'crates/api/Cargo.toml', 'libs/shared/Cargo.toml', 'tools/gen/Cargo.toml']);
    expect(project.packages.find((pkg) => pkg.dir === 'tools/gen')!.stubs).toEqual(['tools/gen/benches/speed.rs', 'tools/gen/src/main.rs']);
  });

  it('reads a root package that lists itself as a member', () => {
    const project = read({
      'Cargo.toml': '[package]\nname = "tail"\n\n[workspace]\nmembers = [".", "entity"]\n',
      'src/main.rs': '',
      'entity/Cargo.toml': '[package]\nname = "entity"\n',
      'entity/src/lib.rs': '',
    });
    expect(project.packages.map((pkg) => pkg.dir)).toEqual(['', 'entity']);
  });

  it('gives a package with no target at all an empty lib.rs, so cargo accepts its manifest', () => {
    const project = read({ 'Cargo.toml': '[package]\nname = "empty"\n' });
    expect(project.packages[0]!.stubs).toEqual(['src/lib.rs']);
  });

  it('reads the build target, target-dir and vendored sources of .cargo/config.toml', () => {
    const project = read(
      {
        'Cargo.toml': '[package]\nname = "edge"\n',
        'src/main.rs': '',
        '.cargo/config.toml': '[build]\ntarget = "x86_64-unknown-linux-musl"\ntarget-dir = "out"\n\n[source.crates-io]\nreplace-with = "vendored"\n\n[source.vendored]\ndirectory = "vendor"\n',
        'rust-toolchain.toml': '[toolchain]\nchannel = "1.79"\n',
      },
      ['vendor'],
    );
    expect(project.configTarget).toBe('x86_64-unknown-linux-musl');
    expect(project.configTargetDir).toBe('out');
    expect(project.vendorDirectory).toBe('vendor');
    expect(project.manifests).toEqual(['Cargo.toml', 'rust-toolchain.toml', '.cargo/config.toml']);
  });

  it.each([
    [{}, 'no Cargo.toml at the root of the build context'],
    [{ 'Cargo.toml': '[package\nname = "x"' }, 'Cargo.toml is not valid TOML'],
    [{ 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\ncommon = { path = "../common" }\n' }, 'the path dependency ../common of Cargo.toml is outside the build context'],
    [{ 'Cargo.toml': '[workspace]\nmembers = ["api"]\n' }, 'workspace member api has no Cargo.toml in the build context'],
    [{ 'Cargo.toml': '[package]\nname = "x"\n', '.cargo/config.toml': '[build]\ntarget = ["a", "b"]\n' }, '.cargo/config.toml builds for several targets at once'],
  ])('explains what it cannot read (%#)', (files, reason) => {
    expect(readCargoProject(context(files))).toEqual({ ok: false, reason });
  });
});

describe('readLockedCrates', () => {
  it('lists the package names of Cargo.lock', () => {
    const lock = 'version = 3\n\n[[package]]\nname = "openssl-sys"\nversion = "0.9.102"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n';
    expect(readLockedCrates(context({ 'Cargo.lock': lock }))).toEqual({ ok: true, crates: new Set(['openssl-sys', 'app']) });
    expect(readLockedCrates(context({}))).toEqual({ ok: true, crates: new Set() });
    expect(readLockedCrates(context({ 'Cargo.lock': '[[package]\n' }))).toEqual({ ok: false, reason: 'Cargo.lock is not valid TOML' });
  });
});

describe('paths', () => {
  it('matches workspace globs segment by segment', () => {
    expect(globMatch('crates/*', 'crates/api')).toBe(true);
    expect(globMatch('crates/*', 'crates/api/nested')).toBe(false);
    expect(globMatch('svc-?', 'svc-a')).toBe(true);
    expect(globMatch('*-worker', 'billing-worker')).toBe(true);
  });

  it('resolves relative paths inside the context only', () => {
    expect(resolveRelative('crates/api', '../core')).toBe('crates/core');
    expect(resolveRelative('', './libs/x/')).toBe('libs/x');
    expect(resolveRelative('crates', '../../outside')).toBeNull();
  });
});

describe('a member copied on its own', () => {
  const workspace = context({
    'Cargo.toml': '[workspace]\nmembers = ["server", "tools"]\n',
    'server/Cargo.toml': '[package]\nname = "server"\nversion = "1.0.0"\nedition = "2021"\n\n[dependencies]\ntokio = "1"\n',
    'server/src/main.rs': 'fn main() {}',
    'tools/Cargo.toml': '[package]\nname = "tools"\nversion.workspace = true\n\n[dependencies]\nserde = { workspace = true }\n',
  });

  it('is read as cargo reads it in the directory it was copied to', () => {
    const member = directoryContext(workspace, 'server');
    expect(member.files).toEqual(['Cargo.toml', 'src/main.rs']);
    const reading = readCargoProject(member);
    expect(reading.ok && reading.project.packages.map((pkg) => [pkg.name, pkg.bins])).toEqual([['server', ['server']]]);
    expect(workspaceInheritance(member)).toBeNull();
  });

  it('names the first setting it takes from the workspace', () => {
    expect(workspaceInheritance(directoryContext(workspace, 'tools'))).toBe('version');
  });
});

describe('features enabled on dependencies', () => {
  it('gathers them across members and renames, so a bundling feature is seen', () => {
    const project = read({
      'Cargo.toml': '[workspace]\nmembers = ["api"]\n\n[workspace.dependencies]\nserde = { version = "1", features = ["derive"] }\n',
      'api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\n\n[dependencies]\nsql = { package = "rusqlite", version = "0.31", features = ["bundled"] }\ntokio = "1"\n',
      'api/src/main.rs': 'fn main() {}',
    });
    expect(project.dependencyFeatures).toEqual(new Map([['serde', new Set(['derive'])], ['rusqlite', new Set(['bundled'])]]));
    expect(bundlesLibrary(project, { rusqlite: ['bundled', 'bundled-full'] })).toBe(true);
    expect(bundlesLibrary(project, { 'libsqlite3-sys': ['bundled'] })).toBe(false);
  });
});
