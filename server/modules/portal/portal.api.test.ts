import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalCategory, PortalPlace, PortalTrackResponse } from '../../../contracts/portal.js';
import { attachmentPath } from '../../platform/files/index.js';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { ensureStandardTaxonomy } from '../org/index.js';
import {
  buildPortalWorld,
  type FormFile,
  jpegWithExif,
  multipart,
  type PortalWorld,
  tempDataDir,
} from './portal.factories.js';

let ctx: TestContext;
let w: PortalWorld;

const LAMP = '幸福小区东门的路灯坏了一个星期，晚上很黑，老人出门不安全，请尽快修好。';
const REPLY =
  '经现场核查，幸福小区东门路灯因线路老化损坏，我单位已于今日更换路灯线路并恢复照明，晚上出行已恢复正常，感谢您的反映。';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { issues?: { path: string[]; messageZh: string; messageEn: string }[] };
  };
}

beforeAll(async () => {
  ctx = await createTestContext({ DATA_DIR: tempDataDir(), ATTACHMENT_MAX_BYTES: String(64 * 1024) });
  await ensureStandardTaxonomy(ctx.deps.db);
  w = await buildPortalWorld(ctx);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const form = (overrides: Record<string, string> = {}) => ({
  type: 'help',
  categoryCode: w.category,
  divisionCode: w.village,
  address: '幸福小区东门',
  body: LAMP,
  name: '王小明',
  phone: '13812345678',
  consent: 'true',
  website: '',
  ...overrides,
});

const submit = async (fields: Record<string, string>, files: FormFile[] = [], lang = 'zh-CN', ip = '10.0.0.1') => {
  const { payload, headers } = multipart(fields, files);
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/public/portal/requests',
    payload,
    headers: { ...headers, 'accept-language': lang },
    remoteAddress: ip,
  });
  return { status: res.statusCode, body: res.json() as { number: string; receiptCode?: string } & ErrorBody };
};

const get = async <T>(url: string, who?: SignedIn) => {
  const res = await ctx.app.inject({ method: 'GET', url, ...(who ? { headers: who.headers } : {}) });
  return { status: res.statusCode, body: res.json() as T & ErrorBody };
};

const act = (who: SignedIn, id: number, action: string, payload: Record<string, unknown> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/requests/${id}/actions/${action}`, headers: who.headers, payload });

const counts = async () => ({
  requests: (
    await ctx.deps.db
      .selectFrom('request')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
  attachments: (
    await ctx.deps.db
      .selectFrom('attachment')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
});

const requestRow = (number: string) =>
  ctx.deps.db.selectFrom('request').selectAll().where('number', '=', number).executeTakeFirstOrThrow();

describe('what the submit page offers', () => {
  it('categories come with their path and a plain-language hint', async () => {
    const res = await get<PortalCategory[]>('/api/public/portal/categories');
    expect(res.status).toBe(200);
    const lamp = res.body.find((c) => c.code === 'A.03.02');
    expect(lamp?.path).toEqual(['城乡建设', '市政设施', '路灯照明']);
    expect(lamp?.hint.zh).toContain('路灯');
    expect(lamp?.hint.en).toContain('street lights');
    // The deployment's own categories are offered too; deactivated ones are not.
    expect(res.body.find((c) => c.code === w.category)?.path).toEqual(['城乡建设', '路灯照明']);
    await ctx.deps.db.updateTable('category').set({ active: false }).where('code', '=', w.category).execute();
    const after = await get<PortalCategory[]>('/api/public/portal/categories');
    expect(after.body.some((c) => c.code === w.category)).toBe(false);
    await ctx.deps.db.updateTable('category').set({ active: true }).where('code', '=', w.category).execute();
  });
  it('places open one level at a time down to the village', async () => {
    const townships = await get<PortalPlace[]>(`/api/public/portal/places?parent=${w.county}`);
    expect(townships.body).toEqual([expect.objectContaining({ code: w.township, hasChildren: true })]);
    const villages = await get<PortalPlace[]>(`/api/public/portal/places?parent=${w.township}`);
    expect(villages.body).toEqual([expect.objectContaining({ code: w.village, level: 'village', hasChildren: false })]);
  });
});

describe('submitting a request without login', () => {
  let number: string;
  let receiptCode: string;

  it('gives a number and a receipt code once, with the photo stripped of EXIF and the contact sealed', async () => {
    const res = await submit(form({ idempotencyKey: 'browser-key-1', cadre: '42' }), [
      { name: 'lamp.jpg', bytes: jpegWithExif(), type: 'image/jpeg' },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^\d{13}$/);
    expect(res.body.receiptCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    number = res.body.number;
    receiptCode = res.body.receiptCode!;

    const row = await requestRow(number);
    expect(row.channel).toBe('web');
    expect(row.state).toBe('classified');
    expect(row.citizenPhoneMask).toBe('138****5678');
    expect(JSON.stringify(row)).not.toContain('13812345678');
    expect(JSON.stringify(row)).not.toContain('王小明');
    expect(row.title).toContain('42');
    const submission = await ctx.deps.db
      .selectFrom('portalSubmission')
      .selectAll()
      .where('requestId', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(submission.cadrePersonId).toBe(42);

    const photo = await ctx.deps.db
      .selectFrom('attachment')
      .selectAll()
      .where('requestId', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(photo.mime).toBe('image/jpeg');
    const stored = readFileSync(attachmentPath(ctx.deps.config.dataDir, photo.sha256)).toString('latin1');
    expect(stored).not.toContain('GPSLatitude');
    expect(stored).not.toContain('CAM-778899');
    expect(stored).toContain('IMAGEDATA');
  });

  it('a retried submission with the same key returns the same number, no new receipt code, and stores nothing more', async () => {
    const before = await counts();
    const res = await submit(form({ idempotencyKey: 'browser-key-1' }), [
      { name: 'lamp.jpg', bytes: jpegWithExif(), type: 'image/jpeg' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ number });
    expect(await counts()).toEqual(before);
  });

  it('bad inputs get clear messages naming the field, in Chinese or English, and nothing is stored', async () => {
    const before = await counts();
    const empty = await submit(form({ body: '   ' }));
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
    expect(empty.body.error.details?.issues?.map((i) => i.path[0])).toEqual(['body']);
    expect(empty.body.error.message).toContain('请描述您反映的问题');
    const english = await submit(form({ body: '', consent: '' }), [], 'en');
    expect(english.body.error.message).toContain('Describe the problem');
    expect(english.body.error.message).toContain('accept how your information is used');

    const big = await submit(form(), [{ name: 'big.jpg', bytes: new Uint8Array(70 * 1024).fill(0xff) }]);
    expect(big.status).toBe(400);
    expect(big.body.error.details?.issues?.[0]?.messageEn).toBe('File 1 is larger than 0.1 MB');

    const html = await submit(form(), [{ name: 'photo.jpg', bytes: Buffer.from('<html><script>alert(1)</script>') }]);
    expect(html.status).toBe(400);
    expect(html.body.error.details?.issues?.[0]?.messageZh).toContain('不是图片');

    const six = Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.jpg`, bytes: jpegWithExif() }));
    expect((await submit(form(), six)).body.error.details?.issues?.[0]?.messageEn).toBe('At most 5 files');

    const unknownPlace = await submit(form({ divisionCode: '999999999999' }));
    expect(unknownPlace.body.error.details?.issues?.[0]?.path).toEqual(['divisionCode']);

    const robot = await submit(form({ website: 'http://cheap-pills.example' }));
    expect(robot.status).toBe(400);
    expect(robot.body.error.code).toBe('PORTAL_SUBMISSION_REFUSED');
    expect(await counts()).toEqual(before);
  });

  it('one address may submit 10 times an hour; the 11th is refused before anything is read', async () => {
    const results = [];
    for (let i = 0; i < 11; i++) results.push((await submit(form({ body: '' }), [], 'zh-CN', '10.9.9.9')).status);
    expect(results.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(results[10]).toBe(429);
  });

  describe('tracking and rating', () => {
    const track = (code = receiptCode) =>
      get<PortalTrackResponse>(`/api/public/portal/track?number=${number}&code=${code}`);

    it('a wrong receipt code reads as not found', async () => {
      const res = await track('ABCDEFGH');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('REQUEST_NOT_FOUND');
    });

    it('shows the public timeline, the unit and its deadlines, the reply text, and rates from the page', async () => {
      const received = await track(receiptCode.toLowerCase());
      expect(received.status).toBe(200);
      expect(received.body.timeline.map((s) => s.type)).toEqual(['received']);
      expect(received.body.canRate).toBe(false);
      const { id } = await requestRow(number);

      expect((await act(w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '职能' })).statusCode).toBe(
        200,
      );
      const dispatched = await track();
      expect(dispatched.body.leadUnitName).toMatch(/^城管局/);
      expect(dispatched.body.responseDeadline).not.toBeNull();

      expect((await act(w.handler, id, 'accept')).statusCode).toBe(200);
      const accepted = await track();
      expect(accepted.body.responseDeadline).toBeNull();
      expect(new Date(accepted.body.resolutionDeadline!).getTime()).toBeGreaterThan(ctx.clock.now().getTime());

      expect((await act(w.handler, id, 'reply', { text: REPLY })).statusCode).toBe(200);
      const replied = await track();
      expect(replied.body.canRate).toBe(true);
      const reply = replied.body.timeline.find((s) => s.type === 'replied');
      expect(reply?.text).toBe(REPLY);
      expect(JSON.stringify(replied.body)).not.toContain('13812345678');

      const rate = await ctx.app.inject({
        method: 'POST',
        url: '/api/public/portal/rate',
        payload: { number, code: receiptCode, resolved: true, satisfaction: 'satisfied' },
      });
      expect(rate.statusCode).toBe(200);
      expect(rate.json()).toEqual({ number, state: 'rated' });
      const rated = await track();
      expect(rated.body.timeline.at(-1)).toMatchObject({ type: 'rated', satisfaction: 'satisfied' });
      expect(rated.body.canRate).toBe(false);
    });
  });
});

describe('the month’s hot topics', () => {
  it('are counts per township and category only', async () => {
    const res = await get<{ month: string; topics: Record<string, unknown>[] }>(
      '/api/public/portal/hot-topics?month=2026-11',
    );
    expect(res.status).toBe(200);
    const lamp = res.body.topics.find((t) => t.categoryName === '路灯照明');
    expect(lamp).toBeDefined();
    expect(Object.keys(lamp!).sort()).toEqual(['categoryName', 'count', 'divisionName']);
    expect(lamp!.count).toBeGreaterThanOrEqual(1);
  });
});

describe('the QR sheet of a township', () => {
  it('has one QR code per village that opens the submit page with the place filled in', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/public/portal/qr-sheet?township=${w.township}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const cards = res.body.match(/<section class="card"/g) ?? [];
    expect(cards).toHaveLength(1);
    expect(res.body).toContain(`data-division="${w.village}"`);
    expect(res.body).toContain(`/portal/submit?division=${w.village}`);
    expect(res.body).toMatch(/<svg[^>]*>.*<path/s);
    const unknown = await ctx.app.inject({ method: 'GET', url: '/api/public/portal/qr-sheet?township=999999999999' });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('describes the portal, misconduct and Open311 routes', async () => {
    const res = await ctx.app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    for (const p of [
      '/api/public/portal/requests',
      '/api/public/portal/track',
      '/api/misconduct/{id}/reveal',
      '/open311/v2/{file}',
    ]) {
      expect(paths).toContain(p);
    }
  });
});

describe('the system.portal account', () => {
  it('cannot sign in: disabled, with no usable password', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'system.portal', password: '!' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
