import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { readCargoRun } from './cargo-run.js';

function commands(text: string) {
  const instructions = parseDockerfile(`FROM rust:1.79\n${text}\n`).instructions;
  const last = (keyword: string) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  return readCargoRun(last('CMD'), last('ENTRYPOINT'));
}

describe('readCargoRun', () => {
  it('reads the options as a build and keeps the arguments after --', () => {
    const run = commands('CMD ["cargo", "run", "--release", "--bin", "api", "--features", "metrics,tls", "--", "--port", "80"]');
    expect(run).toMatchObject({ keyword: 'CMD', options: ['--release', '--bin', 'api', '--features', 'metrics,tls'], args: ['--port', '80'], written: 'cargo run --release --bin api --features metrics,tls' });
    expect(typeof run === 'object' && run !== null && run.call).toMatchObject({ subcommand: 'build', profileDir: 'release', bins: ['api'], features: ['metrics', 'tls'] });
  });

  it('keeps a shell form\'s arguments as written, variables and quotes included', () => {
    const run = commands('ENTRYPOINT cargo run -r -- --bind "0.0.0.0:$PORT"');
    expect(run).toMatchObject({ keyword: 'ENTRYPOINT', argsText: '--bind "0.0.0.0:$PORT"' });
  });

  it('leaves commands that are not cargo alone', () => {
    expect(commands('CMD ["./target/release/api"]')).toBeNull();
  });

  it.each([
    ['CMD ["cargo", "watch", "-x", "run"]', 'the container runs cargo itself, so it needs the whole toolchain at run time'],
    ['CMD cargo build && cargo run', 'the container runs cargo itself, so it needs the whole toolchain at run time'],
    ['ENTRYPOINT ["cargo", "run"]\nCMD ["--release"]', 'the container runs cargo itself, so it needs the whole toolchain at run time'],
    ['CMD ["cargo", "run", "--example", "demo"]', 'line 2: cargo run runs an example, which a cargo build does not put where dfmod copies binaries from'],
    ['CMD ["cargo", "+nightly", "run"]', 'line 2: cargo +nightly runs with a toolchain override, which production cannot give'],
    ['CMD cargo run --release $ARGS', 'line 2: the shell-form cargo run passes arguments without --, which dfmod does not rewrite'],
  ])('refuses %s', (line, reason) => {
    expect(commands(line)).toBe(reason);
  });
});
