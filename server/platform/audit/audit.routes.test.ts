import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntrySchema } from '../../../contracts/auth.js';
import { createTestContext, type SignedIn, type TestContext } from '../testing/test-context.js';
import { appendAudit } from './audit.repository.js';

let ctx: TestContext;
let auditor: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  auditor = await ctx.signIn({ roles: ['audit_admin'] });
  for (const [i, action] of ['account.created', 'account.updated', 'auth.login'].entries()) {
    await appendAudit(ctx.deps.db, {
      actor: { userId: 42, name: '王五 (wangwu)' },
      action,
      objectType: 'user_account',
      objectId: 100 + i,
      before: i ? { disabled: false } : null,
      after: { disabled: i === 1 },
      at: new Date(ctx.clock.now().getTime() - (3 - i) * 3600_000),
    });
  }
});
afterAll(async () => ctx.close());

const get = (url: string, who: SignedIn = auditor) => ctx.app.inject({ url, headers: who.headers });

describe('GET /api/audit', () => {
  it('lists entries newest first with paging', async () => {
    const res = await get('/api/audit?objectType=user_account&pageSize=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((e: { action: string }) => e.action)).toEqual(['auth.login', 'account.updated']);
    const entry = auditEntrySchema.parse(body.items[1]);
    expect(entry).toMatchObject({
      actorUserId: 42,
      actorName: '王五 (wangwu)',
      objectId: '101',
      after: { disabled: true },
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by actor, action (with a trailing *), object and time range', async () => {
    expect((await get('/api/audit?actor=wangwu')).json().total).toBe(3);
    expect((await get('/api/audit?actor=42&action=account.*')).json().total).toBe(2);
    expect((await get('/api/audit?objectType=user_account&objectId=102')).json().items[0].action).toBe('auth.login');
    const from = new Date(ctx.clock.now().getTime() - 2.5 * 3600_000).toISOString();
    const to = new Date(ctx.clock.now().getTime() - 1.5 * 3600_000).toISOString();
    const window = await get(`/api/audit?objectType=user_account&from=${from}&to=${to}`);
    expect(window.json().items.map((e: { action: string }) => e.action)).toEqual(['account.updated']);
  });

  it("records the audit administrator's own searches", async () => {
    const reader = await ctx.signIn({ roles: ['audit_admin'] });
    await get('/api/audit?action=auth.*', reader);
    const mine = await get(`/api/audit?actor=${reader.userId}&action=audit.searched`, reader);
    expect(mine.json().items[0]).toMatchObject({ action: 'audit.searched', detail: { query: { action: 'auth.*' } } });
  });

  it('names a bad filter (400)', async () => {
    const res = await get('/api/audit?from=yesterday&pageSize=1000');
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.issues.map((i: { path: string[] }) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(['from', 'pageSize']));
    const reversed = await get('/api/audit?from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z');
    expect(reversed.json().error.details.issues[0].path).toEqual(['to']);
  });
});

describe('POST /api/audit/verify', () => {
  it('reports an intact chain, then the first broken entry after tampering', async () => {
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/audit/verify', headers: auditor.headers });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, checked: expect.any(Number) });

    const target = await ctx.deps.db
      .selectFrom('auditEntry')
      .select('id')
      .where('objectId', '=', '101')
      .executeTakeFirstOrThrow();
    await sql`alter table audit_entry disable trigger user`.execute(ctx.deps.db);
    await sql`update audit_entry set after = '{"disabled":false}'::jsonb where id = ${target.id}`.execute(ctx.deps.db);
    await sql`alter table audit_entry enable trigger user`.execute(ctx.deps.db);

    const broken = await ctx.app.inject({ method: 'POST', url: '/api/audit/verify', headers: auditor.headers });
    expect(broken.json()).toEqual({ ok: false, checked: 1, firstBroken: { id: target.id, reason: 'hash_mismatch' } });
    const recorded = await get('/api/audit?action=audit.verified&pageSize=1');
    expect(recorded.json().items[0].detail).toMatchObject({ ok: false, firstBroken: { id: target.id } });
  });
});

async function sheetRows(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  const rows: string[][] = [];
  wb.worksheets[0]?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return rows;
}

describe('GET /api/audit/export.xlsx', () => {
  it('exports exactly the filtered entries as XLSX with Chinese headers, and records the export', async () => {
    const res = await get('/api/audit/export.xlsx?actor=42&action=account.*&sort=id');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    const [header, ...rows] = await sheetRows(res.rawPayload);
    expect(header?.slice(0, 5)).toEqual(['编号', '时间（北京时间）', '操作人编号', '操作人', '操作']);
    expect(rows.map((r) => r[4])).toEqual(['account.created', 'account.updated']);
    expect(rows[1]?.[3]).toBe('王五 (wangwu)');
    expect(rows[1]?.[6]).toBe('101');
    expect(rows[1]?.[8]).toMatch(/^\{"disabled":(true|false)\}$/);
    expect(rows[1]?.[12]).toMatch(/^[0-9a-f]{64}$/);

    const recorded = await get(`/api/audit?action=audit.exported&actor=${auditor.userId}&pageSize=1`);
    expect(recorded.json().items[0]).toMatchObject({
      action: 'audit.exported',
      objectType: 'audit_log',
      detail: { query: { actor: '42', action: 'account.*' }, total: 2, exported: 2 },
    });
  });

  it('names a bad filter', async () => {
    const res = await get('/api/audit/export.xlsx?action=not%20an%20action');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toEqual(['action']);
  });
});

describe('only the audit administrator reads the audit log', () => {
  const routes = [
    { method: 'GET', url: '/api/audit' },
    { method: 'POST', url: '/api/audit/verify' },
    { method: 'GET', url: '/api/audit/export.xlsx' },
  ] as const;

  it.each(routes)('$method $url: 401 without a session', async ({ method, url }) => {
    const res = await ctx.app.inject({ method, url });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
  });

  it.each(routes)(
    '$method $url: 403 for the system and security administrators and the leader',
    async ({ method, url }) => {
      for (const role of ['system_admin', 'security_admin', 'leader'] as const) {
        const who = await ctx.signIn({ roles: [role] });
        const res = await ctx.app.inject({ method, url, headers: who.headers });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
      }
    },
  );
});
