import { writeAtomic } from './write.js';

/**
 * Writes every diff into one patch file for `git apply` (the diffs already name paths relative
 * to the directory dfmod runs in). The file is written even when no diff is left, so a patch
 * from an earlier run never stays behind looking current.
 */
export async function writePatch(path: string, diffs: readonly string[]): Promise<void> {
  const patch = diffs
    .filter((diff) => diff !== '')
    // A diff missing its final newline would glue its last line to the next file's header.
    .map((diff) => (diff.endsWith('\n') ? diff : `${diff}\n`))
    .join('');
  await writeAtomic(path, patch);
}
