import { describe, expect, it } from 'vitest';
import type { RuntimeExpectations } from '../src/core/plan.js';
import { parseDockerfile } from '../src/pipeline/parse.js';
import { verifyMigration } from '../src/pipeline/verify.js';

const ORIGINAL = `ARG NODE_VERSION=20
FROM node:\${NODE_VERSION}
ARG APP_VERSION=1.0
WORKDIR /app
# dependencies
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
ENV PORT=3000 NODE_ENV=production
LABEL org.opencontainers.image.version=\${APP_VERSION}
EXPOSE 3000
VOLUME /app/uploads
STOPSIGNAL SIGINT
HEALTHCHECK CMD wget -q -O- http://localhost:3000/health || exit 1
CMD ["node", "dist/index.js"]
`;

const GOOD = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20
FROM node:\${NODE_VERSION} AS builder
ARG APP_VERSION=1.0
WORKDIR /app
# dependencies
COPY package*.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

FROM node:\${NODE_VERSION}-alpine AS production
ARG APP_VERSION=1.0
WORKDIR /app
COPY --from=builder /app/dist ./dist
ENV PORT=3000 NODE_ENV=production
LABEL org.opencontainers.image.version=\${APP_VERSION}
EXPOSE 3000
RUN mkdir -p /app/uploads && chown node:node /app/uploads
VOLUME /app/uploads
STOPSIGNAL SIGINT
USER node
HEALTHCHECK CMD wget -q -O- http://localhost:3000/health || exit 1
CMD ["node", "dist/index.js"]
`;

const RUNTIME: RuntimeExpectations = {
  runtimeImage: 'node:20-alpine',
  programs: ['sh', 'node', 'npm', 'wget'],
  movedPaths: {},
  scriptInterpreters: [],
  baseUserNonRoot: false,
};

function verify(output: string, runtime: Partial<RuntimeExpectations> = {}, original = ORIGINAL): string[] {
  return verifyMigration(parseDockerfile(original), output, { ...RUNTIME, ...runtime });
}

/** Applies one textual change to the good output and expects exactly the named check to fire. */
function broken(from: string, to: string): string {
  expect(GOOD).toContain(from);
  return GOOD.replace(from, to);
}

describe('verification', () => {
  it('accepts a faithful migration', () => {
    expect(verify(GOOD)).toEqual([]);
  });

  const cases: [string, string, string, RegExp][] = [
    ['an output that does not parse', 'FROM node:${NODE_VERSION} AS builder', 'FORM node', /does not parse|first FROM/],
    ['an unnamed stage', 'AS builder', '', /no name|COPY --from=builder/],
    ['a last stage not named production', 'AS production', 'AS runtime', /not named production/],
    ['duplicate stage names', 'AS production', 'AS builder\nFROM scratch AS production', /same name|DuplicateStageName/],
    ['COPY --from of a later or unknown stage', '--from=builder', '--from=assets', /does not name an earlier stage/],
    ['a root final user', 'USER node', 'USER root', /runs as root/],
    ['no user at all', 'USER node\n', '', /runs as root/],
    ['a changed CMD', 'CMD ["node", "dist/index.js"]', 'CMD ["node", "index.js"]', /CMD differs/],
    ['a dropped ENV key', 'ENV PORT=3000 NODE_ENV=production', 'ENV PORT=3000', /ENV NODE_ENV does not reach/],
    ['a dropped LABEL', 'LABEL org.opencontainers.image.version=${APP_VERSION}\n', '', /LABEL org.opencontainers.image.version/],
    ['a dropped EXPOSE port', 'EXPOSE 3000\n', '', /EXPOSE 3000 does not reach/],
    ['a dropped VOLUME', 'VOLUME /app/uploads\n', '', /VOLUME \/app\/uploads/],
    ['a dropped STOPSIGNAL', 'STOPSIGNAL SIGINT\n', '', /STOPSIGNAL SIGINT/],
    ['a changed HEALTHCHECK', 'HEALTHCHECK CMD wget', 'HEALTHCHECK --interval=1s CMD wget', /HEALTHCHECK/],
    ['a health check program the runtime lacks', 'wget -q -O-', 'curl -f', /calls curl/],
    ['an ARG used but not declared in a stage', 'FROM node:${NODE_VERSION}-alpine AS production\nARG APP_VERSION=1.0\n', 'FROM node:${NODE_VERSION}-alpine AS production\n', /uses ARG APP_VERSION without declaring/],
    ['a FROM using an ARG that is not global', 'ARG NODE_VERSION=20\nFROM', 'FROM', /not a global ARG/],
    ['a lost comment', '# dependencies\n', '', /comment "# dependencies" is lost/],
    ['a cache mount without the syntax directive', '# syntax=docker/dockerfile:1\n', '', /without a syntax directive/],
    ['a stage name in upper case', 'AS builder', 'AS Builder', /StageNameCasing/],
    ['mixed FROM/AS casing', 'AS production', 'as production', /FromAsCasing/],
    ['a legacy ENV form', 'ENV PORT=3000 NODE_ENV=production', 'ENV PORT=3000 NODE_ENV=production\nENV LEGACY value', /LegacyKeyValueFormat/],
    ['a repeated CMD in a stage', 'CMD ["node", "dist/index.js"]', 'CMD ["node"]\nCMD ["node", "dist/index.js"]', /MultipleInstructionsDisallowed/],
    ['more shell-form commands than the original', 'CMD ["node", "dist/index.js"]', 'CMD node dist/index.js', /CMD differs|shell-form/],
  ];

  it.each(cases)('rejects %s', (_name, from, to, reason) => {
    const problems = verify(broken(from, to));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(reason);
  });

  it('accepts an ARG a stage reads before it declares it, as the original did', () => {
    const original = ORIGINAL.replace('RUN npm run build\n', 'RUN npm run build && echo "$GIT_SHA" > dist/REVISION\nARG GIT_SHA\n');
    const output = GOOD.replace('RUN npm run build\n', 'RUN npm run build && echo "$GIT_SHA" > dist/REVISION\n');
    expect(verify(output, {}, original)).toEqual([]);
    const declaredFirst = ORIGINAL.replace('RUN npm run build\n', 'ARG GIT_SHA\nRUN npm run build && echo "$GIT_SHA" > dist/REVISION\n');
    expect(verify(output, {}, declaredFirst).join('\n')).toMatch(/stage builder uses ARG GIT_SHA without declaring it/);
  });

  it('rejects LF lines in a CRLF file', () => {
    const original = ORIGINAL.replace(/\n/g, '\r\n');
    const output = GOOD.replace(/\n/g, '\r\n').replace('EXPOSE 3000\r\n', 'EXPOSE 3000\n');
    expect(verify(output, {}, original).join('\n')).toMatch(/does not end with CRLF/);
    expect(verify(GOOD.replace(/\n/g, '\r\n'), {}, original)).toEqual([]);
  });

  it('accepts a command path that moved with its artifact, and only that', () => {
    const original = ORIGINAL.replace('CMD ["node", "dist/index.js"]', 'CMD ["./server"]');
    const output = GOOD.replace('CMD ["node", "dist/index.js"]', 'CMD ["/usr/local/bin/server"]');
    expect(verify(output, { movedPaths: { './server': '/usr/local/bin/server' }, programs: ['sh', 'wget'] }, original)).toEqual([]);
    expect(verify(output, { programs: ['sh', 'wget'] }, original).join('\n')).toMatch(/CMD differs/);
  });

  it('counts programs installed in production and a base user that is not root', () => {
    const original = ORIGINAL.replace('wget -q -O-', 'curl -f');
    const withCurl = broken('wget -q -O-', 'curl -f').replace('USER node', 'RUN apk add --no-cache curl\nUSER node');
    expect(verify(withCurl, {}, original)).toEqual([]);
    expect(verify(broken('wget -q -O-', 'curl -f'), {}, original).join('\n')).toMatch(/calls curl/);
    const noUser = GOOD.replace('USER node\n', '');
    expect(verify(noUser, { baseUserNonRoot: true })).toEqual([]);
  });

  it('lets the output miss the comments of a line the plan drops, only when its report says so', () => {
    const original = ORIGINAL.replace('COPY . .\n', 'COPY . .\n# make the build script runnable\n  # (the checkout may lose the bit)\nRUN chmod +x build.sh\n');
    const parsed = parseDockerfile(original);
    const chmod = parsed.instructions.find((instruction) => instruction.raw.startsWith('RUN chmod'))!;
    const warning = { id: 'unproven-step', message: 'line 11: "chmod +x build.sh" is dropped' };
    const dropped = [{ instruction: chmod, because: warning }];
    expect(verifyMigration(parsed, GOOD, RUNTIME, { dropped, changes: [], warnings: [warning] })).toEqual([]);
    expect(verifyMigration(parsed, GOOD, RUNTIME, { dropped, changes: [], warnings: [] }).join('\n')).toMatch(/comment "# make the build script runnable" is lost/);
    expect(verifyMigration(parsed, GOOD, RUNTIME).join('\n')).toMatch(/is lost/);
    const otherLost = GOOD.replace('# dependencies\n', '');
    expect(verifyMigration(parsed, otherLost, RUNTIME, { dropped, changes: [], warnings: [warning] }).join('\n')).toMatch(/comment "# dependencies" is lost/);
  });

  it('requires a shell for shell-form commands and the interpreter of an entrypoint script', () => {
    expect(verify(GOOD, { programs: ['node', 'wget'] }).join('\n')).toMatch(/calls sh/);
    expect(verify(GOOD, { scriptInterpreters: ['bash'] }).join('\n')).toMatch(/calls bash/);
  });
});
