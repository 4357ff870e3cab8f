import { describe, expect, it } from 'vitest';
import { composeBuilds } from '../src/pipeline/compose-services.js';
import { composeShellStart, scriptShellWarnings, shellFreeImage } from '../src/pipeline/image-shell-use.js';

const DISTROLESS = 'gcr.io/distroless/static-debian12';
const warned = (files: Record<string, string>, image = DISTROLESS) => scriptShellWarnings({ dockerfile: 'Dockerfile', files: new Map(Object.entries(files)) }, image).map((warning) => warning.message.split(':').slice(0, 2).join(':'));

describe('shellFreeImage', () => {
  it('knows the images with no shell, and their tags that add one', () => {
    for (const image of [DISTROLESS, 'gcr.io/distroless/cc-debian12:nonroot', 'mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled', 'scratch', 'cgr.dev/chainguard/static:latest']) expect(shellFreeImage(image), image).toBe(true);
    for (const image of ['gcr.io/distroless/base-debian12:debug', 'gcr.io/distroless/cc-debian12:debug-nonroot', 'debian:bookworm-slim', 'alpine:3', 'cgr.dev/chainguard/python:latest-dev', 'node:20-slim']) expect(shellFreeImage(image), image).toBe(false);
  });
});

describe('scriptShellWarnings', () => {
  it('names each script line that opens a shell in a container', () => {
    expect(warned({
      'create_docker.sh': '#!/bin/bash\ndocker container run -p 8080:8080 --detach --name forum forum-image\ndocker exec -it forum /bin/bash\n',
      debug: '#!/bin/bash\ndocker run -it --rm -e DEBUG=1 -v "$PWD:/data" hello sh\n',
      Makefile: 'shell:\n\t@docker compose exec api sh\nrun:\n\tdocker run --entrypoint /bin/ash $(IMAGE)\n',
    })).toEqual(['create_docker.sh:3 runs `docker exec -it forum /bin/bash`', 'debug:2 runs `docker run -it --rm -e DEBUG=1 -v "$PWD', 'Makefile:2 runs `@docker compose exec api sh`', 'Makefile:4 runs `docker run --entrypoint /bin/ash $(IMAGE)`']);
  });

  it('leaves out commands that run no shell in a container, files that are not scripts, and images with a shell', () => {
    const files = { 'run.sh': '#!/bin/sh\ndocker run --rm app ./server --port 8080\ndocker exec forum ls /app\nsh ./setup.sh\ndocker build -t app .\n', 'notes.txt': 'docker exec -it app sh\n' };
    expect(warned(files)).toEqual([]);
    expect(warned({ 'shell.sh': 'docker exec -it app sh\n' }, 'debian:bookworm-slim')).toEqual([]);
  });
});

describe('composeShellStart', () => {
  const services = (compose: string) => composeBuilds({ dockerfile: 'Dockerfile', files: new Map([['docker-compose.yml', compose]]) }).services;

  it('names a service that starts a shell-free production with a shell', () => {
    expect(composeShellStart(services('services:\n  api:\n    build: .\n    command: sh -c "./server -migrate && ./server"\n'), DISTROLESS)).toMatch(/^docker-compose.yml service api starts the image with `sh -c/);
    expect(composeShellStart(services('services:\n  api:\n    build: .\n    entrypoint: ["/bin/sh", "-c"]\n    command: ["./server"]\n'), DISTROLESS)).not.toBeNull();
  });

  it('says nothing for a target, a command with no shell, or a production with one', () => {
    expect(composeShellStart(services('services:\n  api:\n    build: { context: ., target: builder }\n    command: sh -c "make dev"\n'), DISTROLESS)).toBeNull();
    expect(composeShellStart(services('services:\n  api:\n    build: .\n    command: ["./server", "-v"]\n'), DISTROLESS)).toBeNull();
    expect(composeShellStart(services('services:\n  api:\n    build: .\n    command: sh -c ./server\n'), 'alpine:3')).toBeNull();
  });
});
