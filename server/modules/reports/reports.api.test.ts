import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankingResponse } from '../../../contracts/metrics.js';
import type {
  PublicRanking,
  PublicRankingMonths,
  PublishedRanking,
  PublishedRankingDiff,
  PublishedRankingSummary,
} from '../../../contracts/reports.js';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRankingWorld, LAMP_REPLY, postRequest, type RankingWorld } from './reports.factories.js';

let ctx: TestContext;
let w: RankingWorld;
/** A November request of the department, accepted but not yet replied when version 1 is published. */
let pendingId: number;
/** Staff signed in again once the clock is in December (sessions signed in in November have expired by then). */
let dec: { admin: SignedIn; leader: SignedIn; operator: SignedIn; handler: SignedIn };

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { issues?: { path: string[]; messageZh: string; messageEn: string }[] };
  };
}

const call = <T>(method: 'GET' | 'POST', url: string, who?: SignedIn, payload?: unknown, lang = 'zh-CN') =>
  ctx.app
    .inject({
      method,
      url,
      headers: { ...(who?.headers ?? {}), 'accept-language': lang },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })
    .then((r) => ({ status: r.statusCode, body: r.json() as T }));

const publish = (body: Record<string, unknown>, who: SignedIn = dec?.admin ?? w.admin, lang?: string) =>
  call<PublishedRanking & ErrorBody>('POST', '/api/reports/rankings', who, body, lang);

async function handled(unitId: number, handler: SignedIn, rate: boolean) {
  const { id } = await postRequest(ctx, w);
  expect((await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: unitId, reason: '职能' })).statusCode).toBe(200);
  expect((await act(ctx, handler, id, 'accept')).statusCode).toBe(200);
  if (!rate) return id;
  expect((await act(ctx, handler, id, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);
  const res = await act(ctx, w.operator, id, 'rate', { resolved: true, satisfaction: 'satisfied' });
  expect(res.statusCode).toBe(200);
  return id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRankingWorld(ctx);
  // November 2026: five satisfied requests each for the two departments, and one more still in progress.
  for (let i = 0; i < 5; i++) await handled(w.department, w.handlerDepartment, true);
  for (let i = 0; i < 5; i++) await handled(w.otherDepartment, w.handlerOther, true);
  pendingId = await handled(w.department, w.handlerDepartment, false);
}, 180_000);

afterAll(async () => {
  await ctx?.close();
});

async function moveToDecember() {
  ctx.clock.set('2026-12-02T02:00:00.000Z');
  const all = { kind: 'all' } as const;
  dec = {
    admin: await ctx.signIn({ roles: ['system_admin'], scope: all }),
    leader: await ctx.signIn({ roles: ['leader'], scope: all }),
    operator: await ctx.signIn({ roles: ['operator'], scope: all }),
    handler: await ctx.signIn({
      roles: ['handler'],
      scope: { kind: 'unit', unitId: w.department },
      unitId: w.department,
    }),
  };
}

const nov = () => ({ countyCode: w.county, month: '2026-11', unitKind: 'department' });

describe('publishing a month that has not ended', () => {
  it('is refused with REPORTS_MONTH_NOT_ENDED while November is still running', async () => {
    const res = await publish(nov());
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('REPORTS_MONTH_NOT_ENDED');
    expect(await call('GET', `/api/public/rankings?month=2026-11&countyCode=${w.county}`)).toMatchObject({
      status: 404,
    });
  });
});

describe('who may publish and read', () => {
  it('refuses anonymous users (401), a handler and a leader (403) the publication', async () => {
    expect((await publish(nov(), { headers: {} } as unknown as SignedIn)).status).toBe(401);
    for (const who of [w.handlerDepartment, w.leader]) {
      const res = await publish(nov(), who);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('AUTH_FORBIDDEN');
    }
  });

  it('refuses the internal list to an operator and anonymous users, not to a leader', async () => {
    expect((await call('GET', '/api/reports/rankings')).status).toBe(401);
    expect((await call('GET', '/api/reports/rankings', w.operator)).status).toBe(403);
    expect((await call('GET', '/api/reports/rankings', w.leader)).status).toBe(200);
  });

  it('refuses an administrator whose scope is one township the county ranking (403)', async () => {
    await moveToDecember();
    const townshipAdmin = await ctx.signIn({
      roles: ['system_admin'],
      scope: { kind: 'division', divisionCode: w.township },
    });
    const res = await publish(nov(), townshipAdmin);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUTH_OUT_OF_SCOPE');
  });
});

describe('validation names the field', () => {
  it.each([
    [{ countyCode: '123', month: '2026-11', unitKind: 'department' }, 'countyCode'],
    [{ month: '2026-13', unitKind: 'department' }, 'month'],
    [{ month: '2026-11', unitKind: 'moon' }, 'unitKind'],
    [{ month: '2026-11' }, 'unitKind'],
  ])('%o → 400 naming %s', async (body, field) => {
    const res = await publish(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details?.issues?.map((i) => i.path.join('.'))).toContain(field);
  });

  it('an administrator of all counties must name the county', async () => {
    const res = await publish({ month: '2026-11', unitKind: 'department' });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.issues?.[0]?.path).toEqual(['countyCode']);
  });

  it('a county that does not exist is a 400 naming countyCode', async () => {
    const res = await publish({ ...nov(), countyCode: '990099000000' });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.issues?.[0]?.path).toEqual(['countyCode']);
  });

  it('a class of unit without any request that month has nothing to publish', async () => {
    const res = await publish({ ...nov(), unitKind: 'enterprise' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('REPORTS_RANKING_EMPTY');
  });
});

describe('a published ranking stays frozen; a correction is version 2 with the difference', () => {
  let v1: PublishedRanking;
  let liveBefore: RankingResponse;
  let v2: PublishedRanking;

  it('publishes November as version 1, audited, and the public sees it without login', async () => {
    liveBefore = (
      await call<RankingResponse>(
        'GET',
        `/api/metrics/ranking?month=2026-11&unitKind=department&countyCode=${w.county}`,
        dec.leader,
      )
    ).body;
    const res = await publish({ ...nov(), note: '2026年11月接诉即办考核排名' });
    expect(res.status).toBe(201);
    v1 = res.body;
    expect(v1).toMatchObject({ version: 1, month: '2026-11', unitKind: 'department', latest: true, reason: null });
    expect(v1.rows.map((r) => [r.unitId, r.rank, r.score])).toEqual(
      liveBefore.rows.map((r) => [r.unitId, r.rank, r.score]),
    );
    expect(v1.redList.map((r) => r.unitId)).toEqual(liveBefore.redList.map((r) => r.unitId));
    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .select(['action', 'objectId', 'actorUserId'])
      .where('objectType', '=', 'published_ranking')
      .execute();
    expect(audit).toEqual([
      { action: 'reports.ranking.publish', objectId: String(v1.id), actorUserId: dec.admin.userId },
    ]);

    const pub = await call<PublicRanking>('GET', `/api/public/rankings?month=2026-11&unitKind=department`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ version: 1, countyCode: w.county, note: '2026年11月接诉即办考核排名' });
    expect(pub.body).not.toHaveProperty('publishedBy');
  });

  it('refuses a new version identical to the latest one', async () => {
    const res = await publish({ ...nov(), reason: '复核' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('REPORTS_RANKING_UNCHANGED');
  });

  it('keeps version 1 exactly as published after new events change the live ranking', async () => {
    expect((await act(ctx, dec.handler, pendingId, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);
    expect(
      (await act(ctx, dec.operator, pendingId, 'rate', { resolved: false, satisfaction: 'unsatisfied' })).statusCode,
    ).toBe(200);
    const liveAfter = (
      await call<RankingResponse>(
        'GET',
        `/api/metrics/ranking?month=2026-11&unitKind=department&countyCode=${w.county}`,
        dec.leader,
      )
    ).body;
    const department = (r: RankingResponse) => r.rows.find((row) => row.unitId === w.department);
    expect(department(liveAfter)?.score).not.toBe(department(liveBefore)?.score);

    const stored = await call<PublishedRanking>('GET', `/api/reports/rankings/${v1.id}`, dec.leader);
    expect(stored.status).toBe(200);
    expect(stored.body.rows).toEqual(v1.rows);
    expect(stored.body.redList).toEqual(v1.redList);
    expect(stored.body.blackList).toEqual(v1.blackList);
  });

  it('a correction without a reason is a 400 naming `reason`, in Chinese and English', async () => {
    const zh = await publish(nov());
    expect(zh.status).toBe(400);
    expect(zh.body.error.details?.issues?.[0]?.path).toEqual(['reason']);
    expect(zh.body.error.message).toContain('更正原因');
    const en = await publish(nov(), dec.admin, 'en');
    expect(en.body.error.message).toContain('reason');
  });

  it('publishes the correction as version 2 and shows what changed', async () => {
    const res = await publish({ ...nov(), reason: '11月诉求补充回访后更正' });
    expect(res.status).toBe(201);
    v2 = res.body;
    expect(v2).toMatchObject({ version: 2, reason: '11月诉求补充回访后更正', latest: true });

    const diff = await call<PublishedRankingDiff>('GET', `/api/reports/rankings/${v2.id}/diff`, dec.leader);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ changed: true, from: { id: v1.id, version: 1 }, to: { id: v2.id, version: 2 } });
    const unit = diff.body.units.find((u) => u.unitId === w.department);
    expect(unit?.change).toBe('changed');
    expect(unit?.scoreDelta).toBeLessThan(0);
    expect(unit?.rates.map((r) => r.rate)).toContain('satisfaction');
    expect(unit?.volumes).toContainEqual({ volume: 'rated', before: 5, after: 6 });
    const other = diff.body.units.find((u) => u.unitId === w.otherDepartment);
    expect(other?.scoreDelta).toBe(0);

    const first = await call<PublishedRankingDiff>('GET', `/api/reports/rankings/${v1.id}/diff`, dec.leader);
    expect(first.body.from).toBeNull();
    expect(first.body.added).toBe(v1.rows.length);
  });

  it('lists both versions, the newest marked latest; version 1 is still frozen', async () => {
    const list = await call<{ items: PublishedRankingSummary[] }>(
      'GET',
      `/api/reports/rankings?month=2026-11&unitKind=department&countyCode=${w.county}`,
      dec.leader,
    );
    expect(list.body.items.map((i) => [i.version, i.latest])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await call<PublishedRanking>('GET', `/api/reports/rankings/${v1.id}`, dec.leader)).body.rows).toEqual(
      v1.rows,
    );
  });

  it('the public endpoint shows only the latest version, and the months published', async () => {
    const pub = await call<PublicRanking>(
      'GET',
      `/api/public/rankings?month=2026-11&unitKind=department&countyCode=${w.county}`,
    );
    expect(pub.status).toBe(200);
    expect(pub.body.version).toBe(2);
    expect(pub.body.rows).toEqual(v2.rows);
    expect(pub.body.reason).toBe('11月诉求补充回访后更正');
    const months = await call<PublicRankingMonths>('GET', '/api/public/rankings/months');
    expect(months.body.items).toContainEqual({
      countyCode: w.county,
      countyName: expect.any(String),
      month: '2026-11',
      unitKinds: ['department'],
    });
    const none = await call<ErrorBody>('GET', `/api/public/rankings?month=2026-10&countyCode=${w.county}`);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('REPORTS_RANKING_NOT_FOUND');
  });

  it('the database itself refuses to change a published version', async () => {
    await expect(
      ctx.deps.db.updateTable('publishedRanking').set({ note: '改写' }).where('id', '=', v1.id).execute(),
    ).rejects.toThrow(/frozen/);
    await expect(ctx.deps.db.deleteFrom('publishedRanking').where('id', '=', v1.id).execute()).rejects.toThrow(
      /frozen/,
    );
  });

  it('an unknown version is a 404', async () => {
    const res = await call<ErrorBody>('GET', '/api/reports/rankings/999999', dec.leader);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('REPORTS_RANKING_NOT_FOUND');
  });
});
