import { createColors } from 'picocolors';
import { summarize, type FileResult, type Status } from '../core/status.js';
import { colorizeDiff, printable, quotePath } from './diff.js';

export type ReportFormat = 'text' | 'json' | 'markdown';

export interface ReportOptions {
  readonly format: ReportFormat;
  /** Print each diff (dry run and check); JSON always carries them. */
  readonly showDiffs: boolean;
  readonly color: boolean;
}

export function formatReport(results: readonly FileResult[], options: ReportOptions): string {
  switch (options.format) {
    case 'json':
      return formatJson(results);
    case 'markdown':
      return formatMarkdown(results, options.showDiffs);
    case 'text':
      return formatText(results, options);
  }
}

function formatJson(results: readonly FileResult[]): string {
  const files = results.map((result) => ({
    path: result.path,
    status: result.status,
    transform: result.transform,
    reason: result.reason,
    changes: result.changes,
    warnings: result.warnings,
    diff: result.diff,
  }));
  return JSON.stringify({ version: 1, files, summary: summarize(results) }, null, 2) + '\n';
}

function headline(result: FileResult): string {
  // One change id can stand for several changes (non-root: the user, and who owns what): name it once.
  if (result.status === 'migrated') return [...new Set(result.changes.map((change) => change.id))].join(', ');
  return result.reason ?? '';
}

function formatText(results: readonly FileResult[], options: ReportOptions): string {
  const colors = createColors(options.color);
  const paint: Record<Status, (text: string) => string> = {
    migrated: colors.green,
    unchanged: colors.dim,
    skipped: colors.yellow,
    error: colors.red,
  };
  const out: string[] = [];
  if (options.showDiffs) {
    for (const result of results) if (result.diff) out.push(colorizeDiff(result.diff, options.color).replace(/\n$/, ''));
    if (out.length > 0) out.push('');
  }
  for (const result of results) {
    const transform = result.transform ? ` [${result.transform}]` : '';
    out.push(`${paint[result.status](result.status.padEnd(9))} ${quotePath(result.path)}${transform}: ${printable(headline(result))}`);
    for (const warning of result.warnings) out.push(`          ${colors.yellow('warning')} ${warning.id}: ${printable(warning.message)}`);
  }
  out.push(summaryLine(results));
  return out.join('\n') + '\n';
}

export function summaryLine(results: readonly FileResult[]): string {
  const summary = summarize(results);
  const files = results.length === 1 ? 'file' : 'files';
  return `${results.length} ${files}: ${summary.migrated} migrated, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.error} error`;
}

function escapeCell(text: string): string {
  return printable(text).replace(/\|/g, '\\|');
}

/** A code span that survives backticks in the text, as CommonMark allows: a longer fence. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest === 0 ? `${fence}${text}${fence}` : `${fence} ${text} ${fence}`;
}

function formatMarkdown(results: readonly FileResult[], showDiffs: boolean): string {
  const out = ['## dfmod migration report', '', summaryLine(results), '', '| Status | File | Transform | Changes or reason |', '| --- | --- | --- | --- |'];
  for (const result of results) {
    out.push(`| ${result.status} | ${code(escapeCell(quotePath(result.path)))} | ${result.transform ?? ''} | ${escapeCell(headline(result))} |`);
  }
  for (const result of results) {
    if (result.status !== 'migrated') continue;
    out.push('', `### ${code(quotePath(result.path))}`, '');
    for (const change of result.changes) out.push(`- ${change.id}: ${printable(change.message)}`);
    for (const warning of result.warnings) out.push(`- **warning** ${warning.id}: ${printable(warning.message)}`);
    if (showDiffs && result.diff) {
      const fence = result.diff.includes('```') ? '~~~~' : '```';
      out.push('', `<details><summary>diff</summary>`, '', `${fence}diff`, result.diff.replace(/\n$/, ''), fence, '', '</details>');
    }
  }
  return out.join('\n') + '\n';
}
