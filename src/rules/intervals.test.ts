import { describe, expect, it } from 'vitest';
import { coveredRunFromStart, gaps, totalLength, union } from './intervals.ts';

describe('intervals', () => {
  it('merges overlapping and adjacent intervals so a day is counted once', () => {
    const u = union([
      { from: 10, to: 20 },
      { from: 1, to: 5 },
      { from: 15, to: 30 },
      { from: 6, to: 6 },
    ]);
    expect(u).toEqual([
      { from: 1, to: 6 },
      { from: 10, to: 30 },
    ]);
    expect(totalLength(u)).toBe(27);
    expect(gaps(u)).toEqual([{ from: 7, to: 9 }]);
  });

  it('ends a continuity run at the first uncovered day', () => {
    const cover = union([
      { from: 0, to: 9 },
      { from: 12, to: 40 },
    ]);
    expect(coveredRunFromStart({ from: 5, to: 30 }, cover)).toEqual({ from: 5, to: 9 });
    expect(coveredRunFromStart({ from: 10, to: 30 }, cover)).toBeUndefined();
  });
});
