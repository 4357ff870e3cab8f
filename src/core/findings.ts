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
