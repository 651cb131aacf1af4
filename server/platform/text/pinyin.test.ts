import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.js';
import { buildSearchText, pinyinOf } from './pinyin.js';

describe('pinyinOf', () => {
  it.each([
    ['张三', 'zhangsan', 'zs'],
    ['李四', 'lisi', 'ls'],
    ['張三豐', 'zhangsanfeng', 'zsf'],
    ['欧阳娜娜', 'ouyangnana', 'oynn'],
    ['阿依古丽·买买提', 'ayigulimaimaiti', 'ayglmmt'],
    ['吕布', 'lvbu', 'lb'],
    ['John Smith', 'johnsmith', 'js'],
    ['王2号', 'wang2hao', 'w2h'],
    ['  ', '', ''],
  ])(
    'a name is written in toneless lower-case pinyin without spaces, plus initials: %j → %s / %s',
    (name, full, initials) => {
      expect(pinyinOf(name)).toEqual({ full, initials });
    },
  );

  it.each([
    ['曾国藩', 'zengguofan', 'zgf'],
    ['单田芳', 'shantianfang', 'stf'],
    ['解缙', 'xiejin', 'xj'],
    ['仇英', 'qiuying', 'qy'],
    ['朴槿惠', 'piaojinhui', 'pjh'],
    ['区先生', 'ouxiansheng', 'oxs'],
    ['查良镛', 'zhaliangyong', 'zly'],
    ['尉迟恭', 'yuchigong', 'ycg'],
    ['长孙无忌', 'zhangsunwuji', 'zswj'],
    ['乐嘉', 'yuejia', 'yj'],
  ])('a polyphonic surname is read as a surname: %j → %s', (name, full, initials) => {
    expect(pinyinOf(name)).toEqual({ full, initials });
  });

  it('a polyphonic character is read as a surname only at the head of the name', () => {
    expect(pinyinOf('曾小单').full).toBe('zengxiaodan');
  });

  it('characters without a pinyin reading are dropped', () => {
    expect(pinyinOf('𠮷田')).toEqual({ full: 'tian', initials: 't' });
  });
});

describe('buildSearchText', () => {
  it('joins normalised, lower-cased texts with the pinyin of names so one trigram index finds both', () => {
    expect(buildSearchText(['關於縣改進工作作風', 'ＡＢＣ Road'], ['張三'])).toBe(
      '关于县改进工作作风 abc road 张三 zhangsan zs',
    );
  });

  it('skips empty, null and undefined parts and repeated values', () => {
    expect(buildSearchText(['', null, undefined, '  ', '意见', '意见'], [null, undefined, ''])).toBe('意见');
  });

  it('names are optional', () => {
    expect(buildSearchText(['道路积水'])).toBe('道路积水');
  });

  it.each([
    ['traditional query', '工作作風'],
    ['full pinyin', 'OuYangNaNa'],
    ['pinyin initials', 'oynn'],
    ['part of the full pinyin', 'yangna'],
    ['Chinese name', '歐陽'],
  ])('a %s, normalised like the index, is found as a substring', (_label, query) => {
    const searchText = buildSearchText(['县改进工作作风'], ['欧阳娜娜']);
    expect(searchText).toContain(normaliseText(query).toLowerCase());
  });
});
