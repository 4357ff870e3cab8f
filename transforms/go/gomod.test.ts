import { describe, expect, it } from 'vitest';
import { binaryNameOf, goMinorVersion, readGoMod } from './gomod.js';

describe('readGoMod', () => {
  it('reads the module path, the go version and every require, in blocks or not', () => {
    const mod = readGoMod(
      [
        'module github.com/acme/api // the service',
        '',
        'go 1.22.3',
        '',
        'toolchain go1.22.5',
        '',
        'require github.com/go-chi/chi/v5 v5.0.12',
        '',
        'require (',
        '\tgithub.com/mattn/go-sqlite3 v1.14.22',
        '\t// a comment line inside the block',
        '\tgolang.org/x/sys v0.20.0 // indirect',
        ')',
        '',
      ].join('\n'),
    );
    expect(mod).toEqual({
      module: 'github.com/acme/api',
      go: '1.22.3',
      requires: ['github.com/go-chi/chi/v5', 'github.com/mattn/go-sqlite3', 'golang.org/x/sys'],
      localReplacements: [],
    });
  });

  it('notices replacements that point into the file system', () => {
    const mod = readGoMod('module m\n\ngo 1.21\n\nreplace (\n\texample.com/lib => ../lib\n\texample.com/fork v1.0.0 => example.com/fork2 v1.0.1\n)\nreplace example.com/x => ./third_party/x\n');
    expect(mod.localReplacements).toEqual(['../lib', './third_party/x']);
  });

  it('reads CRLF files and quoted module paths', () => {
    expect(readGoMod('module "example.com/quoted"\r\ngo 1.20\r\n')).toMatchObject({ module: 'example.com/quoted', go: '1.20' });
  });
});

describe('binaryNameOf', () => {
  it('names a binary after the last path element, skipping a major-version suffix', () => {
    expect(binaryNameOf('github.com/acme/api')).toBe('api');
    expect(binaryNameOf('github.com/acme/api/v2')).toBe('api');
    expect(binaryNameOf('./cmd/server/')).toBe('server');
    expect(binaryNameOf('/app')).toBe('app');
  });
});

describe('goMinorVersion', () => {
  it('reads major and minor from tags and go directives', () => {
    expect(goMinorVersion('1.22')).toEqual([1, 22]);
    expect(goMinorVersion('1.22.3')).toEqual([1, 22]);
    expect(goMinorVersion('1.23rc1')).toEqual([1, 23]);
    expect(goMinorVersion('latest')).toBeNull();
    expect(goMinorVersion('1')).toBeNull();
    expect(goMinorVersion(null)).toBeNull();
  });
});
