import { describe, expect, it } from 'vitest';
import {
  computeIdCheckCharacter,
  isValidChineseIdNumber,
  isValidMobile,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  normalisePhone,
} from './mask.js';

describe('normalisePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['0731-84561234', '073184561234'],
    ['(0731) 8456 1234', '073184561234'],
    ['（010）12345678', '01012345678'],
    ['+86 731 8456 1234', '073184561234'],
    ['12345', '12345'],
  ])('a phone written as %j is stored as %j', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });
});

describe('isValidMobile', () => {
  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['+86 138 1234 5678', true],
    ['12812345678', false],
    ['1381234567', false],
    ['138123456789', false],
    ['0731-84561234', false],
    ['', false],
  ])('a mainland mobile number is 11 digits starting 13–19: %j → %s', (raw, expected) => {
    expect(isValidMobile(raw)).toBe(expected);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['0731-84561234', '0731-****1234'],
    ['010-12345678', '010-****5678'],
    ['020 87654321', '020-****4321'],
    ['0731-8456123', '0731-****6123'],
    ['12345678', '****5678'],
    ['12345', '****2345'],
    ['110', '****'],
    ['', '****'],
  ])(
    'a phone number shows only its prefix (mobile) or area code (landline) and last four digits: %j → %j',
    (raw, expected) => {
      expect(maskPhone(raw)).toBe(expected);
    },
  );
});

describe('maskIdNumber', () => {
  it.each([
    ['110101199003071234', '1101**********1234'],
    ['11010519491231002x', '1101**********002X'],
    [' 110101 199003071234 ', '1101**********1234'],
    ['110101900307123', '1101*******7123'],
    ['E12345678', 'E*******8'],
    ['AB', '**'],
    ['', ''],
  ])('an ID number keeps its region prefix and last four characters: %j → %j', (raw, expected) => {
    expect(maskIdNumber(raw)).toBe(expected);
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['李', '*'],
    ['诸葛孔明', '诸***'],
    ['阿依古丽·买买提', '阿***·***'],
    ['  王 五 ', '王 *'],
    ['John Smith', 'J*** S****'],
    ['Mary-Jane O', 'M***-J*** O'],
    ['𠮷田', '𠮷*'],
    ['', ''],
  ])('a name keeps only its first character (per word for Latin names): %j → %j', (raw, expected) => {
    expect(maskName(raw)).toBe(expected);
  });
});

describe('maskAddress', () => {
  it.each([
    ['湖南省长沙市芙蓉区五一大道123号', '湖南省长沙市****'],
    ['北京市朝阳区建国路 88 号', '北京市朝阳区****'],
    ['芙蓉区五一路', '芙蓉区****'],
    ['某村', '某****'],
    ['', ''],
  ])('an address keeps its first six characters: %j → %j', (raw, expected) => {
    expect(maskAddress(raw)).toBe(expected);
  });
});

describe('isValidChineseIdNumber', () => {
  it.each([
    ['11010519491231002X', true],
    ['11010519491231002x', true],
    ['110101199003071233', true],
    ['110101199003071234', false], // wrong check character
    ['110101199002301233', false], // 30 February
    ['110101199013071233', false], // month 13
    ['010101199003071233', false], // region code cannot start with 0
    ['11010119900307123', false], // 17 characters
    ['110101900307123', false], // first-generation 15-digit card
    ['11010119900307123Y', false],
    ['', false],
  ])('a resident ID needs a real birth date and the GB 11643 check character: %j → %s', (raw, expected) => {
    expect(isValidChineseIdNumber(raw)).toBe(expected);
  });

  it('a leap-day birth date is real only in leap years', () => {
    const leap = `11010120000229001${computeIdCheckCharacter('11010120000229001')}`;
    const notLeap = `11010119000229001${computeIdCheckCharacter('11010119000229001')}`;
    expect(isValidChineseIdNumber(leap)).toBe(true);
    expect(isValidChineseIdNumber(notLeap)).toBe(false);
  });

  it('exactly one check character is accepted for each 17-digit body', () => {
    const body = '44030419850101001';
    const accepted = '0123456789X'.split('').filter((check) => isValidChineseIdNumber(body + check));
    expect(accepted).toEqual([computeIdCheckCharacter(body)]);
  });

  it('the check character needs exactly 17 digits', () => {
    expect(() => computeIdCheckCharacter('1234')).toThrow(RangeError);
  });
});
