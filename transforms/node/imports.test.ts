import { describe, expect, it } from 'vitest';
import { importedPackages, moduleSpecifiers, packageOfSpecifier } from './imports.js';

describe('moduleSpecifiers', () => {
  it('finds require, import, dynamic import and re-exports, but not comments or type-only imports', () => {
    const text = [
      "import 'dotenv/config';",
      "import express, { Router } from 'express';",
      "import type { Pool } from 'pg';",
      "export * from './routes';",
      "const cors = require('cors');",
      "// const faker = require('@faker-js/faker');",
      "/* import morgan from 'morgan'; */",
      "const lazy = await import('@scope/pkg/sub');",
    ].join('\n');
    expect(moduleSpecifiers(text).sort()).toEqual(['./routes', '@scope/pkg/sub', 'cors', 'dotenv/config', 'express']);
  });
});

describe('packageOfSpecifier', () => {
  it('names the package of a bare specifier and none for paths and built-ins', () => {
    expect(packageOfSpecifier('dotenv/config')).toBe('dotenv');
    expect(packageOfSpecifier('@scope/pkg/sub')).toBe('@scope/pkg');
    expect(packageOfSpecifier('node:fs')).toBeNull();
    expect(packageOfSpecifier('path')).toBeNull();
    expect(packageOfSpecifier('./db')).toBeNull();
  });
});

describe('importedPackages', () => {
  it('follows relative imports, also a TypeScript `.js` specifier to its `.ts` file', () => {
    const contents = new Map([
      ['src/index.ts', "import { pool } from './db.js';"],
      ['src/db.ts', "import { Pool } from 'pg';"],
      ['src/unused.ts', "import faker from '@faker-js/faker';"],
    ]);
    const context = { files: [...contents.keys()], directories: ['src'], contents };
    expect([...importedPackages(context, ['src/index.ts'])]).toEqual([['pg', 'src/db.ts']]);
  });
});
