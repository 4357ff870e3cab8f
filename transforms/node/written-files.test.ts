import { describe, expect, it } from 'vitest';
import { prismaSqlitePath } from '../shared/written-paths.js';
import { nodeWrittenPaths } from './written-files.js';

describe('files a Node app writes next to its code', () => {
  it('reads the SQLite file of a Prisma datasource relative to the schema', () => {
    const schema = (url: string) => `datasource db {\n  provider = "sqlite" // local\n  url      = ${url}\n}\n`;
    expect(prismaSqlitePath('prisma/schema.prisma', schema('"file:./dev.db"'))).toEqual({ path: 'prisma/dev.db', line: 3 });
    expect(prismaSqlitePath('schema.prisma', schema('"file:../data/app.db"'))).toEqual({ path: '../data/app.db', line: 3 });
    expect(prismaSqlitePath('prisma/schema.prisma', schema('env("DATABASE_URL")'))).toEqual({ variable: 'DATABASE_URL', line: 3 });
    expect(prismaSqlitePath('prisma/schema.prisma', schema('env("DATABASE_URL")'), new Map([['DATABASE_URL', 'file:./app.db']]))).toEqual({ path: 'prisma/app.db', line: 3 });
    expect(prismaSqlitePath('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = "file:./dev.db"\n}\n')).toBeNull();
  });

  it('finds the directories of relative logger files', () => {
    const context = {
      files: ['src/log.ts', 'src/pino.js'],
      directories: ['src'],
      contents: new Map([
        ['src/log.ts', "new winston.transports.File({ filename: 'logs/error.log', level: 'error' });\nnew winston.transports.File({ filename: '/var/log/app.log' });\n"],
        ['src/pino.js', "pino(pino.destination({ dest: './var/app.log', mkdir: true }));\n"],
      ]),
    };
    expect(nodeWrittenPaths(context).map((path) => [path.path, path.kind])).toEqual([['logs', 'directory'], ['./var', 'directory']]);
  });
});
