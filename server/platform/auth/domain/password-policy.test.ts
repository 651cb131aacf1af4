import { describe, expect, it } from 'vitest';
import {
  characterClassesOf,
  checkPassword,
  isCommonPassword,
  isRepetitive,
  passwordProblemMessage,
} from './password-policy.js';

const policy = { minLength: 12, minClasses: 3 };
const owner = { username: 'zhangwei', displayName: '张伟' };

describe('the password policy (12 characters, 3 of 4 classes, no name, not common)', () => {
  it.each([
    // [password, expected problems, rule]
    ['Lianxin-Bridge-2026', [], 'a long password of four classes passes'],
    ['tea-kettle-harbour-9', [], 'three classes are enough'],
    ['Ab1!', ['too_short'], 'four classes but too short'],
    ['abcdefghijkmn', ['too_few_classes'], 'long but only lower case'],
    ['abcdefghij12', ['too_few_classes'], 'two classes are not enough'],
    ['Zhangwei-2026!', ['contains_username'], 'contains the username, in any case'],
    ['iewgnahz-2026!X', ['contains_username'], 'contains the username reversed'],
    ['我是张伟-Abc123!xyz', ['contains_name'], 'contains the display name'],
    ['Woaini1314!!!', ['common_password'], 'a Chinese favourite with symbols added'],
    ['Aa123456', ['too_short', 'common_password'], 'Aa123456 is blocklisted and short'],
    ['P@ssw0rd2026!', ['common_password'], 'look-alike substitutions of "password" plus digits'],
    ['2026#Admin123', ['common_password'], 'a blocklisted word with digits and symbols before it'],
    ['Qwe123!!!!!!', ['common_password', 'repetitive'], 'qwe123 padded with a run of symbols'],
    ['Aaaa1111bbbb!', ['repetitive'], 'runs of four identical characters'],
    ['Ab1!Ab1!Ab1!', ['repetitive'], 'a short pattern repeated throughout'],
    ['1qaz2wsx', ['too_short', 'too_few_classes', 'common_password'], 'a keyboard walk fails three ways'],
  ])('%s → %j (%s)', (password, expected) => {
    expect(checkPassword(password, owner, policy)).toEqual(expected);
  });

  it('takes the length and class count from the configuration', () => {
    expect(checkPassword('Sunny-day-x', owner, { minLength: 8, minClasses: 2 })).toEqual([]);
    expect(checkPassword('Sunny-day-x', owner, { minLength: 12, minClasses: 4 })).toEqual([
      'too_short',
      'too_few_classes',
    ]);
  });

  it('counts characters, not UTF-16 units, so Chinese passwords are measured fairly', () => {
    expect(checkPassword('连心桥连心桥连心桥A1b', owner, policy)).not.toContain('too_short');
  });

  it.each([
    ['abc', 1],
    ['abcABC', 2],
    ['abcABC123', 3],
    ['abcABC123!', 4],
    ['连心123', 2],
  ])('%s uses %i character classes (anything not a letter or digit counts as a symbol)', (password, n) => {
    expect(characterClassesOf(password)).toBe(n);
  });
});

describe('the common-password blocklist', () => {
  it.each([
    ['123456', true],
    ['woaini1314', true],
    ['WOAINI1314', true],
    ['Woaini1314!', true],
    ['5201314', true],
    ['qwe123', true],
    ['Abc@123456', true],
    ['admin123', true],
    ['1qaz2wsx', true],
    ['P@ssw0rd', true],
    ['Pa$$word', true],
    ['!!Passw0rd2024', true],
    ['woaini1314x', false], // a letter added makes it another password (the length and class rules still apply)
    ['password-manager-entry', false], // containing a common word is not the same as being one
    ['Lianxin-Bridge-2026', false],
  ])('%s is common: %s', (password, common) => {
    expect(isCommonPassword(password)).toBe(common);
  });

  it.each([
    ['aaaa', true],
    ['xyzxyzxyz', true],
    ['aaab', false],
    ['Lianxin-2026', false],
  ])('%s is repetitive: %s', (password, repetitive) => {
    expect(isRepetitive(password)).toBe(repetitive);
  });
});

describe('problem messages', () => {
  it('names the configured numbers in Chinese and English', () => {
    expect(passwordProblemMessage('too_short', policy, 'zh')).toContain('12');
    expect(passwordProblemMessage('too_short', policy, 'en')).toBe('Use at least 12 characters');
    expect(passwordProblemMessage('too_few_classes', { minLength: 8, minClasses: 4 }, 'zh')).toContain('4 类');
  });
});
