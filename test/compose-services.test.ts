import { describe, expect, it } from 'vitest';
import { serviceStart } from '../src/core/compose.js';
import { composeContext } from '../src/pipeline/compose-context.js';
import { composeBuilds } from '../src/pipeline/compose-services.js';
import { isComposeFile } from '../src/pipeline/repository.js';

const builds = (compose: string, dockerfile = 'Dockerfile', path = 'docker-compose.yml') => composeBuilds({ dockerfile, files: new Map([[path, compose]]) });

describe('composeBuilds', () => {
  it('reads the `build: .` shorthand and the long form, relative to the compose file', () => {
    expect(builds('services:\n  api:\n    build: .\n').services).toMatchObject([{ file: 'docker-compose.yml', name: 'api', context: '.', dockerfile: 'Dockerfile', target: null }]);
    const long = builds('services:\n  server:\n    build:\n      context: .\n      dockerfile: ./server/Dockerfile\n      target: builder\n', 'server/Dockerfile');
    expect(long.services).toMatchObject([{ name: 'server', context: '.', dockerfile: 'server/Dockerfile', target: 'builder' }]);
    expect(builds('services:\n  api:\n    build:\n      context: ../api\n', 'api/Dockerfile', 'deploy/compose.yaml').services).toMatchObject([{ context: 'api', dockerfile: 'api/Dockerfile' }]);
  });

  it('takes a lowercase dockerfile as the default name, as docker does, but not a named other file', () => {
    expect(builds('services:\n  web:\n    build: .\n', 'dockerfile').services).toMatchObject([{ name: 'web', dockerfile: 'dockerfile' }]);
    expect(builds('services:\n  web:\n    build:\n      context: .\n      dockerfile: Dockerfile\n', 'dockerfile').services).toEqual([]);
  });

  it('keeps only the services that build this Dockerfile', () => {
    const compose = 'services:\n  web:\n    build: ./web\n  worker:\n    build: .\n  db:\n    image: postgres:16\n';
    expect(builds(compose).services.map((service) => service.name)).toEqual(['worker']);
    expect(builds(compose, 'web/Dockerfile').services.map((service) => service.name)).toEqual(['web']);
  });

  it('splits a string command as compose does, and takes a list as it is', () => {
    const [string] = builds('services:\n  app:\n    build: .\n    command: poetry run sh -c "python manage.py migrate && python manage.py runserver 0.0.0.0:8000"\n').services;
    expect(string!.command).toEqual({
      text: 'poetry run sh -c "python manage.py migrate && python manage.py runserver 0.0.0.0:8000"',
      words: ['poetry', 'run', 'sh', '-c', 'python manage.py migrate && python manage.py runserver 0.0.0.0:8000'],
    });
    const [list] = builds('services:\n  app:\n    build: .\n    entrypoint: ["uv", "run"]\n    command:\n      - python\n      - -m\n      - notes.worker\n').services;
    expect(list!.command).toEqual({ text: 'python -m notes.worker', words: ['python', '-m', 'notes.worker'] });
    expect(serviceStart(list!)).toEqual(['uv', 'run', 'python', '-m', 'notes.worker']);
    const [plain] = builds('services:\n  app:\n    build: .\n').services;
    expect(serviceStart(plain!)).toBeNull();
  });

  it('leaves words it cannot tell unread rather than guessing them', () => {
    const [service] = builds('services:\n  app:\n    build: .\n    command: npm run migrate && npm start\n').services;
    expect(service!.command).toEqual({ text: 'npm run migrate && npm start', words: null });
    expect(serviceStart(service!)).toBe('unreadable');
  });

  it('reads user and volumes in both forms', () => {
    const [service] = builds('services:\n  app:\n    build: .\n    user: 1000\n    volumes:\n      - .:/app\n      - node_modules:/app/node_modules\n      - /app/tmp\n      - type: bind\n        source: ./data\n        target: /data\n').services;
    expect(service!.user).toBe('1000');
    expect(service!.volumes).toEqual([
      { type: 'bind', source: '.', target: '/app' },
      { type: 'volume', source: 'node_modules', target: '/app/node_modules' },
      { type: 'volume', source: null, target: '/app/tmp' },
      { type: 'bind', source: './data', target: '/data' },
    ]);
    const [readOnly] = builds('services:\n  app:\n    build: .\n    volumes:\n      - ./conf:/etc/app:ro\n      - type: bind\n        source: ./keys\n        target: /keys\n        read_only: true\n').services;
    expect(readOnly!.volumes).toEqual([
      { type: 'bind', source: './conf', target: '/etc/app', readOnly: true },
      { type: 'bind', source: './keys', target: '/keys', readOnly: true },
    ]);
  });

  it('names the services whose context or Dockerfile a variable or a URL decides as unknown', () => {
    const compose = 'services:\n  api:\n    build:\n      context: ${API_DIR:-.}\n  remote:\n    build: https://github.com/example/app.git#main\n  file:\n    build:\n      context: .\n      dockerfile: ${DOCKERFILE}\n';
    const found = builds(compose);
    expect(found.services).toEqual([]);
    expect(found.unresolved).toEqual(['docker-compose.yml service api', 'docker-compose.yml service remote', 'docker-compose.yml service file']);
  });

  it('runs a service as an override or a -f variant file of its folder adjusts it, beside the service as the base file has it', () => {
    const files = new Map([
      ['docker-compose.yaml', 'services:\n  app:\n    build: .\n    command: ["java", "-jar", "app.jar"]\n    volumes:\n      - ./data:/data\n      - logs:/logs\n  db:\n    image: postgres:16\n'],
      ['docker-compose.override.yml', 'services:\n  app:\n    command: ["bash", "-lc", "tail -f /dev/null"]\n    volumes:\n      - ./:/logs\n  db:\n    image: postgres:15\n'],
      ['docker-compose.dev.yml', 'services:\n  app:\n    user: "0"\n  cache:\n    image: redis:7\n'],
      ['deploy/docker-compose.override.yml', 'services:\n  app:\n    command: npm run dev\n'],
    ]);
    const { services } = composeBuilds({ dockerfile: 'Dockerfile', files });
    expect(services.map((service) => [service.file, service.command?.text, service.user])).toEqual([
      ['docker-compose.yaml', 'java -jar app.jar', null],
      ['docker-compose.override.yml', 'bash -lc tail -f /dev/null', null],
      ['docker-compose.dev.yml', 'java -jar app.jar', '0'],
    ]);
    expect(services[1]!.volumes).toEqual([
      { type: 'bind', source: './data', target: '/data' },
      { type: 'bind', source: './', target: '/logs' },
    ]);
  });

  it('reads the compose files repositories name for their environments, and nothing else', () => {
    for (const name of ['compose.yaml', 'docker-compose.yml', 'docker-compose.override.yml', 'compose.override.yaml', 'docker-compose.dev.yml', 'docker-compose-linux.yml', 'local-docker-compose.yml', '01.compose.yaml']) expect(isComposeFile(name), name).toBe(true);
    for (const name of ['composer.yaml', 'decompose.yml', 'docker-compose.json', 'compose.txt']) expect(isComposeFile(name), name).toBe(false);
  });

  it('proves nothing from a compose file that does not parse', () => {
    expect(builds('services:\n  api:\n    build: .\n  - web\n')).toEqual({ services: [], unresolved: [] });
  });
});

describe('composeContext', () => {
  it('takes the one context the services give, or the Dockerfile folder', () => {
    const server = builds('services:\n  server:\n    build:\n      context: .\n      dockerfile: ./server/Dockerfile\n', 'server/Dockerfile').services;
    expect(composeContext(server, 'server/Dockerfile')).toEqual({ kind: 'context', context: '.' });
    expect(composeContext([], 'server/Dockerfile')).toEqual({ kind: 'context', context: 'server' });
  });

  it('leaves the file alone when services disagree, naming them', () => {
    const services = builds('services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n  api-local:\n    build: ./api\n', 'api/Dockerfile').services;
    expect(composeContext(services, 'api/Dockerfile')).toEqual({
      kind: 'skip',
      reason: 'compose builds this Dockerfile from different contexts (docker-compose.yml service api from .; docker-compose.yml service api-local from api), so dfmod cannot tell which one its COPY lines read',
    });
  });
});
