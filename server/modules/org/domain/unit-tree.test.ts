import { describe, expect, it } from 'vitest';
import { checkUnitParent, rebasePath, type UnitNode, unitPath } from './unit-tree.js';

const county: UnitNode = { id: 1, path: '/1/' };
const town: UnitNode = { id: 2, path: '/1/2/' };
const office: UnitNode = { id: 3, path: '/1/2/3/' };
const other: UnitNode = { id: 12, path: '/12/' };

describe('a unit cannot move under itself or its own descendants', () => {
  it.each([
    ['moving to the root', town, null, null],
    ['moving under an unrelated unit', town, other, null],
    ['moving under a sibling subtree whose id shares digits', county, other, null],
    ['moving under itself', town, town, 'SelfParent'],
    ['moving under its child', town, office, 'Cycle'],
    ['moving under its grandchild', county, office, 'Cycle'],
  ] as const)('%s', (_name, unit, parent, expected) => {
    expect(checkUnitParent(unit, parent)?.type ?? null).toBe(expected);
  });
});

describe('paths of a moved subtree', () => {
  it('a unit path extends its parent path with its id', () => {
    expect(unitPath(null, 7)).toBe('/7/');
    expect(unitPath('/1/2/', 7)).toBe('/1/2/7/');
  });
  it('descendants keep their tail under the new prefix', () => {
    expect(rebasePath('/1/2/3/', '/1/2/', '/12/2/')).toBe('/12/2/3/');
    expect(rebasePath('/1/2/', '/1/2/', '/2/')).toBe('/2/');
    expect(() => rebasePath('/5/', '/1/', '/2/')).toThrow(RangeError);
  });
});
