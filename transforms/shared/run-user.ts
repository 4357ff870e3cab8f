/**
 * The user a production stage runs as, per base family: the one place that creates users, for
 * every stack. A user dfmod creates has a fixed numeric UID and GID and the USER line names the
 * numbers, so that Kubernetes `runAsNonRoot` can verify it; the name is there for `ps` and logs.
 */
export type UserFamily = 'debian' | 'ubuntu' | 'alpine' | 'rhel' | 'distroless';

export const CREATED_USER = { name: 'app', uid: 10001, gid: 10001 } as const;

/** `USER 10001:10001`'s argument, and the owner its chown gives. */
export const CREATED_USER_SPEC = `${CREATED_USER.uid}:${CREATED_USER.gid}`;

/**
 * Distroless images carry `nonroot` (uid 65532) in their /etc/passwd, with `root` and `nobody`.
 * USER names the numbers: Kubernetes `runAsNonRoot` refuses to start an image whose user is a name.
 */
export const DISTROLESS_USER = '65532:65532';
export const DISTROLESS_USERS: ReadonlySet<string> = new Set(['root', '0', 'nobody', '65534', 'nonroot', '65532']);

/**
 * The official node images create `node` with uid and gid 1000, on Debian (`groupadd --gid 1000`,
 * `useradd --uid 1000`) and on Alpine (`addgroup -g 1000`, `adduser -u 1000`). USER names the
 * numbers, as for distroless; reports say `node`.
 */
export const NODE_IMAGE_USER = { name: 'node', uid: 1000, gid: 1000, home: '/home/node' } as const;
export const NODE_IMAGE_USER_SPEC = `${NODE_IMAGE_USER.uid}:${NODE_IMAGE_USER.gid}`;

/**
 * The command (without `RUN`) that creates the user and its group, as each family's own tools do
 * it; null for distroless, which has no shell and ships `nonroot`. Debian and Ubuntu ship
 * `groupadd`/`useradd` (passwd); Alpine's busybox has `addgroup`/`adduser`; the RHEL family (UBI,
 * Amazon Linux, Fedora) uses shadow-utils, which `ubi*-minimal` and `amazonlinux` images lack:
 * install `USER_CREATION_PACKAGES.rhel` there first.
 */
export function createUserCommand(family: Exclude<UserFamily, 'distroless'>, name?: string): string;
export function createUserCommand(family: UserFamily, name?: string): string | null;
export function createUserCommand(family: UserFamily, name: string = CREATED_USER.name): string | null {
  const { uid, gid } = CREATED_USER;
  switch (family) {
    case 'distroless':
      return null;
    case 'alpine':
      return `addgroup -S -g ${gid} ${name} && adduser -S -u ${uid} -G ${name} -H -s /sbin/nologin ${name}`;
    case 'rhel':
      return `groupadd --system --gid ${gid} ${name} && useradd --system --uid ${uid} --gid ${name} --no-create-home --shell /sbin/nologin ${name}`;
    case 'debian':
    case 'ubuntu':
      return `groupadd --system --gid ${gid} ${name} && useradd --system --uid ${uid} --gid ${name} --no-create-home --shell /usr/sbin/nologin ${name}`;
  }
}

/** Packages that bring `createUserCommand`'s tools where a minimal image of the family lacks them. */
export const USER_CREATION_PACKAGES: Readonly<Record<UserFamily, readonly string[]>> = {
  debian: [],
  ubuntu: [],
  alpine: [],
  rhel: ['shadow-utils'],
  distroless: [],
};

/**
 * User-management tools a slim image lacks, and the package that brings each, for an original's
 * own setup commands: Debian's slim images ship passwd (useradd) but not adduser; Alpine's
 * busybox has adduser but not useradd.
 */
export const USER_TOOL_PACKAGES: Readonly<Record<Exclude<UserFamily, 'distroless'>, Readonly<Record<string, string>>>> = {
  debian: { adduser: 'adduser', addgroup: 'adduser', deluser: 'adduser' },
  ubuntu: { adduser: 'adduser', addgroup: 'adduser', deluser: 'adduser' },
  alpine: { useradd: 'shadow', groupadd: 'shadow', usermod: 'shadow' },
  rhel: { useradd: 'shadow-utils', groupadd: 'shadow-utils', usermod: 'shadow-utils' },
};

/** The USER line's argument and chown owner for a production stage on that family: `nonroot:nonroot` or `10001:10001`. */
export function runUserSpec(family: UserFamily): string {
  return family === 'distroless' ? DISTROLESS_USER : CREATED_USER_SPEC;
}

/** True for the RUN line `createUserCommand` wrote, so a plan that keeps root can drop it with its USER. */
export function isUserCreationLine(line: string): boolean {
  const families: UserFamily[] = ['debian', 'alpine', 'rhel'];
  return families.some((family) => line === `RUN ${createUserCommand(family)}`);
}
