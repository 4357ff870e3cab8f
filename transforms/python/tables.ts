import type { DebianRelease } from '../shared/system-packages.js';

/** The installers the Python transform knows, as data. */
export type Tool = 'pip' | 'poetry' | 'pipenv' | 'uv';

export interface ToolFacts {
  readonly label: string;
  /** The lockfile the install follows, when the tool has one. */
  readonly lockfile: string | null;
  /** Files an install reads besides the lockfile, copied with it when present. */
  readonly manifests: readonly string[];
  /**
   * Download caches, each with the variable that moves it and its default relative to the
   * installing user's cache home (`~/.cache`, or `$XDG_CACHE_HOME`).
   */
  readonly caches: readonly { readonly variable: string; readonly directory: string }[];
}

export const TOOLS: Readonly<Record<Tool, ToolFacts>> = {
  pip: {
    label: 'pip',
    lockfile: null,
    manifests: [],
    caches: [{ variable: 'PIP_CACHE_DIR', directory: 'pip' }],
  },
  poetry: {
    label: 'Poetry',
    lockfile: 'poetry.lock',
    manifests: ['pyproject.toml', 'poetry.toml'],
    caches: [{ variable: 'POETRY_CACHE_DIR', directory: 'pypoetry' }],
  },
  pipenv: {
    label: 'Pipenv',
    lockfile: 'Pipfile.lock',
    manifests: ['Pipfile'],
    // Pipenv keeps its own cache and runs pip, which keeps another.
    caches: [
      { variable: 'PIPENV_CACHE_DIR', directory: 'pipenv' },
      { variable: 'PIP_CACHE_DIR', directory: 'pip' },
    ],
  },
  uv: {
    label: 'uv',
    lockfile: 'uv.lock',
    manifests: ['pyproject.toml', '.python-version'],
    caches: [{ variable: 'UV_CACHE_DIR', directory: 'uv' }],
  },
};

/** Where the builder's virtualenv lives unless the original already chose a place. */
export const DEFAULT_VENV = '/opt/venv';

/** Packages that install an installer: they belong to the builder's system Python, never to the virtualenv. */
export const INSTALLER_PACKAGES = new Set(['poetry', 'pipenv', 'uv', 'virtualenv', 'pipx', 'poetry-plugin-export', 'poetry-core']);

/** Packages that only upgrade the installing machinery of an environment. */
export const PIP_MACHINERY = new Set(['pip', 'setuptools', 'wheel']);

/** Installers fetched by script: the URL says which tool arrives. */
export const INSTALLER_URLS: readonly string[] = ['install.python-poetry.org', 'astral.sh/uv', 'raw.githubusercontent.com/python-poetry/', 'bootstrap.pypa.io'];

/** Images that only carry an installer binary (`COPY --from=ghcr.io/astral-sh/uv /uv /bin/`). */
export const INSTALLER_IMAGES: readonly string[] = ['astral-sh/uv'];

/** `manage.py` (and `django-admin`) commands that write files the app serves. */
export const DJANGO_BUILD_COMMANDS = new Set(['collectstatic', 'compilemessages', 'compress', 'assets']);

/** Framework command lines that write files the app serves, by their first two words. */
export const BUILD_COMMANDS = new Set(['pybabel compile', 'flask assets', 'flask digest', 'flask translate']);

/** `python -m <module>` build steps. */
export const PYTHON_BUILD_MODULES = new Set(['compileall']);

/** System packages that only build steps use (msgfmt for compilemessages): they stay in the builder. */
export const BUILD_STEP_PACKAGES = new Set(['gettext']);

/** Front-end tools an asset build runs with; their packages stay in the builder unless the container calls them. */
export const ASSET_TOOLS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'node']);
export const ASSET_TOOL_PACKAGES = new Set(['nodejs', 'npm', 'yarn']);

/**
 * PyPI distributions that link a system library at run time yet ship no self-contained wheel
 * (or load the library through ctypes), as the Debian `-dev` packages they build against. The
 * full python image carries those `-dev` packages already, so an original on it may never have
 * installed them; its slim runtime needs the matching libraries all the same.
 */
export const LINKED_LIBRARIES: Readonly<Record<string, readonly string[]>> = {
  psycopg2: ['libpq-dev'],
  psycopg: ['libpq-dev'],
  mysqlclient: ['default-libmysqlclient-dev'],
  'python-ldap': ['libldap2-dev', 'libsasl2-dev'],
  pyodbc: ['unixodbc-dev'],
  'python-magic': ['libmagic-dev'],
  xmlsec: ['libxmlsec1-dev'],
  gssapi: ['libkrb5-dev'],
  pykerberos: ['libkrb5-dev'],
  pycairo: ['libcairo2-dev'],
  cairocffi: ['libcairo2-dev'],
  pygraphviz: ['libgraphviz-dev'],
  pylibmc: ['libmemcached-dev'],
  gdal: ['libgdal-dev'],
  uwsgi: ['libxml2-dev'],
};

/** Extras, or companion distributions, that bring their own copy of the library (`psycopg[binary]`, psycopg-binary). */
export const SELF_CONTAINED: Readonly<Record<string, { readonly extras: readonly string[]; readonly companions: readonly string[] }>> = {
  psycopg: { extras: ['binary', 'c'], companions: ['psycopg-binary', 'psycopg-c'] },
};

/** Group names that hold development-only dependencies. */
export const DEV_GROUPS: readonly string[] = ['dev', 'test', 'tests', 'lint', 'typing', 'docs'];

/**
 * The Debian release of the official python images whose tag names none (`python:3.12`),
 * by minor version: the images of maintained versions moved to trixie in August 2025.
 */
/**
 * The last patch of each Python minor whose official images were only ever built on Debian
 * buster (or older): later patches came out after bullseye became the images' default in
 * August 2021. Buster's packages have since left deb.debian.org, so apt-get fails there.
 */
const LAST_BUSTER_PATCH: Readonly<Record<number, number>> = { 6: 13, 7: 10, 8: 10, 9: 5 };

/** The retired Debian release a python image tag without a codename is built on (`3.8.10` is buster), or undefined. */
export function retiredReleaseOfVersion(version: string | null): string | undefined {
  const match = /^3\.(\d+)\.(\d+)$/.exec(version ?? '');
  if (!match) return /^(?:2|3\.[0-5])(?:\.|$)/.test(version ?? '') ? 'stretch or older' : undefined;
  const [minor, patch] = [Number(match[1]), Number(match[2])];
  if (minor <= 5) return 'stretch or older';
  const last = LAST_BUSTER_PATCH[minor];
  return last !== undefined && patch <= last ? 'buster' : undefined;
}

export function defaultDebianRelease(minor: number | null): DebianRelease {
  if (minor === null || minor >= 9) return 'trixie';
  if (minor >= 7) return 'bookworm';
  return 'bullseye';
}

export type ImageVariant = 'debian-full' | 'debian-slim' | 'alpine';

/** Programs each variant of the official python images ships, besides the shell's builtins. */
export const PYTHON_IMAGE_PROGRAMS: Readonly<Record<ImageVariant, readonly string[]>> = {
  'debian-full': ['sh', 'bash', 'python', 'python3', 'pip', 'pip3', 'pydoc', 'tar', 'gzip', 'curl', 'wget', 'git', 'ssh', 'gcc', 'g++', 'make'],
  'debian-slim': ['sh', 'bash', 'python', 'python3', 'pip', 'pip3', 'pydoc', 'tar', 'gzip'],
  alpine: ['sh', 'ash', 'python', 'python3', 'pip', 'pip3', 'pydoc', 'wget', 'tar', 'gzip', 'nc'],
};

/** The package that brings a program the container calls, per family. */
export const PROGRAM_PACKAGES: Readonly<Record<string, { readonly debian: string; readonly alpine: string }>> = {
  curl: { debian: 'curl', alpine: 'curl' },
  wget: { debian: 'wget', alpine: 'wget' },
  bash: { debian: 'bash', alpine: 'bash' },
  git: { debian: 'git', alpine: 'git' },
  ssh: { debian: 'openssh-client', alpine: 'openssh-client' },
  tini: { debian: 'tini', alpine: 'tini' },
  'dumb-init': { debian: 'dumb-init', alpine: 'dumb-init' },
  nc: { debian: 'netcat-openbsd', alpine: 'netcat-openbsd' },
};

/** Installers the running container must not need: they stay in the builder. */
export const INSTALLER_PROGRAMS = new Set(['poetry', 'pipenv', 'uv', 'uvx', 'pip', 'pip3']);

/** Settings of the installers (`POETRY_VIRTUALENVS_CREATE`, `UV_NO_DEV`, `PIP_NO_CACHE_DIR`): only the builder runs one. */
export const INSTALLER_SETTING = /^(PIP|PIPENV|POETRY|UV|PIPX)_/;

/** Patterns the context must not send to the builder. */
export const PYTHON_DOCKERIGNORE: readonly string[] = ['.git', '.venv', 'venv', '**/__pycache__', '**/*.py[cod]', '.pytest_cache', '.mypy_cache', '.env'];
