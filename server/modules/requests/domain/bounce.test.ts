import { describe, expect, it } from 'vitest';
import { isBounced, returningUnitIds } from './bounce.js';

const returnsBy = (...unitIds: number[]) => unitIds.map((unitId) => ({ unitId }));

describe('a request bouncing between units is flagged (推诿)', () => {
  it.each([
    ['dispatched once and accepted', 1, [], false],
    ['dispatched twice after one return', 2, [11], false],
    ['dispatched three times', 3, [11], true],
    ['dispatched three times by reassignment, without any return', 3, [], true],
    ['returned by two distinct units', 2, [11, 12], true],
    ['returned twice by the same unit', 2, [11, 11], false],
  ] as const)('%s → %s', (_, dispatchCount, returns, bounced) => {
    expect(isBounced({ dispatchCount, returns: returnsBy(...returns) })).toBe(bounced);
  });

  it('the thresholds are configuration', () => {
    const strict = { minDispatches: 2, minReturningUnits: 1 };
    expect(isBounced({ dispatchCount: 2, returns: [] }, strict)).toBe(true);
    expect(isBounced({ dispatchCount: 1, returns: returnsBy(11) }, strict)).toBe(true);
  });

  it('lists the units that passed the request on, each once, in order', () => {
    expect(returningUnitIds({ dispatchCount: 4, returns: returnsBy(12, 11, 12) })).toEqual([12, 11]);
  });
});
