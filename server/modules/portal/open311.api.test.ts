import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Open311Request, Open311Service } from '../../../contracts/open311.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { ensureStandardTaxonomy } from '../org/index.js';
import { createOpen311Key } from './open311.service.js';
import { buildPortalWorld, type PortalWorld, tempDataDir } from './portal.factories.js';

let ctx: TestContext;
let w: PortalWorld;
let apiKey: string;
let created: { service_request_id: string; token: string };

const REPLY =
  '经现场核查，该路段路灯因线路老化损坏，我单位已于今日更换线路并恢复照明，晚上出行已恢复正常，感谢您的反映。';

beforeAll(async () => {
  ctx = await createTestContext({ DATA_DIR: tempDataDir() });
  await ensureStandardTaxonomy(ctx.deps.db);
  w = await buildPortalWorld(ctx);
  apiKey = (await createOpen311Key(ctx.deps, 'city app')).key;
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string) => ctx.app.inject({ method: 'GET', url });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, fields: Record<string, string>) =>
  ctx.app.inject({
    method: 'POST',
    url,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
const lamp = () => ({
  api_key: apiKey,
  jurisdiction_id: w.county,
  service_code: w.category,
  address_id: w.village,
  address_string: '幸福路 12 号',
  lat: '39.9042',
  long: '116.4074',
  description: '幸福路 12 号门前的路灯不亮了，晚上很黑。',
  first_name: '小明',
  last_name: '王',
  phone: '13812345678',
});

describe('GET services', () => {
  it('lists the taxonomy as services in JSON, with the spec’s fields', async () => {
    const res = await get('/open311/v2/services.json?jurisdiction_id=x');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const services = res.json() as Open311Service[];
    const lampService = services.find((s) => s.service_code === 'A.03.02');
    expect(lampService).toEqual({
      service_code: 'A.03.02',
      service_name: '路灯照明',
      description: '城乡建设 / 市政设施 / 路灯照明',
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('路灯'),
      group: '城乡建设',
    });
  });
  it('follows the taxonomy as administrators edit it: a deactivated category is no longer a service', async () => {
    const codes = async () =>
      ((await get('/open311/v2/services.json')).json() as Open311Service[]).map((s) => s.service_code);
    expect(await codes()).toContain(w.category);
    await ctx.deps.db.updateTable('category').set({ active: false }).where('code', '=', w.category).execute();
    expect(await codes()).not.toContain(w.category);
    expect((await get(`/open311/v2/services/${w.category}.json`)).statusCode).toBe(404);
    await ctx.deps.db.updateTable('category').set({ active: true }).where('code', '=', w.category).execute();
    expect(await codes()).toContain(w.category);
  });
  it('and in XML as <services><service>…', async () => {
    const res = await get('/open311/v2/services.xml');
    expect(res.headers['content-type']).toContain('application/xml');
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>/);
    expect(res.body).toContain('<service_name>路灯照明</service_name><description>');
  });
  it('a definition has no attributes; an unknown code is a 404 in the error format', async () => {
    expect((await get('/open311/v2/services/A.03.02.json')).json()).toEqual({
      service_code: 'A.03.02',
      attributes: [],
    });
    expect((await get('/open311/v2/services/A.03.02.xml')).body).toContain(
      '<service_definition><service_code>A.03.02</service_code><attributes></attributes></service_definition>',
    );
    const missing = await get('/open311/v2/services/NOPE.xml');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>service_code NOPE not found</description></error></errors>',
    );
  });
});

describe('POST requests', () => {
  it('refuses a wrong api_key with 403 in the error format, JSON and XML', async () => {
    const json = await post('/open311/v2/requests.json', { ...lamp(), api_key: 'wrong' });
    expect(json.statusCode).toBe(403);
    expect(json.json()).toEqual([{ code: 403, description: 'api_key is not valid' }]);
    const xml = await post('/open311/v2/requests.xml', { ...lamp(), api_key: 'wrong' });
    expect(xml.body).toContain(
      '<errors><error><code>403</code><description>api_key is not valid</description></error></errors>',
    );
  });
  it('refuses a missing description, an unknown service and no location with 400', async () => {
    const { description: _d, ...noText } = lamp();
    expect((await post('/open311/v2/requests.json', noText)).json()[0].code).toBe(400);
    expect((await post('/open311/v2/requests.json', { ...lamp(), service_code: 'ZZZ' })).json()).toEqual([
      { code: 400, description: 'service_code ZZZ not found' },
    ]);
    const { address_id: _a, address_string: _s, lat: _l, long: _g, ...nowhere } = lamp();
    expect((await post('/open311/v2/requests.json', nowhere)).json()[0].description).toContain('location is required');
  });
  it('creates a request (channel open311) and answers its id and token, in JSON and XML', async () => {
    const res = await post('/open311/v2/requests.json', lamp());
    expect(res.statusCode).toBe(201);
    const [body] = res.json() as { service_request_id: string; token: string; service_notice: string }[];
    expect(body!.service_request_id).toMatch(/^\d{13}$/);
    expect(body!.token).toMatch(/^[0-9a-f-]{36}$/);
    created = body!;
    const row = await ctx.deps.db
      .selectFrom('request')
      .select(['channel', 'categoryCode', 'divisionCode', 'citizenPhoneMask', 'address'])
      .where('number', '=', body!.service_request_id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      channel: 'open311',
      categoryCode: w.category,
      divisionCode: w.village,
      citizenPhoneMask: '138****5678',
      address: '幸福路 12 号 (39.9042,116.4074)',
    });
    const xml = await post('/open311/v2/requests.xml', lamp());
    expect(xml.body).toMatch(
      /<service_requests><request><service_request_id>\d{13}<\/service_request_id><token>[0-9a-f-]{36}<\/token><service_notice>.+<\/service_notice><account_id\/><\/request><\/service_requests>$/,
    );
  });
});

describe('GET requests, one request, tokens', () => {
  it('a token gives the request id', async () => {
    expect((await get(`/open311/v2/tokens/${created.token}.json`)).json()).toEqual([
      { service_request_id: created.service_request_id, token: created.token },
    ]);
    expect((await get(`/open311/v2/tokens/${created.token}.xml`)).body).toContain(
      `<service_requests><request><service_request_id>${created.service_request_id}</service_request_id><token>${created.token}</token></request></service_requests>`,
    );
    expect((await get('/open311/v2/tokens/00000000-0000-0000-0000-000000000000.json')).statusCode).toBe(404);
  });

  it('one request: open with the resolution deadline expected, then closed once replied, with the lead unit', async () => {
    const one = async () =>
      ((await get(`/open311/v2/requests/${created.service_request_id}.json`)).json() as Open311Request[])[0]!;
    const fresh = await one();
    expect(fresh).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      service_code: w.category,
      // Stored normalised (full-width punctuation → half-width), as every request is.
      description: '幸福路 12 号门前的路灯不亮了,晚上很黑。',
      address_id: w.village,
      agency_responsible: null,
    });
    const { id } = await ctx.deps.db
      .selectFrom('request')
      .select('id')
      .where('number', '=', created.service_request_id)
      .executeTakeFirstOrThrow();
    const act = (who: typeof w.dispatcher, action: string, payload: Record<string, unknown> = {}) =>
      ctx.app.inject({ method: 'POST', url: `/api/requests/${id}/actions/${action}`, headers: who.headers, payload });
    expect((await act(w.dispatcher, 'dispatch', { leadUnitId: w.department, reason: '职能' })).statusCode).toBe(200);
    expect((await act(w.handler, 'accept')).statusCode).toBe(200);
    const accepted = await one();
    expect(accepted.agency_responsible).toMatch(/^城管局/);
    expect(accepted.expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await act(w.handler, 'reply', { text: REPLY })).statusCode).toBe(200);
    const replied = await one();
    expect(replied.status).toBe('closed');
    expect(replied.expected_datetime).toBeNull();
    expect((await get(`/open311/v2/requests/${created.service_request_id}.xml`)).body).toContain(
      `<service_requests><request><service_request_id>${created.service_request_id}</service_request_id><status>closed</status>`,
    );
    expect((await get('/open311/v2/requests/2099010100001.json')).json()).toEqual([
      { code: 404, description: 'service_request_id 2099010100001 not found' },
    ]);
  });

  it('lists with the standard filters; requests from other channels show no description or address', async () => {
    // A hotline request of the same place: listed, but its words are not public.
    await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: w.operator.headers,
      payload: {
        channel: 'hotline',
        type: 'help',
        body: '我家门口的下水道堵了，请派人疏通，我叫张三。',
        divisionCode: w.village,
        address: '幸福路 30 号张三家',
        categoryCode: w.category,
      },
    });
    const all = (await get(`/open311/v2/requests.json?jurisdiction_id=${w.county}`)).json() as Open311Request[];
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(all)).not.toContain('张三');
    const closed = (
      await get(`/open311/v2/requests.json?status=closed&jurisdiction_id=${w.county}`)
    ).json() as Open311Request[];
    expect(closed.map((r) => r.service_request_id)).toEqual([created.service_request_id]);
    const open = (
      await get(`/open311/v2/requests.json?status=open&service_code=${w.category}`)
    ).json() as Open311Request[];
    expect(open.every((r) => r.status === 'open' && r.service_code === w.category)).toBe(true);
    const byId = (
      await get(`/open311/v2/requests.json?service_request_id=${created.service_request_id}&status=open`)
    ).json();
    expect(byId.map((r: Open311Request) => r.service_request_id)).toEqual([created.service_request_id]);
    const later = (
      await get('/open311/v2/requests.json?start_date=2030-01-01T00:00:00Z&end_date=2030-02-01T00:00:00Z')
    ).json();
    expect(later).toEqual([]);
    const xml = await get(`/open311/v2/requests.xml?status=closed&jurisdiction_id=${w.county}`);
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><service_requests><request>/);
    const bad = await get('/open311/v2/requests.json?status=pending');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual([{ code: 400, description: 'status must be open or closed' }]);
    expect((await get('/open311/v2/requests.html')).statusCode).toBe(404);
  });
});
