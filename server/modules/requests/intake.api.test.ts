import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/index.js';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { requestNumberDay } from './domain/numbering.js';
import { buildRequestWorld, LAMP_TEXT, postRequest, type RequestWorld } from './requests.factories.js';
import { intakeWrites } from './requests.repository.js';

// Most intakes are written by one statement that checks the place, the category and the idempotency key itself
// (requests.service.ts intakeRequest); these are the answers a user gets when one of those checks fails, in the
// order the intake has always given them, and what one intake leaves stored.

let ctx: TestContext;
let w: RequestWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterAll(async () => ctx.close());

const intake = (payload: Record<string, unknown>) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: w.operator.headers,
    payload: { channel: 'hotline', type: 'help', body: LAMP_TEXT, divisionCode: w.villageA, ...payload },
  });
const fieldsOf = (res: { json: () => { error: { details: { issues: { field: string }[] } } } }) =>
  res.json().error.details.issues.map((i) => i.field);

describe('POST /api/requests refusals', () => {
  it('an unknown place is named before an unknown category, and nothing is stored', async () => {
    const before = await ctx.deps.db.selectFrom('request').select('id').execute();
    const both = await intake({ divisionCode: '999999999999', categoryCode: '99.99' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe('REQUEST_DIVISION_UNKNOWN');
    expect(fieldsOf(both)).toEqual(['divisionCode']);
    const category = await intake({ categoryCode: '99.99' });
    expect(category.statusCode).toBe(400);
    expect(category.json().error.code).toBe('REQUEST_CATEGORY_UNKNOWN');
    expect(await ctx.deps.db.selectFrom('request').select('id').execute()).toHaveLength(before.length);
  });

  it('a retried submission answers with the first request even when the retry names an unknown place', async () => {
    const first = await intake({ idempotencyKey: 'retry-1' });
    expect(first.statusCode).toBe(201);
    const retry = await intake({ idempotencyKey: 'retry-1', divisionCode: '999999999999' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ id: first.json().id, number: first.json().number });
  });

  it('a broken character (a lone UTF-16 surrogate) or a NUL in any text is refused naming the field; nothing is stored', async () => {
    const before = await ctx.deps.db.selectFrom('request').select('id').execute();
    for (const [field, value] of [
      ['idempotencyKey', 'key-\udc00'],
      ['body', `${LAMP_TEXT}\ud800`],
      ['title', '路灯\udc00坏了'],
      ['address', 'A镇幸福小区\u0000东门'],
    ] as const) {
      const res = await intake({ [field]: value });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(fieldsOf(res)).toEqual([field]);
    }
    expect(await ctx.deps.db.selectFrom('request').select('id').execute()).toHaveLength(before.length);
  });

  it('stores the request with its events, facts, text signature and audit entry, all or nothing', async () => {
    const before = { ...intakeWrites };
    const { id, number } = await postRequest(ctx, w);
    // Written by the database function of migration 2026-12-08T0300: its columns are still the intake's columns.
    expect(intakeWrites).toEqual({ byFunction: before.byFunction + 1, byStatement: before.byStatement });
    const db = ctx.deps.db;
    const events = await db.selectFrom('requestEvent').select(['seq', 'type']).where('requestId', '=', id).execute();
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'received'],
      [2, 'classified'],
    ]);
    const facts = await db.selectFrom('requestUnitFact').select('unitId').where('requestId', '=', id).execute();
    const signature = await db
      .selectFrom('requestTextSignature')
      .select('signature')
      .where('requestId', '=', id)
      .executeTakeFirst();
    const bands = await db.selectFrom('requestTextBand').select('bandKey').where('requestId', '=', id).execute();
    const audit = await db
      .selectFrom('auditEntry')
      .select(['action', 'after'])
      .where('objectType', '=', 'request')
      .where('objectId', '=', String(id))
      .execute();
    expect(facts.length).toBeGreaterThan(0);
    expect(signature?.signature.length).toBeGreaterThan(0);
    expect(bands.length).toBeGreaterThan(0);
    expect(audit).toEqual([
      { action: 'request.create', after: { number, state: 'classified', channel: 'hotline', type: 'help' } },
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

describe('POST /api/requests when the day has no numbers left', () => {
  it('refuses with 503 REQUEST_NUMBERS_EXHAUSTED and stores nothing; a retry of a recorded intake still answers', async () => {
    const first = await intake({ idempotencyKey: 'before-exhausted' });
    expect(first.statusCode).toBe(201);
    const day = requestNumberDay(ctx.deps.now());
    const saved = await ctx.deps.db
      .selectFrom('requestNumberSeq')
      .select('last')
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    await ctx.deps.db.updateTable('requestNumberSeq').set({ last: 99_999 }).where('day', '=', day).execute();
    try {
      const before = await ctx.deps.db.selectFrom('request').select('id').execute();
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: { ...w.operator.headers, 'accept-language': 'en' },
        payload: { channel: 'hotline', type: 'help', body: LAMP_TEXT, divisionCode: w.villageA },
      });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json().error.code).toBe('REQUEST_NUMBERS_EXHAUSTED');
      expect(res.json().error.message).toContain('99,999');
      expect(await ctx.deps.db.selectFrom('request').select('id').execute()).toHaveLength(before.length);
      const retry = await intake({ idempotencyKey: 'before-exhausted' });
      expect(retry.statusCode).toBe(200);
      expect(retry.json().id).toBe(first.json().id);
    } finally {
      await ctx.deps.db.updateTable('requestNumberSeq').set({ last: saved.last }).where('day', '=', day).execute();
    }
  });
});
