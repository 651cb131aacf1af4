import { describe, expect, it } from 'vitest';
import { escapeLike, parseSort } from './list-query.js';

const allowed = ['name', 'createdAt'] as const;
const fallback = { field: 'name', direction: 'asc' } as const;

describe('a list sorts only by the fields it allows', () => {
  it.each([
    [undefined, fallback],
    ['name', { field: 'name', direction: 'asc' }],
    ['-createdAt', { field: 'createdAt', direction: 'desc' }],
    ['password', null],
    ['-', null],
  ])('sort=%s', (sort, expected) => {
    expect(parseSort(sort, allowed, fallback)).toEqual(expected);
  });
});

describe('search input is matched literally', () => {
  it.each([
    ['50%', '50\\%'],
    ['a_b', 'a\\_b'],
    ['c\\d', 'c\\\\d'],
    ['张三', '张三'],
  ])('%s', (input, expected) => {
    expect(escapeLike(input)).toBe(expected);
  });
});
