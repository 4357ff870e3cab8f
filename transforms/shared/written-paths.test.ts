import { describe, expect, it } from 'vitest';
import { isTemporaryPath } from './written-paths.js';

describe('isTemporaryPath', () => {
  it('knows the temporary directory of each stack, directly or through the name the file assigned it to', () => {
    expect(isTemporaryPath('file', "const file = path.join(os.tmpdir(), `${id}.pdf`);\nfs.writeFileSync(file, data);")).toBe(true);
    expect(isTemporaryPath('env::temp_dir(', 'File::create(env::temp_dir().join("x"))')).toBe(true);
    expect(isTemporaryPath('out', 'let mut out: PathBuf = std::env::temp_dir();\nFile::create(out)')).toBe(true);
    expect(isTemporaryPath('format!("/tmp/{}.csv", id', '')).toBe(true);
  });

  it('counts any other computed path as unknown, a later assignment winning', () => {
    expect(isTemporaryPath('dirPath', "let dirPath = path.join(os.tmpdir(), 'x');\ndirPath = path.join(UPLOADS, name);\nlet dirPath = path.join(UPLOADS, name);")).toBe(false);
    expect(isTemporaryPath('target', "const target = path.join(__dirname, 'uploads');")).toBe(false);
    expect(isTemporaryPath('format!("{}/tmp/{}", base, id', '')).toBe(false);
  });
});
