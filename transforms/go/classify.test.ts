import { describe, expect, it } from 'vitest';
import { splitCommands } from '../../src/core/shell.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { classifyCommand, classifySteps, globMatch, goSourceDirectories, parseGoInvocation } from './classify.js';

function command(text: string) {
  const [first] = splitCommands(text) ?? [];
  if (!first) throw new Error(`cannot split ${text}`);
  return first;
}

describe('parseGoInvocation', () => {
  it('reads flags with separate or attached values, bool flags, operands and assignments', () => {
    const go = parseGoInvocation(command('CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o=/out/api -tags netgo,osusergo ./cmd/api'))!;
    expect(go.subcommand).toBe('build');
    expect(Object.fromEntries(go.flags)).toEqual({ trimpath: true, ldflags: '-s -w -X main.version=${VERSION}', o: '/out/api', tags: 'netgo,osusergo' });
    expect(go.operands).toEqual(['./cmd/api']);
    expect(Object.fromEntries(go.assignments)).toEqual({ CGO_ENABLED: '0', GOOS: 'linux' });
  });

  it('treats double-dash flags like single-dash ones and stops at the first operand', () => {
    const go = parseGoInvocation(command('go build --mod=vendor -o bin/ . -extra'))!;
    expect(Object.fromEntries(go.flags)).toEqual({ mod: 'vendor', o: 'bin/' });
    expect(go.operands).toEqual(['.', '-extra']);
  });

  it('is null for other programs', () => {
    expect(parseGoInvocation(command('make build'))).toBeNull();
  });

  it('reads a build whose output goes to /dev/null as the build, its operands without the redirections', () => {
    const build = command('go build -o /out/api ./cmd/api > /dev/null 2>&1');
    expect(classifyCommand(build)).toBe('build');
    expect(parseGoInvocation(build)!.operands).toEqual(['./cmd/api']);
  });

  it('leaves a RUN that writes a file through a redirection unread, as before', () => {
    expect(splitCommands('go build -o /out/api . > build.log')).toBeNull();
  });
});

describe('classifyCommand', () => {
  it.each([
    ['go mod download', 'download'],
    ['go build -o /app/server .', 'build'],
    ['go install ./cmd/relay', 'build'],
    ['go install github.com/pressly/goose/v3/cmd/goose@v3.20.0', 'tool'],
    ['go test ./...', 'check'],
    ['go mod tidy', 'check'],
    ['go clean -cache -modcache', 'cache-clean'],
    ['rm -rf /root/.cache/go-build', 'cache-clean'],
    ['apk add --no-cache gcc musl-dev', 'system'],
    ['apt-get update', 'system'],
    ['export GOPRIVATE=github.com/acme/*', 'export'],
    ['cd /src', 'cd'],
    ['git config --global url."https://x@github.com/".insteadOf https://github.com/', 'vcs-setup'],
    ['adduser -S -G app app', 'fs-setup'],
    ['chmod +x /app/server', 'fs-setup'],
    ['make generate', 'other'],
  ])('%s is %s', (text, role) => {
    expect(classifyCommand(command(text))).toBe(role);
  });
});

describe('goSourceDirectories', () => {
  it('lists every directory holding Go source, with its parents', () => {
    expect([...goSourceDirectories(['main.go', 'cmd/api/main.go', 'internal/store/db.go', 'web/index.html'])].sort()).toEqual(['cmd', 'cmd/api', 'internal', 'internal/store']);
  });
});

describe('classifySteps', () => {
  const files = ['go.mod', 'go.sum', 'main.go', 'internal/store/db.go', 'config.yaml', 'templates/index.html'];
  const roles = (text: string) => classifySteps(parseDockerfile(`FROM golang:1.22\n${text}`).instructions.slice(1), goSourceDirectories(files), files).map((step) => step.role);

  it('tells manifests, Go source and files the app reads apart', () => {
    expect(roles('COPY go.mod go.sum ./\nCOPY go.* ./\nCOPY . .\nCOPY internal ./internal\nCOPY *.go ./\nCOPY config.yaml templates/ ./\nCOPY --from=alpine /etc/passwd /etc/passwd\nADD https://example.com/x.tgz /tmp/')).toEqual([
      'manifest-copy', 'manifest-copy', 'source-copy', 'source-copy', 'source-copy', 'asset-copy', 'external-copy', 'external-copy',
    ]);
  });
});

describe('globMatch', () => {
  it('matches Dockerfile wildcards within one path segment', () => {
    expect(globMatch('go.*', 'go.mod')).toBe(true);
    expect(globMatch('go.*', 'cmd/go.mod')).toBe(false);
    expect(globMatch('go.?um', 'go.sum')).toBe(true);
    expect(globMatch('*.go', 'main.go')).toBe(true);
  });
});
