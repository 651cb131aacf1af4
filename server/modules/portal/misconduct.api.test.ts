import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MisconductDetail, MisconductReporterView, MisconductSummary } from '../../../contracts/portal.js';
import { createApp } from '../../app.js';
import { attachmentPath } from '../../platform/files/index.js';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { buildDivision, buildUnit } from '../org/testing.js';
import { disciplineKeyFile } from './misconduct.service.js';
import { buildPortalWorld, jpegWithExif, multipart, type PortalWorld, tempDataDir } from './portal.factories.js';

let ctx: TestContext;
let w: PortalWorld;
let receipt: string;
let reportId: number;

const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Whistleblower-Test-Agent';
const IP = '203.0.113.77';
const IDENTITY = '李四，电话 13900001111';

beforeAll(async () => {
  ctx = await createTestContext({ DATA_DIR: tempDataDir() });
  w = await buildPortalWorld(ctx);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const post = async <T>(url: string, payload: Record<string, unknown>, who?: SignedIn) => {
  const res = await ctx.app.inject({ method: 'POST', url, payload, ...(who ? { headers: who.headers } : {}) });
  return { status: res.statusCode, body: res.json() as T & { error: { code: string } } };
};
const get = async <T>(url: string, who: SignedIn) => {
  const res = await ctx.app.inject({ method: 'GET', url, headers: who.headers });
  return { status: res.statusCode, body: res.json() as T & { error: { code: string } } };
};

describe('an anonymous misconduct report', () => {
  it('is filed without login and answered with a receipt shown once', async () => {
    const { payload, headers } = multipart(
      {
        subject: '某镇民政办工作人员',
        body: '办理低保时要求送礼，否则不予办理。',
        divisionCode: w.township,
        identity: IDENTITY,
      },
      [{ name: 'IMG_0001.jpg', bytes: jpegWithExif(), type: 'image/jpeg' }],
    );
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/portal/misconduct',
      payload,
      headers: { ...headers, 'user-agent': BROWSER, 'x-forwarded-for': IP },
      remoteAddress: IP,
    });
    expect(res.statusCode).toBe(201);
    receipt = (res.json() as { receipt: string }).receipt;
    expect(receipt).toMatch(/^[A-Z2-7]{10}-[A-Z2-7]{26}$/);
    reportId = (
      await ctx.deps.db.selectFrom('misconductReport').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    ).id;
  });

  it('stores no IP address or user agent, not even in the audit log, and not the receipt in plain text', async () => {
    const rows = await sql<{ t: string }>`
      select row_to_json(m)::text as t from misconduct_report m where m.id = ${reportId}
      union all select row_to_json(f)::text from misconduct_file f where f.report_id = ${reportId}
      union all select row_to_json(a)::text from audit_entry a where a.object_type = 'misconduct_report'`.execute(
      ctx.deps.db,
    );
    const everything = rows.rows.map((r) => r.t).join('\n');
    expect(everything).not.toContain(IP);
    expect(everything).not.toContain('Whistleblower-Test-Agent');
    const secret = receipt.split('-')[1]!;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(receipt);
    // The identity is sealed with the discipline key, never in clear and not readable with the main key.
    expect(everything).not.toContain('李四');
    const enc = (
      await ctx.deps.db
        .selectFrom('misconductReport')
        .select('reporterIdentityEnc')
        .where('id', '=', reportId)
        .executeTakeFirstOrThrow()
    ).reporterIdentityEnc!;
    expect(() => ctx.deps.cipher.decrypt(enc, 'misconduct.reporter')).toThrow();
    expect(existsSync(disciplineKeyFile(ctx.deps))).toBe(true);
    const columns = await sql<{ c: string }>`
      select column_name as c from information_schema.columns where table_name like 'misconduct%'`.execute(ctx.deps.db);
    expect(columns.rows.map((r) => r.c).filter((c) => /ip|agent|session/i.test(c))).toEqual([]);
  });

  it('keeps the photo without its EXIF (GPS, camera serial)', async () => {
    const file = await ctx.deps.db
      .selectFrom('misconductFile')
      .selectAll()
      .where('reportId', '=', reportId)
      .executeTakeFirstOrThrow();
    const bytes = readFileSync(attachmentPath(ctx.deps.config.dataDir, file.sha256)).toString('latin1');
    expect(bytes).not.toContain('GPSLatitude');
    expect(bytes).not.toContain('CAM-778899');
    expect(bytes).toContain('IMAGEDATA');
  });

  it('refuses a PDF (its metadata could name the reporter) and an empty description, storing nothing', async () => {
    const before = await ctx.deps.db
      .selectFrom('misconductReport')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const { payload, headers } = multipart({ subject: '某人', body: '' }, [
      { name: 'a.pdf', bytes: Buffer.from('%PDF-1.7\n') },
    ]);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/public/portal/misconduct', payload, headers });
    expect(res.statusCode).toBe(400);
    const issues = (res.json() as { error: { details: { issues: { path: string[] }[] } } }).error.details.issues;
    expect(issues.map((i) => i.path[0])).toEqual(['body', 'files']);
    const after = await ctx.deps.db
      .selectFrom('misconductReport')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('is never visible without login, nor to handlers, operators, dispatchers, inspectors, leaders or administrators', async () => {
    for (const who of [w.handler, w.operator, w.dispatcher, w.inspector, w.leader, w.admin]) {
      expect((await get('/api/misconduct', who)).status).toBe(403);
      expect((await get(`/api/misconduct/${reportId}`, who)).status).toBe(403);
      expect((await post(`/api/misconduct/${reportId}/reveal`, { reason: '核实举报人身份' }, who)).status).toBe(403);
    }
    const anonymous = await ctx.app.inject({ method: 'GET', url: `/api/misconduct/${reportId}` });
    expect(anonymous.statusCode).toBe(401);
    const requests = await get<{ items: { body?: string }[] }>('/api/requests?pageSize=200', w.dispatcher);
    expect(JSON.stringify(requests.body)).not.toContain('要求送礼');
  });

  it('a discipline inspector of another county neither lists nor opens it; one of its county does', async () => {
    const otherCounty = await buildDivision(ctx.deps.db, { level: 'county' });
    const otherUnit = await buildUnit(ctx.deps.db, { divisionCode: otherCounty.code, name: '另一县纪委监委' });
    const other = await ctx.signIn({
      roles: ['discipline'],
      scope: { kind: 'unit', unitId: otherUnit.id },
      unitId: otherUnit.id,
    });
    const list = await get<{ items: MisconductSummary[] }>('/api/misconduct', other);
    expect(list.body.items.map((r) => r.id)).not.toContain(reportId);
    expect((await get(`/api/misconduct/${reportId}`, other)).status).toBe(404);
    expect((await post(`/api/misconduct/${reportId}/reveal`, { reason: '核实举报人身份' }, other)).status).toBe(404);
    const ownUnit = await buildUnit(ctx.deps.db, { divisionCode: w.county, name: '本县纪委监委' });
    const own = await ctx.signIn({
      roles: ['discipline'],
      scope: { kind: 'unit', unitId: ownUnit.id },
      unitId: ownUnit.id,
    });
    const ownList = await get<{ items: MisconductSummary[] }>('/api/misconduct', own);
    expect(ownList.body.items.map((r) => r.id)).toContain(reportId);
  });

  it('the discipline inspector reads it, asks a question, and the reporter answers with the receipt', async () => {
    const list = await get<{ items: MisconductSummary[] }>('/api/misconduct', w.discipline);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: reportId, state: 'new', hasIdentity: true, fileCount: 1 });
    const asked = await post<MisconductDetail>(
      `/api/misconduct/${reportId}/questions`,
      { body: '请问送礼是在哪一天、由谁提出的？' },
      w.discipline,
    );
    expect(asked.status).toBe(200);
    expect(asked.body.state).toBe('in_review');

    const view = await post<MisconductReporterView>('/api/public/portal/misconduct/view', {
      receipt: receipt.toLowerCase(),
    });
    expect(view.status).toBe(200);
    expect(view.body.messages).toEqual([
      expect.objectContaining({ author: 'inspector', body: '请问送礼是在哪一天、由谁提出的？' }),
    ]);
    expect(Object.keys(view.body.messages[0]!).sort()).toEqual(['at', 'author', 'body']);

    const answered = await post<MisconductReporterView>('/api/public/portal/misconduct/answer', {
      receipt,
      body: '11月15日上午，由窗口工作人员提出。',
    });
    expect(answered.body.messages.map((m) => m.author)).toEqual(['inspector', 'reporter']);
    const detail = await get<MisconductDetail>(`/api/misconduct/${reportId}`, w.discipline);
    expect(detail.body.messages.at(-1)?.body).toBe('11月15日上午，由窗口工作人员提出。');
  });

  it('a wrong receipt opens nothing', async () => {
    const [lookup] = receipt.split('-');
    const res = await post('/api/public/portal/misconduct/view', { receipt: `${lookup}-${'A'.repeat(26)}` });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('MISCONDUCT_NOT_FOUND');
  });

  it('the identity is revealed only with a recorded reason, and the reveal is audited', async () => {
    expect((await post(`/api/misconduct/${reportId}/reveal`, { reason: '' }, w.discipline)).status).toBe(400);
    const res = await post<{ identity: string }>(
      `/api/misconduct/${reportId}/reveal`,
      { reason: '需要当面核实举报事实' },
      w.discipline,
    );
    expect(res.status).toBe(200);
    expect(res.body.identity).toBe(IDENTITY);
    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select(['action', 'detail', 'actorUserId'])
      .where('action', '=', 'misconduct.reveal_identity')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toEqual({ reason: '需要当面核实举报事实' });
    expect(audit.actorUserId).toBe(w.discipline.userId);
  });

  it('once closed, the reporter can read but no longer add answers', async () => {
    expect((await post(`/api/misconduct/${reportId}/state`, { state: 'closed' }, w.discipline)).status).toBe(200);
    const res = await post('/api/public/portal/misconduct/answer', { receipt, body: '补充一点' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('MISCONDUCT_CLOSED');
    expect((await post<MisconductReporterView>('/api/public/portal/misconduct/view', { receipt })).body.state).toBe(
      'closed',
    );
  });
});

describe('the request log', () => {
  it('has no line for misconduct reports (no time, path or address), while other routes are logged', async () => {
    const lines: string[] = [];
    const app = await createApp(ctx.deps, { logger: { level: 'info', stream: { write: (l) => lines.push(l) } } });
    await app.ready();
    try {
      const { payload, headers } = multipart({ subject: '某村干部', body: '优亲厚友，低保名额给了亲戚。' });
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/portal/misconduct',
        payload,
        headers,
        remoteAddress: IP,
      });
      expect(res.statusCode).toBe(201);
      await app.inject({ method: 'GET', url: '/api/public/portal/categories' });
    } finally {
      await app.close();
    }
    expect(lines.some((l) => l.includes('/api/public/portal/categories'))).toBe(true);
    expect(lines.filter((l) => l.includes('misconduct') || l.includes(IP))).toEqual([]);
  });
});
