import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDivision, buildPerson, buildUnit } from './modules/org/testing.js';
import { createTestContext, type SignedIn, type TestContext } from './platform/testing/test-context.js';

let ctx: TestContext;
const place = { county: '', townA: '', townB: '', unitA: 0 };

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  place.county = (await buildDivision(db, { level: 'county' })).code;
  place.townA = (await buildDivision(db, { level: 'township', parentCode: place.county })).code;
  place.townB = (await buildDivision(db, { level: 'township', parentCode: place.county })).code;
  const county = await buildUnit(db, { name: '示范县人民政府', kind: 'government', divisionCode: place.county });
  const townA = await buildUnit(db, { name: '东镇人民政府', parentId: county.id, divisionCode: place.townA });
  place.unitA = townA.id;
  await buildUnit(db, { name: '东镇综治中心', parentId: townA.id, divisionCode: place.townA });
  const townB = await buildUnit(db, { name: '西镇人民政府', parentId: county.id, divisionCode: place.townB });
  await buildPerson(db, { unitId: townA.id });
  await buildPerson(db, { unitId: townB.id });
  await buildPerson(db, { unitId: county.id });
});
afterAll(async () => ctx.close());

type Card = { key: string; label: string; count?: number };
async function cardsOf(who: SignedIn, lang = 'zh-CN'): Promise<Map<string, Card>> {
  const res = await ctx.app.inject({ url: '/api/home', headers: { ...who.headers, 'accept-language': lang } });
  expect(res.statusCode).toBe(200);
  return new Map((res.json().modules as Card[]).map((c) => [c.key, c]));
}

describe('GET /api/home: the org cards', () => {
  it("counts only a township user's township, and more for a county-wide user", async () => {
    const township = await ctx.signIn({
      roles: ['cadre'],
      scope: { kind: 'division', divisionCode: place.townA },
      unitId: place.unitA,
    });
    const mine = await cardsOf(township);
    expect(mine.get('org/units')).toEqual({ key: 'org/units', label: '单位', count: 2 });
    expect(mine.get('org/people')?.count).toBe(1);
    expect(mine.get('org/divisions')).toEqual({ key: 'org/divisions', label: '行政区划', count: 1 });

    const countyWide = await ctx.signIn({ roles: ['leader'], scope: { kind: 'division', divisionCode: place.county } });
    const all = await cardsOf(countyWide, 'en');
    expect(all.get('org/units')).toEqual({ key: 'org/units', label: 'Units', count: 4 });
    expect(all.get('org/people')).toEqual({ key: 'org/people', label: 'People', count: 3 });
    expect(all.get('org/divisions')?.count).toBe(3);
  });

  it('shows no org cards to a role without org:read', async () => {
    const auditor = await ctx.signIn({ roles: ['audit_admin'] });
    const cards = await cardsOf(auditor);
    expect([...cards.keys()].filter((k) => k.startsWith('org/'))).toEqual([]);
  });

  it('answers 401 without a session', async () => {
    const res = await ctx.app.inject({ url: '/api/home' });
    expect(res.statusCode).toBe(401);
  });
});
