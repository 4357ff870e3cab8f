/**
 * `npm run bench`: builds a tree of 10,000 Dockerfiles with their build contexts, then times
 * `dfmod migrate --dry-run --format json` over it end to end (a subprocess, as users run it)
 * against a parse-only baseline, and checks the targets of issue 3. Not a test: the figures
 * depend on the machine and on what else runs on it.
 *
 * The baseline is the same script run as `bench.js --parse-only <tree>`: a process that starts
 * Node, finds the Dockerfiles with dfmod's own discovery, reads and parses each with
 * dockerfile-ast, and stops there. It is what any tool that reads every Dockerfile of the tree
 * must pay, measured the same way as dfmod, so the ratio is what the migration itself adds.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DockerfileParser } from 'dockerfile-ast';
import { discover } from '../src/pipeline/discover.js';

const FILES = 10_000;
/** Each measurement is taken this many times and the fastest kept: the least disturbed run. */
const RUNS = 3;
const TEAMS = 100;
const TARGET_FILES_PER_SECOND = 2_000;
const TARGET_RATIO = 3;
const TARGET_RSS_MB = 300;
const HERE = fileURLToPath(import.meta.url);
const CLI = join(dirname(HERE), '..', 'src', 'cli.js');

/** The files of one repository: relative path to text. Its Dockerfile is at `Dockerfile`. */
type Repository = Record<string, string>;

interface Template {
  /** Names the repository folders, so a status breakdown per template is easy to read. */
  readonly id: string;
  /** Share of the tree, relative to the other templates' weights. */
  readonly weight: number;
  /** `n` varies versions, ports and names so that no two repositories are the same. */
  readonly repository: (n: number) => Repository;
}

const NODE_VERSIONS = ['18', '20', '22'];
const pick = <T>(values: readonly T[], n: number): T => values[n % values.length]!;

const TS_SOURCES: Repository = {
  'src/index.ts': 'import express from "express";\nconst app = express();\napp.get("/health", (_req, res) => res.send("ok"));\napp.listen(Number(process.env.PORT ?? 3000));\n',
  'src/routes/users.ts': 'export const users = [{ id: 1, name: "ada" }];\n',
  'src/routes/orders.ts': 'export const orders: unknown[] = [];\n',
  'test/index.test.ts': 'import { test } from "node:test";\ntest("boots", () => {});\n',
  'README.md': '# service\n\nRun it with docker.\n',
  '.gitignore': 'node_modules\ndist\n.env\n',
  'node_modules/express/package.json': '{ "name": "express", "version": "4.19.2" }\n',
  'node_modules/express/index.js': 'module.exports = () => ({});\n',
};

function packageJson(n: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      name: `service-${n}`,
      version: '1.0.0',
      private: true,
      scripts: { build: 'tsc -p tsconfig.json', start: 'node dist/index.js', test: 'node --test' },
      dependencies: { express: '^4.19.2', pino: '^9.0.0' },
      devDependencies: { typescript: '^5.4.0', '@types/express': '^4.17.21' },
      ...extra,
    },
    null,
    2,
  );
}

const TSCONFIG = '{\n  // compiled by the builder stage\n  "compilerOptions": { "outDir": "./dist", "rootDir": "./src", "strict": true, "module": "NodeNext" },\n}\n';

function nodeDockerfile(n: number, install: string, copyManifests: string): string {
  const version = pick(NODE_VERSIONS, n);
  const alpine = n % 4 === 0 ? '-alpine' : '';
  return `FROM node:${version}${alpine}
WORKDIR /app
ENV NODE_ENV=production
${copyManifests}
RUN ${install}
COPY . .
RUN npm run build
EXPOSE ${3000 + (n % 100)}
CMD ["node", "dist/index.js"]
`;
}

/**
 * The mix of a folder of checked-out repositories. Add a stack by adding a row: the tree,
 * the status breakdown and the figures pick it up.
 */
const TEMPLATES: readonly Template[] = [
  {
    id: 'node-npm',
    weight: 20,
    repository: (n) => ({
      ...TS_SOURCES,
      Dockerfile: nodeDockerfile(n, 'npm ci', 'COPY package.json package-lock.json ./'),
      'package.json': packageJson(n),
      'package-lock.json': JSON.stringify({ name: `service-${n}`, lockfileVersion: 3, requires: true, packages: {} }, null, 2),
      'tsconfig.json': TSCONFIG,
    }),
  },
  {
    id: 'node-npm-chained',
    weight: 10,
    repository: (n) => ({
      ...TS_SOURCES,
      Dockerfile: `FROM node:${pick(NODE_VERSIONS, n)}\nWORKDIR /app\n# everything at once\nCOPY . .\nRUN npm install && npm run build\nEXPOSE 8080\nHEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\nCMD ["node", "dist/index.js"]\n`,
      'package.json': packageJson(n),
      'package-lock.json': '{}\n',
      'tsconfig.json': TSCONFIG,
    }),
  },
  {
    id: 'node-yarn',
    weight: 8,
    repository: (n) => ({
      ...TS_SOURCES,
      Dockerfile: nodeDockerfile(n, 'yarn install --frozen-lockfile', 'COPY package.json yarn.lock ./').replace('npm run build', 'yarn build'),
      'package.json': packageJson(n),
      'yarn.lock': '# yarn lockfile v1\n\n\nexpress@^4.19.2:\n  version "4.19.2"\n',
      'tsconfig.json': TSCONFIG,
    }),
  },
  {
    id: 'node-yarn-berry',
    weight: 4,
    repository: (n) => ({
      ...TS_SOURCES,
      Dockerfile: nodeDockerfile(n, 'corepack enable && yarn install --immutable', 'COPY package.json yarn.lock .yarnrc.yml ./').replace('npm run build', 'yarn build'),
      'package.json': packageJson(n, { packageManager: 'yarn@4.1.1' }),
      'yarn.lock': '__metadata:\n  version: 8\n',
      '.yarnrc.yml': 'nodeLinker: node-modules\n',
      'tsconfig.json': TSCONFIG,
    }),
  },
  {
    id: 'node-pnpm',
    weight: 8,
    repository: (n) => ({
      ...TS_SOURCES,
      Dockerfile: nodeDockerfile(n, 'corepack enable && pnpm install --frozen-lockfile', 'COPY package.json pnpm-lock.yaml ./').replace('npm run build', 'pnpm run build'),
      'package.json': packageJson(n, { packageManager: 'pnpm@9.1.0' }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'tsconfig.json': TSCONFIG,
    }),
  },
  {
    id: 'node-no-build',
    weight: 6,
    repository: (n) => ({
      Dockerfile: `FROM node:${pick(NODE_VERSIONS, n)}-slim\nWORKDIR /usr/src/app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n`,
      'package.json': JSON.stringify({ name: `api-${n}`, main: 'server.js', dependencies: { fastify: '^4.26.0' } }, null, 2),
      'package-lock.json': '{}\n',
      'server.js': 'require("fastify")().listen({ port: 3000 });\n',
      '.dockerignore': 'node_modules\n',
    }),
  },
  {
    id: 'multi-stage',
    weight: 12,
    repository: (n) => ({
      Dockerfile: `FROM node:${pick(NODE_VERSIONS, n)} AS builder\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:${pick(NODE_VERSIONS, n)}-slim AS production\nWORKDIR /app\nCOPY --from=builder /app/dist ./dist\nUSER node\nCMD ["node", "dist/index.js"]\n`,
      'package.json': packageJson(n),
      'package-lock.json': '{}\n',
    }),
  },
  {
    id: 'nginx-static',
    weight: 8,
    repository: (n) => ({
      Dockerfile: `FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\nCOPY public/ /usr/share/nginx/html/\nEXPOSE ${80 + (n % 10)}\n`,
      'nginx.conf': 'server { listen 80; root /usr/share/nginx/html; }\n',
      'public/index.html': '<!doctype html><title>site</title>\n',
      'public/app.css': 'body { margin: 0 }\n',
    }),
  },
  {
    id: 'go',
    weight: 8,
    repository: (n) => ({
      Dockerfile: `FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/server ./cmd/server\nEXPOSE 8080\nENTRYPOINT ["/bin/server"]\n`,
      'go.mod': `module example.com/service${n}\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n`,
      'go.sum': 'github.com/go-chi/chi/v5 v5.0.12 h1:abc=\n',
      'cmd/server/main.go': 'package main\n\nfunc main() {}\n',
      'internal/api/api.go': 'package api\n',
    }),
  },
  {
    id: 'rust',
    weight: 4,
    repository: (n) => ({
      Dockerfile: `FROM rust:1.78\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/service${n}"]\n`,
      'Cargo.toml': `[package]\nname = "service${n}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ntokio = { version = "1", features = ["full"] }\n`,
      'Cargo.lock': '# This file is automatically @generated by Cargo.\nversion = 3\n',
      'src/main.rs': 'fn main() {}\n',
    }),
  },
  {
    id: 'python',
    weight: 8,
    repository: (n) => ({
      Dockerfile: `FROM python:3.${10 + (n % 3)}\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "-m", "app"]\n`,
      'requirements.txt': 'fastapi==0.111.0\nuvicorn==0.30.1\n',
      'app/__main__.py': 'print("app")\n',
      'app/__init__.py': '',
    }),
  },
  {
    id: 'java-maven',
    weight: 5,
    repository: (n) => ({
      Dockerfile: `FROM maven:3.9-eclipse-temurin-${pick(['17', '21'], n)}\nWORKDIR /app\nCOPY pom.xml .\nCOPY src ./src\nRUN mvn -B package -DskipTests\nEXPOSE 8080\nCMD ["java", "-jar", "target/service${n}-1.0.0.jar"]\n`,
      'pom.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n    <version>3.3.4</version>\n  </parent>\n  <groupId>com.example</groupId>\n  <artifactId>service${n}</artifactId>\n  <version>1.0.0</version>\n  <build>\n    <plugins>\n      <plugin>\n        <groupId>org.springframework.boot</groupId>\n        <artifactId>spring-boot-maven-plugin</artifactId>\n      </plugin>\n    </plugins>\n  </build>\n</project>\n`,
      'src/main/java/com/example/Application.java': 'package com.example;\n\npublic class Application {\n  public static void main(String[] args) {}\n}\n',
    }),
  },
  {
    id: 'java-gradle',
    weight: 3,
    repository: (n) => ({
      Dockerfile: `FROM gradle:8-jdk21\nWORKDIR /home/gradle/project\nCOPY . .\nRUN gradle bootJar --no-daemon\nEXPOSE 8080\nENTRYPOINT ["java", "-jar", "build/libs/service${n}.jar"]\n`,
      'settings.gradle': `rootProject.name = 'service${n}'\n`,
      'build.gradle': "plugins {\n  id 'java'\n  id 'org.springframework.boot' version '3.3.4'\n}\n\nbootJar {\n  archiveFileName = 'service" + n + ".jar'\n}\n",
      'src/main/java/com/example/Application.java': 'package com.example;\n\npublic class Application {\n  public static void main(String[] args) {}\n}\n',
    }),
  },
  {
    id: 'dotnet',
    weight: 5,
    repository: (n) => ({
      Dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet restore\nRUN dotnet publish -c Release -o /app/publish\nWORKDIR /app/publish\nEXPOSE 8080\nENTRYPOINT ["dotnet", "Service${n}.dll"]\n`,
      [`Service${n}.csproj`]: '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n',
      'Program.cs': 'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "ok");\napp.Run();\n',
      'appsettings.json': '{ "Logging": { "LogLevel": { "Default": "Information" } } }\n',
    }),
  },
  {
    id: 'unknown-stack',
    weight: 4,
    repository: () => ({
      Dockerfile: 'FROM elixir:1.16\nWORKDIR /app\nCOPY . .\nRUN mix deps.get && mix release\nCMD ["_build/prod/rel/app/bin/app", "start"]\n',
      'mix.exs': 'defmodule App.MixProject do\nend\n',
    }),
  },
];

/** Deals the templates out by weight, interleaved, so every part of the tree has the whole mix. */
function deal(count: number): Template[] {
  const total = TEMPLATES.reduce((sum, template) => sum + template.weight, 0);
  const dealt: Template[] = [];
  const credit = new Map(TEMPLATES.map((template) => [template, 0]));
  for (let index = 0; index < count; index++) {
    for (const template of TEMPLATES) credit.set(template, credit.get(template)! + template.weight);
    const next = TEMPLATES.reduce((best, template) => (credit.get(template)! > credit.get(best)! ? template : best));
    credit.set(next, credit.get(next)! - total);
    dealt.push(next);
  }
  return dealt;
}

async function generateTree(root: string): Promise<void> {
  const writes: Array<[string, string]> = [];
  deal(FILES).forEach((template, n) => {
    const repository = join(root, `team-${String(n % TEAMS).padStart(3, '0')}`, `${template.id}-${n}`);
    for (const [path, text] of Object.entries(template.repository(n))) writes.push([join(repository, path), text]);
  });
  const directories = new Set(writes.map(([path]) => dirname(path)));
  for (const directory of directories) await mkdir(directory, { recursive: true });
  for (let index = 0; index < writes.length; index += 256) {
    await Promise.all(writes.slice(index, index + 256).map(([path, text]) => writeFile(path, text)));
  }
}

interface Run {
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly code: number | null;
  readonly stdout: string;
}

/**
 * Runs a Node script as a subprocess and measures its wall time and peak RSS. The RSS comes
 * from the child itself: a module loaded with --import prints `process.resourceUsage().maxRSS`
 * (getrusage's ru_maxrss, what `/usr/bin/time -v` shows; it counts worker threads, which share
 * the process) as it exits. That needs no GNU time and measures the child alone, not a wrapper.
 */
async function measure(args: readonly string[], cwd: string, rssHook: string): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', pathToFileURL(rssHook).href, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = /bench-max-rss-kb (\d+)/.exec(stderr);
  if (!rss) throw new Error(`${args.join(' ')} printed no peak RSS; stderr:\n${stderr}`);
  return { seconds, maxRssMb: Number(rss[1]) / 1024, code, stdout: Buffer.concat(stdout).toString('utf8') };
}

/** The fastest of RUNS runs, with the highest peak RSS of them all. */
async function best(args: readonly string[], cwd: string, rssHook: string): Promise<Run> {
  const runs: Run[] = [];
  for (let index = 0; index < RUNS; index++) runs.push(await measure(args, cwd, rssHook));
  const fastest = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, maxRssMb: Math.max(...runs.map((run) => run.maxRssMb)) };
}

interface Report {
  readonly files: Array<{ path: string; status: string }>;
  readonly summary: Record<string, number>;
}

/** The baseline process: discovery, then reading and parsing every file, and nothing else. */
async function parseOnly(tree: string): Promise<void> {
  const started = performance.now();
  const { files } = await discover(['.'], tree);
  const discovered = performance.now();
  for (const file of files) DockerfileParser.parse(readFileSync(file.absolute, 'utf8'));
  const parsed = performance.now();
  process.stdout.write(JSON.stringify({ files: files.length, discoverSeconds: (discovered - started) / 1000, parseSeconds: (parsed - discovered) / 1000 }));
}

function statusesByTemplate(report: Report): string[] {
  const counts = new Map<string, Map<string, number>>();
  for (const file of report.files) {
    const template = /\/([a-z-]+)-\d+\//.exec(file.path)?.[1] ?? 'other';
    const byStatus = counts.get(template) ?? new Map<string, number>();
    byStatus.set(file.status, (byStatus.get(file.status) ?? 0) + 1);
    counts.set(template, byStatus);
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([template, byStatus]) => `  ${template.padEnd(18)} ${[...byStatus].sort().map(([status, count]) => `${count} ${status}`).join(', ')}`);
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}

async function main(): Promise<number> {
  const scratch = await mkdtemp(join(tmpdir(), 'dfmod-bench-'));
  try {
    const tree = join(scratch, 'tree');
    const rssHook = join(scratch, 'max-rss.mjs');
    await writeFile(rssHook, "process.on('exit', () => process.stderr.write(`bench-max-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n");

    const generating = performance.now();
    await generateTree(tree);
    console.log(`generated ${FILES} repositories in ${((performance.now() - generating) / 1000).toFixed(1)} s (${TEMPLATES.length} templates); best of ${RUNS} runs each`);

    const dfmod = await best([CLI, 'migrate', '--dry-run', '--format', 'json', '.'], tree, rssHook);
    const report = JSON.parse(dfmod.stdout) as Report;
    const files = report.files.length;
    if (files !== FILES) throw new Error(`dfmod reported ${files} files, expected ${FILES}`);
    const baseline = await best([HERE, '--parse-only', tree], tree, rssHook);
    const split = JSON.parse(baseline.stdout) as { files: number; discoverSeconds: number; parseSeconds: number };
    if (split.files !== FILES) throw new Error(`the baseline found ${split.files} files, expected ${FILES}`);

    const filesPerSecond = files / dfmod.seconds;
    const ratio = dfmod.seconds / baseline.seconds;
    const lines = [
      '',
      `machine            ${cpus().length} CPUs, Node ${process.version}, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`,
      `files              ${files}`,
      `summary            ${Object.entries(report.summary).map(([status, count]) => `${count} ${status}`).join(', ')}`,
      ...statusesByTemplate(report),
      `dfmod wall         ${dfmod.seconds.toFixed(2)} s (exit ${dfmod.code})`,
      `files/second       ${filesPerSecond.toFixed(0)}  ${verdict(filesPerSecond >= TARGET_FILES_PER_SECOND)} (>= ${TARGET_FILES_PER_SECOND})`,
      `parse-only         ${baseline.seconds.toFixed(2)} s (in it: discovery ${split.discoverSeconds.toFixed(2)} s, read + parse ${split.parseSeconds.toFixed(2)} s)`,
      `ratio to baseline  ${ratio.toFixed(2)}x  ${verdict(ratio <= TARGET_RATIO)} (<= ${TARGET_RATIO}x; ${(dfmod.seconds / split.parseSeconds).toFixed(1)}x read + parse alone)`,
      `peak RSS           ${dfmod.maxRssMb.toFixed(0)} MB  ${verdict(dfmod.maxRssMb < TARGET_RSS_MB)} (< ${TARGET_RSS_MB} MB; baseline ${baseline.maxRssMb.toFixed(0)} MB)`,
    ];
    console.log(lines.join('\n'));
    return filesPerSecond >= TARGET_FILES_PER_SECOND && ratio <= TARGET_RATIO && dfmod.maxRssMb < TARGET_RSS_MB ? 0 : 1;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--parse-only') await parseOnly(process.argv[3]!);
else process.exitCode = await main();
