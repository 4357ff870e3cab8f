import { parse } from 'yaml';
import type { BuildContext } from '../../src/core/context.js';
import { readText } from '../../src/core/context.js';

/** Context files the transform reads for the log files a log4rs configuration writes. */
export const LOG_CONFIG_READS = ['/log4rs.yml', '/log4rs.yaml', '/config/log4rs.yml', '/config/log4rs.yaml'];

const INIT_FILE = /\blog4rs::init_file\(\s*"([^"]+)"/g;
const FILE_APPENDERS = new Set(['file', 'rolling_file']);

/**
 * Directories, relative to the working directory, that the log4rs configurations the binary
 * loads (`log4rs::init_file("log4rs.yml", ...)`) write log files into: log4rs creates them at
 * start, so a non-root user must own them. A configuration dfmod cannot read is named instead.
 */
export function logDirectories(context: BuildContext): { directories: string[]; unread: string[] } {
  const directories = new Set<string>();
  const unread = new Set<string>();
  for (const [file, text] of context.contents) {
    if (!file.endsWith('.rs') || file.endsWith('build.rs')) continue;
    for (const match of text.matchAll(INIT_FILE)) {
      const config = match[1]!.replace(/^\.\//, '');
      const configText = readText(context, config);
      if (configText === undefined) {
        unread.add(config);
        continue;
      }
      let appenders: unknown;
      try {
        appenders = (parse(configText) as { appenders?: unknown } | null)?.appenders;
      } catch {
        unread.add(config);
        continue;
      }
      if (appenders === null || typeof appenders !== 'object') continue;
      for (const appender of Object.values(appenders as Record<string, unknown>)) {
        const { kind, path } = (appender ?? {}) as { kind?: unknown; path?: unknown };
        if (typeof kind !== 'string' || !FILE_APPENDERS.has(kind) || typeof path !== 'string' || path.includes('$')) continue;
        const directory = path.split('/').slice(0, -1).join('/');
        if (directory !== '') directories.add(directory);
      }
    }
  }
  return { directories: [...directories].sort(), unread: [...unread].sort() };
}
