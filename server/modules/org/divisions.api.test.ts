import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildDivision, buildUnit } from './org.factories.js';

let ctx: TestContext;
let admin: Record<string, string>;
let reader: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = (await ctx.signIn({ roles: ['system_admin'], scope: { kind: 'all' } })).headers;
  reader = (await ctx.signIn({ roles: ['cadre'], scope: { kind: 'all' } })).headers;
});
afterAll(async () => ctx?.close());

const post = (url: string, payload: object, headers = admin) =>
  ctx.app.inject({ method: 'POST', url, payload, headers });
const get = (url: string, headers = admin) => ctx.app.inject({ method: 'GET', url, headers });

describe('divisions API', () => {
  it('creates a county, a township and a village, keeping the materialised path', async () => {
    const county = await post('/api/org/divisions', { code: '139901000000', name: '示范县', level: 'county' });
    expect(county.statusCode).toBe(201);
    expect(county.json().path).toBe('/139901000000/');
    const town = await post('/api/org/divisions', {
      code: '139901001000',
      name: '城关镇',
      level: 'township',
      parentCode: '139901000000',
    });
    expect(town.statusCode).toBe(201);
    expect(town.json()).toMatchObject({ parentName: '示范县', path: '/139901000000/139901001000/' });
    const village = await post('/api/org/divisions', {
      code: '139901001001',
      name: '东关村',
      level: 'village',
      parentCode: '139901001000',
    });
    expect(village.json().path).toBe('/139901000000/139901001000/139901001001/');
  });

  it('refuses a code that does not fit its parent or level, and a duplicate', async () => {
    const wrongPrefix = await post('/api/org/divisions', {
      code: '139902001000',
      name: '错镇',
      level: 'township',
      parentCode: '139901000000',
    });
    expect(wrongPrefix.statusCode).toBe(400);
    expect(wrongPrefix.json().error.code).toBe('ORG_DIVISION_CODE_INVALID');
    const wrongLevel = await post('/api/org/divisions', {
      code: '139901001002',
      name: '错村',
      level: 'village',
      parentCode: '139901000000',
    });
    expect(wrongLevel.json().error.code).toBe('ORG_DIVISION_PARENT_INVALID');
    const missingParent = await post('/api/org/divisions', {
      code: '139801001000',
      name: '无上级',
      level: 'township',
      parentCode: '139801000000',
    });
    expect(missingParent.json().error.code).toBe('ORG_DIVISION_PARENT_INVALID');
    const dup = await post('/api/org/divisions', { code: '139901000000', name: '重复', level: 'county' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ORG_DIVISION_EXISTS');
  });

  it('answers 400 naming the field, 401 without a session, 403 without the permission', async () => {
    const bad = await post('/api/org/divisions', { code: '12', name: '', level: 'county' });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.issues.map((i: { field: string }) => i.field)).toEqual(
      expect.arrayContaining(['code', 'name']),
    );
    expect(body.error.message).toContain('代码');
    const en = await ctx.app.inject({
      method: 'POST',
      url: '/api/org/divisions',
      payload: { code: '12', name: 'x', level: 'county' },
      headers: { ...admin, 'accept-language': 'en' },
    });
    expect(en.json().error.message).toContain('Field "code"');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/org/divisions' })).statusCode).toBe(401);
    const forbidden = await post('/api/org/divisions', { code: '139903000000', name: '读者', level: 'county' }, reader);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('lists with paging, filters, sorting and normalised substring search', async () => {
    for (let i = 2; i <= 6; i++) {
      await buildDivision(ctx.deps.db, {
        code: `13990100${i}000`,
        name: `第${i}镇`,
        level: 'township',
        parentCode: '139901000000',
      });
    }
    const page1 = await get('/api/org/divisions?parentCode=139901000000&pageSize=2&sort=-code');
    expect(page1.statusCode).toBe(200);
    expect(page1.json()).toMatchObject({ total: 6, page: 1, pageSize: 2 });
    expect(page1.json().items.map((d: { code: string }) => d.code)).toEqual(['139901006000', '139901005000']);
    const page3 = await get('/api/org/divisions?parentCode=139901000000&pageSize=2&page=3&sort=-code');
    expect(page3.json().items.map((d: { code: string }) => d.code)).toEqual(['139901002000', '139901001000']);
    const byLevel = await get('/api/org/divisions?level=village');
    expect(byLevel.json().items.map((d: { name: string }) => d.name)).toContain('东关村');
    // traditional input finds the simplified name; a substring is enough
    const trad = await get(`/api/org/divisions?q=${encodeURIComponent('城關')}`);
    expect(trad.json().items.map((d: { name: string }) => d.name)).toEqual(['城关镇']);
    const badSort = await get('/api/org/divisions?sort=bogus');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().error.details.issues[0].field).toBe('sort');
  });

  it('stores traditional input as typed but finds it in simplified', async () => {
    await post('/api/org/divisions', {
      code: '139901007000',
      name: '龍門鎮',
      level: 'township',
      parentCode: '139901000000',
    });
    const found = await get(`/api/org/divisions?q=${encodeURIComponent('龙门')}`);
    expect(found.json().items.map((d: { code: string }) => d.code)).toEqual(['139901007000']);
  });

  it('returns the nested tree to a depth', async () => {
    const tree = await get('/api/org/divisions/tree?root=139901000000&depth=2');
    expect(tree.statusCode).toBe(200);
    const [root] = tree.json();
    expect(root).toMatchObject({ code: '139901000000', level: 'county' });
    const town = root.children.find((c: { code: string }) => c.code === '139901001000');
    expect(town.children.map((c: { name: string }) => c.name)).toEqual(['东关村']);
    const shallow = await get('/api/org/divisions/tree?root=139901000000&depth=0');
    expect(shallow.json()[0].children).toEqual([]);
  });

  it('renames, and refuses to delete a division with children or units', async () => {
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/org/divisions/139901001001',
      payload: { name: '东关社区' },
      headers: admin,
    });
    expect(renamed.json().name).toBe('东关社区');
    const withChildren = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/org/divisions/139901001000',
      headers: admin,
    });
    expect(withChildren.statusCode).toBe(409);
    expect(withChildren.json().error.code).toBe('ORG_DIVISION_HAS_CHILDREN');
    await buildUnit(ctx.deps.db, { divisionCode: '139901002000' });
    const withUnits = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/org/divisions/139901002000',
      headers: admin,
    });
    expect(withUnits.json().error.details).toMatchObject({ units: 1 });
    const ok = await ctx.app.inject({ method: 'DELETE', url: '/api/org/divisions/139901003000', headers: admin });
    expect(ok.statusCode).toBe(204);
    expect((await get('/api/org/divisions/139901003000')).statusCode).toBe(404);
    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select(['action', 'objectId'])
      .where('objectType', '=', 'division')
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'division.create', objectId: '139901000000' },
        { action: 'division.update', objectId: '139901001001' },
        { action: 'division.delete', objectId: '139901003000' },
      ]),
    );
  });

  it('documents the org endpoints in the OpenAPI description', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/org/divisions/tree', '/api/org/people/{id}/reveal', '/api/org/import/{kind}']),
    );
  });
});
