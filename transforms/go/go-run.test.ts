import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { readGoRun } from './go-run.js';

function run(text: string) {
  const instructions = parseDockerfile(`FROM golang:1.22\n${text}\n`).instructions;
  const last = (keyword: string) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  return readGoRun(last('CMD'), last('ENTRYPOINT'));
}

describe('readGoRun', () => {
  it('reads the build flags, the package and the arguments the program gets', () => {
    expect(run('CMD ["go", "run", "-tags", "prod", "-ldflags=-s -w", "./cmd/api", "-port", "80"]')).toMatchObject({
      keyword: 'CMD', flags: ['-tags', 'prod', '-ldflags=-s -w'], packages: ['./cmd/api'], args: ['-port', '80'], written: 'go run -tags prod -ldflags=-s -w ./cmd/api',
    });
  });

  it('takes every .go file as what is compiled', () => {
    expect(run('ENTRYPOINT go run main.go handlers.go serve')).toMatchObject({ keyword: 'ENTRYPOINT', packages: ['main.go', 'handlers.go'], args: ['serve'] });
  });

  it('leaves commands that are not go alone', () => {
    expect(run('CMD ["./server"]')).toBeNull();
  });

  it.each([
    ['CMD ["go", "test", "./..."]', 'the container runs go in a way dfmod cannot replace'],
    ['ENTRYPOINT ["go", "run", "."]\nCMD ["-port", "80"]', 'the container runs go in a way dfmod cannot replace'],
    ['CMD go run . --name "$NAME"', 'shell-form command runs go with words dfmod does not rewrite'],
    ['CMD go generate && go run .', 'shell-form command runs go with words dfmod does not rewrite'],
    ['CMD ["go", "run", "-exec", "sudo", "."]', 'go run -exec runs the program through another one'],
    ['CMD ["go", "run", "golang.org/x/tools/cmd/present@latest"]', 'fetches and runs a module at start'],
    ['CMD ["go", "run"]', 'go run names no package'],
  ])('refuses %s', (text, reason) => {
    expect(run(text)).toContain(reason);
  });
});
