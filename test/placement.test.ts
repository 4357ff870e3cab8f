import { describe, expect, it } from 'vitest';
import { liftedNote, orderWithPackagesLifted, type LiftKind } from '../transforms/shared/placement.js';

describe('orderWithPackagesLifted', () => {
  it('moves the installs that follow the source copy above it, keeping their order', () => {
    const kinds: LiftKind[] = ['other', 'copy', 'packages', 'copy', 'packages', 'other'];
    expect(orderWithPackagesLifted(kinds, 1)).toEqual({ order: [0, 2, 4, 1, 3, 5], lifted: [2, 4] });
  });

  it('stops at the first step that is neither a copy nor an install', () => {
    const kinds: LiftKind[] = ['copy', 'other', 'packages'];
    expect(orderWithPackagesLifted(kinds, 0)).toEqual({ order: [0, 1, 2], lifted: [] });
  });

  it('keeps the order when there is no source copy to move above', () => {
    expect(orderWithPackagesLifted(['packages', 'other'], -1)).toEqual({ order: [0, 1], lifted: [] });
    expect(orderWithPackagesLifted(['other', 'packages'], 0)).toEqual({ order: [0, 1], lifted: [] });
  });
});

describe('liftedNote', () => {
  it('names the lines it moved, or says nothing', () => {
    expect(liftedNote([])).toBe('');
    expect(liftedNote([6])).toBe('; the package install of line 6 moves up with them, so that a source change does not rerun it');
    expect(liftedNote([4, 7])).toBe('; the package installs of lines 4, 7 move up with them, so that a source change does not rerun them');
  });
});
