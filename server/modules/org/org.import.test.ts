import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { exportOrgXlsx, importOrgFile, systemActor } from './index.js';
import { buildCategory } from './org.factories.js';
import { decodeCsv } from './org.import.js';

let ctx: TestContext;
let admin: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = (await ctx.signIn({ roles: ['system_admin'], scope: { kind: 'all' } })).headers;
  await buildCategory(ctx.deps.db, { code: 'ENV', name: '环境保护' });
  await buildCategory(ctx.deps.db, { code: 'ROAD', name: '道路交通' });
});
afterAll(async () => ctx?.close());

/** A multipart/form-data body with one file field. */
function multipart(filename: string, content: Buffer, field = 'file') {
  const boundary = `----lxtest${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(kind: string, filename: string, content: Buffer, opts: { dryRun?: boolean; lang?: string } = {}) {
  const body = multipart(filename, content);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/org/import/${kind}${opts.dryRun ? '?dryRun=true' : ''}`,
    payload: body.payload,
    headers: { ...admin, ...body.headers, ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
  });
}

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  for (const r of rows) ws.addRow(r);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(String(row.getCell(c).value ?? ''));
    out.push(cells);
  });
  return out;
}

const count = async (table: 'division' | 'unit' | 'person') =>
  (await ctx.deps.db.selectFrom(table).select(ctx.deps.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

const DIVISIONS_CSV = [
  '\uFEFF代码,名称,层级,上级代码',
  '139901000000,示范县,县,',
  '139901001000,城关镇,,139901000000',
  '139901001001,东关村,村,139901001000',
  // a child listed before its parent is fine: rows are ordered parents-first
  '139901002001,河西村,village,139901002000',
  '139901002000,"河西镇",乡镇,139901000000',
].join('\r\n');

describe('import', () => {
  it('imports a CSV (BOM, Chinese headers, children before parents) and previews a dry run without writing', async () => {
    const res = await upload('divisions', 'divisions.csv', Buffer.from(DIVISIONS_CSV));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, rows: 5, imported: 5 });
    const dry = await upload(
      'divisions',
      'more.csv',
      Buffer.from('code,name,level,parentCode\n139901003000,新镇,township,139901000000\n'),
      { dryRun: true },
    );
    expect(dry.json()).toMatchObject({
      dryRun: true,
      rows: 1,
      imported: 0,
      preview: [{ code: '139901003000', name: '新镇' }],
    });
    expect(await count('division')).toBe(5);
    const village = await ctx.app.inject({ method: 'GET', url: '/api/org/divisions/139901002001', headers: admin });
    expect(village.json().path).toBe('/139901000000/139901002000/139901002001/');
  });

  it('rejects a CSV with bad rows, reporting every bad row and column, and imports nothing', async () => {
    const before = await count('division');
    const csv = [
      '代码,名称,层级,上级代码',
      '139901004000,好镇,乡镇,139901000000',
      '12345,坏代码,乡镇,139901000000',
      '139901005000,,乡镇,139901000000',
      '139901006000,层级错,城堡,139901000000',
      '139901004000,重复,乡镇,139901000000',
      '139901000000,已存在,县,',
      '139901007000,无上级,乡镇,139988000000',
      '139902008000,前缀错,乡镇,139901000000',
    ].join('\n');
    const res = await upload('divisions', 'bad.csv', Buffer.from(csv));
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('IMPORT_REJECTED');
    const issues = error.details.issues as { row: number; column: string; problem: string }[];
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [3, '代码'],
      [4, '名称'],
      [5, '层级'],
      [6, '代码'],
      [7, '代码'],
      [8, '上级代码'],
      [9, '代码'],
    ]);
    expect(issues[3]!.problem).toContain('第2行');
    expect(issues[5]!.problem).toContain('139988000000');
    expect(await count('division')).toBe(before);
  });

  it('imports units from XLSX with parents in the same file and their catalogues', async () => {
    const file = await xlsx([
      ['名称', '类型', '上级单位', '区划代码', '职责分类'],
      ['城关镇人民政府', '乡镇', '', '139901001000', 'ENV'],
      ['东关村委会', '村委会', '城关镇人民政府', '139901001001', 'ENV；ROAD'],
      ['城关镇党政办', '部门', '城关镇人民政府', '139901001000', ''],
    ]);
    const res = await upload('units', 'units.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().imported).toBe(3);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/org/units?q=东关', headers: admin });
    const village = list.json().items[0];
    expect(village).toMatchObject({ parentName: '城关镇人民政府', kind: 'village_committee' });
    const detail = await ctx.app.inject({ method: 'GET', url: `/api/org/units/${village.id}`, headers: admin });
    expect(detail.json().categoryCodes).toEqual(['ENV', 'ROAD']);
    expect(detail.json().path).toMatch(/^\/\d+\/\d+\/$/);
  });

  it('rejects an XLSX of people with bad rows, listing every problem in English, and imports nothing', async () => {
    const before = await count('person');
    const file = await xlsx([
      ['name', 'unit', 'rank', 'partyMember', 'phone', 'idNumber'],
      ['张三', '城关镇人民政府', '科级', '是', '13812345678', '11010519491231002X'],
      ['', '城关镇人民政府', '科级', '否', '', ''],
      ['李四', '不存在的单位', 'county', 'yes', '', ''],
      ['王五', '城关镇人民政府', '大官', 'maybe', '123', '110105194912310021'],
      ['赵六', '城关镇人民政府', 'ordinary', '', '', '11010519491231002x'],
    ]);
    const res = await upload('people', 'people.xlsx', file, { lang: 'en' });
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.message).toBe('The file has errors; nothing was imported');
    const issues = error.details.issues as { row: number; column: string; problem: string }[];
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'name'],
      [4, 'unit'],
      [5, 'rank'],
      [5, 'partyMember'],
      [5, 'phone'],
      [5, 'idNumber'],
      [6, 'idNumber'],
    ]);
    expect(issues[0]!.problem).toBe('required');
    expect(issues[6]!.problem).toBe('repeats row 2');
    expect(await count('person')).toBe(before);
  });

  it('imports people from CSV, encrypting personal data, and refuses an ID number already registered', async () => {
    const csv =
      '姓名,单位,职级,党员,手机,身份证号,性别,职务\n张三,城关镇人民政府,科级,是,13812345678,11010519491231002X,男,镇长\n李四,东关村委会,村干部,否,0731-84567890,,女,\n';
    const res = await upload('people', 'people.csv', Buffer.from(csv));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().imported).toBe(2);
    const rows = await ctx.deps.db.selectFrom('person').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('13812345678');
    expect(rows.find((r) => r.name === '张三')).toMatchObject({
      phoneMask: '138****5678',
      rank: 'section',
      partyMember: true,
      gender: 'male',
    });
    const again = await upload('people', 'again.csv', Buffer.from(csv));
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details.issues).toEqual([{ row: 2, column: '身份证号', problem: '系统中已存在' }]);
  });

  it('reports a missing required column and an unreadable file', async () => {
    const res = await upload('units', 'u.csv', Buffer.from('名称,上级单位\n某单位,\n'));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.issues.map((i: { column: string }) => i.column)).toEqual(['类型', '区划代码']);
    const bin = await upload('units', 'u.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]));
    expect(bin.statusCode).toBe(400);
    expect(bin.json().error.code).toBe('IMPORT_BAD_FILE');
  });

  it('reads CSV saved by Chinese Excel in GB18030', () => {
    expect(decodeCsv(Buffer.from([0xd6, 0xd0, 0xce, 0xc4]))).toBe('中文');
    expect(decodeCsv(Buffer.from('\uFEFF名称', 'utf8'))).toBe('名称');
  });

  it('exports what it imported (round trip), masked, and the export re-imports elsewhere', async () => {
    const people = await ctx.app.inject({ method: 'GET', url: '/api/org/people/export.xlsx?q=zs', headers: admin });
    expect(people.statusCode).toBe(200);
    expect(people.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(people.rawPayload);
    expect(rows[0]).toEqual(['编号', '姓名', '单位', '职级', '党员', '手机', '身份证号', '性别', '职务']);
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
      ['张三', '城关镇人民政府', '科级', '是', '138****5678', '1101**********002X', '男', '镇长'],
    ]);
    expect(people.rawPayload.toString('latin1')).not.toContain('13812345678');

    const divisions = await exportOrgXlsx(ctx.deps, systemActor(), 'divisions', {});
    const units = await exportOrgXlsx(ctx.deps, systemActor(), 'units', { sort: 'id' });
    const other = await createTestContext();
    try {
      await buildCategory(other.deps.db, { code: 'ENV' });
      await buildCategory(other.deps.db, { code: 'ROAD' });
      expect(await importOrgFile(other.deps, systemActor(), 'divisions', divisions, 'd.xlsx')).toMatchObject({
        imported: 5,
      });
      expect(await importOrgFile(other.deps, systemActor(), 'units', units, 'u.xlsx')).toMatchObject({ imported: 3 });
      const again = await exportOrgXlsx(other.deps, systemActor(), 'units', { sort: 'id' });
      const strip = (r: string[][]) => r.map((row) => row.slice(1)); // ids differ between databases
      expect(strip(await readXlsx(again))).toEqual(strip(await readXlsx(units)));
      expect(await readXlsx(await exportOrgXlsx(other.deps, systemActor(), 'divisions', {}))).toEqual(
        await readXlsx(divisions),
      );
    } finally {
      await other.close();
    }
  });

  it('serves an import template whose headers import back', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/org/import/people/template.xlsx', headers: admin });
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(['姓名', '单位', '职级', '党员', '手机', '身份证号', '性别', '职务']);
  });
});
