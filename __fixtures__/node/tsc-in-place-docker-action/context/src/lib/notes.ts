export function hasReleaseNote(body: string): boolean {
  return /^release note:/im.test(body);
}
