/** The Node transform's data: package managers, images, addons and files, as typed tables. */
export type PackageManager = 'npm' | 'yarn-classic' | 'yarn-berry' | 'pnpm';
export type Family = 'debian' | 'alpine';

export interface PackageManagerFacts {
  readonly label: string;
  /** The program its commands start with. */
  readonly program: string;
  /** Lockfiles it reads, preferred first. */
  readonly lockfiles: readonly string[];
  /** Files the install reads besides package.json and the lockfile, copied with them when present. */
  readonly configFiles: readonly string[];
  /** Where the tool keeps its download cache for a user with this home directory. */
  readonly cacheDir: (home: string) => string;
  /** The flag that makes the install follow the lockfile exactly; null for npm, whose `ci` command does. */
  readonly frozenFlag: string | null;
  /** The flag that installs production dependencies only; null for yarn berry, whose prune command does that install. */
  readonly productionFlag: string | null;
  /** Install flags that bring dev dependencies back; a production install drops them. */
  readonly devFlags: readonly string[];
  /** Removes dev dependencies from an installed tree, after the build has used them. */
  readonly prune: string;
  /** The prune installs again (from the cache), so it gets the cache mount too. */
  readonly pruneInstalls: boolean;
}

export const PACKAGE_MANAGERS: Readonly<Record<PackageManager, PackageManagerFacts>> = {
  npm: {
    label: 'npm',
    program: 'npm',
    lockfiles: ['package-lock.json', 'npm-shrinkwrap.json'],
    configFiles: ['.npmrc'],
    cacheDir: (home) => `${home}/.npm`,
    frozenFlag: null,
    productionFlag: '--omit=dev',
    devFlags: ['--include=dev', '--production=false', '--also=dev', '--also=development', '--dev'],
    prune: 'npm prune --omit=dev',
    pruneInstalls: false,
  },
  'yarn-classic': {
    label: 'yarn classic',
    program: 'yarn',
    lockfiles: ['yarn.lock'],
    configFiles: ['.npmrc', '.yarnrc'],
    // Yarn 1 keeps root's cache outside /root, and everyone else's under ~/.cache.
    cacheDir: (home) => (home === '/root' ? '/usr/local/share/.cache/yarn' : `${home}/.cache/yarn`),
    frozenFlag: '--frozen-lockfile',
    productionFlag: '--production',
    devFlags: ['--production=false'],
    prune: 'yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline',
    pruneInstalls: true,
  },
  'yarn-berry': {
    label: 'yarn berry',
    program: 'yarn',
    lockfiles: ['yarn.lock'],
    configFiles: ['.yarnrc.yml'],
    cacheDir: (home) => `${home}/.yarn/berry/cache`,
    frozenFlag: '--immutable',
    productionFlag: null,
    devFlags: [],
    prune: 'yarn workspaces focus --all --production',
    pruneInstalls: true,
  },
  pnpm: {
    label: 'pnpm',
    program: 'pnpm',
    lockfiles: ['pnpm-lock.yaml'],
    configFiles: ['.npmrc', 'pnpm-workspace.yaml', '.pnpmfile.cjs'],
    cacheDir: (home) => `${home}/.local/share/pnpm/store`,
    frozenFlag: '--frozen-lockfile',
    productionFlag: '--prod',
    devFlags: ['--prod=false', '--dev', '-D'],
    // `pnpm prune` does not support workspaces; an install of production dependencies over the tree does.
    prune: 'pnpm install --frozen-lockfile --prod --config.confirmModulesPurge=false',
    pruneInstalls: true,
  },
};

/**
 * The pnpm majors that read each lockfileVersion in a frozen install, lowest and highest (null:
 * every later one so far), after the pnpm/spec table of versions: pnpm 6 and 7 read 5.3 and 5.4,
 * pnpm 8 writes 6.0 (6.1 in 8.6.1-8.6.2), pnpm 9 writes 7.0 in its prereleases and 9.0 since, as
 * pnpm 10 does. pnpm 10 refuses 6.0 in frozen mode.
 */
export const PNPM_LOCKFILE_READERS: Readonly<Record<string, readonly [number, number | null]>> = {
  '5.3': [6, 7],
  '5.4': [6, 7],
  '6.0': [8, 8],
  '6.1': [8, 8],
  '7.0': [9, 9],
  '9.0': [9, null],
};

/** Root package.json scripts that npm, yarn and pnpm run during an install. */
export const LIFECYCLE_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

/** Dependencies that compile native code at install time, so the runtime must share the builder's libc. */
export const NATIVE_ADDONS = new Set([
  'bcrypt', 'better-sqlite3', 'sqlite3', 'canvas', 'argon2', 'node-sass', 're2', 'leveldown', 'grpc', 'usb',
  'serialport', '@serialport/bindings-cpp', 'cpu-features', 'microtime', 'node-expat', 'libxmljs', 'libxmljs2',
  'zeromq', 'node-rdkafka', 'oracledb', 'isolated-vm', 'deasync', 'fibers', 'sharp', 'bufferutil', 'utf-8-validate',
  'farmhash', 'kerberos', 'snappy', 'node-pty', 'ffi-napi', 'ref-napi', 'lmdb', 'msgpackr-extract',
]);

/** Programs each runtime flavour of the official node images ships, besides the shell's builtins. */
export const NODE_IMAGE_PROGRAMS: Readonly<Record<'debian-full' | 'debian-slim' | 'alpine', readonly string[]>> = {
  'debian-full': ['sh', 'bash', 'node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh', 'curl', 'wget', 'git', 'python3', 'make', 'gcc', 'g++', 'tar', 'gzip'],
  'debian-slim': ['sh', 'bash', 'node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh', 'tar', 'gzip'],
  alpine: ['sh', 'ash', 'node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh', 'wget', 'nc', 'tar', 'gzip'],
};

/** The TypeScript compiler and type declarations: only compiling and type-checking reads them, never the running code itself. */
export function isCompilerPackage(name: string): boolean {
  return name === 'typescript' || name.startsWith('@types/');
}

/** Commands that globally installed npm packages put on the PATH, when they differ from the package name. */
export const GLOBAL_PACKAGE_BINS: Readonly<Record<string, readonly string[]>> = {
  pm2: ['pm2', 'pm2-runtime', 'pm2-docker', 'pm2-dev'],
  pnpm: ['pnpm', 'pnpx'],
  yarn: ['yarn', 'yarnpkg'],
  typescript: ['tsc', 'tsserver'],
  'ts-node': ['ts-node', 'ts-node-esm', 'ts-node-script'],
  '@nestjs/cli': ['nest'],
  'http-server': ['http-server', 'hs'],
  // Runners a start script calls by a name that is not their package's (`babel-node server/start.js`).
  '@babel/node': ['babel-node'],
  '@babel/cli': ['babel', 'babel-external-helpers'],
  'babel-cli': ['babel', 'babel-node', 'babel-external-helpers'],
  '@swc/cli': ['swc', 'swcx', 'spack'],
  '@angular/cli': ['ng'],
  '@remix-run/serve': ['remix-serve'],
  '@sveltejs/kit': ['svelte-kit'],
  'ts-node-dev': ['ts-node-dev', 'tsnd'],
  'npm-run-all': ['npm-run-all', 'run-p', 'run-s'],
  'npm-run-all2': ['npm-run-all', 'run-p', 'run-s'],
  concurrently: ['concurrently', 'conc'],
  'sequelize-cli': ['sequelize', 'sequelize-cli'],
};

/** Build tools whose output directory is fixed by convention (`tool sub`, or `tool` alone). */
export const BUILD_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  'next build': ['.next'],
  'vite build': ['dist'],
  'react-scripts build': ['build'],
  'nuxt build': ['.output'],
  'nuxi build': ['.output'],
  'astro build': ['dist'],
  'ng build': ['dist'],
  'svelte-kit build': ['build'],
  'remix build': ['build', 'public/build'],
  'nest build': ['dist'],
  tsup: ['dist'],
  webpack: ['dist'],
  'parcel build': ['dist'],
};

/** Build tools a RUN calls by name (`tsc`, `nest build`): the step belongs to the builder. */
export const BUILD_PROGRAMS: ReadonlySet<string> = new Set([
  ...Object.keys(BUILD_OUTPUTS), 'tsc', 'tsc-alias', 'esbuild', 'rollup', 'babel', 'swc', 'ncc', 'tsup', 'webpack',
  // A code generator is a build step: it needs the dev dependency that runs it, and writes into node_modules.
  'prisma generate',
]);

/** Programs of build scripts that write nothing production needs (cleaning, checking, copying into outputs). */
export const NO_OUTPUT_PROGRAMS = new Set([
  'echo', 'rimraf', 'rm', 'del-cli', 'eslint', 'prettier', 'cp', 'mkdir', 'copyfiles', 'cpx', 'tsc-alias',
  'npm-run-all', 'run-s', 'run-p', 'concurrently', 'jest', 'vitest', 'mocha',
  // `prisma generate` writes its client into node_modules, which production copies from the builder.
  'prisma',
]);

/** Options build tools take for their output directory, and for a single output file. */
export const OUT_DIR_OPTIONS = ['--outDir', '--outdir', '--out-dir', '-d', '--output-path', '--dist-dir'];
export const OUT_FILE_OPTIONS = ['--outfile', '-o', '--out-file', '--file'];

/** Bundlers that take an output directory option. */
export const BUNDLERS = new Set(['vite', 'astro', 'esbuild', 'rollup', 'tsup', 'babel', 'swc', 'webpack', 'parcel', 'ncc']);

/** Files a framework reads at run time from the project root, copied next to its build output. */
export const FRAMEWORK_RUNTIME_FILES: Readonly<Record<string, readonly string[]>> = {
  '.next': ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'public', '.env.production'],
};

/** Runtime files a framework's older releases read: Next.js served `static/` until 9.1 replaced it with `public/`. */
export const LEGACY_FRAMEWORK_FILES: readonly { readonly output: string; readonly dependency: string; readonly below: string; readonly files: readonly string[] }[] = [
  { output: '.next', dependency: 'next', below: '9.1.0', files: ['static'] },
];

/** Build outputs a framework writes into while it runs, by the dependency that brings it (Next.js caches images and pages in .next/cache). */
export const WRITTEN_AT_RUNTIME: Readonly<Record<string, string>> = { next: '.next' };

/** Directories that node apps read at run time next to their compiled code, copied when the build had them. */
export const RUNTIME_ASSET_DIRECTORIES = ['public', 'views', 'templates', 'locales', 'config'];

/** Patterns the context must not send to the builder. */
export const NODE_DOCKERIGNORE = ['.git', 'node_modules', '.env', 'npm-debug.log*', 'yarn-error.log'];


/**
 * Commands that run a development server: such an image needs dev dependencies and writes into
 * its own source, so there is no production image to split out of it. Keys are the program and,
 * where it matters, its subcommand.
 */
export const DEV_SERVERS = new Set([
  'next dev', 'nuxt dev', 'astro dev', 'remix dev', 'vite', 'vite dev', 'vite serve', 'nodemon', 'ts-node-dev',
  'webpack serve', 'webpack-dev-server', 'react-scripts start', 'ng serve', 'tsx watch', 'node --watch', 'nest start --watch',
]);

/** Dependencies whose install step generates code from files outside package.json. */
export const CODEGEN_DEPENDENCIES = new Set(['@prisma/client', 'prisma']);

/** System packages a generator's engine loads that slim and alpine images lack (Prisma's query engine links libssl). */
export const CODEGEN_RUNTIME_PACKAGES: Readonly<Record<string, Readonly<Record<Family, string>>>> = {
  '@prisma/client': { debian: 'openssl', alpine: 'openssl' },
  prisma: { debian: 'openssl', alpine: 'openssl' },
};
