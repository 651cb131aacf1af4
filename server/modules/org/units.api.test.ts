import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { listUnitsOwningCategory } from './index.js';
import { buildCategory, buildDivision, buildPerson, buildUnit } from './org.factories.js';

let ctx: TestContext;
let admin: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = (await ctx.signIn({ roles: ['system_admin'], scope: { kind: 'all' } })).headers;
  await buildDivision(ctx.deps.db, { code: '139901000000', name: '示范县', level: 'county' });
  await buildDivision(ctx.deps.db, {
    code: '139901001000',
    name: '城关镇',
    level: 'township',
    parentCode: '139901000000',
  });
  await buildDivision(ctx.deps.db, {
    code: '139901002000',
    name: '河西镇',
    level: 'township',
    parentCode: '139901000000',
  });
  await buildCategory(ctx.deps.db, { code: 'ENV', name: '环境保护' });
  await buildCategory(ctx.deps.db, { code: 'ENV.NOISE', name: '噪声', parentCode: 'ENV' });
  await buildCategory(ctx.deps.db, { code: 'ROAD', name: '道路交通' });
});
afterAll(async () => ctx?.close());

const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, payload: payload as object, headers: admin });

describe('units API', () => {
  let county: number;
  let town: number;
  let office: number;
  let village: number;

  it('creates a unit tree with paths and detail names', async () => {
    const c = await req('POST', '/api/org/units', {
      name: '示范县人民政府',
      kind: 'government',
      divisionCode: '139901000000',
    });
    expect(c.statusCode).toBe(201);
    county = c.json().id;
    expect(c.json().path).toBe(`/${county}/`);
    const t = await req('POST', '/api/org/units', {
      name: '城关镇人民政府',
      kind: 'township',
      parentId: county,
      divisionCode: '139901001000',
    });
    town = t.json().id;
    expect(t.json()).toMatchObject({
      parentName: '示范县人民政府',
      divisionName: '城关镇',
      path: `/${county}/${town}/`,
    });
    office = (
      await req('POST', '/api/org/units', {
        name: '党政办',
        kind: 'department',
        parentId: town,
        divisionCode: '139901001000',
      })
    ).json().id;
    village = (
      await req('POST', '/api/org/units', {
        name: '东关村委会',
        kind: 'village_committee',
        parentId: town,
        divisionCode: '139901001000',
      })
    ).json().id;
    const detail = await req('GET', `/api/org/units/${office}`);
    expect(detail.json()).toMatchObject({
      name: '党政办',
      parentName: '城关镇人民政府',
      divisionName: '城关镇',
      categoryCodes: [],
    });
  });

  it('refuses a duplicate name under one parent, an unknown parent and an unknown division', async () => {
    const dup = await req('POST', '/api/org/units', {
      name: '党政办',
      kind: 'department',
      parentId: town,
      divisionCode: '139901001000',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ORG_UNIT_NAME_TAKEN');
    const noParent = await req('POST', '/api/org/units', {
      name: 'x',
      kind: 'department',
      parentId: 99999,
      divisionCode: '139901001000',
    });
    expect(noParent.json().error.code).toBe('ORG_UNIT_PARENT_INVALID');
    const noDivision = await req('POST', '/api/org/units', {
      name: 'y',
      kind: 'department',
      divisionCode: '139999000000',
    });
    expect(noDivision.statusCode).toBe(400);
    expect(noDivision.json().error.details.issues[0].field).toBe('divisionCode');
  });

  it('moves a subtree and recomputes every path under it; a cycle is refused', async () => {
    const cycle = await req('PATCH', `/api/org/units/${county}`, { parentId: office });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.code).toBe('ORG_UNIT_PARENT_INVALID');
    const self = await req('PATCH', `/api/org/units/${town}`, { parentId: town });
    expect(self.json().error.code).toBe('ORG_UNIT_PARENT_INVALID');
    const other = (
      await req('POST', '/api/org/units', { name: '河西镇人民政府', kind: 'township', divisionCode: '139901002000' })
    ).json().id;
    const moved = await req('PATCH', `/api/org/units/${town}`, { parentId: other });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().path).toBe(`/${other}/${town}/`);
    expect((await req('GET', `/api/org/units/${village}`)).json().path).toBe(`/${other}/${town}/${village}/`);
    const back = await req('PATCH', `/api/org/units/${town}`, { parentId: county, name: '城关镇政府' });
    expect(back.json()).toMatchObject({ path: `/${county}/${town}/`, name: '城关镇政府' });
    expect((await req('GET', `/api/org/units/${office}`)).json().path).toBe(`/${county}/${town}/${office}/`);
  });

  it('sets the responsibility catalogue, naming unknown codes, and finds owners by category', async () => {
    const unknown = await req('PUT', `/api/org/units/${office}/categories`, { categoryCodes: ['ENV', 'NOPE'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'ORG_CATEGORY_NOT_FOUND', details: { codes: ['NOPE'] } });
    expect((await req('GET', `/api/org/units/${office}`)).json().categoryCodes).toEqual([]);
    const ok = await req('PUT', `/api/org/units/${office}/categories`, {
      categoryCodes: ['ROAD', 'ENV.NOISE', 'ROAD'],
    });
    expect(ok.json().categoryCodes).toEqual(['ENV.NOISE', 'ROAD']);
    const owners = await listUnitsOwningCategory(ctx.deps.db, 'ROAD');
    expect(owners.map((u) => u.id)).toEqual([office]);
    expect(await listUnitsOwningCategory(ctx.deps.db, 'ROAD', '139901002000')).toEqual([]);
    expect((await listUnitsOwningCategory(ctx.deps.db, 'ROAD', '139901000000')).length).toBe(1);
    const filtered = await req('GET', '/api/org/units?categoryCode=ENV.NOISE');
    expect(filtered.json().items.map((u: { id: number }) => u.id)).toEqual([office]);
  });

  it('lists with filters by kind, division subtree, parent and text, sorted and paged', async () => {
    const byDivision = await req('GET', '/api/org/units?divisionCode=139901001000&sort=name');
    expect(
      byDivision
        .json()
        .items.map((u: { name: string }) => u.name)
        .sort(),
    ).toEqual(['东关村委会', '党政办', '城关镇政府'].sort());
    const subtree = await req('GET', '/api/org/units?divisionCode=139901000000');
    expect(subtree.json().total).toBe(5);
    expect(
      (await req('GET', '/api/org/units?kind=village_committee')).json().items.map((u: { id: number }) => u.id),
    ).toEqual([village]);
    expect((await req('GET', `/api/org/units?parentId=${town}`)).json().total).toBe(2);
    expect(
      (await req('GET', `/api/org/units?q=${encodeURIComponent('東關')}`))
        .json()
        .items.map((u: { id: number }) => u.id),
    ).toEqual([village]);
    const paged = await req('GET', '/api/org/units?pageSize=2&page=2&sort=-createdAt');
    expect(paged.json()).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(paged.json().items).toHaveLength(2);
  });

  it('refuses to delete a unit with sub-units or people, deletes an empty one', async () => {
    const withChildren = await req('DELETE', `/api/org/units/${town}`);
    expect(withChildren.statusCode).toBe(409);
    expect(withChildren.json().error.details).toMatchObject({ children: 2 });
    await buildPerson(ctx.deps.db, { unitId: village });
    const withPeople = await req('DELETE', `/api/org/units/${village}`);
    expect(withPeople.json().error).toMatchObject({ code: 'ORG_UNIT_HAS_CHILDREN', details: { people: 1 } });
    const scoped = await ctx.signIn({ roles: ['handler'], scope: { kind: 'unit', unitId: office }, unitId: office });
    expect(scoped.userId).toBeGreaterThan(0);
    const withAccounts = await req('DELETE', `/api/org/units/${office}`);
    expect(withAccounts.json().error.details).toMatchObject({ accounts: 1 });
    const empty = await buildUnit(ctx.deps.db, { parentId: town, name: '空单位' });
    expect((await req('DELETE', `/api/org/units/${empty.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/api/org/units/${empty.id}`)).statusCode).toBe(404);
  });

  it('answers 400 for a bad id or body, naming the field', async () => {
    const badId = await req('GET', '/api/org/units/abc');
    expect(badId.statusCode).toBe(400);
    const badKind = await req('POST', '/api/org/units', { name: 'z', kind: 'castle', divisionCode: '139901000000' });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.details.issues[0].field).toBe('kind');
    expect(badKind.json().error.message).toContain('类型');
  });
});
