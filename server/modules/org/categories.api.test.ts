import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../platform/testing/test-context.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { countCategories } from './categories.repository.js';
import { nextCategoryCode } from './categories.service.js';
import { buildDivision, buildUnit } from './org.factories.js';
import { ensureStandardTaxonomy, flattenTaxonomy } from './standard-taxonomy.js';

/*
 * The taxonomy every deployment starts with, and its editing by the system administrator: add under a parent (three
 * levels at most), rename, reorder, deactivate and reactivate, delete what nobody uses. Audited.
 */

let ctx: TestContext;
let admin: SignedIn;
let dispatcher: SignedIn;
let countyAdmin: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn({ roles: ['system_admin'], scope: { kind: 'all' } });
  dispatcher = await ctx.signIn({ roles: ['dispatcher'], scope: { kind: 'all' } });
  const county = await buildDivision(ctx.deps.db, { level: 'county' });
  countyAdmin = await ctx.signIn({ roles: ['system_admin'], scope: { kind: 'division', divisionCode: county.code } });
});
afterAll(async () => ctx?.close());

const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: SignedIn, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: who.headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

type Row = { code: string; name: string; parentCode: string | null; active: boolean; sortOrder: number };
const all = async (): Promise<Row[]> => (await send('GET', '/api/org/categories/all', admin)).json();
const activeCodes = async (): Promise<Set<string>> => {
  const codes = new Set<string>();
  const walk = (nodes: { code: string; children: unknown[] }[]) => {
    for (const n of nodes) {
      codes.add(n.code);
      walk(n.children as { code: string; children: unknown[] }[]);
    }
  };
  walk((await send('GET', '/api/org/categories', dispatcher)).json());
  return codes;
};

describe('the standard taxonomy', () => {
  it('installs once on an empty database: at least 15 areas and 100 leaves, then never again', async () => {
    expect(await countCategories(ctx.deps.db)).toBe(0);
    const added = await ensureStandardTaxonomy(ctx.deps.db);
    const rows = await all();
    expect(added).toBe(rows.length);
    expect(rows.filter((r) => r.parentCode === null).length).toBeGreaterThanOrEqual(15);
    const leaves = rows.filter((r) => !rows.some((c) => c.parentCode === r.code));
    expect(leaves.length).toBeGreaterThanOrEqual(100);
    expect(rows.find((r) => r.code === 'I.01')?.name).toBe(flattenTaxonomy().find((r) => r.code === 'I.01')?.name);
    expect(await ensureStandardTaxonomy(ctx.deps.db)).toBe(0);
    expect(await countCategories(ctx.deps.db)).toBe(rows.length);
  });
});

describe('editing the taxonomy', () => {
  it('next codes: two-digit suffix after the highest, a free letter at the top', () => {
    expect(nextCategoryCode('A.01', ['A.01.01', 'A.01.04'])).toBe('A.01.05');
    expect(nextCategoryCode('B', [])).toBe('B.01');
    expect(nextCategoryCode(null, ['A', 'B', 'D'])).toBe('C');
  });

  it('adds a leaf with a generated code at the end of its siblings, and audits it', async () => {
    const res = await send('POST', '/api/org/categories', admin, { parentCode: 'A.01', name: '施工噪声' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'A.01.05', level: 3, active: true, sortOrder: 5 });
    expect(await activeCodes()).toContain('A.01.05');
    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select('action')
      .where('objectType', '=', 'category')
      .where('objectId', '=', 'A.01.05')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['category.create']);
  });

  it('adds a top-level area with the next free letter, or a given code', async () => {
    const res = await send('POST', '/api/org/categories', admin, { name: '数字政府' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'T', level: 1 });
    const given = await send('POST', '/api/org/categories', admin, { parentCode: 'T', name: '政务App', code: 'T.90' });
    expect(given.json()).toMatchObject({ code: 'T.90', level: 2 });
    const dup = await send('POST', '/api/org/categories', admin, { parentCode: 'T', name: '重复', code: 'T.90' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ORG_CATEGORY_EXISTS');
  });

  it.each([
    ['a fourth level', { parentCode: 'A.01.01', name: '更细' }, 'parentCode'],
    ['an unknown parent', { parentCode: 'ZZ.99', name: '无' }, 'parentCode'],
    ['a code outside its parent', { parentCode: 'A.01', name: '错', code: 'B.01.09' }, 'code'],
    ['an empty name', { parentCode: 'A.01', name: ' ' }, 'name'],
  ])('refuses %s naming the field', async (_name, body, field) => {
    const res = await send('POST', '/api/org/categories', admin, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
  });

  it('renames and reorders', async () => {
    const renamed = await send('PATCH', '/api/org/categories/A.01.05', admin, { name: '建筑施工噪声' });
    expect(renamed.json().name).toBe('建筑施工噪声');
    const order = ['A.04', 'A.03', 'A.02', 'A.01'];
    const res = await send('POST', '/api/org/categories/reorder', admin, { parentCode: 'A', codes: order });
    expect(res.statusCode).toBe(200);
    expect(res.json().map((r: Row) => r.code)).toEqual(order);
    const partial = await send('POST', '/api/org/categories/reorder', admin, { parentCode: 'A', codes: ['A.01'] });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.details.issues[0].field).toBe('codes');
  });

  it('deactivating an area hides it and its leaves from the forms but keeps them listed; reactivation brings them back', async () => {
    const off = await send('PATCH', '/api/org/categories/A.02', admin, { active: false });
    expect(off.statusCode).toBe(200);
    const codes = await activeCodes();
    expect(codes.has('A.02')).toBe(false);
    expect(codes.has('A.02.01')).toBe(false);
    const rows = await all();
    expect(rows.find((r) => r.code === 'A.02.01')).toMatchObject({ active: false, name: '违法建设' });
    const child = await send('PATCH', '/api/org/categories/A.02.01', admin, { active: true });
    expect(child.statusCode).toBe(400);
    expect(child.json().error.details.issues[0].field).toBe('active');
    await send('PATCH', '/api/org/categories/A.02', admin, { active: true });
    expect(await activeCodes()).toContain('A.02.01');
  });

  it('deletes an unused leaf; refuses one with children or in a unit catalogue', async () => {
    expect((await send('DELETE', '/api/org/categories/A.01.05', admin)).statusCode).toBe(204);
    expect((await all()).some((r) => r.code === 'A.01.05')).toBe(false);
    const parent = await send('DELETE', '/api/org/categories/A.01', admin);
    expect(parent.statusCode).toBe(409);
    expect(parent.json().error.code).toBe('ORG_CATEGORY_IN_USE');
    await buildUnit(ctx.deps.db, { categoryCodes: ['B.01.01'] });
    const catalogued = await send('DELETE', '/api/org/categories/B.01.01', admin);
    expect(catalogued.statusCode).toBe(409);
  });

  it('only an administrator of the whole organisation edits; readers still read', async () => {
    const asDispatcher = await send('POST', '/api/org/categories', dispatcher, { parentCode: 'A.01', name: '无权' });
    expect(asDispatcher.statusCode).toBe(403);
    expect(asDispatcher.json().error.code).toBe('AUTH_FORBIDDEN');
    const asCounty = await send('PATCH', '/api/org/categories/A.01', countyAdmin, { name: '县管理员改名' });
    expect(asCounty.statusCode).toBe(403);
    expect(asCounty.json().error.code).toBe('AUTH_OUT_OF_SCOPE');
    expect((await send('GET', '/api/org/categories/all', dispatcher)).statusCode).toBe(200);
    const anonymous = await ctx.app.inject({ method: 'DELETE', url: '/api/org/categories/A.01' });
    expect(anonymous.statusCode).toBe(401);
  });
});
