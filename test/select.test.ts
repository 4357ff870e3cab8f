import { describe, expect, it } from 'vitest';
import type { Transform, TransformInput } from '../src/core/transform.js';
import { parseDockerfile } from '../src/pipeline/parse.js';
import { selectTransform } from '../src/pipeline/select.js';

function refusing(id: string): Transform {
  return {
    meta: { id, description: `${id} test transform`, reads: [], messages: {} },
    match: () => ({ matches: false, reason: `${id} says no` }),
    plan: () => ({ ok: false, status: 'skipped', reason: 'never planned' }),
  } as unknown as Transform;
}

const input = (text: string) => ({ dockerfile: parseDockerfile(text), context: { files: [], directories: [] } }) as unknown as TransformInput;

describe('selectTransform reasons', () => {
  it("gives the recognised stack's own rejection, not the first transform's", () => {
    const selection = selectTransform(input('FROM node:20\nRUN npm ci\nCMD ["node", "index.js"]\n'), [refusing('go'), refusing('node')], null);
    expect(selection).toEqual({ kind: 'leave', status: 'skipped', reason: 'Node.js build detected; node says no' });
  });

  it('says plainly that a recognised stack has no transform', () => {
    const selection = selectTransform(input('FROM ruby:3.3\nRUN bundle install\n'), [refusing('go')], null);
    expect(selection).toEqual({ kind: 'leave', status: 'skipped', reason: 'Ruby build detected; no transform for ruby yet' });
  });

  it("names the base image's stack before one whose tool a RUN also calls", () => {
    const text = 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN npm ci && npm run build\nRUN dotnet publish -c Release -o /app\n';
    const selection = selectTransform(input(text), [refusing('dotnet'), refusing('node')], null);
    expect(selection).toEqual({ kind: 'leave', status: 'skipped', reason: '.NET build detected; dotnet says no' });
  });
});
