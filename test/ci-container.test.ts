import { describe, expect, it } from 'vitest';
import { ciContainerUse, dockerActionUse } from '../src/pipeline/ci-container.js';

const build = (inputs: string) => `jobs:\n  image:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n${inputs}`;
const use = (container: string) => `jobs:\n  test:\n    container: ${container}\n    steps:\n      - run: make test\n`;
const reason = (files: Record<string, string>, dockerfile = 'Dockerfile') => ciContainerUse({ dockerfile, files: new Map(Object.entries(files)) });

describe('ciContainerUse', () => {
  it('proves a job container built from this Dockerfile, in the same or another workflow', () => {
    const files = { '.github/workflows/image.yml': build('          tags: ghcr.io/acme/ci:latest,ghcr.io/acme/ci:1\n'), '.github/workflows/test.yml': use('ghcr.io/acme/ci:1') };
    expect(reason(files)).toBe(
      '.github/workflows/test.yml runs job test in ghcr.io/acme/ci:1, which .github/workflows/image.yml (job image) builds from this Dockerfile, and a non-root user cannot write the workspace the runner mounts into a job container',
    );
    expect(reason({ '.github/workflows/ci.yml': build('          context: tools\n          tags: acme/tools\n') + use('{ image: acme/tools }').slice('jobs:\n'.length) }, 'tools/Dockerfile')).toContain('runs job test in acme/tools');
  });

  it('proves nothing from another Dockerfile, an expression or an image no step builds', () => {
    expect(reason({ '.github/workflows/ci.yml': build('          file: docker/ci.Dockerfile\n          tags: acme/ci\n'), '.github/workflows/t.yml': use('acme/ci') })).toBeNull();
    expect(reason({ '.github/workflows/ci.yml': build('          tags: ${{ steps.meta.outputs.tags }}\n'), '.github/workflows/t.yml': use('${{ steps.meta.outputs.tags }}') })).toBeNull();
    expect(reason({ '.github/workflows/t.yml': use('node:20') })).toBeNull();
    expect(reason({ '.github/workflows/broken.yml': 'jobs: [\n' })).toBeNull();
  });
});

describe('dockerActionUse', () => {
  const action = (image: string, using = 'docker') => `name: lint\nruns:\n  using: '${using}'\n  image: '${image}'\n`;
  const reason = (files: Record<string, string>, dockerfile = 'Dockerfile') => dockerActionUse({ dockerfile, files: new Map(Object.entries(files)) });

  it('proves a Docker container action whose image is this Dockerfile, beside it or in a folder', () => {
    expect(reason({ 'action.yml': action('Dockerfile') })).toBe('action.yml makes this Dockerfile a GitHub Docker container action, which GitHub runs as root so that it can write GITHUB_WORKSPACE');
    expect(reason({ 'lint/action.yaml': action('./docker/Dockerfile') }, 'lint/docker/Dockerfile')).toContain('lint/action.yaml makes');
  });

  it('proves nothing from a published image, a JavaScript action or another Dockerfile', () => {
    expect(reason({ 'action.yml': action('docker://ghcr.io/acme/lint:1') })).toBeNull();
    expect(reason({ 'action.yml': action('Dockerfile', 'node20') })).toBeNull();
    expect(reason({ 'action.yml': action('ci.Dockerfile') })).toBeNull();
    expect(reason({ 'action.yml': 'runs: [\n' })).toBeNull();
  });
});
