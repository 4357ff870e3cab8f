/** The package managers the Node transform knows, as data. */
export type PackageManager = 'npm' | 'yarn-classic' | 'yarn-berry' | 'pnpm';

export interface PackageManagerFacts {
  readonly label: string;
  readonly lockfile: string | null;
  /** Files the install reads besides package.json and the lockfile, copied with them when present. */
  readonly configFiles: readonly string[];
  /** Where the tool keeps its download cache, relative to the installing user's home. */
  readonly cacheDir: (home: string) => string;
  /** The strict install for the builder. */
  readonly install: string;
  /** The strict install of production dependencies only. */
  readonly productionInstall: string;
  /** Removes dev dependencies from an installed tree (used when workspaces keep their layout). */
  readonly prune: string;
}

export const PACKAGE_MANAGERS: Readonly<Record<PackageManager, PackageManagerFacts>> = {
  npm: {
    label: 'npm',
    lockfile: 'package-lock.json',
    configFiles: ['.npmrc'],
    cacheDir: (home) => `${home}/.npm`,
    install: 'npm ci',
    productionInstall: 'npm ci --omit=dev',
    prune: 'npm prune --omit=dev',
  },
  'yarn-classic': {
    label: 'yarn classic',
    lockfile: 'yarn.lock',
    configFiles: ['.npmrc', '.yarnrc'],
    cacheDir: () => '/usr/local/share/.cache/yarn',
    install: 'yarn install --frozen-lockfile',
    productionInstall: 'yarn install --frozen-lockfile --production',
    prune: 'yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline',
  },
  'yarn-berry': {
    label: 'yarn berry',
    lockfile: 'yarn.lock',
    configFiles: ['.yarnrc.yml'],
    cacheDir: (home) => `${home}/.yarn/berry/cache`,
    install: 'yarn install --immutable',
    productionInstall: 'yarn workspaces focus --all --production',
    prune: 'yarn workspaces focus --all --production',
  },
  pnpm: {
    label: 'pnpm',
    lockfile: 'pnpm-lock.yaml',
    configFiles: ['.npmrc', 'pnpm-workspace.yaml'],
    cacheDir: (home) => `${home}/.local/share/pnpm/store`,
    install: 'pnpm install --frozen-lockfile',
    productionInstall: 'pnpm install --frozen-lockfile --prod',
    prune: 'pnpm prune --prod',
  },
};

/** Dependencies that compile native code at install time, so the runtime must share the builder's libc. */
export const NATIVE_ADDONS = new Set([
  'bcrypt', 'better-sqlite3', 'sqlite3', 'canvas', 'argon2', 'node-sass', 're2', 'leveldown', 'grpc', 'usb',
  'serialport', '@serialport/bindings-cpp', 'cpu-features', 'microtime', 'node-expat', 'libxmljs', 'libxmljs2',
  'zeromq', 'node-rdkafka', 'oracledb', 'isolated-vm', 'deasync', 'fibers', 'sharp', 'bufferutil', 'utf-8-validate',
  'farmhash', 'kerberos', 'snappy', 'node-pty', 'ffi-napi', 'ref-napi', 'lmdb', 'msgpackr-extract',
]);

/** Programs each runtime family of the official node images ships, besides the shell's builtins. */
export const NODE_IMAGE_PROGRAMS: Readonly<Record<'debian-full' | 'debian-slim' | 'alpine', readonly string[]>> = {
  'debian-full': ['sh', 'bash', 'node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh', 'curl', 'wget', 'git', 'python3', 'make', 'gcc', 'g++', 'tar', 'gzip'],
  'debian-slim': ['sh', 'bash', 'node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh', 'tar', 'gzip'],
  alpine: ['sh', 'ash', 'node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh', 'wget', 'nc', 'tar', 'gzip'],
};

/** The package that brings a program a health check or command calls, per family. */
export const PROGRAM_PACKAGES: Readonly<Record<string, { debian: string; alpine: string }>> = {
  curl: { debian: 'curl', alpine: 'curl' },
  wget: { debian: 'wget', alpine: 'wget' },
  bash: { debian: 'bash', alpine: 'bash' },
  tini: { debian: 'tini', alpine: 'tini' },
  'dumb-init': { debian: 'dumb-init', alpine: 'dumb-init' },
  git: { debian: 'git', alpine: 'git' },
  python3: { debian: 'python3', alpine: 'python3' },
  nc: { debian: 'netcat-openbsd', alpine: 'netcat-openbsd' },
};

/** Build tools whose output directory is fixed by convention. */
export const BUILD_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  'next build': ['.next'],
  'vite build': ['dist'],
  'react-scripts build': ['build'],
  'nuxt build': ['.output'],
  'astro build': ['dist'],
  'ng build': ['dist'],
  'svelte-kit build': ['build'],
  'remix build': ['build', 'public/build'],
  'webpack': ['dist'],
  'parcel build': ['dist'],
};

/** Files a framework reads at run time from the project root, copied next to its build output. */
export const FRAMEWORK_RUNTIME_FILES: readonly string[] = [
  'next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'public',
];

/** Patterns the context must not send to the builder. */
export const NODE_DOCKERIGNORE = ['.git', 'node_modules', '.env', 'npm-debug.log*', 'yarn-error.log'];
