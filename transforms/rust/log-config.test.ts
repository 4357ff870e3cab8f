import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { logDirectories } from './log-config.js';

function context(contents: Record<string, string>): BuildContext {
  return { files: Object.keys(contents).sort(), directories: [], contents: new Map(Object.entries(contents)) };
}

describe('logDirectories', () => {
  it('reads the directories of file and rolling_file appenders', () => {
    const found = logDirectories(context({
      'src/main.rs': 'fn main() { log4rs::init_file("config/log4rs.yaml", Default::default()).unwrap(); }',
      'config/log4rs.yaml': 'appenders:\n  out:\n    kind: console\n  file:\n    kind: file\n    path: log/app.log\n  rolled:\n    kind: rolling_file\n    path: /var/log/app/rolled.log\n',
    }));
    expect(found).toEqual({ directories: ['/var/log/app', 'log'], unread: [] });
  });

  it('names a configuration it cannot read', () => {
    expect(logDirectories(context({ 'src/main.rs': 'log4rs::init_file("settings/logging.toml", Default::default())' }))).toEqual({ directories: [], unread: ['settings/logging.toml'] });
  });
});
