import type { Transform } from '../../src/core/transform.js';
import { ownWrittenPaths, withComputedWrites } from '../shared/app-owner.js';
import { CREATED_USER } from '../shared/run-user.js';
import { dockerfileWrittenPaths } from '../shared/written-paths.js';
import { detectPython, looksLikePython } from './detect.js';
import { planPython } from './plan.js';

export const python: Transform = {
  meta: {
    id: 'python',
    description: 'Python on the official python images: pip, Poetry, Pipenv and uv, into a virtualenv copied to a slim runtime',
    reads: [
      '/requirements*.txt',
      '/requirements*.in',
      '/*requirements.txt',
      '/constraints*.txt',
      '/requirements/**/*.txt',
      '/**/requirements*.txt',
      '/pyproject.toml',
      '/poetry.lock',
      '/uv.lock',
      '/Pipfile',
      '/Pipfile.lock',
      '/.python-version',
      '/runtime.txt',
      '*.py',
      '/alembic.ini',
      '/manage.py',
      '/*/manage.py',
      '/**/settings.py',
      '/**/settings/*.py',
      '/*.sh',
      '/docker-entrypoint*',
      '/entrypoint*',
    ],
    messages: {
      'split-stages': 'stages {stages}',
      'runtime-base': 'production stage runs on {image}',
      virtualenv: 'dependencies are installed into the virtualenv {path}, which production copies with its bin first on PATH',
      'cache-mount': 'installer caches mounted at {targets}',
      'manifest-first': '{files} copied and installed before the source',
      'frozen-lockfile': 'the install follows {lockfile} exactly',
      'prod-deps-only': '{tool} installs without development dependencies',
      'build-steps': '{commands} run in the builder; production copies {paths}',
      'runtime-packages': 'production installs {packages}',
      'non-root': 'production runs as {user}',
      'redeclare-arg': 'production re-declares ARG {names}',
      'no-lockfile': 'no {lockfile}: versions resolve at build time',
      'build-output': 'dfmod could not read where {command} writes',
      'runtime-library': 'no runtime library is known for {packages}',
      'unproven-step': '{command} runs in the builder only',
    },
  },
  match(input) {
    const reason = looksLikePython(input);
    return reason ? { matches: true, reason } : { matches: false, reason: 'no python base image and no Python installer' };
  },
  plan(input) {
    const detection = detectPython(input);
    if (!detection.ok) return detection;
    const owned = ownWrittenPaths(planPython(input, detection.facts), [...dockerfileWrittenPaths(input.dockerfile.stages.at(-1)!.instructions), ...detection.facts.writtenPaths]);
    return withComputedWrites(owned, detection.facts.computedWrites, CREATED_USER.name, 'the WORKDIR, a directory beside the code');
  },
};
