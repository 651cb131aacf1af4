import { describe, expect, it } from 'vitest';
import type { DivisionLevel } from '../../../../contracts/org.js';
import { checkDivisionPlacement, divisionPath, levelOfCode, pathDepth } from './division-rules.js';

describe('the level a 12-digit code denotes', () => {
  it.each([
    ['130000000000', 'province'],
    ['130100000000', 'city'],
    ['130102000000', 'county'],
    ['130102001000', 'township'],
    ['130102001201', 'village'],
    ['000000000000', null],
    ['13010200100', null],
    ['13010200100a', null],
  ] as const)('%s is %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
  });
});

type Case = [string, string, DivisionLevel, { code: string; level: DivisionLevel } | null, string[]];

describe('a division code must fit its level and its parent', () => {
  it.each<Case>([
    ['a root county without a parent is allowed', '139901000000', 'county', null, []],
    ['a township under its county', '139901001000', 'township', { code: '139901000000', level: 'county' }, []],
    ['a village under its township', '139901001201', 'village', { code: '139901001000', level: 'township' }, []],
    [
      'a grid under a village shares the township digits',
      '139901001901',
      'grid',
      { code: '139901001201', level: 'village' },
      [],
    ],
    ['a grid under its township', '139901001902', 'grid', { code: '139901001000', level: 'township' }, []],
    ['a city under its province', '130100000000', 'city', { code: '130000000000', level: 'province' }, []],
    ['a code that is not 12 digits', '1399', 'county', null, ['CodeFormat']],
    [
      'a township code declared a village',
      '139901001000',
      'village',
      { code: '139901001000', level: 'township' },
      ['CodeLevelMismatch', 'SelfParent'],
    ],
    [
      'a village code declared a township',
      '139901001201',
      'township',
      { code: '139901000000', level: 'county' },
      ['CodeLevelMismatch'],
    ],
    [
      'a township directly under a city',
      '139901001000',
      'township',
      { code: '139900000000', level: 'city' },
      ['ParentLevelMismatch'],
    ],
    [
      'a village under another county',
      '139902001201',
      'village',
      { code: '139901001000', level: 'township' },
      ['ParentPrefixMismatch'],
    ],
    [
      'a township under another county',
      '139902001000',
      'township',
      { code: '139901000000', level: 'county' },
      ['ParentPrefixMismatch'],
    ],
    [
      'a grid with township zeros',
      '139901001000',
      'grid',
      { code: '139901001000', level: 'township' },
      ['CodeLevelMismatch', 'SelfParent'],
    ],
    [
      'a grid under a county',
      '139901000901',
      'grid',
      { code: '139901000000', level: 'county' },
      ['ParentLevelMismatch'],
    ],
  ])('%s', (_name, code, level, parent, expected) => {
    expect(checkDivisionPlacement({ code, level, parent }).map((v) => v.type)).toEqual(expected);
  });
});

describe('materialised paths', () => {
  it('a root path holds only its code; a child path extends its parent', () => {
    expect(divisionPath(null, '139901000000')).toBe('/139901000000/');
    expect(divisionPath('/139901000000/', '139901001000')).toBe('/139901000000/139901001000/');
    expect(pathDepth('/139901000000/139901001000/')).toBe(2);
    expect(pathDepth('/')).toBe(0);
  });
});
