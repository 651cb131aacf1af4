import type { PersonRank } from '../../../contracts/org.js';
import type { SignedIn, TestContext } from '../../platform/testing/test-context.js';
import { buildDivision, buildPerson, buildUnit } from '../org/testing.js';

// Test fixtures for the liaison module: a county with two townships and a village in each, a township government
// per township with cadres of every rank, accounts linked to cadres, an organiser, a leader and inspectors per scope.

export interface LiaisonWorld {
  county: string;
  townshipA: string;
  townshipB: string;
  villageA: string;
  villageB: string;
  unitA: number;
  unitB: number;
  cadres: Record<'countyA' | 'sectionA' | 'ordinaryA' | 'spareA' | 'ordinaryB', number>;
  cadreA: SignedIn & { personId: number };
  cadreB: SignedIn & { personId: number };
  organiser: SignedIn;
  organiserB: SignedIn;
  countyOrganiser: SignedIn;
  leader: SignedIn;
  inspector: SignedIn;
  inspectorB: SignedIn;
  dispatcher: SignedIn;
  admin: SignedIn;
}

export async function buildLiaisonWorld(ctx: TestContext): Promise<LiaisonWorld> {
  const db = ctx.deps.db;
  const county = await buildDivision(db, { level: 'county' });
  const townshipA = await buildDivision(db, { level: 'township', parentCode: county.code });
  const townshipB = await buildDivision(db, { level: 'township', parentCode: county.code });
  const villageA = await buildDivision(db, { level: 'village', parentCode: townshipA.code });
  const villageB = await buildDivision(db, { level: 'village', parentCode: townshipB.code });
  const unitA = await buildUnit(db, { divisionCode: townshipA.code, kind: 'township', name: `甲镇政府${county.code}` });
  const unitB = await buildUnit(db, { divisionCode: townshipB.code, kind: 'township', name: `乙镇政府${county.code}` });
  const person = (unitId: number, rank: PersonRank, name: string) =>
    buildPerson(db, { unitId, rank, name, phone: '13900001111' }, ctx.deps.cipher).then((p) => p.id);
  const cadres = {
    countyA: await person(unitA.id, 'county', '赵县长'),
    sectionA: await person(unitA.id, 'section', '钱科长'),
    ordinaryA: await person(unitA.id, 'ordinary', '孙干事'),
    spareA: await person(unitA.id, 'ordinary', '周干事'),
    ordinaryB: await person(unitB.id, 'ordinary', '李干事'),
  };
  const linked = async (personId: number, unitId: number) => {
    const who = await ctx.signIn({ roles: ['cadre'], scope: { kind: 'unit', unitId }, unitId });
    await db.updateTable('userAccount').set({ personId }).where('id', '=', who.userId).execute();
    return { ...who, personId };
  };
  const division = (code: string) => ({ kind: 'division', divisionCode: code }) as const;
  return {
    county: county.code,
    townshipA: townshipA.code,
    townshipB: townshipB.code,
    villageA: villageA.code,
    villageB: villageB.code,
    unitA: unitA.id,
    unitB: unitB.id,
    cadres,
    cadreA: await linked(cadres.ordinaryA, unitA.id),
    cadreB: await linked(cadres.ordinaryB, unitB.id),
    organiser: await ctx.signIn({ roles: ['system_admin'], scope: division(townshipA.code) }),
    organiserB: await ctx.signIn({ roles: ['system_admin'], scope: division(townshipB.code) }),
    countyOrganiser: await ctx.signIn({ roles: ['system_admin'], scope: division(county.code) }),
    leader: await ctx.signIn({ roles: ['leader'], scope: division(county.code) }),
    inspector: await ctx.signIn({ roles: ['inspector'], scope: division(county.code) }),
    inspectorB: await ctx.signIn({ roles: ['inspector'], scope: division(townshipB.code) }),
    dispatcher: await ctx.signIn({ roles: ['dispatcher'], scope: { kind: 'all' } }),
    admin: await ctx.signIn({ roles: ['security_admin'], scope: { kind: 'all' } }),
  };
}

let seq = 0;

/** Files a household in a village through the API as the organiser; returns its id. */
export async function postHousehold(
  ctx: TestContext,
  who: SignedIn,
  divisionCode: string,
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/liaison/households',
    headers: who.headers,
    payload: {
      divisionCode,
      address: `幸福村${++seq}组${seq}号`,
      headName: `王大山${seq}`,
      contactName: '王小明',
      contactPhone: '13812345678',
      tags: ['difficult'],
      members: [{ name: '王大山', relation: '户主' }],
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`household failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** Pairs a cadre with a household through the API. */
export async function pair(ctx: TestContext, who: SignedIn, cadrePersonId: number, householdId: number) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/liaison/pairings',
    headers: who.headers,
    payload: { cadrePersonId, householdId },
  });
}

/** A visit body with a fresh idempotency key. */
export function visitBody(householdId: number, overrides: Record<string, unknown> = {}) {
  return {
    householdId,
    visitedAt: '2026-11-20T01:30:00.000Z',
    form: 'home',
    learned: '老人身体还好，儿子在外打工',
    needs: '希望修一下漏雨的屋顶',
    opinions: '对村里的路灯很满意',
    idempotencyKey: `visit-${Date.now().toString(36)}-${++seq}`,
    ...overrides,
  };
}
