import type { BuildContext } from '../../src/core/context.js';
import type { WrittenPath } from '../shared/app-owner.js';
import { isTemporaryPath, prismaSqlitePath } from '../shared/written-paths.js';
import { SOURCE_EXTENSIONS } from './imports.js';

/**
 * Logger file transports that create their file's directory when the app loads them: winston's
 * `transports.File({ filename })` (mkdirSync of its dirname), pino's `pino.destination({ dest,
 * mkdir: true })` and `transport({ target: 'pino/file', options: { destination, mkdir: true } })`,
 * and log4js's `type: 'file'` appenders.
 */
const LOG_FILE_OPTION = /\b(filename|dest|destination)\s*:\s*["'`]([^"'`$]+)["'`]/;
const LOG_TRANSPORT = /transports\.File\b|pino\.destination\b|pino\/file|\btype\s*:\s*["']file["']|\bappenders\b/;

/**
 * The files the app's code writes next to it, relative to the directory it runs in: the
 * directories of its loggers' relative log files, and the SQLite database its Prisma schema names
 * (`copied` when the context has it, so production copies it in). A database the schema takes
 * from an env variable that `environment` (the image's ENV) lacks is that variable (`${DATABASE_URL}`),
 * which the owner rule cannot resolve, so the image keeps its user.
 */
export function nodeWrittenPaths(context: BuildContext, environment: ReadonlyMap<string, string | null> = new Map()): WrittenPath[] {
  const found: WrittenPath[] = [];
  for (const [file, text] of context.contents) {
    if (file.split('/').includes('node_modules')) continue;
    if (SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext)) && LOG_TRANSPORT.test(text)) {
      text.split(/\r?\n/).forEach((line, index) => {
        const option = LOG_FILE_OPTION.exec(line);
        const path = option?.[2];
        if (path === undefined || line.trimStart().startsWith('//') || path.startsWith('/')) return;
        const source = `${file}:${index + 1} (${option![1]}: "${path}")`;
        found.push(path.includes('/') ? { path: path.slice(0, path.lastIndexOf('/')), kind: 'directory', source } : { path, kind: 'file', source });
      });
    }
    if (file.endsWith('schema.prisma')) {
      const database = prismaSqlitePath(file, text, environment);
      if (database === null) continue;
      if ('variable' in database) {
        found.push({ path: `\${${database.variable}}`, kind: 'file', source: `${file}:${database.line} (sqlite datasource from env("${database.variable}"))` });
        continue;
      }
      if (database.path.startsWith('/')) continue;
      const copied = context.files.includes(database.path);
      found.push({ path: database.path, kind: 'file', source: `${file}:${database.line} (sqlite datasource)`, ...(copied ? { copied } : {}) });
    }
  }
  return found.filter((path, index) => found.findIndex((other) => other.path === path.path) === index);
}

/** fs calls that create or write a path, with a first argument that is not a string literal. */
const COMPUTED_WRITE = /\b(?:fs\.|fsp\.|promises\.)?(writeFile(?:Sync)?|appendFile(?:Sync)?|mkdir(?:Sync)?|createWriteStream)\(\s*(?!["'`])([\w.$[\]]+)\s*[,)]/;
const TEST_OR_TOOLING = /(?:^|\/)(?:__tests__|__mocks__|test|tests|scripts)\/|\.(?:test|spec)\.[^/]+$|\.d\.[mc]?ts$|(?:^|\/)[^/]*\.config\.[^/]+$/;

/**
 * Writes whose path the code computes (`fs.writeFile(path, ...)`, `createWriteStream(file)`) in
 * the app's own sources: dfmod cannot tell where they land, so it cannot give that place to the
 * run user. A write into the temporary directory needs nothing of it. As `src/utils/file.ts:9
 * (writeFile): path`.
 */
export function computedWrites(context: BuildContext): string[] {
  const sites: string[] = [];
  for (const [file, text] of context.contents) {
    if (file.split('/').includes('node_modules') || !SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext)) || TEST_OR_TOOLING.test(file)) continue;
    text.split(/\r?\n/).forEach((line, index) => {
      if (line.trimStart().startsWith('//')) return;
      const write = COMPUTED_WRITE.exec(line);
      if (write && !isTemporaryPath(write[2]!, text)) sites.push(`${file}:${index + 1} (${write[1]}): ${write[2]}`);
    });
  }
  return sites.sort();
}
