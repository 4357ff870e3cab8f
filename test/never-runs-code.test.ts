import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, writeTree } from './helpers/cli.js';

/**
 * dfmod reads repositories and never runs anything from them (issue 11). Every script, hook,
 * wrapper and binary in this tree, and every tool a careless implementation might call through
 * PATH, would leave a marker file if it ran; after dry and write runs there is none.
 */
let scratch: string;
let root: string;
let markers: string;
let bin: string;

/** An executable that leaves `markers/<name>` when anything runs it. */
const trap = (name: string) => ({ text: `#!/bin/sh\ntouch "${markers}/${name}"\n`, mode: 0o755 });

/** Tools a codemod might be tempted to call; a fake of each comes first in PATH. */
const TOOLS = ['git', 'npm', 'npx', 'yarn', 'pnpm', 'corepack', 'go', 'python', 'python3', 'pip', 'poetry', 'uv', 'mvn', 'gradle', 'cargo', 'rustc', 'make', 'docker', 'java', 'dotnet', 'sh', 'bash'];

beforeAll(async () => {
  await ensureBuilt();
  scratch = await mkdtemp(join(tmpdir(), 'dfmod-traps-'));
  root = join(scratch, 'tree');
  markers = join(scratch, 'markers');
  bin = join(scratch, 'bin');
  await writeTree(markers, { '.keep': '' });
  await writeTree(bin, Object.fromEntries(TOOLS.map((tool) => [tool, trap(`path-${tool}`)])));
  const script = (name: string) => `touch ${markers}/npm-${name}`;
  await writeTree(root, {
    '.git/hooks/post-checkout': trap('git-hook-post-checkout'),
    '.git/hooks/pre-commit': trap('git-hook-pre-commit'),
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.envrc': `touch ${markers}/direnv\n`,
    'web/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["npm", "start"]\n',
    'web/package.json': JSON.stringify({
      name: 'web',
      scripts: Object.fromEntries(['preinstall', 'install', 'postinstall', 'prepare', 'prebuild', 'build', 'start'].map((name) => [name, script(name)])),
      dependencies: { express: '^4.19.2' },
    }),
    'web/package-lock.json': JSON.stringify({ name: 'web', lockfileVersion: 3, requires: true, packages: {} }),
    'web/node_modules/.bin/tsc': trap('node-modules-bin-tsc'),
    'web/node_modules/.bin/next': trap('node-modules-bin-next'),
    'web/Makefile': `all:\n\ttouch ${markers}/makefile\n`,
    'api/Dockerfile': 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN ./mvnw -B package -DskipTests\nCMD ["java", "-jar", "target/demo-0.0.1-SNAPSHOT.jar"]\n',
    'api/pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>demo</artifactId><version>0.0.1-SNAPSHOT</version></project>\n',
    'api/mvnw': trap('mvnw'),
    'api/gradlew': trap('gradlew'),
    'svc/Dockerfile': 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install .\nCMD ["python", "-m", "svc"]\n',
    'svc/setup.py': `open("${markers}/setup-py", "w").close()\n`,
    'svc/pyproject.toml': '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "svc"\nversion = "0.1.0"\n',
    'tool/Dockerfile': 'FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/tool"]\n',
    'tool/Cargo.toml': '[package]\nname = "tool"\nversion = "0.1.0"\nedition = "2021"\nbuild = "build.rs"\n',
    'tool/build.rs': `fn main() { std::fs::write("${markers}/build-rs", "").unwrap(); }\n`,
    'tool/src/main.rs': 'fn main() {}\n',
    'cli/Dockerfile': 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go generate ./... && go build -o /bin/cli .\nENTRYPOINT ["/bin/cli"]\n',
    'cli/go.mod': 'module example.com/cli\n\ngo 1.22\n',
    'cli/main.go': `//go:generate sh -c "touch ${markers}/go-generate"\npackage main\n\nfunc main() {}\n`,
    'cli/tools/run.sh': trap('script'),
  });
  await chmod(join(root, '.envrc'), 0o755);
  // The traps are live: a fake from PATH and a wrapper from the tree each leave their marker.
  execFileSync('git', ['status'], { env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` } });
  execFileSync(join(root, 'api/mvnw'));
  expect((await readdir(markers)).sort()).toEqual(['.keep', 'mvnw', 'path-git']);
  await rm(join(markers, 'mvnw'));
  await rm(join(markers, 'path-git'));
}, 180_000);

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('a booby-trapped tree', () => {
  it('runs no script, hook, wrapper or binary from the repository, and no tool from PATH', async () => {
    const env = { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
    for (const args of [['migrate', '--dry-run', '.'], ['migrate', '--check', '--format', 'json', '.'], ['migrate', '--jobs', '2', '.']]) {
      const run = await runCli(args, { cwd: root, env });
      expect(run.stderr, args.join(' ')).not.toMatch(/^\s+at /m);
    }
    // The tree was processed, not passed over.
    const report = await runCli(['migrate', '--dry-run', '--format', 'json', '.'], { cwd: root, env });
    expect((JSON.parse(report.stdout) as { files: unknown[] }).files.length).toBeGreaterThanOrEqual(5);
    expect(await readdir(markers)).toEqual(['.keep']);
  });
});
