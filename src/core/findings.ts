/** What a transform did (a change) or could not prove (a warning), as reported to users. */
export interface Finding {
  readonly id: string;
  readonly message: string;
}

export type Change = Finding;
export type Warning = Finding;

/** Fills `{name}` placeholders of a transform's message table. */
export function formatMessage(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** The findings with a repeated id and message left out, the first one kept. */
export function uniqueFindings<T extends Finding>(findings: readonly T[]): T[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.id}:${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Changes in a transform's order of ids (unknown ids last, stable), repeated ones left out. */
export function orderChanges(changes: readonly Change[], order: readonly string[]): Change[] {
  const rank = (id: string) => order.indexOf(id) + 1 || order.length + 1;
  return uniqueFindings([...changes].sort((a, b) => rank(a.id) - rank(b.id)));
}
