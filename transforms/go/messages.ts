import { formatMessage, type Finding } from '../../src/core/findings.js';

/**
 * Every change and warning text the Go transform reports, by message id. The finding's id is the
 * part before the dot, so one id (`non-root`) can say several things.
 */
export const MESSAGES = {
  'split-stages': 'stages {stages}',
  'runtime-base': 'production stage runs on {image} ({why})',
  'static-binary': 'the builder sets CGO_ENABLED=0 so the binary is static: {why}',
  'static-binary.cgo-module': 'go.mod requires {module}, which only works with cgo, but {why}: the original built it without cgo and so does this build, so it fails to compile or its calls fail at run time (go-sqlite3 compiles to a stub that errors on every query); it needs a C compiler in the builder and a production image with the libc it links',
  'cache-mount': 'Go caches mounted at {targets}',
  'cache-mount.clean-dropped': '"{command}" is dropped: the caches no longer end up in an image',
  'cache-mount.unknown-user': 'the build runs as {user}, whose Go caches dfmod cannot place; no cache mount added',
  'manifest-first': '{files} copied and modules downloaded before the source{lifted}',
  'manifest-first.download-kept': 'line {line} may prepare the module download, so go mod download stays after the source copy',
  'manifest-first.not-added': 'line {line} may prepare the module download, so no go mod download is added before the source copy',
  vendor: 'modules come from vendor/: the build stays offline, with no download step',
  binary: 'production copies the binary {path} from the builder, without the toolchain or the source',
  'binary.moved': "the binary {path} moves to {destination}, on the runtime's PATH",
  'go-run': '{keyword} runs {binary}, the binary "{written}" compiled and started, since production has no go toolchain; the builder compiles it with "{build}"',
  'runtime-files': 'production copies {files} from the builder, which the container may use at run time',
  'runtime-files.unproven': 'the original image had the whole build context in {directory}; production gets the binary{extra}: copy any other file it reads at run time',
  'runtime-files.left-out': 'production leaves out {paths}, which the original image had in {directory} and no code dfmod read opens: copy any the binary reads at run time',
  'runtime-files.unreadable': '{sites} open{s} a path dfmod cannot read, so production has, and hands to its user, only the paths the code names literally: copy and own what {them} use{s} at run time',
  'runtime-files.dotenv': '{site} loads {file}, which no longer enters the image: pass its values at run time (env_file: in compose, docker run --env-file), and check that the code starts without the file',
  'runtime-files.script': 'the entrypoint script may call programs besides {interpreters}; dfmod checked only its interpreter',
  'ca-certificates': 'production has CA certificates ({ca}) and zoneinfo ({zoneinfo}), as the golang image had',
  'runtime-packages': 'production installs {packages}, which the running container needs',
  'runtime-packages.system-library': '{module} links {library} at run time; production gets it only through {packages}',
  'builder-env': 'ENV {names} stays in the builder: only the go command reads it, never the binary',
  'builder-env.several': 'ENV {names} stay in the builder: only the go command reads them, never the binary',
  workdir: "production works in {directory}, the golang image's working directory, as the original did",
  'workdir.image-variable': "production's {keyword} spells out {names}, which the golang image set and the runtime image does not",
  'non-root': "production runs as distroless's {user} user",
  'non-root.created': 'production runs as {user} (uid {uid}), a system user created for it',
  'non-root.kept': 'the original USER {user} is kept',
  'non-root.owned': '{directories} owned by {user}',
  'non-root.writes': 'the container now runs as {user}; directories the binary writes must be owned by it',
  'non-root.low-port': 'port {ports} is below 1024; outside Docker a non-root user may not bind it',
  'redeclare-arg': 'production re-declares ARG {names}',
  'unproven-step': 'line {line}: "{command}" stays in the builder; add it to production if the running container needs its effect',
  'unproven-step.file-setup': 'line {line}: "{command}" is dropped: it cannot run in production ({why}), and the files production copies keep the builder\'s modes',
  'tool-binary': '{path} (go install {module}) stays in the builder; copy it if the running container calls it',
} as const satisfies Record<string, string>;

export type MessageId = keyof typeof MESSAGES;

/** A change or warning from the table, with its placeholders filled. */
export function finding(id: MessageId, values: Record<string, string | number> = {}): Finding {
  return { id: id.split('.')[0]!, message: formatMessage(MESSAGES[id], values) };
}
