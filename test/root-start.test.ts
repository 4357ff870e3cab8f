import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../src/core/context.js';
import { parseDockerfile } from '../src/pipeline/parse.js';
import { rootOnlyRead, startNeedsRoot } from '../src/pipeline/root-start.js';

const context = (files: Record<string, string>): BuildContext => ({ files: Object.keys(files).sort(), directories: [], contents: new Map() });
const reason = (dockerfile: string, files: Record<string, string> = {}) =>
  startNeedsRoot(parseDockerfile(dockerfile), context(files), (wanted) => new Map(wanted.flatMap((file) => (file in files ? [[file, files[file]!] as const] : []))));

describe('startNeedsRoot', () => {
  it('names a root-only program or a system write in the start itself', () => {
    expect(reason('FROM python:3.12\nCMD ["/usr/sbin/sshd", "-D"]\n')).toBe('line 2: CMD runs sshd, which needs root');
    expect(reason('FROM python:3.12\nCMD ["sh", "-c", "service ssh start && exec gunicorn app:app"]\n')).toBe('line 2: CMD runs service, which needs root');
    expect(reason('FROM node:20\nCMD env > /etc/profile.d/app.sh && node server.js\n')).toBe('line 2: CMD writes /etc/profile.d/app.sh, which only root may write');
    expect(reason('FROM node:20\nCMD tail -f /var/log/app.log & crond -f\n')).toBe('line 2: CMD runs crond, which needs root');
  });

  it('reads the script from the context that the start runs, by its name', () => {
    const script = '#!/bin/sh\nset -e\n# the volume comes from the host\nexec gosu app "$@"\n';
    expect(reason('FROM python:3.12\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["python", "main.py"]\n', { 'docker/entrypoint.sh': script })).toBe('docker/entrypoint.sh:4, which ENTRYPOINT runs, runs gosu, which needs root');
    expect(reason('FROM python:3.12\nCMD ["bash", "start.sh"]\n', { 'start.sh': 'echo hi > /tmp/x\nexec python main.py\n' })).toBeNull();
  });

  it('finds nothing in a start that a non-root user can run, or a script it cannot tell apart', () => {
    expect(reason('FROM node:20\nCMD ["node", "server.js"]\n')).toBeNull();
    expect(reason('FROM node:20\nCMD npm start > /tmp/log\n')).toBeNull();
    expect(reason('FROM python:3.12\nCMD ["./run.sh"]\n', { 'a/run.sh': 'chown app /data\n', 'b/run.sh': 'exec python main.py\n' })).toBeNull();
  });
});

describe('rootOnlyRead', () => {
  const withFiles = (files: Record<string, string>): BuildContext => ({ files: Object.keys(files), directories: [], contents: new Map(Object.entries(files)) });

  it('names a literal path under a root-only directory', () => {
    expect(rootOnlyRead(withFiles({ 'src/tls.rs': 'let key = "/etc/ssl/private/api.key";\n' }))).toBe('src/tls.rs:1 reads /etc/ssl/private/api.key, under /etc/ssl/private, whose files only root may read');
  });

  it('ignores the directory in comments or prose that quote nothing', () => {
    expect(rootOnlyRead(withFiles({ 'main.go': '// certs live in /etc/letsencrypt/live\nfunc main() {}\n' }))).toBeNull();
  });
});
