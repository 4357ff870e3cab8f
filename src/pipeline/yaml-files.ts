import { parseDocument } from 'yaml';

/** A YAML file of the repository as plain data, or null when it does not parse (dfmod then proves nothing from it). */
export function readYaml(text: string): unknown {
  try {
    // `parse` with its warnings silenced returns what it could read of a broken file instead of failing.
    const document = parseDocument(text, { uniqueKeys: false, logLevel: 'silent' });
    return document.errors.length > 0 ? null : (document.toJS() as unknown);
  } catch {
    return null;
  }
}

export function asRecord(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
