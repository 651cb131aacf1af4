import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';
import { PublicRateLimiter } from './requests.public-limiter.js';

// The actions added after the first slice: direct answers, sending a reply back, assist notes, appeals, whistles;
// the citizen's tracking page and rating link; the XLSX export.

let ctx: TestContext;
let w: RequestWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
});
afterAll(async () => ctx?.close());

const detail = async (id: number, who = w.dispatcher) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: who.headers })).json();
const types = (d: { events: { type: string }[] }) => d.events.map((e) => e.type);
const code = (res: { json: () => { error: { code: string } } }) => res.json().error.code;

/** A request dispatched to a unit, accepted by its handler, and (optionally) replied. */
async function handled(lead: number, opts: { reply?: boolean; assist?: number[] } = {}) {
  const handler = lead === w.department ? w.handlerDepartment : lead === w.governmentA ? w.handlerA : w.handlerOther;
  const { id, number, receiptCode } = await postRequest(ctx, w);
  await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: lead, assistUnitIds: opts.assist ?? [], reason: '派单' });
  expect((await act(ctx, handler, id, 'accept')).statusCode).toBe(200);
  if (opts.reply) expect((await act(ctx, handler, id, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);
  return { id, number, receiptCode: receiptCode! };
}

const CONSULTATION = '请问办理居住证需要带哪些材料，在哪里办理居住证？';
const CONSULTATION_ANSWER =
  '办理居住证需携带本人身份证原件、租房合同或房产证明和近期一寸照片，到居住地派出所户籍窗口办理，工作日上午九点至下午五点受理。';

describe('direct answer (直接办结)', () => {
  it('an operator answers a consultation; the request is replied and can be rated and closed', async () => {
    const { id } = await postRequest(ctx, w, { type: 'consultation', body: CONSULTATION });
    expect((await detail(id, w.operator)).availableActions).toContain('answerDirectly');
    const res = await act(ctx, w.operator, id, 'answer-directly', { reply: CONSULTATION_ANSWER });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('replied');
    expect((await act(ctx, w.operator, id, 'rate', { resolved: true, satisfaction: 'satisfied' })).statusCode).toBe(
      200,
    );
    expect((await act(ctx, w.dispatcher, id, 'close')).json().state).toBe('closed');
    expect(types(await detail(id))).toEqual(['received', 'classified', 'answered_directly', 'rated', 'closed']);
  });

  it('only consultations, only before dispatch, only with intake', async () => {
    const help = await postRequest(ctx, w);
    expect((await detail(help.id, w.operator)).availableActions).not.toContain('answerDirectly');
    const notConsultation = await act(ctx, w.operator, help.id, 'answer-directly', { reply: LAMP_REPLY });
    expect(notConsultation.statusCode).toBe(409);
    expect(code(notConsultation)).toBe('REQUEST_DIRECT_ANSWER_ONLY_CONSULTATION');
    const { id } = await postRequest(ctx, w, { type: 'consultation', body: CONSULTATION });
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, reason: '派单' });
    const late = await act(ctx, w.operator, id, 'answer-directly', { reply: CONSULTATION_ANSWER });
    expect(code(late)).toBe('REQUEST_INVALID_TRANSITION');
    const handler = await act(ctx, w.handlerDepartment, id, 'answer-directly', { reply: CONSULTATION_ANSWER });
    expect(handler.statusCode).toBe(403);
  });
});

describe('reply sent back and assist notes', () => {
  it('the dispatcher sends a reply back; the handler is in progress again', async () => {
    const { id } = await handled(w.department, { reply: true });
    expect((await detail(id)).availableActions).toContain('rejectReply');
    const res = await act(ctx, w.dispatcher, id, 'reject-reply', { reason: 'off_topic', note: '请说明何时修复' });
    expect(res.json().state).toBe('in_progress');
    const again = await act(ctx, w.dispatcher, id, 'reject-reply', { reason: 'off_topic' });
    expect(again.statusCode).toBe(409);
    expect(code(again)).toBe('REQUEST_INVALID_TRANSITION');
    expect((await act(ctx, w.handlerDepartment, id, 'reject-reply', { reason: 'rude' })).statusCode).toBe(403);
    expect(types(await detail(id)).slice(-2)).toEqual(['reply_submitted', 'reply_rejected']);
  });

  it('an assisting unit adds a note the lead unit sees; the lead unit cannot', async () => {
    const { id } = await handled(w.department, { assist: [w.otherDepartment] });
    expect((await detail(id, w.handlerOther)).availableActions).toEqual(['addAssistNote']);
    const res = await act(ctx, w.handlerOther, id, 'assist-note', { text: '住建局已核实线路产权属小区物业' });
    expect(res.statusCode, res.body).toBe(200);
    const lead = await detail(id, w.handlerDepartment);
    expect(lead.assistNotes).toEqual([
      { unitId: w.otherDepartment, text: '住建局已核实线路产权属小区物业', at: expect.any(String) },
    ]);
    const notAssist = await act(ctx, w.handlerDepartment, id, 'assist-note', { text: '主办单位的意见' });
    expect(notAssist.statusCode).toBe(403);
    expect(code(notAssist)).toBe('REQUEST_NOT_ASSIGNED_UNIT');
  });
});

describe('appeals (申诉)', () => {
  it('the lead unit appeals after replying; an approved appeal excludes the request from its rates, not from the record', async () => {
    const { id } = await handled(w.department);
    const early = await act(ctx, w.handlerDepartment, id, 'file-appeal', {
      reason: '诉求人要求的事项不属于本单位法定职责',
      evidence: '《城市照明管理规定》第十二条',
    });
    expect(early.statusCode).toBe(409);
    expect(code(early)).toBe('REQUEST_NO_REPLY');
    await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY });
    expect((await detail(id, w.handlerDepartment)).availableActions).toContain('fileAppeal');
    const filed = await act(ctx, w.handlerDepartment, id, 'file-appeal', {
      reason: '诉求人要求的事项不属于本单位法定职责',
      evidence: '《城市照明管理规定》第十二条',
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json().state).toBe('replied');
    const twice = await act(ctx, w.handlerDepartment, id, 'file-appeal', {
      reason: '再次申诉，理由同上，请予核减',
      evidence: '同上',
    });
    expect(code(twice)).toBe('REQUEST_APPEAL_ALREADY_FILED');

    const queue = await ctx.app.inject({
      method: 'GET',
      url: '/api/requests?appealPending=true&pageSize=200',
      headers: w.dispatcher.headers,
    });
    expect(queue.json().items.map((r: { id: number }) => r.id)).toContain(id);
    const pending = await detail(id);
    expect(pending.appeals).toEqual([
      expect.objectContaining({ unitId: w.department, evidenceText: '《城市照明管理规定》第十二条', decision: null }),
    ]);
    expect(pending.availableActions).toContain('decideAppeal');
    expect((await act(ctx, w.handlerDepartment, id, 'decide-appeal', { approved: true })).statusCode).toBe(403);

    const decided = await act(ctx, w.dispatcher, id, 'decide-appeal', { approved: true, note: '属实，予以核减' });
    expect(decided.statusCode, decided.body).toBe(200);
    const d = await detail(id);
    expect(d.appeals[0].decision).toMatchObject({ approved: true, note: '属实，予以核减' });
    expect(d.excludedFromRatesUnitIds).toEqual([w.department]);
    expect(types(d)).toContain('reply_submitted');
    const row = await ctx.deps.db
      .selectFrom('request')
      .select(['ratesExcludedUnitIds', 'appealPending'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ ratesExcludedUnitIds: [w.department], appealPending: false });
    const none = await act(ctx, w.dispatcher, id, 'decide-appeal', { approved: false });
    expect(code(none)).toBe('REQUEST_NO_PENDING_APPEAL');
  });

  it('a rejected appeal leaves the rates alone', async () => {
    const { id } = await handled(w.department, { reply: true });
    await act(ctx, w.handlerDepartment, id, 'file-appeal', {
      reason: '诉求人反映情况与实际不符，已现场核实',
      evidence: '现场照片已存档',
    });
    await act(ctx, w.dispatcher, id, 'decide-appeal', { unitId: w.department, approved: false, note: '证据不足' });
    expect((await detail(id)).excludedFromRatesUnitIds).toEqual([]);
  });
});

describe('whistles (吹哨报到)', () => {
  it('the township blows, a department reports in and is rated; summoned departments see the request', async () => {
    const { id } = await handled(w.governmentA);
    expect((await detail(id, w.handlerDepartment).then((d) => d.error?.code)) ?? 'visible').toBe('REQUEST_NOT_FOUND');
    expect((await detail(id, w.handlerA)).availableActions).toContain('blowWhistle');
    const blown = await act(ctx, w.handlerA, id, 'blow-whistle', {
      departmentUnitIds: [w.department, w.otherDepartment],
      reportLimitHours: 24,
    });
    expect(blown.statusCode, blown.body).toBe(200);
    const again = await act(ctx, w.handlerA, id, 'blow-whistle', {
      departmentUnitIds: [w.department],
      reportLimitHours: 24,
    });
    expect(code(again)).toBe('REQUEST_WHISTLE_ALREADY_BLOWN');

    expect((await detail(id, w.handlerDepartment)).availableActions).toEqual(['reportToWhistle']);
    expect((await act(ctx, w.handlerDepartment, id, 'report-to-whistle')).statusCode).toBe(200);
    const twice = await act(ctx, w.handlerDepartment, id, 'report-to-whistle');
    expect(code(twice)).toBe('REQUEST_WHISTLE_ALREADY_REPORTED');

    const pending = await act(ctx, w.handlerA, id, 'rate-whistle', { unitId: w.otherDepartment, score: 2 });
    expect(code(pending)).toBe('REQUEST_WHISTLE_REPORT_PENDING');
    const byDepartment = await act(ctx, w.handlerDepartment, id, 'rate-whistle', { unitId: w.department, score: 5 });
    expect(byDepartment.statusCode).toBe(403);
    const rated = await act(ctx, w.handlerA, id, 'rate-whistle', {
      unitId: w.department,
      score: 5,
      comment: '到场及时',
    });
    expect(rated.statusCode, rated.body).toBe(200);

    const whistle = (await detail(id)).whistle;
    expect(whistle).toMatchObject({ townshipUnitId: w.governmentA, reportLimitHours: 24 });
    expect(whistle.departments).toEqual([
      { unitId: w.department, reportedAt: expect.any(String), late: false, score: 5, comment: '到场及时' },
      { unitId: w.otherDepartment, reportedAt: null, late: null, score: null, comment: null },
    ]);
  });

  it('only the township government of the place blows the whistle, to units that exist', async () => {
    const department = await handled(w.department);
    const notTownship = await act(ctx, w.handlerDepartment, department.id, 'blow-whistle', {
      departmentUnitIds: [w.otherDepartment],
      reportLimitHours: 24,
    });
    expect(notTownship.statusCode).toBe(403);
    expect(code(notTownship)).toBe('REQUEST_NOT_TOWNSHIP_OF_PLACE');

    // Township B's government leading a request placed in township A is not the township of the place.
    const { id } = await postRequest(ctx, w);
    await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.governmentB, reason: '派B镇' });
    await act(ctx, w.handlerB, id, 'accept');
    const otherTownship = await act(ctx, w.handlerB, id, 'blow-whistle', {
      departmentUnitIds: [w.department],
      reportLimitHours: 24,
    });
    expect(code(otherTownship)).toBe('REQUEST_NOT_TOWNSHIP_OF_PLACE');

    const township = await handled(w.governmentA);
    const unknown = await act(ctx, w.handlerA, township.id, 'blow-whistle', {
      departmentUnitIds: [999999],
      reportLimitHours: 24,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0].field).toBe('departmentUnitIds');
  });
});

describe('the citizen without login', () => {
  const track = (number: string, receiptCode: string, remoteAddress = '10.0.0.1') =>
    ctx.app.inject({
      method: 'GET',
      url: `/api/public/requests/track?number=${number}&code=${receiptCode}`,
      remoteAddress,
    });
  const rate = (payload: Record<string, unknown>, remoteAddress = '10.0.0.1') =>
    ctx.app.inject({ method: 'POST', url: '/api/public/requests/rate', payload, remoteAddress });

  it('tracks a request by number and receipt code: the public timeline, no internal notes, no personal data', async () => {
    const { id, number, receiptCode } = await handled(w.department, { assist: [w.otherDepartment] });
    await act(ctx, w.leader, id, 'press', { note: '内部督办意见不公开' });
    await act(ctx, w.handlerOther, id, 'assist-note', { text: '内部协办意见不公开' });
    await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY });

    const res = await track(number, receiptCode.toLowerCase());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ number, state: 'replied', canRate: true });
    expect(body.timeline.map((t: { type: string }) => t.type)).toEqual([
      'received',
      'dispatched',
      'accepted',
      'replied',
    ]);
    expect(body.timeline[1].unitName).toMatch(/^城管局/);
    expect(body.timeline[3].text).toBe(LAMP_REPLY);
    for (const secret of ['内部督办意见不公开', '内部协办意见不公开', '13812345678', '138****5678', '王小明', '派单']) {
      expect(res.body).not.toContain(secret);
    }
  });

  it('a wrong code or number is not found; a malformed one is a 400 naming the field', async () => {
    const { number } = await postRequest(ctx, w);
    expect((await track(number, 'ABCDEFGH')).statusCode).toBe(404);
    expect((await track('2099010199999', 'ABCDEFGH')).statusCode).toBe(404);
    const bad = await track('12', 'ABCDEFGH');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('number');
  });

  it('rates through the link once per reply: unsatisfied reopens, a second rating is refused, the next reply is rated again', async () => {
    const { id, number, receiptCode } = await handled(w.department, { reply: true });
    const wrong = await rate({ number, code: 'ABCDEFGH', resolved: true, satisfaction: 'satisfied' });
    expect(wrong.statusCode).toBe(404);
    const first = await rate({
      number,
      code: receiptCode,
      resolved: false,
      satisfaction: 'unsatisfied',
      comment: '没修好',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ number, state: 'in_progress' });
    const second = await rate({ number, code: receiptCode, resolved: true, satisfaction: 'satisfied' });
    expect(second.statusCode).toBe(409);
    expect(code(second)).toBe('REQUEST_INVALID_TRANSITION');
    await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY });
    const third = await rate({ number, code: receiptCode, resolved: true, satisfaction: 'satisfied' });
    expect(third.json().state).toBe('rated');

    const d = await detail(id);
    const ratings = d.events.filter((e: { type: string }) => e.type === 'rated');
    expect(ratings.map((e: { payload: { via: string } }) => e.payload.via)).toEqual(['link', 'link']);
    expect(ratings[0].actor).toEqual({ userId: null, unitId: null, name: '市民' });
    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select(['action', 'actorUserId'])
      .where('objectType', '=', 'request')
      .where('objectId', '=', String(id))
      .where('action', '=', 'request.rate')
      .execute();
    expect(audit).toEqual([
      { action: 'request.rate', actorUserId: null },
      { action: 'request.rate', actorUserId: null },
    ]);
    const badBody = await rate({ number, code: receiptCode, resolved: true, satisfaction: 'great' });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json().error.details.issues[0].field).toBe('satisfaction');
  });

  it('limits attempts per IP', async () => {
    const { number } = await postRequest(ctx, w);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await track(number, 'ABCDEFGH', '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await track(number, 'ABCDEFGH', '10.9.9.8')).statusCode).toBe(404);
  });

  it('the limiter opens a fresh window after the old one', () => {
    const limiter = new PublicRateLimiter({ limit: 2, windowMs: 1000 });
    expect([limiter.take('a', 0), limiter.take('a', 10), limiter.take('a', 20)]).toEqual([true, true, false]);
    expect(limiter.take('b', 20)).toBe(true);
    expect(limiter.take('a', 1000)).toBe(true);
  });
});

describe('XLSX export', () => {
  const exportOf = async (who = w.dispatcher, qs = '') => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/requests/export.xlsx?${qs}`, headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return rows;
  };

  it('exports the filtered list in scope with the phone masked', async () => {
    const { number } = await postRequest(ctx, w, { body: '幸福路导出测试路灯不亮已经好几天了' });
    const rows = await exportOf(w.dispatcher, `q=${number}`);
    expect(rows[0]![0]).toBe('编号');
    expect(rows).toHaveLength(2);
    expect(rows[1]![0]).toBe(number);
    expect(rows[1]).toContain('138****5678');
    expect(JSON.stringify(rows)).not.toContain('13812345678');
    expect(await exportOf(w.handlerB, `q=${number}`)).toHaveLength(1);
  });
});
