import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchGroup, SearchHit, SearchResult } from '../contracts/search.js';
import { buildLiaisonWorld, type LiaisonWorld, postHousehold } from './modules/liaison/liaison.factories.js';
import { buildPerson } from './modules/org/testing.js';
import {
  act,
  buildRequestWorld,
  LAMP_REPLY,
  LAMP_TEXT,
  postRequest,
  type RequestWorld,
} from './modules/requests/requests.factories.js';
import { createTestContext, type SignedIn, type TestContext } from './platform/testing/test-context.js';
import { normaliseText } from './platform/text/index.js';

// GET /api/search (issue #7 point 2) on whichever database the run uses (PGlite, or PostgreSQL with TEST_DATABASE_URL).

let ctx: TestContext;
let w: RequestWorld;
let lw: LiaisonWorld;
const ids = { inA: 0, inB: 0, long: 0, traditional: 0, household: 0, person: 0 };

/** About 1,500 characters of ordinary complaint text with one distinctive phrase in the middle. */
const FILLER = [
  '我家住在老城区的居民楼里，楼下的马路最近一直在施工，',
  '每天早上六点就开始有大型机械作业，',
  '家里老人和孩子都休息不好，多次向施工单位反映没有结果，',
  '希望有关部门能够协调施工时间，',
  '同时路面坑洼不平，下雨天积水严重，行人只能绕行，',
];
const MIDDLE = '宁静湖畔第七号泵站夜间噪声扰民';
const LONG_BODY = `${Array.from({ length: 30 }, (_, i) => FILLER[i % FILLER.length]).join('')}${MIDDLE}，${Array.from(
  { length: 30 },
  (_, i) => FILLER[(i + 2) % FILLER.length],
).join('')}请尽快处理。`;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  lw = await buildLiaisonWorld(ctx);

  // The same distinctive place in township A (led by A's government) and in township B (led by B's).
  ids.inA = (await postRequest(ctx, w, { body: `${LAMP_TEXT}地点在青石板巷口。` })).id;
  ids.inB = (await postRequest(ctx, w, { body: `${LAMP_TEXT}地点在青石板巷口。`, divisionCode: w.townshipB })).id;
  for (const [id, unit] of [
    [ids.inA, w.governmentA],
    [ids.inB, w.governmentB],
  ] as const) {
    const res = await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: unit, reason: '属地管理' });
    expect(res.statusCode).toBe(200);
  }
  expect((await act(ctx, w.handlerA, ids.inA, 'accept')).statusCode).toBe(200);
  expect((await act(ctx, w.handlerA, ids.inA, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);

  ids.long = (await postRequest(ctx, w, { body: LONG_BODY, title: '泵站噪声' })).id;
  ids.traditional = (await postRequest(ctx, w, { body: '東關街道排水管網改造後３號井蓋一直未恢復，請儘快修復。' })).id;

  ids.household = await postHousehold(ctx, lw.organiser, lw.villageA, {
    headName: '欧阳青山',
    address: '向阳村三组18号',
    contactPhone: '13812345678',
  });
  ids.person = (
    await buildPerson(ctx.deps.db, { unitId: w.governmentA, name: '张伟', phone: '13900001111' }, ctx.deps.cipher)
  ).id;
});
afterAll(async () => ctx?.close());

async function search(who: SignedIn, params: Record<string, string>) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/search?${new URLSearchParams(params).toString()}`,
    headers: who.headers,
  });
  return res;
}

async function group(who: SignedIn, params: Record<string, string>): Promise<SearchGroup> {
  const res = await search(who, params);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as SearchResult;
  expect(body.groups).toHaveLength(1);
  return body.groups[0]!;
}

/** The highlighted pieces of a hit's snippet of `field`, read by its ranges. */
function highlighted(hit: SearchHit, field: string): string[] {
  const s = hit.snippets.find((x) => x.field === field);
  if (!s) return [];
  return s.ranges.map(([a, b]) => s.text.slice(a, b));
}

describe('global search (GET /api/search)', () => {
  it('finds a substring from the middle of a long Chinese body, with the match highlighted in a cut snippet', async () => {
    expect(LONG_BODY.length).toBeGreaterThan(1000);
    const g = await group(w.dispatcher, { q: '第七号泵站夜间', kind: 'requests' });
    expect(g.items.map((h) => h.id)).toEqual([ids.long]);
    const hit = g.items[0]!;
    expect(hit.link).toBe(`/requests/${ids.long}`);
    expect(highlighted(hit, 'body')).toEqual(['第七号泵站夜间']);
    const body = hit.snippets.find((s) => s.field === 'body')!;
    expect(body.text.length).toBeLessThan(100);
    expect(body.cutStart && body.cutEnd).toBe(true);
    expect(normaliseText(LONG_BODY)).toContain(body.text);
    expect(g.recentOnly).toBe(false);
  });

  it('finds simplified text from traditional input, and highlights every term of a two-term query', async () => {
    const g = await group(w.dispatcher, { q: '東關街道 井蓋', kind: 'requests' });
    expect(g.items.map((h) => h.id)).toEqual([ids.traditional]);
    expect(highlighted(g.items[0]!, 'body')).toEqual(['东关街道', '井盖']);
    // Full-width digits were stored half-width, and a query in either form finds them.
    for (const q of ['３號井蓋', '3号井盖']) {
      const full = await group(w.dispatcher, { q, kind: 'requests' });
      expect(
        full.items.map((h) => h.id),
        q,
      ).toEqual([ids.traditional]);
      expect(highlighted(full.items[0]!, 'body'), q).toEqual(['3号井盖']);
    }
  });

  it('searches the reply as well as the request', async () => {
    const g = await group(w.dispatcher, { q: '更换路灯线路', kind: 'requests' });
    expect(g.items.map((h) => h.id)).toEqual([ids.inA]);
    expect(highlighted(g.items[0]!, 'reply')).toEqual(['更换路灯线路']);
  });

  it("keeps to the user's scope: township A's handler neither finds nor counts township B's request", async () => {
    const all = await group(w.dispatcher, { q: '青石板巷口', kind: 'requests' });
    expect(all.items.map((h) => h.id).sort()).toEqual([ids.inA, ids.inB].sort());
    expect(all.total).toBe(2);
    const a = await group(w.handlerA, { q: '青石板巷口', kind: 'requests' });
    expect(a.items.map((h) => h.id)).toEqual([ids.inA]);
    expect(a.total).toBe(1);
    const b = await group(w.handlerB, { q: '青石板巷口', kind: 'requests' });
    expect(b.items.map((h) => h.id)).toEqual([ids.inB]);
    expect(b.total).toBe(1);
  });

  it('never shows the citizen’s name or phone in a request hit', async () => {
    const res = await search(w.dispatcher, { q: '青石板巷口', kind: 'requests' });
    expect(res.body).not.toContain('13812345678');
    expect(res.body).not.toContain('王小明');
  });

  it('filters requests by state and place, and sorts newest first on request', async () => {
    const replied = await group(w.dispatcher, { q: '青石板巷口', kind: 'requests', state: 'replied' });
    expect(replied.items.map((h) => h.id)).toEqual([ids.inA]);
    const inB = await group(w.dispatcher, { q: '青石板巷口', kind: 'requests', divisionCode: w.townshipB });
    expect(inB.items.map((h) => h.id)).toEqual([ids.inB]);
    const newest = await group(w.dispatcher, { q: '青石板巷口', kind: 'requests', sort: 'newest' });
    expect(newest.items.map((h) => h.id)).toEqual([ids.inB, ids.inA]);
  });

  it('answers a two-character query from the newest requests, and says so', async () => {
    const g = await group(w.dispatcher, { q: '泵站', kind: 'requests' });
    expect(g.recentOnly).toBe(true);
    expect(g.items.map((h) => h.id)).toEqual([ids.long]);
    // Relevance: the title hit is highlighted too.
    expect(highlighted(g.items[0]!, 'title')).toEqual(['泵站']);
  });

  it('finds a person by pinyin initials and by full pinyin, with the phone masked', async () => {
    for (const q of ['zw', 'zhangwei', 'ZhangWei']) {
      const g = await group(w.dispatcher, { q, kind: 'people' });
      const hit = g.items.find((h) => h.id === ids.person);
      expect(hit, q).toBeDefined();
      expect(hit!.title).toBe('张伟');
      expect(hit!.link).toBe(`/org/people?q=${encodeURIComponent('张伟')}&id=${ids.person}`);
      expect(highlighted(hit!, 'pinyin')).toEqual([q.toLowerCase()]);
    }
    const res = await search(w.dispatcher, { q: '张伟', kind: 'people' });
    expect(res.body).toContain('139****1111');
    expect(res.body).not.toContain('13900001111');
    // An exact name ranks first.
    expect((res.json() as SearchResult).groups[0]!.items[0]!.id).toBe(ids.person);
  });

  it("finds households in the organiser's scope only, with the contact's phone masked", async () => {
    const a = await group(lw.organiser, { q: '欧阳青山', kind: 'households' });
    expect(a.items.map((h) => h.id)).toEqual([ids.household]);
    expect(highlighted(a.items[0]!, 'name')).toEqual(['欧阳青山']);
    expect(a.items[0]!.subtitle).toContain('138****5678');
    const byAddress = await group(lw.organiser, { q: '向阳村三组', kind: 'households' });
    expect(highlighted(byAddress.items[0]!, 'address')).toEqual(['向阳村三组']);
    const b = await group(lw.organiserB, { q: '欧阳青山', kind: 'households' });
    expect(b.items).toEqual([]);
    expect(b.total).toBe(0);
    const raw = await search(lw.organiser, { q: '欧阳青山', kind: 'households' });
    expect(raw.body).not.toContain('13812345678');
  });

  it('without a kind, returns one group per kind the user may read', async () => {
    const res = await search(w.operator, { q: '张伟' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as SearchResult).groups.map((g) => g.kind)).toEqual(['requests', 'people']);
    const denied = await search(w.operator, { q: '张伟', kind: 'households' });
    expect(denied.statusCode).toBe(403);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ q: '' }, 'q'],
      [{ q: '   ' }, 'q'],
      [{ q: '\u200b' }, 'q'],
      [{ q: '路'.repeat(101) }, 'q'],
      [{ q: '路灯', kind: 'letters' }, 'kind'],
      [{ q: '路灯', sort: 'oldest' }, 'sort'],
      [{ q: '路灯', divisionCode: '12' }, 'divisionCode'],
      [{ q: '路灯', from: '2026-12-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'to'],
    ];
    for (const [params, field] of cases) {
      const res = await search(w.dispatcher, params);
      expect(res.statusCode, JSON.stringify(params)).toBe(400);
      const issues = res.json().error.details.issues as { path: string[] }[];
      expect(
        issues.map((i) => i.path[0]),
        JSON.stringify(params),
      ).toContain(field);
    }
  });

  it('can answer a Chinese substring from the trigram indexes on this database (CJK characters form trigrams)', async () => {
    // A database whose character type is not UTF-8 aware would give no trigram for Chinese text: every search would
    // read the whole table. PGlite and the PostgreSQL we run on both use C.UTF-8.
    const trgm = await sql<{ n: number }>`select array_length(show_trgm('泵站噪声扰民'), 1) as n`.execute(ctx.deps.db);
    expect(Number(trgm.rows[0]?.n)).toBeGreaterThanOrEqual(4);
    const plan = await ctx.deps.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql<Record<string, string>>`explain select id from request
        where search_text like '%第七号泵站夜间%' or reply_text ilike '%第七号泵站夜间%'`.execute(trx);
    });
    const text = plan.rows.map((r) => Object.values(r).join(' ')).join('\n');
    expect(text).toContain('request_search_trgm');
    expect(text).toContain('request_reply_trgm');
  });

  it('refuses an anonymous caller', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/search?q=路灯' });
    expect(res.statusCode).toBe(401);
  });
});
