import { describe, expect, it } from 'vitest';
import type { Plan } from '../src/core/plan.js';
import { builderKeepsDevDependencies, composeDevServices, composeDevWarning } from '../src/pipeline/compose-dev.js';
import { composeBuilds } from '../src/pipeline/compose-services.js';

const runtime = { runtimeImage: 'python:3.12-slim', programs: [], movedPaths: {}, scriptInterpreters: [], baseUserNonRoot: false };
const plan = (workdir: string, changes: Plan['changes'] = [], stages = ['builder']): Plan => ({
  globalItems: [],
  stages: [...stages.map((name) => ({ name, items: [] })), { name: 'production', items: [{ kind: 'new', lines: ['FROM python:3.12-slim AS production'] }, { kind: 'new', lines: [`WORKDIR ${workdir}`] }] }],
  changes,
  warnings: [],
  runtime,
  dockerignore: [],
});
const services = (compose: string, dockerfile = 'Dockerfile', path = 'docker-compose.yml') =>
  composeDevServices(composeBuilds({ dockerfile, files: new Map([[path, compose]]) }).services, plan('/code')).map((service) => service.what);

describe('composeDevServices', () => {
  it('names a service that mounts the source over the workdir and runs a dev command', () => {
    expect(services('services:\n  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0 --reload\n    volumes:\n      - ./:/code\n')).toEqual([
      'docker-compose.yml service web bind-mounts ./ over /code and runs `uvicorn app.main:app --host 0.0.0.0 --reload`',
    ]);
    expect(services('services:\n  web:\n    build:\n      context: ..\n      dockerfile: api/Dockerfile\n    command: python manage.py runserver 0.0.0.0:8000\n    volumes: ["../api:/code"]\n', 'api/Dockerfile', 'deploy/compose.yaml')).toHaveLength(1);
    expect(services('services:\n  web:\n    build:\n      context: ../api\n    command: python manage.py runserver 0.0.0.0:8000\n    volumes: ["../api:/code:cached"]\n', 'api/Dockerfile', 'deploy/compose.yaml')).toHaveLength(1);
  });

  it('names a service that idles with the source mounted, as a workbench for compose exec', () => {
    expect(services('services:\n  app:\n    build: .\n    command: ["bash", "-lc", "tail -f /dev/null"]\n    volumes:\n      - ./:/code\n')).toEqual([
      'docker-compose.yml service app bind-mounts ./ over /code and runs `bash -lc tail -f /dev/null`',
    ]);
    expect(services('services:\n  app:\n    build: .\n    command: sleep infinity\n    volumes: [".:/code"]\n')).toHaveLength(1);
    expect(services('services:\n  app:\n    build: .\n    command: tail -f /code/log.txt\n    volumes: [".:/code"]\n')).toEqual([]);
  });

  it('leaves out services that pick the builder, set a user, run the production command or mount elsewhere', () => {
    const dev = '    command: flask --app app run --debug --reload\n    volumes: [".:/code"]\n';
    expect(services(`services:\n  web:\n    build: { context: ., target: builder }\n${dev}`)).toEqual([]);
    expect(services(`services:\n  web:\n    build: .\n    user: "1000:1000"\n${dev}`)).toEqual([]);
    expect(services('services:\n  web:\n    build: .\n    command: gunicorn app:app\n    volumes: [".:/code"]\n')).toEqual([]);
    expect(services('services:\n  web:\n    build: .\n    command: flask run --reload\n    volumes: ["./data:/code/data"]\n')).toEqual([]);
    expect(services('services:\n  web:\n    image: python:3.12\n    command: flask run --reload\n    volumes: [".:/code"]\n')).toEqual([]);
  });
});

describe('builderKeepsDevDependencies', () => {
  it('is false only when the builder itself installs production dependencies', () => {
    expect(builderKeepsDevDependencies(plan('/app'))).toBe(true);
    expect(builderKeepsDevDependencies(plan('/app', [{ id: 'prod-deps-only', message: '' }], ['deps', 'builder']))).toBe(true);
    expect(builderKeepsDevDependencies(plan('/app', [{ id: 'prod-deps-only', message: '' }]))).toBe(false);
  });
});

describe('composeDevWarning', () => {
  it('says production cannot serve the command only when the plan left the dev dependencies out', () => {
    const service = { what: 'compose.yaml service web bind-mounts . over /app and runs `python manage.py runserver`', idle: false };
    expect(composeDevWarning(service, plan('/app', [{ id: 'prod-deps-only', message: 'Poetry installs without development dependencies (--without dev)' }]))?.message).toMatch(/cannot serve: it has no dev dependencies \(Poetry installs without/);
    const all = composeDevWarning(service, plan('/app'))?.message;
    expect(all).not.toMatch(/cannot serve/);
    expect(all).toMatch(/must be able to read the mounted files/);
  });

  it('says nothing of a dev server when production kept the original user and every dependency', () => {
    const service = { what: 'docker-compose.yaml service app bind-mounts . over /app and runs `python manage.py runserver 0.0.0.0:8000`', idle: false };
    const rootKept = { ...plan('/app'), runtime: { ...runtime, rootKept: 'a CI job runs in it' } };
    expect(composeDevWarning(service, rootKept)).toBeNull();
  });

  it('tells a workbench that production lacks the builder tools, whatever the install', () => {
    const message = composeDevWarning({ what: 'docker-compose.yaml service app bind-mounts ./ over /app and runs `sleep infinity`', idle: true }, plan('/app'))?.message;
    expect(message).toMatch(/a workbench for `docker compose exec`: it now starts the production stage, which has what the app runs but not the builder's tools/);
  });
});
