import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { dotenvCopies, dotenvLoads, isDotenvSource, requiredDotenvFlag } from './dotenv.js';

const lines = (file: string, text: string) => dotenvLoads(file, text).map((load) => load.line);

describe('dotenvLoads', () => {
  it('finds the line of each stack that loads .env', () => {
    expect(lines('server.js', "const x = 1;\nrequire('dotenv').config();\n")).toEqual([2]);
    expect(lines('src/main.ts', "import 'dotenv/config';\n")).toEqual([1]);
    expect(lines('src/env.mjs', "import dotenv from 'dotenv';\ndotenv.config({ path: '../.env' });\n")).toEqual([2]);
    expect(lines('main.go', 'package main\n\nfunc main() {\n\tgodotenv.Load()\n}\n')).toEqual([4]);
    expect(lines('cmd/api/main.go', 'import _ "github.com/joho/godotenv/autoload"\n')).toEqual([1]);
    expect(lines('app/settings.py', 'from dotenv import load_dotenv, find_dotenv\n\nload_dotenv(find_dotenv(), override=True)\n')).toEqual([3]);
    expect(lines('config.py', 'class Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n')).toEqual([2]);
    expect(lines('src/main.rs', 'fn main() {\n    dotenvy::dotenv().ok();\n}\n')).toEqual([2]);
    expect(lines('src/main.rs', 'use dotenv::dotenv;\nfn main() {\n    dotenv().ok();\n}\n')).toEqual([3]);
  });

  it('names the crate a bare dotenv() comes from', () => {
    const library = (text: string) => dotenvLoads('src/main.rs', text).map((load) => load.library);
    expect(library('use dotenv::dotenv;\nfn main() {\n    dotenv().ok();\n}\n')).toEqual(['dotenv']);
    expect(library('use dotenvy::dotenv;\nfn main() {\n    dotenv().ok();\n}\n')).toEqual(['dotenvy']);
  });

  it('leaves out comments, other files and calls that have no default file', () => {
    expect(lines('server.js', "// require('dotenv').config();\n")).toEqual([]);
    expect(lines('app.py', '# load_dotenv()\n')).toEqual([]);
    expect(lines('main.go', '\tgodotenv.Load("config/app.conf")\n')).toEqual([]);
    expect(lines('main.go', '\tviper.SetConfigFile("config.yaml")\n')).toEqual([]);
    expect(lines('settings.py', 'env_file = None\n')).toEqual([]);
    expect(lines('src/main.rs', 'fn dotenv() {}\nfn main() { dotenv(); }\n')).toEqual([]);
    expect(lines('README.md', "require('dotenv').config()\n")).toEqual([]);
  });

  it('reads a path argument: one that ends in .env counts, an encoding does not', () => {
    expect(lines('app.py', "load_dotenv(encoding='utf-8')\n")).toEqual([1]);
    expect(lines('app.py', "load_dotenv('.env.local')\n")).toEqual([]);
    expect(lines('main.go', '\tgodotenv.Load("../.env")\n')).toEqual([1]);
  });
});

describe('isDotenvSource', () => {
  it('takes code and leaves tests out', () => {
    expect(isDotenvSource('src/index.ts')).toBe(true);
    expect(isDotenvSource('app/main.py')).toBe(true);
    expect(isDotenvSource('tests/test_app.py')).toBe(false);
    expect(isDotenvSource('handler_test.go')).toBe(false);
    expect(isDotenvSource('src/app.spec.ts')).toBe(false);
    expect(isDotenvSource('package.json')).toBe(false);
  });
});

describe('dotenvCopies', () => {
  it('tells a whole-context copy from a copy of .env by name', () => {
    const copies = (text: string) => {
      const found = dotenvCopies(parseDockerfile(text));
      return { wholeContext: found.wholeContext, byName: found.byName.map((instruction) => instruction.line + 1) };
    };
    expect(copies('FROM node:20\nCOPY . .\n')).toEqual({ wholeContext: true, byName: [] });
    expect(copies('FROM node:20\nCOPY --chown=node:node ./ /app/\n')).toEqual({ wholeContext: true, byName: [] });
    expect(copies('FROM node:20\nCOPY src ./src\n')).toEqual({ wholeContext: false, byName: [] });
    expect(copies('FROM node:20\nCOPY server.js ./\nCOPY .env* ./\n')).toEqual({ wholeContext: false, byName: [3] });
    expect(copies('FROM node:20 AS base\nFROM base\nCOPY --from=base /app/. .\n')).toEqual({ wholeContext: false, byName: [] });
  });
});

describe('requiredDotenvFlag', () => {
  it("finds Node's --env-file, which stops without the file, and not --env-file-if-exists", () => {
    expect(requiredDotenvFlag(parseDockerfile('FROM node:22\nCMD ["node", "--env-file=.env", "server.js"]\n'))?.line).toBe(1);
    expect(requiredDotenvFlag(parseDockerfile('FROM node:22\nCMD node --env-file .env server.js\n'))?.line).toBe(1);
    expect(requiredDotenvFlag(parseDockerfile('FROM node:22\nCMD ["node", "--env-file-if-exists=.env", "server.js"]\n'))).toBeUndefined();
  });
});

describe('loads that stop the app without .env', () => {
  const stops = (file: string, text: string) => dotenvLoads(file, text).map((load) => load.stops ?? null);

  it('reads Go error handling that ends the process, and not a logged or ignored error', () => {
    expect(stops('main.go', 'func main() {\n\tif err := godotenv.Load(); err != nil {\n\t\tlog.Fatal("Error loading .env file")\n\t}\n}\n')).toEqual(['log.Fatal']);
    expect(stops('main.go', '\terr := godotenv.Load()\n\tif err != nil {\n\t\tpanic(err)\n\t}\n')).toEqual(['panic']);
    expect(stops('main.go', '\tif err := godotenv.Load(); err != nil {\n\t\tlog.Println("no .env file")\n\t}\n\tlog.Fatal(http.ListenAndServe(":8080", nil))\n')).toEqual([null]);
    expect(stops('main.go', '\t_ = godotenv.Load()\n\tlog.Fatal(run())\n')).toEqual([null]);
    expect(stops('main.go', '\tgodotenv.Load()\n\tlog.Fatal(run())\n')).toEqual([null]);
  });

  it('reads Rust unwraps, Node, Java, Ruby and PHP loaders that throw', () => {
    expect(stops('src/main.rs', 'fn main() {\n    dotenvy::dotenv().expect(".env file not found");\n}\n')).toEqual(['expect']);
    expect(stops('src/main.rs', 'use dotenv::dotenv;\nfn main() -> Result<()> {\n    dotenv()?;\n}\n')).toEqual(['the ? operator']);
    expect(stops('src/main.rs', 'fn main() {\n    dotenvy::dotenv().ok();\n}\n')).toEqual([null]);
    expect(stops('server.js', "process.loadEnvFile();\n")).toEqual(['process.loadEnvFile throws']);
    expect(stops('server.js', "require('dotenv').config();\n")).toEqual([null]);
    expect(stops('src/App.java', 'Dotenv dotenv = Dotenv.load();\n')).toEqual(['DotenvException']);
    expect(stops('src/App.java', 'Dotenv dotenv = Dotenv.configure()\n    .ignoreIfMissing()\n    .load();\n')).toEqual([null]);
    expect(stops('config/boot.rb', 'Dotenv.load!\n')).toEqual(['Dotenv.load! raises']);
    expect(stops('index.php', "$dotenv = Dotenv::createImmutable(__DIR__);\n$dotenv->load();\n")).toEqual(['InvalidPathException']);
    expect(stops('index.php', "$dotenv = Dotenv::createImmutable(__DIR__);\n$dotenv->safeLoad();\n")).toEqual([null]);
  });
});
