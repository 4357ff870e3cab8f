import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import type { RuntimeFamily, TransformInput } from '../../src/core/transform.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { printPlan } from '../../src/pipeline/print.js';
import { verifyMigration } from '../../src/pipeline/verify.js';
import { detectGo } from './detect.js';
import { go } from './index.js';

const SQLITE = 'module example.com/notes\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n';
const PLAIN = 'module example.com/api\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n';

function input(dockerfile: string, goMod = PLAIN, runtime: RuntimeFamily = 'auto', extraFiles: Record<string, string> = {}): TransformInput {
  const files = { 'go.mod': goMod, 'go.sum': '', 'cmd/api/main.go': 'package main\n', ...extraFiles };
  const context: BuildContext = {
    files: Object.keys(files).sort(),
    directories: ['cmd', 'cmd/api'],
    contents: new Map(Object.entries(files)),
  };
  return { path: 'Dockerfile', dockerfile: parseDockerfile(dockerfile), context, compose: [], options: { runtime } };
}

function facts(dockerfile: string, goMod = PLAIN) {
  const detection = detectGo(input(dockerfile, goMod));
  if (!detection.ok) throw new Error(detection.reason);
  return detection.facts;
}

describe('where the binary is', () => {
  it('follows -o relative to WORKDIR, into an existing directory, and go install into /go/bin', () => {
    expect(facts('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o bin/api ./cmd/api\nCMD ["./bin/api"]\n').binaries[0]!.path).toBe('/app/bin/api');
    expect(facts('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /usr/local/bin ./cmd/api\nCMD ["api"]\n').binaries[0]!.path).toBe('/usr/local/bin/api');
    expect(facts('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go install ./cmd/api\nCMD ["api"]\n').binaries[0]!.path).toBe('/go/bin/api');
    expect(facts('FROM golang:1.22\nENV GOBIN=/opt/bin\nWORKDIR /app\nCOPY . .\nRUN go install ./cmd/api\nCMD ["/opt/bin/api"]\n').binaries[0]!.path).toBe('/opt/bin/api');
  });

  it('puts every main package go install ./... finds into /go/bin', () => {
    expect(facts('FROM golang:1.22\nCOPY . /src\nRUN cd /src && go install ./...\nCMD ["api"]\n').binaries.map((binary) => binary.path)).toEqual(['/go/bin/api']);
  });

  it('names a binary built without -o after the module or the package', () => {
    expect(facts('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\nCMD ["./api"]\n').binaries[0]!.path).toBe('/src/api');
    expect(facts('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build ./cmd/api\nCMD ["/src/api"]\n').binaries[0]!.path).toBe('/src/api');
    expect(facts('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN cd cmd/api && go build\nCMD ["/src/cmd/api/api"]\n').binaries[0]!.path).toBe('/src/cmd/api/api');
  });

  it('reads the golang image example: go build -o /usr/local/bin/app ./...', () => {
    expect(facts('FROM golang:1.22\nWORKDIR /usr/src/app\nCOPY . .\nRUN go build -v -o /usr/local/bin/app ./...\nCMD ["app"]\n').binaries[0]!.path).toBe('/usr/local/bin/app');
  });

  it('skips what it cannot follow', () => {
    const reason = (text: string) => {
      const detection = detectGo(input(text));
      return detection.ok ? null : detection.reason;
    };
    expect(reason('FROM golang:1.22\nCOPY . /src\nRUN cd /src && go build -o bin/ ./...\nCMD ["api"]\n')).toContain('writes every main package');
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/$NAME ./cmd/api\nCMD ["/out/api"]\n')).toContain('depends on a variable');
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api\nCMD ["/usr/bin/other"]\n')).toContain('which no go build step');
    expect(reason('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN cd server && go build -o main\nCMD cd server && ./main\n')).toBeNull();
    expect(reason('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN cd server && go build -o main\nCMD cd $DIR && ./main\n')).toContain('changes directory (cd $DIR) in a way dfmod cannot follow');
    expect(reason('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN cd server && go build -o main\nCMD cd server; ./main\n')).toContain('changes directory (cd server) in a way dfmod cannot follow');
    expect(reason('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /usr/local/bin/api .\nCMD cd /data && api\n')).toContain('enters /data, which production would not have');
    expect(reason('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nWORKDIR /app/cmd\nCMD ["go", "run", "."]\n')).toContain('go run runs in /app/cmd, but the source is in place in /app');
    expect(reason('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go mod download\nENV GOFLAGS=-mod=mod\nCMD ["go", "run", "."]\n')).toContain('go run sees other Go settings');
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN GOOS=windows go build -o /out/api.exe ./cmd/api\nCMD ["/out/api.exe"]\n')).toContain('GOOS=windows');
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api\n')).toContain('no CMD or ENTRYPOINT');
    expect(reason('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api\nUSER root\nCMD ["/out/api"]\n')).toContain('explicitly runs as root');
  });
});

describe('linking', () => {
  const build = 'WORKDIR /app\nCOPY . .\nRUN go build -o /app/api ./cmd/api\nCMD ["/app/api"]\n';
  it('is static when the original says CGO_ENABLED=0, in ENV, an ARG default or the command', () => {
    expect(facts(`FROM golang:1.22\nENV CGO_ENABLED=0\n${build}`, SQLITE).linking).toMatchObject({ kind: 'static', setCgoOff: false });
    expect(facts(`FROM golang:1.22\nARG CGO_ENABLED=0\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=\${CGO_ENABLED} go build -o /app/api ./cmd/api\nCMD ["/app/api"]\n`).linking).toMatchObject({ kind: 'static', setCgoOff: false });
  });

  it('is glibc on Debian when go.mod needs cgo, a -dev package is installed or CGO_ENABLED=1', () => {
    expect(facts(`FROM golang:1.22\n${build}`, SQLITE).linking.kind).toBe('glibc');
    expect(facts(`FROM golang:1.22\nRUN apt-get update && apt-get install -y libvips-dev && rm -rf /var/lib/apt/lists/*\n${build}`).linking.kind).toBe('glibc');
    expect(facts(`FROM golang:1.22\nENV CGO_ENABLED=1\n${build}`).linking.kind).toBe('glibc');
  });

  it('is musl on Alpine only with a C compiler; without one cgo is off anyway', () => {
    expect(facts(`FROM golang:1.22-alpine\nRUN apk add --no-cache gcc musl-dev\n${build}`, SQLITE).linking.kind).toBe('musl');
    expect(facts(`FROM golang:1.22-alpine\n${build}`, SQLITE).linking).toMatchObject({ kind: 'static', setCgoOff: true });
  });

  it('is made static by the builder when nothing needs cgo', () => {
    expect(facts(`FROM golang:1.22\n${build}`).linking).toMatchObject({ kind: 'static', setCgoOff: true });
  });

  it('takes the Debian release from the tag, else from the golang version', () => {
    expect(facts(`FROM golang:1.21-bullseye\n${build}`).builder).toMatchObject({ family: 'debian', release: 'bullseye', releaseExplicit: true });
    expect(facts(`FROM golang:1.22\n${build}`).builder.release).toBe('bookworm');
    expect(facts(`FROM golang:1.24\n${build}`).builder.release).toBe('trixie');
    expect(facts(`FROM golang:1.21-alpine3.19\n${build}`).builder).toMatchObject({ family: 'alpine', alpineVersion: '3.19' });
  });
});

describe('programs the container calls', () => {
  const text = (command: string) => `FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/api ./cmd/api\nCMD ${command}\n`;

  it('takes a runtime with a shell for programs it ships, and installs the known ones it lacks', () => {
    const sleeping = go.plan(input(text('sleep 2 && exec /app/api')));
    if (!sleeping.ok) throw new Error(sleeping.reason);
    expect(sleeping.plan.runtime.runtimeImage).toBe('debian:bookworm-slim');
    expect(go.plan(input(text('curl -fsS http://config/env > /tmp/env; exec /app/api')))).toMatchObject({ ok: false, reason: 'the shell-form command is too complex for dfmod to find the binary it runs' });
    const tini = input(text('["tini", "--", "/app/api"]'));
    const withTini = go.plan(tini);
    if (!withTini.ok) throw new Error(withTini.reason);
    expect(printPlan(tini.dockerfile, withTini.plan)).toContain('apt-get install -y --no-install-recommends ca-certificates tzdata tini &&');
  });

  it('refuses a program no runtime has and no known package brings', () => {
    expect(go.plan(input(text('migrate-tool up && exec /app/api')))).toMatchObject({ ok: false, reason: 'the container calls migrate-tool, which debian:bookworm-slim does not have and dfmod knows no package for' });
  });
});

describe('runtime libraries', () => {
  it('installs the runtime library of a -dev package a cgo module links, on a slim runtime', () => {
    const bimg = 'module example.com/thumbs\n\ngo 1.22\n\nrequire github.com/h2non/bimg v1.1.9\n';
    const text = 'FROM golang:1.22-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends libvips-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/thumbs ./cmd/api\nCMD ["/app/thumbs"]\n';
    const migration = input(text, bimg);
    const planned = go.plan(migration);
    if (!planned.ok) throw new Error(planned.reason);
    const output = printPlan(migration.dockerfile, planned.plan);
    expect(output).toContain('FROM debian:bookworm-slim AS production\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata libvips42 && rm -rf /var/lib/apt/lists/*\n');
    expect(planned.plan.warnings).toContainEqual({ id: 'runtime-packages', message: 'github.com/h2non/bimg links libvips at run time; production gets it only through libvips42' });
    expect(verifyMigration(migration.dockerfile, output, planned.plan.runtime)).toEqual([]);
  });

  it('refuses a cgo build whose -dev package has no known runtime library', () => {
    const text = 'FROM golang:1.22-bookworm\nRUN apt-get update && apt-get install -y libfoo-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/api ./cmd/api\nCMD ["/app/api"]\n';
    const planned = go.plan(input(text));
    expect(planned).toMatchObject({ ok: false, status: 'skipped', reason: 'no runtime library is known for libfoo-dev, which the cgo binary may link' });
  });
});

/**
 * The acceptance: no output runs a cgo binary on a libc it was not built for, and no
 * static-binary output lacks the CA roots the golang image had. Every combination of builder,
 * cgo evidence, command form and --runtime is migrated, verified and checked.
 */
describe('runtime safety over every combination', () => {
  const bases = ['golang:1.22', 'golang:1.22-bookworm', 'golang:1.21-bullseye', 'golang:1.24', 'golang:1.22-alpine', 'golang:1.21-alpine3.19'];
  const cgoSettings = ['', 'ENV CGO_ENABLED=0\n', 'ENV CGO_ENABLED=1\n'];
  const modules = [PLAIN, SQLITE];
  const toolchains = ['', 'debian', 'alpine'];
  const commands = ['CMD ["/app/api"]\n', 'CMD /app/api --port "$PORT"\n', 'HEALTHCHECK CMD wget -qO- http://localhost:8080/healthz || exit 1\nCMD ["/app/api"]\n'];
  const runtimes: RuntimeFamily[] = ['auto', 'alpine', 'slim', 'distroless'];
  const cases: [string, string, string, string, string, RuntimeFamily][] = [];
  for (const base of bases) for (const cgo of cgoSettings) for (const mod of modules) for (const toolchain of toolchains) for (const command of commands) for (const runtime of runtimes) {
    const alpine = base.includes('alpine');
    if ((toolchain === 'alpine') !== (alpine && toolchain !== '') || (toolchain === 'debian' && alpine)) continue;
    cases.push([base, cgo, mod, toolchain, command, runtime]);
  }

  it.each(cases)('%s %j %#', (base, cgo, mod, toolchain, command, runtime) => {
    const install = toolchain === 'debian' ? 'RUN apt-get update && apt-get install -y gcc libc6-dev && rm -rf /var/lib/apt/lists/*\n' : toolchain === 'alpine' ? 'RUN apk add --no-cache gcc musl-dev\n' : '';
    const text = `FROM ${base}\n${install}${cgo}WORKDIR /app\nCOPY . .\nRUN go build -o /app/api ./cmd/api\nENV PORT=8080\n${command}`;
    const migration = input(text, mod, runtime);
    const planned = go.plan(migration);
    if (!planned.ok) {
      expect(planned.status).toBe('skipped');
      return;
    }
    const output = printPlan(migration.dockerfile, planned.plan);
    expect(verifyMigration(migration.dockerfile, output, planned.plan.runtime)).toEqual([]);

    const alpine = base.includes('alpine');
    const cgoOn = cgo.includes('=1') || (cgo === '' && (alpine ? toolchain !== '' : mod === SQLITE || toolchain !== ''));
    const production = output.slice(output.lastIndexOf('\nFROM '));
    const image = production.split('\n')[1]!.split(' ')[1]!;
    if (cgoOn && alpine) expect(image).toMatch(/^alpine:/);
    if (cgoOn && !alpine) {
      expect(image).toMatch(/^(gcr\.io\/distroless\/base-debian\d+|debian:\w+-slim)$/);
      const release = base.includes('bullseye') ? /debian11|bullseye/ : base.includes('1.24') ? /debian13|trixie/ : /debian12|bookworm/;
      expect(image).toMatch(release);
    }
    if (!cgoOn) {
      // A static binary: the builder itself must say so unless the original did.
      if (cgo === '') expect(output).toContain('ENV CGO_ENABLED=0');
    }
    const hasCaRoots = image.startsWith('gcr.io/distroless/') || image.startsWith('alpine:') || /apt-get install[^\n]*ca-certificates/.test(production);
    expect(hasCaRoots).toBe(true);
  });
});

describe('git in -ldflags', () => {
  const dockerfile = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -ldflags "-X main.commit=$(git rev-parse --short HEAD)" -o api ./cmd/api\nCMD ["./api"]\n';
  const withGit = (dockerignore: string | null): TransformInput => {
    const base = input(dockerfile);
    const contents = new Map(base.context.contents);
    if (dockerignore !== null) contents.set('.dockerignore', dockerignore);
    return { ...base, context: { ...base.context, directories: ['.git', ...base.context.directories], contents } };
  };

  it('migrates when the context has .git, and keeps .git out of the .dockerignore', () => {
    const result = go.plan(withGit(null));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.plan.dockerignore).not.toContain('.git');
  });

  it('skips when the context has no .git, or its .dockerignore leaves it out', () => {
    expect(go.plan(input(dockerfile))).toMatchObject({ ok: false, status: 'skipped', reason: expect.stringContaining('has no .git') });
    expect(go.plan(withGit('.git\n'))).toMatchObject({ ok: false, status: 'skipped', reason: expect.stringContaining('.dockerignore leaves it out') });
  });
});
