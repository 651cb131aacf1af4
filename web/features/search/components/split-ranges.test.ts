import { describe, expect, it } from 'vitest';
import { splitByRanges } from './split-ranges';

describe('splitByRanges', () => {
  it('marks each range and keeps the text between them', () => {
    expect(
      splitByRanges('东关街道3号井盖缺失', [
        [0, 4],
        [4, 8],
      ]),
    ).toEqual([
      { text: '东关街道', match: true },
      { text: '3号井盖', match: true },
      { text: '缺失', match: false },
    ]);
    expect(splitByRanges('<b>路灯</b>坏了', [[3, 5]])).toEqual([
      { text: '<b>', match: false },
      { text: '路灯', match: true },
      { text: '</b>坏了', match: false },
    ]);
  });

  it('never loses text: bad ranges are skipped', () => {
    const text = 'abcdef';
    for (const ranges of [
      [[4, 2]],
      [[0, 9]],
      [
        [2, 4],
        [3, 5],
      ],
      [[-1, 2]],
      [[2, 2]],
    ] as [number, number][][]) {
      const pieces = splitByRanges(text, ranges);
      expect(pieces.map((p) => p.text).join('')).toBe(text);
    }
  });
});
