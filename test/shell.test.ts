import { describe, expect, it } from 'vitest';
import { splitCommands, writtenFiles } from '../src/core/shell.js';

const files = { fileRedirects: true };

describe('splitCommands redirections', () => {
  it('reads a write into a file as the command plus the file, when the caller takes files on', () => {
    const commands = splitCommands('npm run build && echo "$GIT_SHA" > build/REVISION', files)!;
    expect(commands.map((command) => command.words)).toEqual([['npm', 'run', 'build'], ['echo', '$GIT_SHA']]);
    expect(commands[1]!.text).toBe('echo "$GIT_SHA" > build/REVISION');
    expect(commands[1]!.redirects).toEqual([{ fd: 1, file: 'build/REVISION', append: false, text: '> build/REVISION' }]);
    expect(writtenFiles(commands[1]!)).toEqual(['build/REVISION']);
  });

  it('refuses a write into a file by default', () => {
    expect(splitCommands('echo x > build/REVISION')).toBeNull();
    expect(splitCommands('echo x >> log.txt')).toBeNull();
  });

  it('reads /dev/null and descriptor copies for every caller, writing no file', () => {
    const [build] = splitCommands('go build -o /app ./cmd/api > /dev/null 2>&1')!;
    expect(build!.words).toEqual(['go', 'build', '-o', '/app', './cmd/api']);
    expect(build!.redirects.map((redirect) => redirect.text)).toEqual(['> /dev/null', '2>&1']);
    expect(writtenFiles(build!)).toEqual([]);
    expect(splitCommands('command -v curl >/dev/null || apt-get install -y curl')!.map((command) => command.words[0])).toEqual(['command', 'apt-get']);
    expect(splitCommands('echo failed >&2')![0]!.redirects).toEqual([{ fd: 1, file: null, append: false, text: '>&2' }]);
  });

  it('reads appends, descriptors written before the command and targets without a space', () => {
    const [command] = splitCommands('2>>errors.log >out.txt node build.js', files)!;
    expect(command!.words).toEqual(['node', 'build.js']);
    expect(command!.redirects.map(({ fd, file, append }) => ({ fd, file, append }))).toEqual([
      { fd: 2, file: 'errors.log', append: true },
      { fd: 1, file: 'out.txt', append: false },
    ]);
  });

  it('keeps a quoted or embedded `>` and digits that are part of a word', () => {
    expect(splitCommands('echo "a > b"')![0]!.words).toEqual(['echo', 'a > b']);
    expect(splitCommands('echo v2>/dev/null')![0]!.words).toEqual(['echo', 'v2']);
    expect(splitCommands('echo "2">/dev/null')![0]!.words).toEqual(['echo', '2']);
  });

  it('refuses what it cannot read safely', () => {
    for (const script of [
      'cat <<< "$VALUE"',
      'cat < input.txt',
      'diff <(ls a) <(ls b)',
      'tee >(gzip > out.gz)',
      'echo x > "$TARGET"',
      'echo x > ~/.npmrc',
      'echo x > out-*.txt',
      'echo x >| forced.txt',
      'echo x &> both.txt',
      'echo x >&',
      'echo x >&file',
      'echo x >',
      'echo x > && ls',
      '> empty.txt',
    ]) {
      expect(splitCommands(script, files), script).toBeNull();
    }
  });
});
