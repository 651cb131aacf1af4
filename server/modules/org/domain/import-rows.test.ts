import { describe, expect, it } from 'vitest';
import {
  describeProblem,
  type KnownUnit,
  MAX_IMPORT_ROWS,
  planDivisionImport,
  planPersonImport,
  planUnitImport,
  readSheet,
  type SheetRow,
  type UnitLookup,
} from './import-rows.js';

const sheet = (rows: string[][]): SheetRow[] => rows.map((cells, i) => ({ row: i + 1, cells }));
const same = (s: string) => s;
const T2S: Record<string, string> = { 縣級: '县级', 是: '是' };
const normalise = (s: string) => T2S[s] ?? s;

function lookup(units: KnownUnit[]): UnitLookup {
  const byName = new Map<string, KnownUnit[]>();
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  return { byId: new Map(units.map((u) => [u.id, u])), byName };
}

describe('reading the header row', () => {
  it.each([
    ['Chinese headers', ['代码', '名称'], []],
    ['English headers in any case', ['Code', 'NAME', 'parentCode'], []],
    ['headers with required marks and notes', ['代码*', '名称（必填）'], []],
    ['a missing required column', ['名称'], ['代码:MissingColumn']],
    ['a column given twice', ['代码', 'code', '名称'], ['code:DuplicateColumn']],
  ])('%s', (_name, header, expected) => {
    const parsed = readSheet('divisions', sheet([header, header.map(() => 'x')]), 'zh');
    expect(parsed.issues.map((i) => `${i.column}:${i.problem.type}`)).toEqual(expected);
  });

  it('skips blank rows but keeps the row numbers the user sees', () => {
    const parsed = readSheet(
      'divisions',
      sheet([
        ['代码', '名称'],
        ['', ''],
        ['139901000000', '县'],
      ]),
      'zh',
    );
    expect(parsed.rows).toEqual([{ row: 3, values: { code: '139901000000', name: '县' } }]);
  });

  it('an empty file and a header-only file are problems, and so is a file too long', () => {
    expect(readSheet('units', [], 'zh').issues[0]!.problem.type).toBe('EmptyFile');
    expect(readSheet('divisions', sheet([['代码', '名称']]), 'zh').issues[0]).toMatchObject({
      row: 2,
      problem: { type: 'EmptyFile' },
    });
    const long = sheet([['代码', '名称'], ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => ['1', 'x'])]);
    expect(readSheet('divisions', long, 'zh').issues.map((i) => i.problem.type)).toEqual(['TooManyRows']);
  });
});

describe('planning a division import', () => {
  const known = new Map([
    ['139901000000', { code: '139901000000', level: 'county' as const, path: '/139901000000/', inScope: true }],
    ['139902000000', { code: '139902000000', level: 'county' as const, path: '/139902000000/', inScope: false }],
  ]);
  const plan = (rows: string[][], rootAllowed = true) =>
    planDivisionImport(readSheet('divisions', sheet([['代码', '名称', '层级', '上级代码'], ...rows]), 'zh'), {
      known,
      rootAllowed,
      normalise: same,
      lang: 'zh',
    });

  it('orders parents before children and computes their paths', () => {
    const { inserts, issues } = plan([
      ['139901001001', '村', '', '139901001000'],
      ['139901001000', '镇', '乡镇', '139901000000'],
    ]);
    expect(issues).toEqual([]);
    expect(inserts.map((i) => [i.code, i.level, i.path])).toEqual([
      ['139901001000', 'township', '/139901000000/139901001000/'],
      ['139901001001', 'village', '/139901000000/139901001000/139901001001/'],
    ]);
  });

  it.each([
    ['a malformed code', ['1399', '镇', '', '139901000000'], '代码:BadDivisionCode'],
    ['a code already in the database', ['139901000000', '县', '', ''], '代码:AlreadyExists'],
    ['an unknown level', ['139901001000', '镇', '城堡', '139901000000'], '层级:BadChoice'],
    ['a parent nowhere to be found', ['139901001000', '镇', '', '139901009000'], '上级代码:NotFound'],
    ['a parent outside the scope', ['139902001000', '镇', '', '139902000000'], '上级代码:OutOfScope'],
    ['a code outside its parent', ['139903001000', '镇', '', '139901000000'], '代码:DivisionRule'],
    ['its own parent', ['139901001000', '镇', '', '139901001000'], '上级代码:DivisionRule'],
    ['a missing name', ['139901001000', '', '', '139901000000'], '名称:Required'],
  ])('refuses %s', (_name, row, expected) => {
    const { issues } = plan([row]);
    expect(issues.map((i) => `${i.column}:${i.problem.type}`)).toEqual([expected]);
  });

  it('refuses a root without the whole organisation in scope, and parents that loop', () => {
    expect(plan([['139801000000', '县', '', '']], false).issues[0]!.problem.type).toBe('RootNotAllowed');
    const loop = plan([
      ['139901001000', '镇', 'township', '139901001001'],
      ['139901001001', '村', 'village', '139901001000'],
    ]);
    expect(loop.issues.length).toBeGreaterThan(0);
    expect(loop.inserts).toEqual([]);
  });

  it('reports every bad row, duplicates naming the first row', () => {
    const { issues } = plan([
      ['139901001000', '镇', '', '139901000000'],
      ['139901001000', '镇2', '', '139901000000'],
      ['x', '', '', ''],
    ]);
    expect(issues.map((i) => [i.row, i.column, i.problem.type])).toEqual([
      [3, '代码', 'DuplicateInFile'],
      [4, '代码', 'BadDivisionCode'],
      [4, '名称', 'Required'],
    ]);
    expect(describeProblem(issues[0]!.problem, 'zh')).toBe('与第2行重复');
    expect(describeProblem(issues[0]!.problem, 'en')).toBe('repeats row 2');
  });
});

describe('planning a unit import', () => {
  const units = lookup([
    { id: 1, name: '县政府', parentId: null, inScope: true },
    { id: 2, name: '办公室', parentId: 1, inScope: true },
    { id: 3, name: '办公室', parentId: 9, inScope: true },
    { id: 4, name: '别处', parentId: null, inScope: false },
  ]);
  const plan = (rows: string[][], rootAllowed = true) =>
    planUnitImport(readSheet('units', sheet([['名称', '类型', '上级单位', '区划代码', '职责分类'], ...rows]), 'zh'), {
      units,
      divisions: new Map([
        ['139901000000', { inScope: true }],
        ['139902000000', { inScope: false }],
      ]),
      categories: new Set(['ENV', 'ROAD']),
      rootAllowed,
      normalise: same,
      lang: 'zh',
    });

  it('resolves parents in the file by name, in the database by name or id, and orders parents first', () => {
    const { inserts, issues } = plan([
      ['村委会', '村委会', '镇政府', '139901000000', 'ENV、ROAD'],
      ['镇政府', '乡镇', '1', '139901000000', ''],
      ['新办', 'department', '县政府', '139901000000', 'ENV;ENV'],
    ]);
    expect(issues).toEqual([]);
    expect(inserts.map((u) => [u.row, u.name, u.kind, u.parent])).toEqual([
      [3, '镇政府', 'township', { kind: 'db', id: 1 }],
      [4, '新办', 'department', { kind: 'db', id: 1 }],
      [2, '村委会', 'village_committee', { kind: 'file', row: 3 }],
    ]);
    expect(inserts[2]!.categoryCodes).toEqual(['ENV', 'ROAD']);
    expect(inserts[1]!.categoryCodes).toEqual(['ENV']);
  });

  it.each([
    ['an ambiguous parent name', ['新', '部门', '办公室', '139901000000', ''], '上级单位:Ambiguous'],
    ['a parent outside the scope', ['新', '部门', '别处', '139901000000', ''], '上级单位:OutOfScope'],
    ['an unknown parent', ['新', '部门', '无此单位', '139901000000', ''], '上级单位:NotFound'],
    ['a division outside the scope', ['新', '部门', '县政府', '139902000000', ''], '区划代码:OutOfScope'],
    ['an unknown division', ['新', '部门', '县政府', '139903000000', ''], '区划代码:NotFound'],
    ['an unknown category', ['新', '部门', '县政府', '139901000000', 'ENV;NOPE'], '职责分类:CategoryNotFound'],
    ['an unknown kind', ['新', '城堡', '县政府', '139901000000', ''], '类型:BadChoice'],
    ['a name taken under the same parent', ['办公室', '部门', '县政府', '139901000000', ''], '名称:AlreadyExists'],
  ])('refuses %s', (_name, row, expected) => {
    expect(plan([row]).issues.map((i) => `${i.column}:${i.problem.type}`)).toEqual([expected]);
  });

  it('refuses a top-level unit for a unit-scoped user and two same-named units under one parent', () => {
    expect(plan([['新', '部门', '', '139901000000', '']], false).issues[0]!.problem.type).toBe('RootNotAllowed');
    const dup = plan([
      ['甲', '部门', '县政府', '139901000000', ''],
      ['甲', '部门', '1', '139901000000', ''],
    ]);
    expect(dup.issues.map((i) => [i.row, i.problem.type])).toEqual([[3, 'DuplicateInFile']]);
  });
});

describe('planning a people import', () => {
  const plan = (rows: string[][], lang: 'zh' | 'en' = 'zh') =>
    planPersonImport(
      readSheet('people', sheet([['姓名', '单位', '职级', '党员', '手机', '身份证号', '性别'], ...rows]), lang),
      {
        units: lookup([{ id: 5, name: '镇政府', parentId: null, inScope: true }]),
        isValidPhone: (s) => /^1\d{10}$/.test(s),
        isValidIdNumber: (s) => /^\d{17}[\dX]$/.test(s),
        normalise,
        lang,
      },
    );

  it('reads ranks and yes/no in Chinese, English and traditional characters', () => {
    const { inserts, issues } = plan([
      ['张三', '镇政府', '縣級', '是', '13812345678', '11010519491231002x', '男'],
      ['李四', '5', 'village', 'no', '', '', ''],
      ['王五', '镇政府', '一般干部', '', '', '', 'F'],
    ]);
    expect(issues).toEqual([]);
    expect(inserts.map((p) => [p.name, p.unitId, p.rank, p.partyMember, p.idNumber, p.gender])).toEqual([
      ['张三', 5, 'county', true, '11010519491231002X', 'male'],
      ['李四', 5, 'village', false, null, null],
      ['王五', 5, 'ordinary', false, null, 'female'],
    ]);
  });

  it('reports every problem of every row, with choices in the user language', () => {
    const { inserts, issues } = plan(
      [
        ['', '镇政府', '科级', '', '', '', ''],
        ['赵', '无此单位', '将军', '也许', '123', '12', '不详'],
        ['钱', '镇政府', '科级', '', '', '110105194912310021', ''],
        ['孙', '镇政府', '科级', '', '', '110105194912310021', ''],
      ],
      'en',
    );
    expect(inserts.length).toBe(1);
    expect(issues.map((i) => [i.row, i.column, i.problem.type])).toEqual([
      [2, '姓名', 'Required'],
      [3, '单位', 'NotFound'],
      [3, '职级', 'BadChoice'],
      [3, '党员', 'BadChoice'],
      [3, '手机', 'BadPhone'],
      [3, '身份证号', 'BadIdNumber'],
      [3, '性别', 'BadChoice'],
      [5, '身份证号', 'DuplicateInFile'],
    ]);
    expect(describeProblem(issues[2]!.problem, 'en')).toBe('must be one of: county, section, ordinary, village');
    expect(describeProblem(issues[2]!.problem, 'zh')).toBe('应为以下之一：county、section、ordinary、village');
  });
});
