import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import type { RuntimeFamily } from '../../src/core/transform.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan } from '../../src/pipeline/print.js';
import { verifyMigration } from '../../src/pipeline/verify.js';
import { rust } from './index.js';

const MANIFEST = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n';

function context(files: Record<string, string>): BuildContext {
  const directories = new Set<string>();
  for (const file of Object.keys(files)) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) directories.add(parts.slice(0, i).join('/'));
  }
  return { files: Object.keys(files).sort(), directories: [...directories].sort(), contents: new Map(Object.entries(files)) };
}

/** Plans, prints and verifies one Dockerfile over a small context (Cargo.toml, src/main.rs by default). */
function migrate(dockerfile: string, files: Record<string, string> = {}, runtime: RuntimeFamily = 'auto') {
  const parsed = parseDockerfile(dockerfile);
  const input = {
    path: 'Dockerfile',
    dockerfile: parsed,
    context: context({ 'Cargo.toml': MANIFEST, 'Cargo.lock': 'version = 3\n', 'src/main.rs': 'fn main() {}\n', ...files }),
    compose: [],
    options: { runtime },
  };
  expect(rust.match(input).matches).toBe(true);
  const result = rust.plan(input);
  if (!result.ok) return { reason: result.reason, output: null, plan: null };
  const output = printPlan(parsed, result.plan);
  expect(verifyMigration(parsed, output, result.plan.runtime)).toEqual([]);
  return { reason: null, output, plan: result.plan };
}

const SIMPLE = 'FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n';

describe('the rust transform leaves alone what it cannot prove', () => {
  it.each([
    ['FROM rust:1.50\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', 'the Debian release behind rust:1.50 is unknown'],
    ['FROM rust:1.79-buster\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', 'too old'],
    ['FROM clux/muslrust:stable\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', 'only migrates builds on the official rust images'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --target wasm32-unknown-unknown\nCMD ["./target/release/app"]\n', 'cross-compiles for wasm32-unknown-unknown'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nHEALTHCHECK CMD ["./target/release/app", "--check"]\nCMD ["./target/release/app"]\n', 'the HEALTHCHECK runs the binary from where the build left it'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nRUN cp target/release/app /app/app || true\nCMD ["/app/app"]\n', 'handles the built binary with || or |'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nRUN ./target/release/app --self-test\nCMD ["./target/release/app"]\n', 'uses target/ after the build'],
    ['FROM rust:1.79\nRUN useradd app\nUSER app\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', 'the build runs as USER app'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN ["cargo", "build", "--release"]\nCMD ["./target/release/app"]\n', 'exec-form or heredoc RUN'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/other"]\n', 'no Cargo.toml in the build context declares a binary named other'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build\nCMD ["./target/release/app"]\n', 'which no cargo build step writes'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nUSER root\nCMD ["./target/release/app"]\n', 'explicitly runs as root'],
    ['FROM rust:1.79\nWORKDIR /app\nCOPY target/release/app /usr/local/bin/app\nCMD ["app"]\n', 'copies a prebuilt binary'],
    ['FROM rust:1.79-alpine\nRUN apk add --no-cache musl-dev openssl-dev\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', 'links openssl-dev on musl without its static archive'],
  ])('%#: %s', (dockerfile, reason) => {
    expect(migrate(dockerfile).reason).toContain(reason);
  });
});

describe('the rust transform', () => {
  it('moves the binary out of the cache-mounted target/ inside the build RUN', () => {
    const { output, plan } = migrate(SIMPLE);
    expect(output).toContain('cargo build --release \\\n    && cp target/release/app /usr/local/bin/app');
    expect(output).toContain('--mount=type=cache,target=/app/target');
    expect(output).toContain('CMD ["/usr/local/bin/app"]');
    expect(plan!.runtime.movedPaths).toEqual({ './target/release/app': '/usr/local/bin/app' });
  });

  it('installs the runtime library of a linked -sys crate, unless the lockfile vendors it', () => {
    const lock = (...names: string[]) => `version = 3\n${names.map((name) => `\n[[package]]\nname = "${name}"\nversion = "1.0.0"\n`).join('')}`;
    const linked = migrate(SIMPLE, { 'Cargo.lock': lock('openssl-sys', 'app') });
    expect(linked.output).toContain('FROM debian:bookworm-slim AS production');
    expect(linked.output).toContain('ca-certificates tzdata libssl3');
    const vendored = migrate(SIMPLE, { 'Cargo.lock': lock('openssl-sys', 'openssl-src', 'app') });
    expect(vendored.output).toContain('FROM gcr.io/distroless/cc-debian12 AS production');
  });

  it('reports -sys crates whose system library it does not know', () => {
    const { plan } = migrate(SIMPLE, { 'Cargo.lock': 'version = 3\n\n[[package]]\nname = "alsa-sys"\nversion = "0.3.1"\n' });
    expect(plan!.warnings).toContainEqual({ id: 'runtime-library', message: 'Cargo.lock has alsa-sys, which may link a system library; check that production has it' });
  });

  it('takes a static musl build with static archives to distroless/static', () => {
    const { output } = migrate('FROM rust:1.79-alpine3.20\nRUN apk add --no-cache musl-dev openssl-dev openssl-libs-static\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n');
    expect(output).toContain('FROM gcr.io/distroless/static-debian12 AS production');
  });

  it('runs a static binary on the Alpine release the builder named, when asked', () => {
    const { output } = migrate('FROM rust:1.79-alpine3.20\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', {}, 'alpine');
    expect(output).toContain('FROM alpine:3.20 AS production');
    expect(output).toContain('RUN apk add --no-cache tzdata');
    expect(output).toContain('USER 10001:10001');
  });

  it('keeps a cargo install root that is already on the PATH', () => {
    const { output, plan } = migrate('FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo install --path . --root /usr/local\nCMD ["app"]\n');
    expect(output).toContain('COPY --from=builder /usr/local/bin/app /usr/local/bin/app');
    expect(plan!.runtime.movedPaths).toEqual({});
  });

  it('puts a shell-form command on a runtime with a shell', () => {
    const { output } = migrate('FROM rust:1.79-bookworm\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ./target/release/app --port "$PORT"\n');
    expect(output).toContain('FROM debian:bookworm-slim AS production');
    expect(output).toContain('CMD /usr/local/bin/app --port "$PORT"');
  });

  it('refuses distroless for a shell-form command', () => {
    const { reason } = migrate('FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ./target/release/app\n', {}, 'distroless');
    expect(reason).toBe('--runtime distroless: the shell-form CMD needs a shell, which distroless images do not have');
  });

  it('does not copy a manifest the .dockerignore keeps out of the context', () => {
    const { output, plan } = migrate(SIMPLE, { '.dockerignore': 'Cargo.lock\n' });
    expect(output).toContain('COPY Cargo.toml ./\n');
    expect(plan!.warnings.map((warning) => warning.id)).toContain('no-lockfile');
  });

  it('enters the project with its WORKDIR before the manifests when the source is copied before the WORKDIR', () => {
    const { output } = migrate('FROM rust:1.79\nCOPY . /srv/app\nWORKDIR /srv/app\nRUN cargo build --release\nCMD ["./target/release/app"]\n');
    expect(output).toContain('AS builder\nWORKDIR /srv/app\nCOPY Cargo.toml Cargo.lock ./\n');
    expect(output).toContain('&& cargo fetch \\\n');
  });

  it('writes manifests and stand-ins at absolute paths when a line before the WORKDIR depends on the directory', () => {
    const { output } = migrate('FROM rust:1.79\nWORKDIR /srv\nCOPY . ./app\nWORKDIR /srv/app\nRUN cargo build --release\nCMD ["./target/release/app"]\n');
    expect(output).toContain('COPY Cargo.toml Cargo.lock /srv/app/\n');
    expect(output).toContain('&& cargo fetch --manifest-path /srv/app/Cargo.toml');
  });

  it('keeps .git in the context when a build script stamps the binary with git facts', () => {
    const { plan } = migrate(SIMPLE, { 'Cargo.toml': `${MANIFEST}\n[build-dependencies]\nvergen-gitcl = "1"\n` });
    expect(plan!.dockerignore).toEqual(['target']);
    expect(plan!.warnings).toContainEqual({ id: 'dockerignore', message: 'vergen-gitcl reads .git at build time, so .git stays in the build context' });
  });

  it('joins the removal of stale artifacts after a dummy build to that build', () => {
    const { output } = migrate(
      'FROM rust:1.67\nWORKDIR /usr/app\nRUN USER=root cargo new --bin app\nWORKDIR /usr/app/app\nCOPY ./Cargo.toml ./Cargo.toml\nRUN cargo build --release\nRUN rm src/*.rs\nCOPY ./src ./src\nRUN rm ./target/release/deps/app*\nRUN cargo install --path .\nCMD ["app"]\n',
    );
    expect(output).toContain('    cargo build --release \\\n    && rm ./target/release/deps/app*\n');
    expect(output).toContain('FROM gcr.io/distroless/cc-debian11 AS production');
    expect(output).toContain('COPY --from=builder /usr/local/cargo/bin/app /usr/local/bin/app');
  });

  it('warns when a step empties the cache-mounted target/', () => {
    const { plan } = migrate('FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release && cp target/release/app /usr/local/bin/ && rm -rf target\nCMD ["app"]\n');
    expect(plan!.warnings).toContainEqual({ id: 'cache-mount', message: 'line 4 empties target/, so the cache mount saves no work; drop that step' });
  });

  it('re-declares a global ARG that production uses', () => {
    const { output, plan } = migrate('ARG VERSION=1.2.3\nFROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nLABEL org.opencontainers.image.version=$VERSION\nCMD ["./target/release/app"]\n');
    expect(output).toContain('FROM gcr.io/distroless/cc-debian12 AS production\nARG VERSION\n');
    expect(plan!.changes).toContainEqual({ id: 'redeclare-arg', message: 'production re-declares ARG VERSION' });
  });

  it('honours --runtime slim for a glibc build, on the same Debian release', () => {
    const { output } = migrate(SIMPLE.replace('rust:1.79', 'rust:1.85-slim'), {}, 'slim');
    expect(output).toContain('FROM debian:bookworm-slim AS production');
  });

  it('follows CARGO_TARGET_DIR for the cache mount and the binary', () => {
    const { output } = migrate('FROM rust:1.79\nENV CARGO_TARGET_DIR=/build\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["/build/release/app"]\n');
    expect(output).toContain('--mount=type=cache,target=/build \\');
    expect(output).toContain('&& cp /build/release/app /usr/local/bin/app');
  });
});
