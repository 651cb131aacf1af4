import type { SignedIn, TestContext } from '../../platform/testing/test-context.js';
import { buildCategory, buildDivision, buildUnit } from '../org/testing.js';

// Test fixtures for published rankings: a county with a township and a village, a category owned by a department,
// two departments, and the staff who put requests through the requests module's HTTP API (the only way a test
// outside that module writes requests).

export interface RankingWorld {
  county: string;
  township: string;
  village: string;
  category: string;
  department: number;
  otherDepartment: number;
  operator: SignedIn;
  dispatcher: SignedIn;
  handlerDepartment: SignedIn;
  handlerOther: SignedIn;
  leader: SignedIn;
  admin: SignedIn;
}

let n = 0;

export async function buildRankingWorld(ctx: TestContext): Promise<RankingWorld> {
  const db = ctx.deps.db;
  const county = await buildDivision(db, { level: 'county' });
  const township = await buildDivision(db, { level: 'township', parentCode: county.code });
  const village = await buildDivision(db, { level: 'village', parentCode: township.code });
  const root = `RP${++n}${Date.now().toString(36).slice(-4)}`.toUpperCase();
  await buildCategory(db, { code: root, name: '城市管理' });
  const category = `${root}.01`;
  await buildCategory(db, { code: category, name: '路灯', parentCode: root, level: 2 });
  const department = await buildUnit(db, { divisionCode: county.code, name: `城管局${n}`, categoryCodes: [category] });
  const otherDepartment = await buildUnit(db, { divisionCode: county.code, name: `住建局${n}` });
  const all = { kind: 'all' } as const;
  const unitUser = (unitId: number) => ctx.signIn({ roles: ['handler'], scope: { kind: 'unit', unitId }, unitId });
  return {
    county: county.code,
    township: township.code,
    village: village.code,
    category,
    department: department.id,
    otherDepartment: otherDepartment.id,
    operator: await ctx.signIn({ roles: ['operator'], scope: all }),
    dispatcher: await ctx.signIn({ roles: ['dispatcher'], scope: all }),
    handlerDepartment: await unitUser(department.id),
    handlerOther: await unitUser(otherDepartment.id),
    leader: await ctx.signIn({ roles: ['leader'], scope: all }),
    admin: await ctx.signIn({ roles: ['system_admin'], scope: all }),
  };
}

/** A reply that passes the requests module's reply check for the street-lamp request below. */
export const LAMP_REPLY =
  '经现场核查，小区门口路灯因线路老化损坏，我单位已于今日更换路灯线路并恢复照明，晚上出行已恢复正常，感谢您的反映。';

/** Records a classified street-lamp request in the world's village through the API, as the operator. */
export async function postRequest(ctx: TestContext, w: RankingWorld): Promise<{ id: number }> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: w.operator.headers,
    payload: {
      channel: 'hotline',
      type: 'help',
      body: '小区门口的路灯坏了三天了，晚上出行很不安全，请尽快维修路灯。',
      divisionCode: w.village,
      address: '幸福小区东门',
      citizenName: '王小明',
      citizenPhone: '13812345678',
      categoryCode: w.category,
    },
  });
  if (res.statusCode !== 201) throw new Error(`intake failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Posts one action on a request and returns the response. */
export function act(ctx: TestContext, who: SignedIn, id: number, action: string, payload: unknown = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/requests/${id}/actions/${action}`,
    headers: who.headers,
    payload: payload as Record<string, unknown>,
  });
}
