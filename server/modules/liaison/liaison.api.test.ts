import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../platform/testing/test-context.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildCategory } from '../org/testing.js';
import { buildLiaisonWorld, type LiaisonWorld, pair, postHousehold, visitBody } from './liaison.factories.js';

let ctx: TestContext;
let w: LiaisonWorld;

beforeAll(async () => {
  ctx = await createTestContext({ PUBLIC_BASE_URL: 'https://lianxin.example.gov.cn' });
  w = await buildLiaisonWorld(ctx);
});
afterAll(async () => ctx?.close());

const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, who?: SignedIn, body?: unknown) =>
  ctx.app.inject({
    method,
    url,
    ...(who ? { headers: who.headers } : {}),
    ...(method !== 'GET' ? { payload: (body ?? {}) as Record<string, unknown> } : {}),
  });

describe('household ledger', () => {
  it('files a household with the contact phone masked, and refuses a place outside the organiser’s scope', async () => {
    const id = await postHousehold(ctx, w.organiser, w.villageA, { tags: ['elderly_alone', 'low_income'] });
    const res = await send('GET', `/api/liaison/households/${id}`, w.leader);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ contactPhoneMask: '138****5678', tags: ['elderly_alone', 'low_income'] });
    expect(res.body).not.toContain('13812345678');
    const stored = await ctx.deps.db
      .selectFrom('liaisonHousehold')
      .select('contactPhoneEnc')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.contactPhoneEnc).not.toContain('13812345678');
    const foreign = await send('POST', '/api/liaison/households', w.organiser, {
      divisionCode: w.villageB,
      address: '乙村1号',
      headName: '张三',
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details.issues[0].field).toBe('divisionCode');
    expect((await send('GET', `/api/liaison/households/${id}`, w.organiserB)).statusCode).toBe(404);
  });

  it('imports an XLSX all or nothing, with a row-by-row report', async () => {
    const file = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('x');
      ws.addRow(['区划代码', '地址', '户主', '联系人', '联系电话', '标签', '家庭成员', '备注']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    };
    const upload = async (buf: Buffer, dryRun = false) => {
      const boundary = 'lxb';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="h.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        buf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return ctx.app.inject({
        method: 'POST',
        url: `/api/liaison/households/import?dryRun=${dryRun}`,
        headers: { ...w.organiser.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const before = (await send('GET', '/api/liaison/households?pageSize=1', w.organiser)).json().total;
    const bad = await file([
      [w.villageA, '导入村1号', '刘一', '', '13700001111', '困难户、独居老人', '刘一/户主；陈二/妻子', ''],
      [w.villageA, '导入村2号', '', '', '', '', '', ''],
      [w.villageB, '导入村3号', '周三', '', '', '外星人', '', ''],
    ]);
    const rejected = await upload(bad);
    expect(rejected.statusCode).toBe(422);
    const issues = rejected.json().error.details.issues as { row: number; column: string }[];
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [3, '户主'],
      [4, '标签'],
      [4, '区划代码'],
    ]);
    expect((await send('GET', '/api/liaison/households?pageSize=1', w.organiser)).json().total).toBe(before);
    const dry = await upload(bad, true);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 0, rows: 3 });
    const good = await upload(
      await file([[w.villageA, '导入村1号', '刘一', '', '13700001111', '困难户', '刘一/户主', '']]),
    );
    expect(good.json()).toMatchObject({ created: 1, issues: [] });
    const list = await send('GET', `/api/liaison/households?q=${encodeURIComponent('导入村1号')}`, w.organiser);
    expect(list.json().items[0]).toMatchObject({
      headName: '刘一',
      tags: ['difficult'],
      contactPhoneMask: '137****1111',
    });
  });
});

describe('pairing under quotas, with history', () => {
  it('an ordinary cadre takes one household, a section-level two; the rule "party member plus ten" is selectable', async () => {
    const h = await Promise.all([1, 2, 3].map(() => postHousehold(ctx, w.organiser, w.villageA)));
    const ordinary = w.cadres.ordinaryA;
    expect((await pair(ctx, w.organiser, ordinary, h[0]!)).statusCode).toBe(201);
    const over = await pair(ctx, w.organiser, ordinary, h[1]!);
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('LIAISON_QUOTA_EXCEEDED');
    expect((await pair(ctx, w.organiser, w.cadres.sectionA, h[1]!)).statusCode).toBe(201);
    expect((await pair(ctx, w.organiser, w.cadres.sectionA, h[2]!)).statusCode).toBe(201);
    expect((await pair(ctx, w.organiser, w.cadres.sectionA, h[0]!)).json().error.code).toBe('LIAISON_QUOTA_EXCEEDED');
    const rule = {
      kind: 'party_member_plus_ten',
      leaderRanks: ['county', 'section'],
      partyMembers: 1,
      households: 10,
      otherQuota: 1,
    };
    const refused = await send('PUT', '/api/liaison/settings', w.organiser, { countyCode: w.county, quotaRule: rule });
    expect(refused.json().error.code).toBe('AUTH_OUT_OF_SCOPE');
    const saved = await send('PUT', '/api/liaison/settings', w.countyOrganiser, {
      countyCode: w.county,
      quotaRule: rule,
    });
    expect(saved.statusCode).toBe(200);
    expect((await pair(ctx, w.organiser, w.cadres.sectionA, h[0]!)).statusCode).toBe(201);
    await send('PUT', '/api/liaison/settings', w.countyOrganiser, {
      countyCode: w.county,
      quotaRule: { kind: 'by_rank', quotas: { county: 4, section: 2, ordinary: 1, village: 1 } },
    });
    const coverage = (await send('GET', '/api/liaison/coverage', w.organiser)).json();
    expect(coverage.underQuota.map((c: { personId: number }) => c.personId)).toContain(w.cadres.countyA);
    expect(coverage.underQuota.map((c: { personId: number }) => c.personId)).not.toContain(w.cadres.ordinaryA);
  });

  it('replacing a cadre ends the old pairing with the reason and keeps it in the history', async () => {
    const h = await postHousehold(ctx, w.organiser, w.villageA);
    const first = (await pair(ctx, w.organiser, w.cadres.countyA, h)).json();
    const same = await send('POST', `/api/liaison/pairings/${first.id}/replace`, w.organiser, {
      cadrePersonId: w.cadres.countyA,
      reason: '同一干部',
    });
    expect(same.json().error.code).toBe('LIAISON_ALREADY_PAIRED');
    const res = await send('POST', `/api/liaison/pairings/${first.id}/replace`, w.organiser, {
      cadrePersonId: w.cadres.spareA,
      reason: '赵县长调离本县',
    });
    expect(res.statusCode).toBe(200);
    const history = (await send('GET', `/api/liaison/households/${h}/pairings`, w.leader)).json().items;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      id: first.id,
      cadrePersonId: w.cadres.countyA,
      endReason: '赵县长调离本县',
      endedAt: expect.any(String),
      replacedById: history[1].id,
    });
    expect(history[1]).toMatchObject({ cadrePersonId: w.cadres.spareA, endedAt: null });
    // A replacement by a cadre whose quota is full is refused and changes nothing.
    const full = await send('POST', `/api/liaison/pairings/${history[1].id}/replace`, w.organiser, {
      cadrePersonId: w.cadres.ordinaryA,
      reason: '换人',
    });
    expect(full.json().error.code).toBe('LIAISON_QUOTA_EXCEEDED');
    const after = (await send('GET', `/api/liaison/households/${h}/pairings`, w.leader)).json().items;
    expect(after).toEqual(history);
    expect(
      (await send('POST', `/api/liaison/pairings/${history[1].id}/end`, w.organiser, { reason: '农户搬迁' }))
        .statusCode,
    ).toBe(200);
    const again = await send('POST', `/api/liaison/pairings/${history[1].id}/end`, w.organiser, { reason: '再次' });
    expect(again.json().error.code).toBe('LIAISON_PAIRING_ENDED');
  });
});

describe('visits', () => {
  let household: number;
  beforeAll(async () => {
    household = await postHousehold(ctx, w.organiserB, w.villageB, { headName: '陈老汉' });
    expect((await pair(ctx, w.organiserB, w.cadres.ordinaryB, household)).statusCode).toBe(201);
  });

  it('a problem found becomes a liaison request in the dispatcher’s new queue, and its state shows on the visit', async () => {
    const body = visitBody(household, { problem: '村口道路塌陷一个大坑，雨天积水严重，老人出行不便' });
    const res = await send('POST', '/api/liaison/visits', w.cadreB, body);
    expect(res.statusCode).toBe(201);
    const visit = res.json();
    expect(visit.request).toMatchObject({ state: 'received', number: expect.any(String) });
    const queue = await send('GET', `/api/requests?queue=new&q=${visit.request.number}`, w.dispatcher);
    expect(queue.json().items).toEqual([expect.objectContaining({ number: visit.request.number, channel: 'liaison' })]);
    await buildCategory(ctx.deps.db, { code: 'LXROAD', name: '道路' });
    await buildCategory(ctx.deps.db, { code: 'LXROAD.01', name: '道路塌陷', parentCode: 'LXROAD', level: 2 });
    const classified = await send('POST', `/api/requests/${visit.request.id}/actions/classify`, w.dispatcher, {
      categoryCode: 'LXROAD.01',
      type: 'help',
      divisionCode: w.villageB,
    });
    expect(classified.statusCode).toBe(200);
    const dispatched = await send('POST', `/api/requests/${visit.request.id}/actions/dispatch`, w.dispatcher, {
      leadUnitId: w.unitB,
      reason: '属地乡镇处理',
    });
    expect(dispatched.statusCode).toBe(200);
    const mine = (await send('GET', '/api/liaison/my/visits', w.cadreB)).json();
    expect(mine.items.find((v: { id: number }) => v.id === visit.id).request.state).toBe('dispatched');
  });

  it('a retried submission with the same key records one visit and one request', async () => {
    const body = visitBody(household, { problem: '自来水管冻裂漏水，需要维修更换水管' });
    const first = await send('POST', '/api/liaison/visits', w.cadreB, body);
    const second = await send('POST', '/api/liaison/visits', w.cadreB, body);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    expect(second.json().request.number).toBe(first.json().request.number);
    const requests = await ctx.deps.db
      .selectFrom('request')
      .select('id')
      .where('idempotencyKey', '=', `liaison-visit:${body.idempotencyKey}`)
      .execute();
    expect(requests).toHaveLength(1);
    const visits = await ctx.deps.db
      .selectFrom('liaisonVisit')
      .select('id')
      .where('idempotencyKey', '=', body.idempotencyKey)
      .execute();
    expect(visits).toHaveLength(1);
  });

  it('a cadre cannot log a visit to a household they are not paired with, nor in the future', async () => {
    const other = await postHousehold(ctx, w.organiserB, w.villageB);
    const res = await send('POST', '/api/liaison/visits', w.cadreB, visitBody(other));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('LIAISON_NOT_PAIRED');
    // Another township's household answers exactly as one that does not exist.
    const foreign = await postHousehold(ctx, w.organiser, w.villageA);
    const outside = await send('POST', '/api/liaison/visits', w.cadreB, visitBody(foreign));
    const absent = await send('POST', '/api/liaison/visits', w.cadreB, visitBody(987654321));
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('LIAISON_HOUSEHOLD_NOT_FOUND');
    expect([absent.statusCode, absent.json().error.code]).toEqual([404, 'LIAISON_HOUSEHOLD_NOT_FOUND']);
    const future = await send(
      'POST',
      '/api/liaison/visits',
      w.cadreB,
      visitBody(household, { visitedAt: '2027-01-01T00:00:00Z' }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.issues[0].field).toBe('visitedAt');
    const unlinked = await ctx.signIn({ roles: ['cadre'] });
    expect((await send('POST', '/api/liaison/visits', unlinked, visitBody(household))).json().error.code).toBe(
      'LIAISON_NOT_A_CADRE',
    );
  });

  it('my page lists my households with the quota of my rank', async () => {
    const my = (await send('GET', '/api/liaison/my', w.cadreB)).json();
    expect(my).toMatchObject({ personId: w.cadres.ordinaryB, rank: 'ordinary', quota: 1 });
    expect(my.households.map((h: { id: number }) => h.id)).toEqual([household]);
    expect(my.households[0].lastVisitAt).not.toBeNull();
  });

  it('the contact card is printable HTML with the cadre, a masked phone and a QR code to the portal submit page', async () => {
    const res = await send('GET', `/api/liaison/households/${household}/contact-card`, w.leader);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('李干事');
    expect(res.body).toContain('139****1111');
    expect(res.body).toContain(
      `https://lianxin.example.gov.cn/portal/submit?division=${w.villageB}&amp;cadre=${w.cadres.ordinaryB}`,
    );
  });
});

describe('diaries, commitments, deeds, figures', () => {
  it('a cadre keeps a diary; the leader reads the scope’s diaries, another township’s organiser does not', async () => {
    const res = await send('POST', '/api/liaison/my/diaries', w.cadreA, {
      day: '2026-11-19',
      newProblems: '三组的灌溉渠堵了',
      newIdeas: '',
    });
    expect(res.statusCode).toBe(200);
    const again = await send('POST', '/api/liaison/my/diaries', w.cadreA, {
      day: '2026-11-19',
      newProblems: '三组的灌溉渠堵了，已联系水利站',
      newIdeas: '建议设立渠道管护员',
    });
    expect(again.json().id).toBe(res.json().id);
    const leader = (await send('GET', '/api/liaison/diaries', w.leader)).json();
    expect(leader.items.map((d: { newIdeas: string }) => d.newIdeas)).toContain('建议设立渠道管护员');
    const other = (await send('GET', '/api/liaison/diaries', w.organiserB)).json();
    expect(other.total).toBe(0);
    const empty = await send('POST', '/api/liaison/my/diaries', w.cadreA, { day: '2026-11-19' });
    expect(empty.statusCode).toBe(400);
  });

  it('commitments on time and deeds with aid money count in the figures; the public rates public commitments', async () => {
    const made = await send('POST', '/api/liaison/my/commitments', w.cadreB, {
      kind: 'deed',
      title: '修好村口道路',
      content: '一个月内协调修复村口塌陷道路',
      deadline: '2026-11-30',
    });
    expect(made.statusCode).toBe(201);
    // Nothing to rate before it is fulfilled.
    const early = await send('POST', `/api/public/liaison/commitments/${made.json().id}/rate`, undefined, { score: 5 });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('LIAISON_COMMITMENT_NOT_FULFILLED');
    const done = await send('POST', `/api/liaison/my/commitments/${made.json().id}/fulfil`, w.cadreB, {
      evidence: '道路已于11月20日修复，附照片',
    });
    expect(done.json()).toMatchObject({ onTime: true, evidence: '道路已于11月20日修复，附照片' });
    expect(
      (await send('POST', `/api/liaison/my/commitments/${made.json().id}/fulfil`, w.cadreA, { evidence: 'x' }))
        .statusCode,
    ).toBe(404);
    const rated = await send('POST', `/api/public/liaison/commitments/${made.json().id}/rate`, undefined, { score: 4 });
    expect(rated.json()).toMatchObject({ rating: 4, ratingCount: 1 });
    const deed = await send('POST', '/api/liaison/my/deeds', w.cadreB, {
      title: '慰问困难户',
      doneOn: '2026-11-19',
      beneficiaries: 3,
      aidFen: 50_000,
    });
    expect(deed.statusCode).toBe(201);
    const figures = await send('GET', '/api/liaison/figures?groupBy=cadre&from=2026-11-01&to=2026-11-30', w.leader);
    const row = figures.json().rows.find((r: { key: string }) => r.key === String(w.cadres.ordinaryB));
    expect(row).toMatchObject({
      householdsPaired: 1,
      householdsVisited: 1,
      visitCoverage: 1,
      problemsFound: 2,
      problemsResolved: 0,
      commitmentsDue: 1,
      commitmentsOnTime: 1,
      deeds: 1,
      aidFen: 50_000,
    });
    const byTownship = (
      await send('GET', '/api/liaison/figures?groupBy=township&from=2026-11-01&to=2026-11-30', w.organiserB)
    ).json();
    expect(byTownship.rows.map((r: { key: string }) => r.key)).toEqual([w.townshipB]);
  });
});

describe('formalism checks and call-backs', () => {
  it('flags the planted patterns and not the honest visit; a call-back list is reproducible from its seed', async () => {
    const hs = await Promise.all([1, 2, 3, 4].map(() => postHousehold(ctx, w.organiser, w.villageA)));
    for (const h of hs) expect((await pair(ctx, w.organiser, w.cadres.countyA, h)).statusCode).toBe(201);
    const cadre = await ctx.signIn({ roles: ['cadre'], scope: { kind: 'unit', unitId: w.unitA }, unitId: w.unitA });
    await ctx.deps.db
      .updateTable('userAccount')
      .set({ personId: w.cadres.countyA })
      .where('id', '=', cadre.userId)
      .execute();
    const post = async (h: number, o: Record<string, unknown>) =>
      (await send('POST', '/api/liaison/visits', cadre, visitBody(h, o))).json().id as number;
    const honest = await post(hs[0]!, { visitedAt: '2026-11-10T02:00:00Z' });
    const empty = await post(hs[1]!, {
      visitedAt: '2026-11-11T02:00:00Z',
      learned: '无',
      needs: '无',
      opinions: '正常',
    });
    const late = await post(hs[2]!, { visitedAt: '2026-11-11T16:30:00Z' });
    const burst = [
      await post(hs[0]!, { visitedAt: '2026-11-12T12:00:00Z' }),
      await post(hs[1]!, { visitedAt: '2026-11-12T12:03:00Z' }),
      await post(hs[3]!, { visitedAt: '2026-11-12T12:06:00Z' }),
    ];
    const list = (
      await send('GET', `/api/liaison/formalism?from=2026-11-10&to=2026-11-12&divisionCode=${w.villageA}`, w.inspector)
    ).json();
    const byId = Object.fromEntries(list.items.map((i: { visitId: number; flags: string[] }) => [i.visitId, i.flags]));
    expect(byId).toEqual({
      [empty]: ['empty_content'],
      [late]: ['implausible_hour'],
      [burst[0]!]: ['burst'],
      [burst[1]!]: ['burst'],
      [burst[2]!]: ['burst'],
    });
    expect(byId[honest]).toBeUndefined();
    const draw = { from: '2026-11-10', to: '2026-11-12', size: 3, divisionCode: w.villageA, seed: 'audit-2026-11' };
    const a = (await send('POST', '/api/liaison/callbacks', w.inspector, draw)).json();
    const b = (await send('POST', '/api/liaison/callbacks', w.inspector, draw)).json();
    expect(a.seed).toBe('audit-2026-11');
    expect(a.items.map((i: { visitId: number }) => i.visitId)).toEqual(
      b.items.map((i: { visitId: number }) => i.visitId),
    );
    expect(a.items).toHaveLength(3);
    const fresh = (await send('POST', '/api/liaison/callbacks', w.inspector, { ...draw, seed: undefined })).json();
    expect(fresh.seed).toMatch(/^[0-9a-f]{16}$/);
    const item = a.items[0];
    const denied = await send('POST', `/api/liaison/callbacks/items/${item.id}/outcome`, w.inspector, {
      outcome: 'denied',
      note: '户主说没人来过',
    });
    expect(denied.json().items[0]).toMatchObject({ outcome: 'denied' });
    const after = (
      await send('GET', `/api/liaison/formalism?from=2026-11-10&to=2026-11-12&divisionCode=${w.villageA}`, w.inspector)
    ).json();
    const flagged = after.items.find((i: { visitId: number }) => i.visitId === item.visitId);
    expect(flagged.flags).toContain('denied_by_household');
    expect((await send('GET', `/api/liaison/callbacks/${a.id}`, w.inspectorB)).statusCode).toBe(404);
  });
});
