import { describe, expect, it } from 'vitest';
import { sampleCallbacks } from './callback-sample.js';

const ids = Array.from({ length: 200 }, (_, i) => i * 3 + 7);

describe('call-back lists drawn from a recorded seed', () => {
  it('the same seed and visits give the same list, whatever the order the visits come in', () => {
    const a = sampleCallbacks('seed-2026-05', ids, 20);
    const b = sampleCallbacks('seed-2026-05', [...ids].reverse(), 20);
    expect(a).toEqual(b);
    expect(a).toHaveLength(20);
    expect(new Set(a).size).toBe(20);
    expect(a.every((id) => ids.includes(id))).toBe(true);
  });

  it('another seed gives another list', () => {
    expect(sampleCallbacks('seed-a', ids, 20)).not.toEqual(sampleCallbacks('seed-b', ids, 20));
  });

  it.each([
    [5, 0, 0],
    [5, 3, 3],
    [5, 10, 5],
  ])('with %i visits and a size of %i, %i are picked', (n, size, picked) => {
    expect(sampleCallbacks('x', ids.slice(0, n), size)).toHaveLength(picked);
  });

  it('every visit can be picked: over many seeds the picks spread over the whole list', () => {
    const seen = new Set<number>();
    for (let s = 0; s < 200; s++) for (const id of sampleCallbacks(`s${s}`, ids.slice(0, 30), 3)) seen.add(id);
    expect(seen.size).toBe(30);
  });
});
