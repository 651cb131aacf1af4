import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../platform/testing/test-context.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildLiaisonWorld, type LiaisonWorld, pair, postHousehold, visitBody } from './liaison.factories.js';

/*
 * The access matrix of the liaison endpoints: every route answers 401 without a session, 403 to a role without its
 * permission (a security administrator holds none of them), 400 naming the field for a bad body or query, and the
 * records of township A read as not found (or are absent from lists) for township B's organiser and inspector.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
type Who = 'organiser' | 'leader' | 'cadreA' | 'inspector';
interface Ids {
  household: number;
  pairing: number;
  commitment: number;
  report: number;
  batch: number;
  callback: number;
}
interface Route {
  name: string;
  method: Method;
  url: (ids: Ids) => string;
  /** Who holds the permission (used for the 400 check). */
  who: Who;
  bad?: { url?: (ids: Ids) => string; body?: unknown; field: string };
}

const ROUTES: Route[] = [
  {
    name: 'settings',
    method: 'GET',
    url: () => '/api/liaison/settings',
    who: 'leader',
    bad: { url: () => '/api/liaison/settings?countyCode=12', field: 'countyCode' },
  },
  {
    name: 'save settings',
    method: 'PUT',
    url: () => '/api/liaison/settings',
    who: 'organiser',
    bad: { body: { quotaRule: { kind: 'by_rank' } }, field: 'quotas' },
  },
  {
    name: 'households',
    method: 'GET',
    url: () => '/api/liaison/households',
    who: 'leader',
    bad: { url: () => '/api/liaison/households?tag=rich', field: 'tag' },
  },
  {
    name: 'create household',
    method: 'POST',
    url: () => '/api/liaison/households',
    who: 'organiser',
    bad: { body: { divisionCode: '1', address: 'x', headName: 'y' }, field: 'divisionCode' },
  },
  {
    name: 'import',
    method: 'POST',
    url: () => '/api/liaison/households/import',
    who: 'organiser',
    bad: { url: () => '/api/liaison/households/import?dryRun=maybe', field: 'dryRun' },
  },
  {
    name: 'import template',
    method: 'GET',
    url: () => '/api/liaison/households/import/template.xlsx',
    who: 'organiser',
  },
  {
    name: 'household',
    method: 'GET',
    url: (i) => `/api/liaison/households/${i.household}`,
    who: 'leader',
    bad: { url: () => '/api/liaison/households/abc', field: 'id' },
  },
  {
    name: 'update household',
    method: 'PATCH',
    url: (i) => `/api/liaison/households/${i.household}`,
    who: 'organiser',
    bad: { body: { tags: ['rich'] }, field: '0' },
  },
  {
    name: 'contact card',
    method: 'GET',
    url: (i) => `/api/liaison/households/${i.household}/contact-card`,
    who: 'leader',
    bad: { url: () => '/api/liaison/households/0/contact-card', field: 'id' },
  },
  {
    name: 'pairing history',
    method: 'GET',
    url: (i) => `/api/liaison/households/${i.household}/pairings`,
    who: 'leader',
  },
  {
    name: 'pair',
    method: 'POST',
    url: () => '/api/liaison/pairings',
    who: 'organiser',
    bad: { body: { cadrePersonId: 'x', householdId: 1 }, field: 'cadrePersonId' },
  },
  {
    name: 'end pairing',
    method: 'POST',
    url: (i) => `/api/liaison/pairings/${i.pairing}/end`,
    who: 'organiser',
    bad: { body: { reason: '' }, field: 'reason' },
  },
  {
    name: 'replace pairing',
    method: 'POST',
    url: (i) => `/api/liaison/pairings/${i.pairing}/replace`,
    who: 'organiser',
    bad: { body: { reason: '调离' }, field: 'cadrePersonId' },
  },
  {
    name: 'coverage',
    method: 'GET',
    url: () => '/api/liaison/coverage',
    who: 'leader',
    bad: { url: () => '/api/liaison/coverage?limit=0', field: 'limit' },
  },
  { name: 'my', method: 'GET', url: () => '/api/liaison/my', who: 'cadreA' },
  {
    name: 'visit',
    method: 'POST',
    url: () => '/api/liaison/visits',
    who: 'cadreA',
    bad: { body: { householdId: 1, visitedAt: 'now', form: 'home', idempotencyKey: 'abcdefgh' }, field: 'visitedAt' },
  },
  {
    name: 'my visits',
    method: 'GET',
    url: () => '/api/liaison/my/visits',
    who: 'cadreA',
    bad: { url: () => '/api/liaison/my/visits?page=0', field: 'page' },
  },
  { name: 'my diaries', method: 'GET', url: () => '/api/liaison/my/diaries', who: 'cadreA' },
  {
    name: 'write diary',
    method: 'POST',
    url: () => '/api/liaison/my/diaries',
    who: 'cadreA',
    bad: { body: { day: '2026-13-01', newIdeas: 'x' }, field: 'day' },
  },
  { name: 'my commitments', method: 'GET', url: () => '/api/liaison/my/commitments', who: 'cadreA' },
  {
    name: 'make commitment',
    method: 'POST',
    url: () => '/api/liaison/my/commitments',
    who: 'cadreA',
    bad: { body: { kind: 'vow', title: 't', content: 'c', deadline: '2026-12-01' }, field: 'kind' },
  },
  {
    name: 'fulfil commitment',
    method: 'POST',
    url: (i) => `/api/liaison/my/commitments/${i.commitment}/fulfil`,
    who: 'cadreA',
    bad: { body: { evidence: '' }, field: 'evidence' },
  },
  { name: 'my deeds', method: 'GET', url: () => '/api/liaison/my/deeds', who: 'cadreA' },
  {
    name: 'record deed',
    method: 'POST',
    url: () => '/api/liaison/my/deeds',
    who: 'cadreA',
    bad: { body: { title: '慰问', doneOn: '2026-11-01', beneficiaries: 1, aidFen: -1 }, field: 'aidFen' },
  },
  { name: 'my party reports', method: 'GET', url: () => '/api/liaison/my/party-reports', who: 'cadreA' },
  {
    name: 'register party member',
    method: 'POST',
    url: () => '/api/liaison/my/party-reports',
    who: 'cadreA',
    bad: { body: { communityCode: 'x', post: '楼栋长', registeredOn: '2026-11-01' }, field: 'communityCode' },
  },
  {
    name: 'log service',
    method: 'POST',
    url: (i) => `/api/liaison/my/party-reports/${i.report}/services`,
    who: 'cadreA',
    bad: { body: { on: '2026-11-01', hours: 0, note: '清扫' }, field: 'hours' },
  },
  {
    name: 'visits',
    method: 'GET',
    url: () => '/api/liaison/visits',
    who: 'leader',
    bad: { url: () => '/api/liaison/visits?from=yesterday', field: 'from' },
  },
  { name: 'diaries', method: 'GET', url: () => '/api/liaison/diaries', who: 'leader' },
  { name: 'commitments', method: 'GET', url: () => '/api/liaison/commitments', who: 'leader' },
  { name: 'deeds', method: 'GET', url: () => '/api/liaison/deeds', who: 'leader' },
  { name: 'party reports', method: 'GET', url: () => '/api/liaison/party-reports', who: 'leader' },
  {
    name: 'appraise',
    method: 'POST',
    url: (i) => `/api/liaison/party-reports/${i.report}/appraisal`,
    who: 'organiser',
    bad: { body: { appraisal: 'superb' }, field: 'appraisal' },
  },
  {
    name: 'figures',
    method: 'GET',
    url: () => '/api/liaison/figures?from=2026-11-01&to=2026-11-30',
    who: 'leader',
    bad: { url: () => '/api/liaison/figures?from=2026-11-01&to=2026-11-30&groupBy=village', field: 'groupBy' },
  },
  {
    name: 'formalism',
    method: 'GET',
    url: () => '/api/liaison/formalism?from=2026-11-01&to=2026-11-30',
    who: 'inspector',
    bad: { url: () => '/api/liaison/formalism?from=2026-11-01', field: 'to' },
  },
  {
    name: 'draw call-backs',
    method: 'POST',
    url: () => '/api/liaison/callbacks',
    who: 'inspector',
    bad: { body: { from: '2026-11-01', to: '2026-11-30', size: 0 }, field: 'size' },
  },
  { name: 'call-back list', method: 'GET', url: (i) => `/api/liaison/callbacks/${i.batch}`, who: 'inspector' },
  {
    name: 'call-back outcome',
    method: 'POST',
    url: (i) => `/api/liaison/callbacks/items/${i.callback}/outcome`,
    who: 'inspector',
    bad: { body: { outcome: 'pending' }, field: 'outcome' },
  },
];

/** Township A's records, tried by township B's organiser or inspector: each must read as not found. */
const FOREIGN: {
  name: string;
  method: Method;
  url: (i: Ids) => string;
  body?: unknown;
  who: 'organiserB' | 'inspectorB';
  code: string;
}[] = [
  {
    name: 'household',
    method: 'GET',
    url: (i) => `/api/liaison/households/${i.household}`,
    who: 'organiserB',
    code: 'LIAISON_HOUSEHOLD_NOT_FOUND',
  },
  {
    name: 'update household',
    method: 'PATCH',
    url: (i) => `/api/liaison/households/${i.household}`,
    body: { note: '改' },
    who: 'organiserB',
    code: 'LIAISON_HOUSEHOLD_NOT_FOUND',
  },
  {
    name: 'contact card',
    method: 'GET',
    url: (i) => `/api/liaison/households/${i.household}/contact-card`,
    who: 'organiserB',
    code: 'LIAISON_HOUSEHOLD_NOT_FOUND',
  },
  {
    name: 'pairing history',
    method: 'GET',
    url: (i) => `/api/liaison/households/${i.household}/pairings`,
    who: 'organiserB',
    code: 'LIAISON_HOUSEHOLD_NOT_FOUND',
  },
  {
    name: 'end pairing',
    method: 'POST',
    url: (i) => `/api/liaison/pairings/${i.pairing}/end`,
    body: { reason: '结束' },
    who: 'organiserB',
    code: 'LIAISON_PAIRING_NOT_FOUND',
  },
  {
    name: 'replace pairing',
    method: 'POST',
    url: (i) => `/api/liaison/pairings/${i.pairing}/replace`,
    body: { cadrePersonId: 1, reason: '调离' },
    who: 'organiserB',
    code: 'LIAISON_PAIRING_NOT_FOUND',
  },
  {
    name: 'appraise',
    method: 'POST',
    url: (i) => `/api/liaison/party-reports/${i.report}/appraisal`,
    body: { appraisal: 'good' },
    who: 'organiserB',
    code: 'NOT_FOUND',
  },
  {
    name: 'call-back list',
    method: 'GET',
    url: (i) => `/api/liaison/callbacks/${i.batch}`,
    who: 'inspectorB',
    code: 'LIAISON_CALLBACK_NOT_FOUND',
  },
  {
    name: 'call-back outcome',
    method: 'POST',
    url: (i) => `/api/liaison/callbacks/items/${i.callback}/outcome`,
    body: { outcome: 'denied' },
    who: 'inspectorB',
    code: 'LIAISON_CALLBACK_NOT_FOUND',
  },
];

let ctx: TestContext;
let w: LiaisonWorld;
const ids = {} as Ids;

const send = (method: Method, url: string, who?: SignedIn, body?: unknown) =>
  ctx.app.inject({
    method,
    url,
    ...(who ? { headers: who.headers } : {}),
    ...(method !== 'GET' ? { payload: (body ?? {}) as Record<string, unknown> } : {}),
  });

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildLiaisonWorld(ctx);
  ids.household = await postHousehold(ctx, w.organiser, w.villageA);
  ids.pairing = (await pair(ctx, w.organiser, w.cadres.ordinaryA, ids.household)).json().id;
  const visit = await send(
    'POST',
    '/api/liaison/visits',
    w.cadreA,
    visitBody(ids.household, { learned: '正常', needs: '无', opinions: '无' }),
  );
  expect(visit.statusCode).toBe(201);
  await send('POST', '/api/liaison/my/diaries', w.cadreA, { day: '2026-11-19', newProblems: '灌溉渠堵塞' });
  ids.commitment = (
    await send('POST', '/api/liaison/my/commitments', w.cadreA, {
      kind: 'post',
      title: '每周走访',
      content: '每周走访一次',
      deadline: '2026-12-31',
    })
  ).json().id;
  await send('POST', '/api/liaison/my/deeds', w.cadreA, {
    title: '送米送油',
    doneOn: '2026-11-18',
    beneficiaries: 2,
    aidFen: 20_000,
  });
  ids.report = (
    await send('POST', '/api/liaison/my/party-reports', w.cadreA, {
      communityCode: w.villageA,
      post: '楼栋长',
      registeredOn: '2026-11-01',
    })
  ).json().id;
  const batch = (
    await send('POST', '/api/liaison/callbacks', w.inspector, {
      from: '2026-11-01',
      to: '2026-11-30',
      size: 5,
      divisionCode: w.villageA,
    })
  ).json();
  ids.batch = batch.id;
  ids.callback = batch.items[0].id;
});
afterAll(async () => ctx?.close());

describe('liaison access matrix', () => {
  it.each(ROUTES)('$name: 401 without a session', async (r) => {
    expect((await send(r.method, r.url(ids))).statusCode).toBe(401);
  });

  it.each(ROUTES)('$name: 403 for a security administrator (no liaison permission)', async (r) => {
    const res = await send(r.method, r.url(ids), w.admin);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it.each(ROUTES.filter((r) => r.who !== 'cadreA'))('$name: 403 for a cadre (own records only)', async (r) => {
    expect((await send(r.method, r.url(ids), w.cadreA)).statusCode).toBe(403);
  });

  it.each(ROUTES.filter((r) => r.bad))('$name: 400 naming the field', async (r) => {
    const bad = r.bad!;
    const res = await send(r.method, (bad.url ?? r.url)(ids), w[r.who], bad.body);
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.issues.map((i: { field: string }) => i.field);
    expect(fields.some((f: string) => f === bad.field || f.endsWith(`.${bad.field}`))).toBe(true);
  });

  it.each(FOREIGN)("$name: township B gets not found for township A's record", async (r) => {
    const res = await send(r.method, r.url(ids), w[r.who], r.body);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe(r.code);
  });

  it("township B's lists and figures never show township A's records", async () => {
    for (const url of [
      '/api/liaison/households?pageSize=200',
      '/api/liaison/visits',
      '/api/liaison/diaries',
      '/api/liaison/commitments',
      '/api/liaison/deeds',
      '/api/liaison/party-reports',
    ]) {
      const res = await send('GET', url, w.organiserB);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.total ?? body.items.length).toBe(0);
    }
    const figures = (await send('GET', '/api/liaison/figures?from=2026-11-01&to=2026-11-30', w.organiserB)).json();
    expect(figures.total.visits).toBe(0);
    const formalism = (await send('GET', '/api/liaison/formalism?from=2026-11-01&to=2026-11-30', w.inspectorB)).json();
    expect(formalism.total).toBe(0);
    const own = (await send('GET', '/api/liaison/formalism?from=2026-11-01&to=2026-11-30', w.inspector)).json();
    expect(own.total).toBe(1);
  });

  it('the public commitment list needs no session and shows public commitments only', async () => {
    await send('POST', '/api/liaison/my/commitments', w.cadreA, {
      kind: 'post',
      title: '内部承诺',
      content: '不公开',
      deadline: '2026-12-31',
      public: false,
    });
    const res = await send('GET', '/api/public/liaison/commitments');
    expect(res.statusCode).toBe(200);
    const titles = res.json().items.map((c: { title: string }) => c.title);
    expect(titles).toContain('每周走访');
    expect(titles).not.toContain('内部承诺');
    const bad = await send('POST', `/api/public/liaison/commitments/${ids.commitment}/rate`, undefined, { score: 9 });
    expect(bad.statusCode).toBe(400);
  });
});
