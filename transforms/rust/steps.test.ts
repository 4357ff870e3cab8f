import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { classifySteps, mentionsTarget, parseCargo, runScript } from './steps.js';

function steps(text: string, packageDirs: string[] = ['']) {
  const dockerfile = parseDockerfile(text);
  return classifySteps(dockerfile.stages[0]!.instructions.slice(1), dockerfile.escape, packageDirs);
}

describe('parseCargo', () => {
  it.each([
    ['cargo build', 'build', 'debug'],
    ['cargo build --release', 'build', 'release'],
    ['cargo b -r', 'build', 'release'],
    ['cargo +nightly build --profile dist', 'build', 'dist'],
    ['cargo build --profile=dev', 'build', 'debug'],
    ['cargo install --path .', 'install', 'release'],
    ['cargo install --path . --debug', 'install', 'debug'],
  ])('%s writes below target/%s/%s', (line, subcommand, profileDir) => {
    const call = parseCargo(line.split(' '));
    expect([call.subcommand, call.profileDir]).toEqual([subcommand, profileDir]);
  });

  it('reads the options that decide where the binary lands', () => {
    const call = parseCargo('cargo install --locked --path crates/cli --root /usr/local --bin tool --target x86_64-unknown-linux-musl --target-dir /tmp/t'.split(' '));
    expect(call).toMatchObject({
      installPath: 'crates/cli',
      installRoot: '/usr/local',
      bins: ['tool'],
      target: 'x86_64-unknown-linux-musl',
      targetDir: '/tmp/t',
      locked: true,
    });
  });
});

describe('classifySteps', () => {
  it('tells manifests, sources and runtime files apart', () => {
    const roles = steps(
      'FROM rust:1.79\nCOPY Cargo.toml Cargo.lock ./\nCOPY crates/api/Cargo.toml crates/api/\nCOPY src ./src\nCOPY crates ./crates\nCOPY build.rs ./\nCOPY config/app.toml /etc/app.toml\nCOPY --from=busybox /bin/busybox /bin/\nCOPY . .\n',
      ['', 'crates/api'],
    ).map((step) => step.role);
    expect(roles).toEqual(['manifest-copy', 'manifest-copy', 'source-copy', 'source-copy', 'source-copy', 'asset-copy', 'asset-copy', 'source-copy']);
  });

  it('gives each command of a RUN its role', () => {
    const [run] = steps(
      'FROM rust:1.79\nRUN apt-get update && apt-get install -y libssl-dev && cargo build --release && strip target/release/app && useradd app && rustup target add x86_64-unknown-linux-musl && echo done\n',
    );
    expect(run!.commands!.map((command) => command.role)).toEqual(['system', 'system', 'build', 'placement', 'setup', 'cargo', 'other']);
  });

  it('leaves a script it cannot read opaque', () => {
    const [run] = steps('FROM rust:1.79\nRUN mkdir src && echo "fn main() {}" > src/main.rs && cargo build --release\n');
    expect(run!.commands).toBeNull();
  });
});

describe('runScript', () => {
  it('drops flags, continuations and comment lines inside the RUN', () => {
    const dockerfile = parseDockerfile('FROM rust:1.79\nRUN --mount=type=cache,target=/x cargo build \\\n  # optimised\n  --release\n');
    expect(runScript(dockerfile.instructions[1]!, dockerfile.escape)).toBe('cargo build    --release');
  });
});

describe('mentionsTarget', () => {
  it.each([
    ['target/release/app', true],
    ['./target/release/app', true],
    ['/app/target/x86_64-unknown-linux-musl/release/app', true],
    ['targets.txt', false],
    ['/usr/local/bin/app', false],
  ])('%s: %s', (word, expected) => {
    expect(mentionsTarget(word)).toBe(expected);
  });
});
