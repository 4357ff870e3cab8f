import { it } from 'vitest';
import { contextReader } from '../src/pipeline/context.js';
import { parseDockerfile } from '../src/pipeline/parse.js';
import { readFileSync } from 'node:fs';
import { rust } from '../transforms/rust/index.js';
import { printPlan } from '../src/pipeline/print.js';
import { verifyMigration } from '../src/pipeline/verify.js';
it('perf', () => {
  for (const name of ['package-name-binary', 'workspace-members', 'openssl-sys-runtime-libs']) {
    const dir = `__fixtures__/rust/${name}/context`;
    const context = contextReader(rust.meta.reads)(dir);
    const text = readFileSync(`${dir}/Dockerfile`, 'utf8');
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) {
      const dockerfile = parseDockerfile(text);
      const input = { path: 'Dockerfile', dockerfile, context, options: { runtime: 'auto' as const } };
      rust.match(input);
      const r = rust.plan(input);
      if (r.ok) verifyMigration(dockerfile, printPlan(dockerfile, r.plan), r.plan.runtime);
    }
    console.log(name, ((performance.now() - t0) / 500).toFixed(3), 'ms per file');
  }
});
