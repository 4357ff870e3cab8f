import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuildContext } from '../../src/core/context.js';
import type { Status } from '../../src/core/status.js';
import { migrateFile } from '../../src/pipeline/migrate-file.js';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { repositoryReader } from '../../src/pipeline/repository.js';
import { TEMP_FILE_NAME } from '../../src/pipeline/write.js';
import { TRANSFORMS } from '../../transforms/index.js';
import type { DockerfileCase } from './arbitraries.js';
import { roundTrip, type RoundTrip } from './round-trip.js';

/** What one generated case did, and which of the properties it broke (one line each). */
export interface Outcome {
  readonly stack: string;
  /** `crash` when an exception escaped or the safety net caught one (`internal error: ...`). */
  readonly status: Status | 'crash';
  readonly roundTrip: RoundTrip | 'crash';
  /** Why the pipeline's own verifier refused the output (the file was left alone), or null. */
  readonly verifierRefused: string | null;
  /** Files whose bytes changed though the run did not migrate them (or the context around them). */
  readonly bytesChanged: number;
  readonly tempFiles: number;
  readonly problems: readonly string[];
}

/**
 * Writes the case as a build context in `directory`, migrates its Dockerfile in place as the
 * CLI would, and checks the properties of issue 11: the round trip; the file migrated to the
 * verified output or left byte-identical with a one-line reason; nothing else touched; no
 * exception; no temp file left.
 */
export async function checkCase(testCase: DockerfileCase, directory: string, readContext: (directory: string) => BuildContext): Promise<Outcome> {
  rmSync(directory, { recursive: true, force: true });
  const files: Record<string, Uint8Array> = { [testCase.name]: testCase.dockerfile };
  for (const [path, text] of Object.entries(testCase.context)) files[path] = Buffer.from(text, 'utf8');
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), bytes);
  }
  const problems: string[] = [];
  const text = Buffer.from(testCase.dockerfile).toString('utf8');

  let trip: RoundTrip | 'crash';
  try {
    const { result, printed } = roundTrip(text);
    trip = result;
    if (result === 'mismatch') problems.push(`print(parse(x)) lost bytes: ${JSON.stringify(printed)}`);
  } catch (problem) {
    trip = 'crash';
    problems.push(`parse or print threw: ${oneLine(problem)}`);
  }

  let status: Outcome['status'];
  let verifierRefused: string | null = null;
  let allowed = new Set<string>();
  try {
    const result = await migrateFile({
      file: { absolute: join(directory, testCase.name), relative: testCase.name },
      transforms: TRANSFORMS,
      only: null,
      options: { runtime: 'auto' },
      write: true,
      cacheMounts: true,
      contextOf: readContext,
      repositoryOf: repositoryReader(),
    });
    status = result.status;
    if (result.status === 'error' && result.reason?.startsWith('internal error')) {
      status = 'crash';
      problems.push(`the pipeline threw: ${result.reason}`);
    }
    if (result.reason?.startsWith('the migrated file failed verification')) verifierRefused = `${result.transform ?? ''}: ${result.reason}`;
    if (result.status === 'migrated') {
      allowed = new Set([testCase.name, ...(result.dockerignore ? [result.dockerignore.path] : [])]);
      const written = readFileSync(join(directory, testCase.name), 'utf8');
      if (written !== result.output) problems.push('the file on disk is not the verified output');
      if (written === text) problems.push('migrated, yet the bytes are the same');
      try {
        parseDockerfile(written);
      } catch (problem) {
        problems.push(`the migrated output does not re-parse: ${oneLine(problem)}`);
      }
      if (result.dockerignore && readFileSync(join(directory, result.dockerignore.path), 'utf8') !== result.dockerignore.after) {
        problems.push(`${result.dockerignore.path} on disk is not the planned one`);
      }
    } else if (!result.reason || result.reason.includes('\n')) {
      problems.push(`left alone without a one-line reason: ${JSON.stringify(result.reason)}`);
    }
  } catch (problem) {
    status = 'crash';
    problems.push(`an exception escaped migrateFile: ${oneLine(problem)}`);
  }

  let bytesChanged = 0;
  let tempFiles = 0;
  const after = new Set<string>();
  for (const path of listFiles(directory)) {
    after.add(path);
    if (TEMP_FILE_NAME.test(path.split('/').pop()!)) {
      tempFiles++;
      problems.push(`a temp file was left: ${path}`);
    } else if (!allowed.has(path) && (!(path in files) || !Buffer.from(files[path]!).equals(readFileSync(join(directory, path))))) {
      bytesChanged++;
      problems.push(`${path} changed though it was not migrated`);
    }
  }
  for (const path of Object.keys(files)) {
    if (!after.has(path)) {
      bytesChanged++;
      problems.push(`${path} is gone`);
    }
  }
  return { stack: testCase.stack, status, roundTrip: trip, verifierRefused, bytesChanged, tempFiles, problems };
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1).split('\\').join('/'));
}

function oneLine(problem: unknown): string {
  return (problem instanceof Error ? (problem.stack ?? problem.message) : String(problem)).split('\n').slice(0, 3).join(' | ');
}
