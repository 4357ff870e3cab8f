import fc from 'fast-check';

/**
 * A grammar of the Dockerfiles real repositories have, with their build contexts, for the
 * generated-input properties (issue 11). Instructions are written as lists of physical lines;
 * the file's escape character and line endings are applied last, so every shape is tried with
 * `\` and with `` ` ``, with LF, CRLF and a mix.
 */

/** The files of a build context beside the Dockerfile: relative path to text. */
export type ContextFiles = Record<string, string>;

/**
 * One stack: the manifests its transform reads, the base images, the steps that install and
 * build, and the commands that start the app. Adding a stack (the .NET transform, say) is one
 * more entry in STACKS.
 */
export interface Stack {
  readonly id: string;
  readonly context: fc.Arbitrary<ContextFiles>;
  readonly bases: readonly string[];
  readonly workdirs: readonly string[];
  /** Steps from the first COPY to the build, as instructions of physical lines. */
  readonly steps: fc.Arbitrary<readonly Lines[]>;
  readonly commands: readonly Lines[];
}

/** An instruction (or comment) as its physical lines; continuation marks are added when printed. */
export type Lines = readonly string[];

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const nodeStack: Stack = {
  id: 'node',
  context: fc
    .record({
      manager: fc.constantFrom('npm', 'yarn', 'pnpm', 'none'),
      build: fc.boolean(),
      devDependencies: fc.boolean(),
      main: fc.constantFrom('index.js', 'server.js', 'src/index.js'),
    })
    .map(({ manager, build, devDependencies, main }) => {
      const files: ContextFiles = {
        'package.json': json({
          name: 'generated-app',
          version: '1.0.0',
          main,
          scripts: { start: `node ${main}`, ...(build ? { build: 'tsc -p .' } : {}) },
          dependencies: { express: '^4.19.2' },
          ...(devDependencies ? { devDependencies: { typescript: '^5.4.0' } } : {}),
        }),
        [main]: 'require("express")().listen(3000);\n',
      };
      if (manager === 'npm') files['package-lock.json'] = json({ name: 'generated-app', lockfileVersion: 3, requires: true, packages: {} });
      if (manager === 'yarn') files['yarn.lock'] = '# yarn lockfile v1\n\n';
      if (manager === 'pnpm') files['pnpm-lock.yaml'] = "lockfileVersion: '9.0'\n";
      if (build) files['tsconfig.json'] = json({ compilerOptions: { outDir: 'dist' } });
      return files;
    }),
  bases: ['node:20', 'node:20-alpine', 'node:18.20-bookworm', 'node:22-slim', 'node', 'docker.io/library/node:20', 'node:20@sha256:' + 'a'.repeat(64)],
  workdirs: ['/app', '/usr/src/app', 'app'],
  steps: fc.oneof(
    fc.constant([['COPY package*.json ./'], ['RUN npm ci'], ['COPY . .'], ['RUN npm run build']]),
    fc.constant([['COPY . .'], ['RUN npm install'], ['RUN npm run build']]),
    fc.constant([['COPY package.json yarn.lock ./'], ['RUN yarn install --frozen-lockfile'], ['COPY . .']]),
    fc.constant([['COPY . .'], ['RUN npm ci --omit=dev']]),
    fc.constant([['COPY --chown=node:node . .'], ['RUN npm ci \\', '  # quietly', '  --no-audit']]),
    fc.constant([['COPY package.json pnpm-lock.yaml ./'], ['RUN corepack enable && pnpm install --frozen-lockfile'], ['COPY . .'], ['RUN pnpm build']]),
  ),
  commands: [['CMD ["node", "index.js"]'], ['CMD ["npm", "start"]'], ['CMD node server.js'], ['ENTRYPOINT ["node"]', 'CMD ["dist/index.js"]']],
};

const goStack: Stack = {
  id: 'go',
  context: fc.record({ module: fc.constantFrom('github.com/acme/api', 'example.com/tool'), sum: fc.boolean(), cmd: fc.boolean() }).map(({ module, sum, cmd }) => {
    const files: ContextFiles = { 'go.mod': `module ${module}\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n` };
    if (sum) files['go.sum'] = 'github.com/go-chi/chi/v5 v5.0.12 h1:abc=\n';
    files[cmd ? 'cmd/server/main.go' : 'main.go'] = 'package main\n\nfunc main() {}\n';
    return files;
  }),
  bases: ['golang:1.22', 'golang:1.22-alpine', 'golang:1.23-bookworm', 'golang'],
  workdirs: ['/src', '/app', '/go/src/app'],
  steps: fc.oneof(
    fc.constant([['COPY go.mod go.sum ./'], ['RUN go mod download'], ['COPY . .'], ['RUN go build -o /usr/local/bin/app ./cmd/server']]),
    fc.constant([['COPY . .'], ['RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /app/server .']]),
    fc.constant([['COPY . .'], ['RUN go mod download && \\', '    go build -o app .']]),
  ),
  commands: [['ENTRYPOINT ["/usr/local/bin/app"]'], ['CMD ["/app/server"]'], ['CMD ["./app"]']],
};

const pythonStack: Stack = {
  id: 'python',
  context: fc.constantFrom<ContextFiles>(
    { 'requirements.txt': 'flask==3.0.3\ngunicorn==22.0.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' },
    { 'requirements.txt': 'fastapi==0.111.0\nuvicorn==0.30.1\npsycopg2==2.9.9\n', 'main.py': 'import fastapi\n' },
    {
      'pyproject.toml': '[project]\nname = "svc"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = ["flask>=3"]\n',
      'svc/__init__.py': '',
    },
    { 'pyproject.toml': '[tool.poetry]\nname = "svc"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.11"\n', 'poetry.lock': '# poetry lock\n' },
  ),
  bases: ['python:3.12', 'python:3.12-slim', 'python:3.11-alpine3.20', 'python:slim'],
  workdirs: ['/app', '/srv'],
  steps: fc.oneof(
    fc.constant([['COPY requirements.txt .'], ['RUN pip install --no-cache-dir -r requirements.txt'], ['COPY . .']]),
    fc.constant([['COPY . .'], ['RUN pip install -r requirements.txt']]),
    fc.constant([['RUN apt-get update \\', '    && apt-get install -y --no-install-recommends libpq-dev gcc \\', '    && rm -rf /var/lib/apt/lists/*'], ['COPY . .'], ['RUN pip install --no-cache-dir -r requirements.txt']]),
    fc.constant([['COPY . .'], ['RUN pip install .']]),
  ),
  commands: [['CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]'], ['CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "80"]'], ['CMD python app.py']],
};

const rustStack: Stack = {
  id: 'rust',
  context: fc.record({ name: fc.constantFrom('statusd', 'api-server'), lock: fc.boolean() }).map(({ name, lock }) => {
    const files: ContextFiles = {
      'Cargo.toml': `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n`,
      'src/main.rs': 'fn main() {}\n',
    };
    if (lock) files['Cargo.lock'] = `version = 4\n\n[[package]]\nname = "${name}"\nversion = "0.1.0"\n`;
    return files;
  }),
  bases: ['rust:1.79', 'rust:1.79-bookworm', 'rust:1.80-alpine', 'rust:latest'],
  workdirs: ['/usr/src/app', '/app'],
  steps: fc.oneof(
    fc.constant([['COPY . .'], ['RUN cargo build --release']]),
    fc.constant([['COPY . .'], ['RUN cargo build --release --locked']]),
    fc.constant([['COPY . .'], ['RUN cargo install --path .']]),
  ),
  commands: [['CMD ["./target/release/statusd"]'], ['ENTRYPOINT ["/usr/src/app/target/release/api-server"]'], ['CMD ["statusd"]']],
};

const POM = (java: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>demo</artifactId>\n  <version>0.0.1-SNAPSHOT</version>\n  <properties>\n    <java.version>${java}</java.version>\n  </properties>\n  <build>\n    <plugins>\n      <plugin>\n        <groupId>org.springframework.boot</groupId>\n        <artifactId>spring-boot-maven-plugin</artifactId>\n      </plugin>\n    </plugins>\n  </build>\n</project>\n`;

const javaStack: Stack = {
  id: 'java',
  context: fc.constantFrom<ContextFiles>(
    { 'pom.xml': POM('17'), 'src/main/java/Demo.java': 'class Demo {}\n' },
    { 'pom.xml': POM('21'), 'src/main/java/Demo.java': 'class Demo {}\n', 'mvnw': '#!/bin/sh\n', '.mvn/wrapper/maven-wrapper.properties': 'distributionUrl=x\n' },
    {
      'build.gradle': "plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.3.4'\n}\n\ngroup = 'com.example'\nversion = '0.0.1-SNAPSHOT'\n",
      'settings.gradle': "rootProject.name = 'demo'\n",
      'src/main/java/Demo.java': 'class Demo {}\n',
    },
  ),
  bases: ['maven:3.9-eclipse-temurin-17', 'maven:3.9-eclipse-temurin-21', 'gradle:8.10-jdk21', 'eclipse-temurin:17-jdk'],
  workdirs: ['/app', '/build'],
  steps: fc.oneof(
    fc.constant([['COPY pom.xml .'], ['COPY src ./src'], ['RUN mvn -B package -DskipTests']]),
    fc.constant([['COPY . .'], ['RUN ./mvnw -B package -DskipTests']]),
    fc.constant([['COPY . .'], ['RUN gradle bootJar --no-daemon -x test']]),
  ),
  commands: [['CMD ["java", "-jar", "target/demo-0.0.1-SNAPSHOT.jar"]'], ['ENTRYPOINT ["java", "-jar", "/app/build/libs/demo-0.0.1-SNAPSHOT.jar"]']],
};

const CSPROJ = (sdk: string, framework: string) => `<Project Sdk="${sdk}">\n  <PropertyGroup>\n    <TargetFramework>${framework}</TargetFramework>\n    <InvariantGlobalization>true</InvariantGlobalization>\n  </PropertyGroup>\n</Project>\n`;

const dotnetStack: Stack = {
  id: 'dotnet',
  context: fc.constantFrom<ContextFiles>(
    { 'Api.csproj': CSPROJ('Microsoft.NET.Sdk.Web', 'net8.0'), 'Program.cs': 'var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n', 'appsettings.json': '{}\n' },
    { 'Api.csproj': CSPROJ('Microsoft.NET.Sdk', 'net9.0'), 'Program.cs': 'Console.WriteLine("hi");\n' },
    { 'Api.csproj': CSPROJ('Microsoft.NET.Sdk.Worker', 'net8.0'), 'Program.cs': 'Host.CreateDefaultBuilder(args).Build().Run();\n', 'Api.sln': 'Microsoft Visual Studio Solution File, Format Version 12.00\n' },
  ),
  bases: ['mcr.microsoft.com/dotnet/sdk:8.0', 'mcr.microsoft.com/dotnet/sdk:9.0', 'mcr.microsoft.com/dotnet/sdk:8.0-alpine'],
  workdirs: ['/src', '/app'],
  steps: fc.oneof(
    fc.constant([['COPY Api.csproj .'], ['RUN dotnet restore'], ['COPY . .'], ['RUN dotnet publish -c Release -o /app/publish']]),
    fc.constant([['COPY . .'], ['RUN dotnet restore && dotnet publish -c Release -o out']]),
    fc.constant([['COPY . .'], ['RUN dotnet build -c Release']]),
  ),
  commands: [['ENTRYPOINT ["dotnet", "/app/publish/Api.dll"]'], ['CMD ["dotnet", "out/Api.dll"]'], ['CMD ["dotnet", "run"]']],
};

/** Every stack the generator builds contexts for. */
export const STACKS: readonly Stack[] = [dotnetStack, goStack, javaStack, nodeStack, pythonStack, rustStack];

/** Instructions any stack's Dockerfile may carry, each form the grammar knows at least once. */
const extraInstruction: fc.Arbitrary<Lines> = fc.constantFrom<Lines>(
  ['ENV NODE_ENV=production'],
  ['ENV A=1 B="two words"'],
  ['ENV LEGACY value with spaces'],
  ['ARG VERSION=dev'],
  ['ARG NPM_TOKEN'],
  ['LABEL org.opencontainers.image.source="https://example.com/repo"'],
  ['EXPOSE 8080'],
  ['EXPOSE 80/tcp 443'],
  ['USER 1000'],
  ['STOPSIGNAL SIGTERM'],
  ['VOLUME ["/data"]'],
  ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]'],
  ['HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:8080/ || exit 1'],
  ['HEALTHCHECK NONE'],
  ['ONBUILD RUN echo rebuilding'],
  ['ONBUILD COPY . /app'],
  ['RUN --mount=type=cache,target=/root/.cache echo cached'],
  ['RUN --mount=type=secret,id=npmrc,target=/root/.npmrc cat /root/.npmrc'],
  ['RUN --mount=type=bind,source=scripts,target=/scripts /scripts/setup.sh'],
  ['RUN --network=none true'],
  ['COPY --chown=1000:1000 --chmod=644 config.yml /etc/app/'],
  ['COPY --link static/ /srv/static/'],
  ['COPY --from=busybox:1.36 /bin/busybox /bin/busybox'],
  ['ADD https://example.com/archive.tgz /tmp/'],
  ['ADD --checksum=sha256:' + '0'.repeat(64) + ' https://example.com/a.tgz /tmp/'],
  ['RUN ["sh", "-c", "echo exec form"]'],
  ['RUN ["broken json"'],
  ['RUN set -eux; \\', '    # a comment inside the continuation', '    mkdir -p /data; \\', '', '    chmod 777 /data'],
  ['RUN apt-get update && \\', '    apt-get install -y curl'],
  ['RUN <<EOF', 'set -e', 'echo one', 'EOF'],
  ['RUN <<-EOT bash', '\techo tabbed', '\tEOT'],
  ['RUN <<A <<B', 'echo a', 'A', 'echo b', 'B'],
  ['COPY <<EOF /etc/app.conf', 'key=value', 'EOF'],
  ['RUN python3 - <<\'PY\'', 'print("hi")', 'PY'],
  ['WORKDIR $HOME/work'],
  ['RUN echo "${VERSION:-none}" > /version'],
  ['  RUN   echo indented   '],
  ['run echo lower case'],
  ['MAINTAINER someone@example.com'],
  ['CMD ["node", "index.js"]'],
  ['CMD echo shell form'],
  ['ENTRYPOINT ["/docker-entrypoint.sh"]'],
  ['RUN café=1 echo ünïcödé ✓'],
);

const comment: fc.Arbitrary<string> = fc.constantFrom('# a comment', '#tight', '  # indented comment', '# syntax=not-a-directive-here', '#', '# ✓ ünïcode');

/** What the file's very first lines may hold: parser directives. */
const directives = fc.constantFrom<readonly string[]>(
  [],
  [],
  ['# syntax=docker/dockerfile:1'],
  ['# syntax=docker/dockerfile:1.7-labs'],
  ['# escape=`'],
  ['# escape=\\'],
  ['# syntax=docker/dockerfile:1', '# escape=`'],
  ['# check=skip=JSONArgsRecommended'],
);

interface Body {
  readonly blankLines: number;
  readonly comments: readonly string[];
  readonly instruction: Lines;
}

const bodyPart = (instruction: fc.Arbitrary<Lines>): fc.Arbitrary<Body> =>
  fc.record({
    blankLines: fc.constantFrom(0, 0, 0, 1, 1, 2),
    comments: fc.array(comment, { maxLength: 2 }),
    instruction,
  });

export interface DockerfileCase {
  /** The Dockerfile's bytes. */
  readonly dockerfile: Uint8Array;
  /** Its name beside the context. */
  readonly name: string;
  readonly context: ContextFiles;
  /** Which stack the case was built from, for the summary. */
  readonly stack: string;
}

type LineEndings = 'lf' | 'crlf' | 'mixed';

/** Sometimes the generated file is cut short or has stray bytes, as half-edited files do. */
const damage = fc.oneof(
  { weight: 20, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.string({ maxLength: 6, unit: 'grapheme' }) }) },
);

/** A whole Dockerfile with its build context, from one of STACKS. */
export const dockerfileCase: fc.Arbitrary<DockerfileCase> = fc
  .record({
    stack: fc.constantFrom(...STACKS),
    directives,
    globalArgs: fc.constantFrom(0, 0, 1, 2),
    platform: fc.constantFrom('', '', '', '--platform=$BUILDPLATFORM ', '--platform=linux/amd64 '),
    stageName: fc.constantFrom('', '', ' AS build', ' as builder'),
    extras: fc.array(fc.record({ at: fc.nat(6), part: bodyPart(extraInstruction) }), { maxLength: 3 }),
    lead: fc.array(comment, { maxLength: 2 }),
    secondStage: fc.constantFrom(false, false, false, false, true),
    lineEndings: fc.constantFrom<LineEndings>('lf', 'lf', 'crlf', 'mixed'),
    mixedSeed: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    bom: fc.constantFrom(false, false, false, true),
    finalNewline: fc.constantFrom(true, true, true, false),
    name: fc.constantFrom('Dockerfile', 'Dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile'),
    seed: fc.nat(),
    damage,
  })
  .chain((shape) =>
    fc.record({ shape: fc.constant(shape), context: shape.stack.context, steps: shape.stack.steps, base: fc.constantFrom(...shape.stack.bases) }),
  )
  .map(({ shape, context, steps, base }) => {
    const { stack } = shape;
    const escape = shape.directives.some((line) => line === '# escape=`') ? '`' : '\\';
    const pick = <T>(items: readonly T[], salt: number): T => items[(shape.seed + salt) % items.length]!;

    const parts: Body[] = [];
    const plain = (instruction: Lines, blankLines = 0): Body => ({ blankLines, comments: [], instruction });
    const globals: Lines[] = [['ARG BASE_IMAGE=' + base], ['ARG BUILD_DATE']].slice(0, shape.globalArgs);
    for (const instruction of globals) parts.push(plain(instruction));
    const from = globals.length > 0 ? `FROM ${shape.platform}\${BASE_IMAGE}${shape.stageName}` : `FROM ${shape.platform}${base}${shape.stageName}`;
    parts.push({ blankLines: globals.length > 0 ? 1 : 0, comments: shape.lead, instruction: [from] });
    const core: Body[] = [plain([`WORKDIR ${pick(stack.workdirs, 1)}`]), ...steps.map((step) => plain(step)), plain(pick(stack.commands, 2), 1)];
    for (const { at, part } of shape.extras) core.splice(Math.min(at, core.length), 0, part);
    parts.push(...core);
    if (shape.secondStage) {
      parts.push(plain(['FROM gcr.io/distroless/base-debian12 AS production'], 1), plain(['COPY --from=0 /app /app']));
    }

    const lines: string[] = [...shape.directives];
    if (shape.directives.length > 0) lines.push('');
    for (const part of parts) {
      for (let n = 0; n < part.blankLines; n++) lines.push('');
      lines.push(...part.comments, continued(part.instruction, escape));
    }
    let text = lines.join('\n') + (shape.finalNewline ? '\n' : '');
    if (shape.lineEndings === 'crlf') text = text.replace(/\n/g, '\r\n');
    if (shape.lineEndings === 'mixed') {
      let n = 0;
      text = text.replace(/\n/g, () => (shape.mixedSeed[n++ % shape.mixedSeed.length] ? '\r\n' : '\n'));
    }
    text = (shape.bom ? '\uFEFF' : '') + damaged(text, shape.damage);
    return {
      dockerfile: Buffer.from(text, 'utf8'),
      name: shape.name,
      context,
      stack: stack.id,
    };
  });

/** Joins an instruction's physical lines with the file's escape character; heredoc bodies stay as they are. */
function continued(instruction: Lines, escape: string): string {
  const heredoc = instruction[0]!.includes('<<');
  if (heredoc || instruction.length === 1) return instruction.join('\n');
  // A line that ends with the escape mark already (written with `\`) gets the file's own mark.
  return instruction.map((line) => (line.endsWith(' \\') ? `${line.slice(0, -1)}${escape}` : line)).join('\n');
}

type Damage = { kind: 'none' } | { kind: 'cut'; at: number } | { kind: 'insert'; at: number; text: string };

function damaged(text: string, damage: Damage): string {
  if (damage.kind === 'none') return text;
  const at = Math.floor(damage.at * text.length);
  return damage.kind === 'cut' ? text.slice(0, at) : text.slice(0, at) + damage.text + text.slice(at);
}

/** Bytes that are no UTF-8 Dockerfile, and must be left alone with a reason. */
export const oddBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc.constant(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM node:20\nCMD ["node"]\n', 'utf16le')])),
  fc.constant(Buffer.from('FROM node:20\n# caf\xe9 in Latin-1\nCMD ["node", "index.js"]\n', 'latin1')),
  fc.constant(Buffer.from('\0\0\0FROM')),
);

/** What the fuzz runs: mostly generated Dockerfiles, now and then bytes that are not one. */
export const fuzzCase: fc.Arbitrary<DockerfileCase> = fc.oneof(
  { weight: 40, arbitrary: dockerfileCase },
  {
    weight: 1,
    arbitrary: fc.record({ bytes: oddBytes, context: nodeStack.context }).map(({ bytes, context }) => ({
      dockerfile: bytes,
      name: 'Dockerfile',
      context,
      stack: 'bytes',
    })),
  },
);
