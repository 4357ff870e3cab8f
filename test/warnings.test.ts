import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/pipeline/parse.js';
import { commonWarnings, privilegedPorts } from '../transforms/shared/warnings.js';

const ids = (text: string, base: string) => commonWarnings(parseDockerfile(text), base).map((warning) => warning.id);

describe('common warnings', () => {
  it('warns about bases whose tag pins no version, and only those', () => {
    expect(ids('FROM python:slim\n', 'python:slim')).toEqual(['latest-tag']);
    expect(ids('FROM node\n', 'node')).toEqual(['latest-tag']);
    expect(ids('FROM node:lts-alpine\n', 'node:lts-alpine')).toEqual(['latest-tag']);
    expect(ids('FROM node:20-alpine\n', 'node:20-alpine')).toEqual([]);
    expect(ids('FROM node@sha256:abc\n', 'node@sha256:abc')).toEqual([]);
  });

  it('warns about secrets, remote ADD and apt-get without cleanup', () => {
    const text = 'FROM node:20\nARG NPM_TOKEN\nENV DB_PASSWORD=x\nADD https://example.com/a.tgz /tmp/\nRUN apt-get update && apt-get install -y curl\n';
    expect(ids(text, 'node:20')).toEqual(['secret-arg', 'secret-arg', 'remote-add', 'apt-cleanup']);
  });

  it('finds the exposed ports below 1024', () => {
    expect(privilegedPorts(parseDockerfile('FROM x\nEXPOSE 80/tcp 8080\nEXPOSE 443\n').instructions)).toEqual(['80/tcp', '443']);
  });

  it('finds the ports below 1024 that the command or a port variable binds', () => {
    const ports = (text: string) => privilegedPorts(parseDockerfile(`FROM x\n${text}\n`).instructions);
    expect(ports('CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "80"]')).toEqual(['80']);
    expect(ports('CMD gunicorn -b 0.0.0.0:80 app:app')).toEqual(['80']);
    expect(ports('CMD ["python", "manage.py", "runserver", "0:80"]')).toEqual(['80']);
    expect(ports('ENV PORT=443')).toEqual(['443']);
    expect(ports('ENV ASPNETCORE_URLS=http://+:80')).toEqual(['80']);
    expect(ports('CMD ["uvicorn", "main:app", "--port", "8000"]\nENV PORT=3000')).toEqual([]);
  });

  it('adds the low ports the code binds, with where, unless EXPOSE already names them', () => {
    const bound = [{ port: '80', site: 'main.go:9 (http.ListenAndServe)' }, { port: '8080', site: 'main.go:10 (r.Run)' }, { port: '443', site: 'tls.go:4 (app.ListenTLS)' }];
    expect(privilegedPorts(parseDockerfile('FROM x\nEXPOSE 443/tcp\n').instructions, bound)).toEqual(['443/tcp', '80 bound at main.go:9 (http.ListenAndServe)']);
  });
});
