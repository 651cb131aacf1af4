import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, Scope } from '../../../contracts/roles.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildCategory, buildDivision, buildPerson, buildUnit } from './org.factories.js';

/*
 * The access matrix (issue 2, point 5): a user of township A can neither read nor change township B's records through
 * any org endpoint — 404 for B's records (never the data), 403 for writes that would put something into B, and B's
 * names never appear in a list or an export. Later modules add rows to MATRIX for their own endpoints.
 */

/** One township's records, created by the fixture. */
interface Township {
  division: string;
  villageDivision: string;
  government: number;
  village: number;
  person: number;
  villagePerson: number;
  /** Names that must never appear in the other township's lists. */
  names: string[];
}

interface World {
  a: Township;
  b: Township;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One row of the matrix: a request township A's user makes against township B's records, and the answer it must get. */
interface MatrixRow {
  name: string;
  method: Method;
  url: (w: World) => string;
  body?: (w: World) => unknown;
  /** Which of A's users makes the request: the administrator (org:read/org:write) or the leader (people:reveal). */
  as: 'admin' | 'leader';
  /** 404: B's record reads as absent; 403: a write into B is refused; 'list': 200 without any of B's names; 'xlsx': same for an export. */
  expect: 404 | 403 | 'list' | 'xlsx';
}

const MATRIX: MatrixRow[] = [
  // ---- reads of B's records
  {
    name: 'division detail',
    method: 'GET',
    url: (w) => `/api/org/divisions/${w.b.division}`,
    as: 'admin',
    expect: 404,
  },
  {
    name: 'village division detail',
    method: 'GET',
    url: (w) => `/api/org/divisions/${w.b.villageDivision}`,
    as: 'admin',
    expect: 404,
  },
  {
    name: 'division tree at B',
    method: 'GET',
    url: (w) => `/api/org/divisions/tree?root=${w.b.division}`,
    as: 'admin',
    expect: 404,
  },
  { name: 'unit detail', method: 'GET', url: (w) => `/api/org/units/${w.b.government}`, as: 'admin', expect: 404 },
  { name: 'village unit detail', method: 'GET', url: (w) => `/api/org/units/${w.b.village}`, as: 'admin', expect: 404 },
  { name: 'person detail', method: 'GET', url: (w) => `/api/org/people/${w.b.person}`, as: 'admin', expect: 404 },
  // ---- lists and exports (with filters pointing at B)
  { name: 'division list', method: 'GET', url: () => '/api/org/divisions?pageSize=200', as: 'admin', expect: 'list' },
  {
    name: 'division list under B',
    method: 'GET',
    url: (w) => `/api/org/divisions?parentCode=${w.b.division}`,
    as: 'admin',
    expect: 'list',
  },
  {
    name: 'division search',
    method: 'GET',
    url: () => `/api/org/divisions?q=${encodeURIComponent('乙')}`,
    as: 'admin',
    expect: 'list',
  },
  { name: 'division tree', method: 'GET', url: () => '/api/org/divisions/tree?depth=6', as: 'admin', expect: 'list' },
  { name: 'unit list', method: 'GET', url: () => '/api/org/units?pageSize=200', as: 'admin', expect: 'list' },
  {
    name: 'unit list in B',
    method: 'GET',
    url: (w) => `/api/org/units?divisionCode=${w.b.division}`,
    as: 'admin',
    expect: 'list',
  },
  {
    name: 'unit list under B',
    method: 'GET',
    url: (w) => `/api/org/units?parentId=${w.b.government}`,
    as: 'admin',
    expect: 'list',
  },
  {
    name: 'unit list by category',
    method: 'GET',
    url: () => '/api/org/units?categoryCode=ENV',
    as: 'admin',
    expect: 'list',
  },
  {
    name: 'people list',
    method: 'GET',
    url: () => '/api/org/people?pageSize=200&active=all',
    as: 'admin',
    expect: 'list',
  },
  {
    name: 'people list in B',
    method: 'GET',
    url: (w) => `/api/org/people?unitId=${w.b.government}`,
    as: 'admin',
    expect: 'list',
  },
  {
    name: 'people search',
    method: 'GET',
    url: () => `/api/org/people?q=${encodeURIComponent('乙')}`,
    as: 'admin',
    expect: 'list',
  },
  { name: 'division export', method: 'GET', url: () => '/api/org/divisions/export.xlsx', as: 'admin', expect: 'xlsx' },
  { name: 'unit export', method: 'GET', url: () => '/api/org/units/export.xlsx', as: 'admin', expect: 'xlsx' },
  {
    name: 'people export',
    method: 'GET',
    url: (w) => `/api/org/people/export.xlsx?unitId=${w.b.government}`,
    as: 'admin',
    expect: 'xlsx',
  },
  {
    name: 'people export (all)',
    method: 'GET',
    url: () => '/api/org/people/export.xlsx?active=all',
    as: 'admin',
    expect: 'xlsx',
  },
  // ---- changes to B's records
  {
    name: 'division rename',
    method: 'PATCH',
    url: (w) => `/api/org/divisions/${w.b.division}`,
    body: () => ({ name: '改名' }),
    as: 'admin',
    expect: 404,
  },
  {
    name: 'division delete',
    method: 'DELETE',
    url: (w) => `/api/org/divisions/${w.b.villageDivision}`,
    as: 'admin',
    expect: 404,
  },
  {
    name: 'unit update',
    method: 'PATCH',
    url: (w) => `/api/org/units/${w.b.government}`,
    body: () => ({ name: '改名' }),
    as: 'admin',
    expect: 404,
  },
  { name: 'unit delete', method: 'DELETE', url: (w) => `/api/org/units/${w.b.village}`, as: 'admin', expect: 404 },
  {
    name: 'unit catalogue',
    method: 'PUT',
    url: (w) => `/api/org/units/${w.b.government}/categories`,
    body: () => ({ categoryCodes: [] }),
    as: 'admin',
    expect: 404,
  },
  {
    name: 'person update',
    method: 'PATCH',
    url: (w) => `/api/org/people/${w.b.person}`,
    body: () => ({ name: '改名' }),
    as: 'admin',
    expect: 404,
  },
  {
    name: 'person delete',
    method: 'DELETE',
    url: (w) => `/api/org/people/${w.b.villagePerson}`,
    as: 'admin',
    expect: 404,
  },
  {
    name: 'person reveal',
    method: 'POST',
    url: (w) => `/api/org/people/${w.b.person}/reveal`,
    body: () => ({ field: 'phone' }),
    as: 'leader',
    expect: 404,
  },
  {
    name: 'person reveal ID number',
    method: 'POST',
    url: (w) => `/api/org/people/${w.b.villagePerson}/reveal`,
    body: () => ({ field: 'idNumber' }),
    as: 'leader',
    expect: 404,
  },
  // ---- writes that would put something into B
  {
    name: 'division create under B',
    method: 'POST',
    url: () => '/api/org/divisions',
    body: (w) => ({ code: `${w.b.division.slice(0, 9)}009`, name: '新村', level: 'village', parentCode: w.b.division }),
    as: 'admin',
    expect: 403,
  },
  {
    name: 'unit create under B',
    method: 'POST',
    url: () => '/api/org/units',
    body: (w) => ({ name: '新单位', kind: 'department', parentId: w.b.government, divisionCode: w.a.division }),
    as: 'admin',
    expect: 403,
  },
  {
    name: 'unit create in B division',
    method: 'POST',
    url: () => '/api/org/units',
    body: (w) => ({ name: '新单位', kind: 'department', parentId: w.a.government, divisionCode: w.b.division }),
    as: 'admin',
    expect: 403,
  },
  {
    name: 'unit moved under B',
    method: 'PATCH',
    url: (w) => `/api/org/units/${w.a.village}`,
    body: (w) => ({ parentId: w.b.government }),
    as: 'admin',
    expect: 403,
  },
  {
    name: 'unit moved into B division',
    method: 'PATCH',
    url: (w) => `/api/org/units/${w.a.village}`,
    body: (w) => ({ divisionCode: w.b.villageDivision }),
    as: 'admin',
    expect: 403,
  },
  {
    name: 'person create in B',
    method: 'POST',
    url: () => '/api/org/people',
    body: (w) => ({ unitId: w.b.village, name: '新人', rank: 'village' }),
    as: 'admin',
    expect: 403,
  },
  {
    name: 'person moved to B',
    method: 'PATCH',
    url: (w) => `/api/org/people/${w.a.person}`,
    body: (w) => ({ unitId: w.b.government }),
    as: 'admin',
    expect: 403,
  },
];

const BOUNDARY = 'lxmatrix';
const multipart = (csv: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${BOUNDARY}--\r\n`,
  );

/** Imports are checked row by row: a row placing anything in B rejects the whole file (422), naming the row. */
const IMPORTS: { name: string; kind: string; csv: (w: World) => string; column: string }[] = [
  {
    name: 'people into B',
    kind: 'people',
    csv: (w) => `姓名,单位,职级\n新人,${w.b.government},村干部\n`,
    column: '单位',
  },
  {
    name: 'units under B',
    kind: 'units',
    csv: (w) => `名称,类型,上级单位,区划代码\n新单位,部门,${w.b.government},${w.a.division}\n`,
    column: '上级单位',
  },
  {
    name: 'units in B division',
    kind: 'units',
    csv: (w) => `名称,类型,上级单位,区划代码\n新单位,部门,${w.a.government},${w.b.division}\n`,
    column: '区划代码',
  },
  {
    name: 'divisions under B',
    kind: 'divisions',
    csv: (w) => `代码,名称,上级代码\n${w.b.division.slice(0, 9)}008,新村,${w.b.division}\n`,
    column: '上级代码',
  },
];

let ctx: TestContext;
let world: World;

async function township(db: TestContext['deps']['db'], n: 1 | 2, label: string, countyGov: number): Promise<Township> {
  const division = (
    await buildDivision(db, {
      code: `13990100${n}000`,
      name: `${label}镇`,
      level: 'township',
      parentCode: '139901000000',
    })
  ).code;
  const villageDivision = (
    await buildDivision(db, { code: `13990100${n}001`, name: `${label}村`, level: 'village', parentCode: division })
  ).code;
  const government = (
    await buildUnit(db, {
      name: `${label}镇人民政府`,
      kind: 'township',
      parentId: countyGov,
      divisionCode: division,
      categoryCodes: ['ENV'],
    })
  ).id;
  const village = (
    await buildUnit(db, {
      name: `${label}村委会`,
      kind: 'village_committee',
      parentId: government,
      divisionCode: villageDivision,
    })
  ).id;
  const person = (
    await buildPerson(db, { unitId: government, name: `${label}镇长`, phone: n === 1 ? '13800000001' : '13800000002' })
  ).id;
  const villagePerson = (
    await buildPerson(db, {
      unitId: village,
      name: `${label}书记`,
      rank: 'village',
      idNumber: n === 1 ? '11010519491231002X' : '110105194912310011',
    })
  ).id;
  return {
    division,
    villageDivision,
    government,
    village,
    person,
    villagePerson,
    names: [`${label}镇`, `${label}村`, `${label}书记`, `${label}镇长`],
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  await buildCategory(db, { code: 'ENV', name: '环境保护' });
  await buildDivision(db, { code: '139901000000', name: '示范县', level: 'county' });
  const countyGov = (await buildUnit(db, { name: '示范县人民政府', kind: 'government', divisionCode: '139901000000' }))
    .id;
  world = { a: await township(db, 1, '甲', countyGov), b: await township(db, 2, '乙', countyGov) };
});
afterAll(async () => ctx?.close());

async function xlsxText(buffer: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const cells: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? ''))));
  return cells.join('|');
}

/** B's records as they must stay, whatever A's users tried. */
async function snapshotB() {
  const db = ctx.deps.db;
  const { b } = world;
  return {
    divisions: await db
      .selectFrom('division')
      .select(['code', 'name'])
      .where('code', 'in', [b.division, b.villageDivision])
      .orderBy('code')
      .execute(),
    units: await db
      .selectFrom('unit')
      .select(['id', 'name', 'parentId', 'divisionCode', 'path'])
      .where('id', 'in', [b.government, b.village])
      .orderBy('id')
      .execute(),
    people: await db
      .selectFrom('person')
      .select(['id', 'name', 'unitId', 'active', 'phoneEnc'])
      .where('id', 'in', [b.person, b.villagePerson])
      .orderBy('id')
      .execute(),
    catalogue: await db
      .selectFrom('unitCategory')
      .select(['unitId', 'categoryCode'])
      .where('unitId', '=', b.government)
      .execute(),
    villageDivisionChildren: await db
      .selectFrom('division')
      .select('code')
      .where('parentCode', '=', b.division)
      .execute(),
    unitsInB: await db
      .selectFrom('unit')
      .select('id')
      .where('divisionCode', 'in', [b.division, b.villageDivision])
      .execute(),
  };
}

const SCOPES: { kind: string; scope: (w: World) => Scope }[] = [
  { kind: 'unit subtree', scope: (w) => ({ kind: 'unit', unitId: w.a.government }) },
  { kind: 'division subtree', scope: (w) => ({ kind: 'division', divisionCode: w.a.division }) },
];

describe.each(SCOPES)('a township A user scoped to a $kind', ({ scope }) => {
  const users: Record<'admin' | 'leader', Record<string, string>> = { admin: {}, leader: {} };
  let before: Awaited<ReturnType<typeof snapshotB>>;

  beforeAll(async () => {
    for (const [as, role] of [
      ['admin', 'system_admin'],
      ['leader', 'leader'],
    ] as [keyof typeof users, Role][]) {
      users[as] = (await ctx.signIn({ roles: [role], scope: scope(world), unitId: world.a.government })).headers;
    }
    before = await snapshotB();
  });

  it.each(MATRIX)('$name: $method → $expect', async (row) => {
    const res = await ctx.app.inject({
      method: row.method,
      url: row.url(world),
      payload: row.body?.(world) as object | undefined,
      headers: users[row.as],
    });
    if (row.expect === 'list' || row.expect === 'xlsx') {
      expect(res.statusCode, res.body).toBe(200);
      const text = row.expect === 'xlsx' ? await xlsxText(res.rawPayload) : res.body;
      for (const name of world.b.names) expect(text).not.toContain(name);
    } else {
      expect(res.statusCode, res.body).toBe(row.expect);
      const body = res.json();
      expect(body.error.code).toMatch(row.expect === 404 ? /^ORG_\w+_NOT_FOUND$/ : /^AUTH_OUT_OF_SCOPE$/);
      for (const name of world.b.names) expect(res.body).not.toContain(name);
    }
  });

  it.each(IMPORTS)('import of $name is rejected row by row', async ({ kind, csv, column }) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/org/import/${kind}`,
      payload: multipart(csv(world)),
      headers: { ...users.admin, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details.issues).toEqual([{ row: 2, column, problem: '超出您的数据范围' }]);
  });

  it('left every record of township B as it was', async () => {
    expect(await snapshotB()).toEqual(before);
  });

  it('still reads and changes township A (the refusals are about scope, not a broken user)', async () => {
    const { a } = world;
    const get = (url: string, as: keyof typeof users = 'admin') =>
      ctx.app.inject({ method: 'GET', url, headers: users[as] });
    expect((await get(`/api/org/divisions/${a.villageDivision}`)).statusCode).toBe(200);
    expect((await get(`/api/org/units/${a.village}`)).statusCode).toBe(200);
    expect((await get(`/api/org/people/${a.villagePerson}`)).statusCode).toBe(200);
    const people = (await get('/api/org/people')).json();
    expect(people.items.map((p: { name: string }) => p.name).sort()).toEqual(['甲书记', '甲镇长'].sort());
    const reveal = await ctx.app.inject({
      method: 'POST',
      url: `/api/org/people/${a.person}/reveal`,
      payload: { field: 'phone' },
      headers: users.leader,
    });
    expect(reveal.json()).toEqual({ value: '13800000001' });
    const rename = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/org/units/${a.village}`,
      payload: { shortName: '甲村' },
      headers: users.admin,
    });
    expect(rename.statusCode).toBe(200);
  });
});

describe('scope edges', () => {
  it('a unit-scoped administrator cannot add a top-level unit or a root division; a user scoped to an isolated unit sees only it', async () => {
    const unitAdmin = (
      await ctx.signIn({ roles: ['system_admin'], scope: { kind: 'unit', unitId: world.a.government } })
    ).headers;
    const root = await ctx.app.inject({
      method: 'POST',
      url: '/api/org/units',
      payload: { name: '顶层单位', kind: 'department', divisionCode: world.a.division },
      headers: unitAdmin,
    });
    expect(root.statusCode).toBe(403);
    const rootDivision = await ctx.app.inject({
      method: 'POST',
      url: '/api/org/divisions',
      payload: { code: '139800000000', name: '别县', level: 'county' },
      headers: unitAdmin,
    });
    expect(rootDivision.statusCode).toBe(403);
    const lonely = await buildUnit(ctx.deps.db, { name: '孤立单位' });
    const nobody = (await ctx.signIn({ roles: ['cadre'], scope: { kind: 'unit', unitId: lonely.id } })).headers;
    const list = async (url: string) => (await ctx.app.inject({ method: 'GET', url, headers: nobody })).json();
    expect((await list('/api/org/units')).items.map((u: { id: number }) => u.id)).toEqual([lonely.id]);
    expect((await list('/api/org/people')).total).toBe(0);
    expect((await list('/api/org/divisions')).items.map((d: { code: string }) => d.code)).toEqual([
      lonely.divisionCode,
    ]);
    expect((await list('/api/org/divisions/tree')).map((d: { code: string }) => d.code)).toEqual([lonely.divisionCode]);
  });
});
