import { parseJsonc } from '../shared/jsonc.js';

/**
 * What `dotnet run` takes from `Properties/launchSettings.json` when no `--launch-profile` or
 * `--no-launch-profile` is given: the first profile whose `commandName` is `Project` (SDK
 * 10.0.200 and later also take an `Executable` one, which runs another program). Its
 * `applicationUrl` becomes `ASPNETCORE_URLS` and its `environmentVariables` are set on the app's
 * process, over what the image sets. The published app reads no launch profile, so production
 * must set the same variables itself.
 */
export type LaunchProfile =
  | { readonly ok: true; readonly name: string; readonly variables: readonly (readonly [string, string])[] }
  | { readonly ok: false; readonly reason: string };

/** Keys of a profile that only tell the IDE or the console what to show, not what the app gets. */
const DISPLAY_KEYS = new Set(['commandName', 'dotnetRunMessages', 'launchBrowser', 'launchUrl', 'inspectUri', 'hotReloadEnabled', 'hotReloadProfile', 'jsWebView2Debugging', 'nativeDebugging', 'sqlDebugging', 'remoteDebugEnabled']);

/** A value written as an unquoted ENV word: no expansion (`%VAR%` is expanded by dotnet run, `$` by Docker), no spaces or quotes. */
const PLAIN_VALUE = /^[^\s"'$%\\`]*$/;

export function readLaunchProfile(path: string, text: string): LaunchProfile {
  const document = parseJsonc(text.replace(/^\uFEFF/, ''));
  const profiles = typeof document === 'object' && document !== null ? (document as Record<string, unknown>)['profiles'] : undefined;
  if (typeof profiles !== 'object' || profiles === null) return { ok: false, reason: `${path} has no profiles object dfmod can read` };
  const chosen = Object.entries(profiles as Record<string, unknown>).find(([, profile]) => {
    const command = typeof profile === 'object' && profile !== null ? (profile as Record<string, unknown>)['commandName'] : undefined;
    return command === 'Project' || command === 'Executable';
  });
  if (!chosen) return { ok: false, reason: `${path} has no Project profile, and what dotnet run then does is not certain` };
  const [name, value] = chosen;
  const profile = value as Record<string, unknown>;
  const where = `the profile "${name}" of ${path}, which dotnet run applies`;
  if (profile['commandName'] !== 'Project') return { ok: false, reason: `${where}, starts another program (commandName ${String(profile['commandName'])})` };
  const variables: [string, string][] = [];
  for (const [key, setting] of Object.entries(profile)) {
    if (DISPLAY_KEYS.has(key)) continue;
    if (key === 'applicationUrl' && typeof setting === 'string') {
      if (setting === '') continue;
      if (!PLAIN_VALUE.test(setting)) return { ok: false, reason: `${where}, sets applicationUrl ${setting}, which dfmod does not write as ENV` };
      variables.unshift(['ASPNETCORE_URLS', setting]);
    } else if (key === 'environmentVariables' && typeof setting === 'object' && setting !== null) {
      for (const [variable, text] of Object.entries(setting as Record<string, unknown>)) {
        if (typeof text !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable) || !PLAIN_VALUE.test(text)) {
          return { ok: false, reason: `${where}, sets ${variable} to a value dfmod does not write as ENV` };
        }
        variables.push([variable, text]);
      }
    } else {
      return { ok: false, reason: `${where}, sets ${key}, which the published app would not get` };
    }
  }
  if (variables.filter(([variable]) => variable === 'ASPNETCORE_URLS').length > 1) return { ok: false, reason: `${where}, sets ASPNETCORE_URLS both as applicationUrl and as a variable` };
  return { ok: true, name, variables };
}
