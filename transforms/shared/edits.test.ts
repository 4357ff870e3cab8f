import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/pipeline/parse.js';
import { applyEdits } from '../../src/pipeline/print.js';
import { fromEdits } from './edits.js';

function productionFrom(text: string, lowercase: boolean): string {
  const from = parseDockerfile(text).instructions[0]!;
  return applyEdits(from, fromEdits(from, 'production', lowercase, 'python:3.12-slim', true));
}

describe('FROM edits', () => {
  it('writes a repeated FROM and its AS in the majority casing', () => {
    expect(productionFrom('from python:3.12\n', false)).toBe('FROM python:3.12-slim AS production');
    expect(productionFrom('from python:3.12 as base\n', false)).toBe('FROM python:3.12-slim AS production');
    expect(productionFrom('FROM python:3.12 AS base\n', true)).toBe('from python:3.12-slim as production');
  });

  it('leaves the builder FROM as written, with AS in its casing', () => {
    const from = parseDockerfile('from python:3.12\n').instructions[0]!;
    expect(applyEdits(from, fromEdits(from, 'builder', false))).toBe('from python:3.12 as builder');
  });
});
