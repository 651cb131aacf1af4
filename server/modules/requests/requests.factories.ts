import type { Role, Scope } from '../../../contracts/roles.js';
import type { SignedIn, TestContext } from '../../platform/testing/test-context.js';
import { buildCategory, buildDivision, buildUnit } from '../org/testing.js';

// Test fixtures for the requests module: a county with two townships, a department owning a category, and the
// staff who work requests there. Each call creates fresh divisions, so tests in one database never collide.

export interface RequestWorld {
  county: string;
  townshipA: string;
  townshipB: string;
  villageA: string;
  category: string;
  governmentA: number;
  governmentB: number;
  department: number;
  otherDepartment: number;
  operator: SignedIn;
  dispatcher: SignedIn;
  handlerA: SignedIn;
  handlerB: SignedIn;
  handlerDepartment: SignedIn;
  handlerOther: SignedIn;
  leader: SignedIn;
  inspectorA: SignedIn;
  admin: SignedIn;
}

let n = 0;

/** Builds the world: county → townships A and B (A with a village), their governments, two departments, the staff. */
export async function buildRequestWorld(ctx: TestContext): Promise<RequestWorld> {
  const db = ctx.deps.db;
  const county = await buildDivision(db, { level: 'county' });
  const a = await buildDivision(db, { level: 'township', parentCode: county.code });
  const b = await buildDivision(db, { level: 'township', parentCode: county.code });
  const village = await buildDivision(db, { level: 'village', parentCode: a.code });
  const root = `RQ${++n}${Date.now().toString(36).slice(-4)}`.toUpperCase();
  await buildCategory(db, { code: root, name: '城市管理' });
  const category = `${root}.01`;
  await buildCategory(db, { code: category, name: '路灯', parentCode: root, level: 2 });
  const governmentA = await buildUnit(db, { kind: 'township', divisionCode: a.code, name: `A镇政府${n}` });
  const governmentB = await buildUnit(db, { kind: 'township', divisionCode: b.code, name: `B镇政府${n}` });
  const department = await buildUnit(db, { divisionCode: county.code, name: `城管局${n}`, categoryCodes: [category] });
  const otherDepartment = await buildUnit(db, { divisionCode: county.code, name: `住建局${n}` });
  const unitUser = (roles: Role[], unitId: number) => ctx.signIn({ roles, scope: { kind: 'unit', unitId }, unitId });
  const all: Scope = { kind: 'all' };
  return {
    county: county.code,
    townshipA: a.code,
    townshipB: b.code,
    villageA: village.code,
    category,
    governmentA: governmentA.id,
    governmentB: governmentB.id,
    department: department.id,
    otherDepartment: otherDepartment.id,
    operator: await ctx.signIn({ roles: ['operator'], scope: all }),
    dispatcher: await ctx.signIn({ roles: ['dispatcher'], scope: all }),
    handlerA: await unitUser(['handler'], governmentA.id),
    handlerB: await unitUser(['handler'], governmentB.id),
    handlerDepartment: await unitUser(['handler'], department.id),
    handlerOther: await unitUser(['handler'], otherDepartment.id),
    leader: await ctx.signIn({ roles: ['leader'], scope: all }),
    inspectorA: await ctx.signIn({ roles: ['inspector'], scope: { kind: 'division', divisionCode: a.code } }),
    admin: await ctx.signIn({ roles: ['system_admin'], scope: all }),
  };
}

/** The text of the standard test request: a broken street lamp (路灯). */
export const LAMP_TEXT = '小区门口的路灯坏了三天了，晚上出行很不安全，请尽快维修路灯。';
/** A reply that passes the reply check for LAMP_TEXT. */
export const LAMP_REPLY =
  '经现场核查，小区门口路灯因线路老化损坏，我单位已于今日更换路灯线路并恢复照明，晚上出行已恢复正常，感谢您的反映。';

/** Records a request through the API as the operator; classified at once unless `classify: false`. */
export async function postRequest(
  ctx: TestContext,
  w: RequestWorld,
  overrides: Record<string, unknown> = {},
  opts: { classify?: boolean; as?: SignedIn } = {},
): Promise<{ id: number; number: string; receiptCode?: string }> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: (opts.as ?? w.operator).headers,
    payload: {
      channel: 'hotline',
      type: 'help',
      body: LAMP_TEXT,
      divisionCode: w.villageA,
      address: 'A镇幸福小区东门',
      citizenName: '王小明',
      citizenPhone: '13812345678',
      ...(opts.classify === false ? {} : { categoryCode: w.category }),
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`intake failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Posts one action and returns the response. */
export function act(ctx: TestContext, who: SignedIn, id: number, action: string, payload: unknown = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/requests/${id}/actions/${action}`,
    headers: who.headers,
    payload: payload as Record<string, unknown>,
  });
}
