import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { appWrites } from './app-writes.js';

function writesOf(files: Record<string, string>) {
  const context = { contents: new Map(Object.entries(files)) } as unknown as BuildContext;
  return appWrites(context).map(({ target, kind, site }) => ({ target, kind, site }));
}

describe('python app writes', () => {
  it('follows __file__, os.pardir and pathlib to a context directory', () => {
    expect(writesOf({
      'app/store.py': [
        'from pathlib import Path',
        'DATA = Path(__file__).resolve().parent.parent / "data"',
        'DATA.mkdir(exist_ok=True)',
      ].join('\n'),
    })).toEqual([{ target: { kind: 'context', path: 'data' }, kind: 'directory', site: 'app/store.py:3 (DATA.mkdir)' }]);
  });

  it('counts writing opens and relative literals against the working directory, and not reads', () => {
    expect(writesOf({
      'report.py': ['with open("config.json") as f:', '    pass', 'with open("out/report.csv", "w") as f:', '    pass', 'logging.basicConfig(level=10, filename="app.log")'].join('\n'),
    })).toEqual([
      { target: { kind: 'cwd', path: 'out/report.csv' }, kind: 'file', site: 'report.py:3 (open)' },
      { target: { kind: 'cwd', path: 'app.log' }, kind: 'file', site: 'report.py:5 (logging.basicConfig)' },
    ]);
  });

  it('gives the directory of a computed file name, and leaves a computed directory unknown', () => {
    expect(writesOf({
      'log.py': ['import os', 'LOGS = "/var/log/shop"', 'def handler(name):', '    path = os.path.join(LOGS, name + ".log")', '    return FileHandler(path)', 'os.makedirs(settings.OUT)'].join('\n'),
    })).toEqual([
      { target: { kind: 'absolute', path: '/var/log/shop' }, kind: 'directory', site: 'log.py:5 (FileHandler)' },
      { target: { kind: 'unknown', expression: 'settings.OUT' }, kind: 'directory', site: 'log.py:6 (os.makedirs)' },
    ]);
  });

  it('skips tests and installed packages', () => {
    expect(writesOf({ 'tests/test_io.py': 'open("x.txt", "w")', '.env/Lib/site-packages/flask/app.py': 'open("y.txt", "w")' })).toEqual([]);
  });
});
