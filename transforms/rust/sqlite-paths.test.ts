import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { sqliteDatabases } from './sqlite-paths.js';

function context(contents: Record<string, string>): BuildContext {
  return { files: Object.keys(contents).sort(), directories: [], contents: new Map(Object.entries(contents)) };
}

describe('sqliteDatabases', () => {
  it('reads the files r2d2_sqlite, rusqlite and sqlx URLs name, with where each is opened', () => {
    const found = sqliteDatabases(context({
      'src/main.rs': 'let manager = SqliteConnectionManager::file("todo.db");\nlet conn = rusqlite::Connection::open("/data/cache.sqlite")?;',
      'src/db.rs': 'let pool = SqlitePool::connect("sqlite://store/app.db?mode=rwc").await?;\nlet other = SqlitePool::connect("sqlite:events.db").await?;',
    }));
    expect(found.map((write) => [write.path, write.source])).toEqual([
      ['todo.db', 'src/main.rs:1 (SqliteConnectionManager::file("todo.db"))'],
      ['/data/cache.sqlite', 'src/main.rs:2 (Connection::open("/data/cache.sqlite"))'],
      ['store/app.db', 'src/db.rs:1 ("sqlite://store/app.db?mode=rwc")'],
      ['events.db', 'src/db.rs:2 ("sqlite:events.db")'],
    ]);
    expect(found.every((write) => write.kind === 'file')).toBe(true);
  });

  it('leaves out in-memory databases, built paths, comments and build scripts', () => {
    expect(sqliteDatabases(context({
      'src/main.rs': 'SqlitePool::connect("sqlite::memory:");\nConnection::open(":memory:");\nSqlitePool::connect("sqlite://cache?mode=memory");\n// Connection::open("old.db");\nformat!("sqlite:{}", name);',
      'build.rs': 'Connection::open("schema.db");',
    }))).toEqual([]);
  });
});
