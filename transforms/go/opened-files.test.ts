import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { openedFiles } from './opened-files.js';

const listens = (files: Record<string, string>) =>
  openedFiles({ files: Object.keys(files), directories: [], contents: new Map(Object.entries(files)) } satisfies BuildContext).listens.map((listen) => `${listen.port} ${listen.site}`);

describe('openedFiles listens', () => {
  it('reads the literal addresses that net/http, gin, fiber and echo listen on', () => {
    const code = [
      'package main',
      'const addr = "0.0.0.0:443"',
      'func main() {',
      '\tgo http.ListenAndServe(":80", nil)',
      '\tapp.Listen(":3000")',
      '\tr.Run(addr)',
      '\tln, _ := net.Listen("tcp", "[::]:81")',
      '\tsrv := &http.Server{Addr: ":82"}',
      '\te.Start(port)',
      '\tcmd.Run()',
      '}',
    ].join('\n');
    expect(listens({ 'main.go': code, 'main_test.go': 'package main\nfunc init() { http.ListenAndServe(":1", nil) }\n' })).toEqual([
      '82 main.go:8 (Addr)',
      '80 main.go:4 (http.ListenAndServe)',
      '3000 main.go:5 (app.Listen)',
      '443 main.go:6 (r.Run)',
      '81 main.go:7 (net.Listen)',
    ]);
  });
});
