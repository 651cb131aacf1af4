import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Scope } from '../../../contracts/roles.js';
import { SEARCH_COUNT_CAP, type SearchGroup, type SearchResult } from '../../../contracts/search.js';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { buildRequestWorld, postRequest, type RequestWorld } from './requests.factories.js';
import { searchRequests } from './search.service.js';

// The requests search reads the newest matches window by window (the newest requests first, then ever wider
// windows of receipt time): whatever the windows, a user must get exactly the newest matches in their scope and an
// honest count. Checked against every stored request read back and matched here, on PGlite or PostgreSQL.

let ctx: TestContext;
let w: RequestWorld;
const COPIES = 400;
const COMMON = '幼儿园';
const RARE = '梧桐巷七号院';
/** Only in replies: found through the reply text. */
const IN_REPLY = '已联系教育局';

beforeAll(async () => {
  ctx = await createTestContext();
  w = await buildRequestWorld(ctx);
  const templateA = (await postRequest(ctx, w, { body: '模板工单：小区门口的路灯坏了。' })).id;
  const templateB = (await postRequest(ctx, w, { body: '模板工单：乙镇路灯坏了。', divisionCode: w.townshipB })).id;
  // Copies of the two requests: every third of the newest 150 and all older ones in township B, received an hour
  // apart going back (pairs share an instant, so the order's tie-break by id is exercised); most mention the common
  // word, four old ones the rare phrase, some only their reply the common word.
  const cols = await sql<{ name: string }>`select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = 'request'
      and column_name not in ('id', 'number', 'idempotency_key', 'received_at', 'search_text', 'reply_text',
        'division_code', 'body')`.execute(ctx.deps.db);
  const list = sql.join(cols.rows.map((c) => sql.ref(c.name)));
  const base = new Date('2026-11-19T00:00:00Z').getTime();
  for (let i = 0; i < COPIES; i += 1) {
    const inB = i % 3 === 0 || i >= 150;
    const words = [`第${i}件`, i % 5 === 4 ? '道路破损' : COMMON, [140, 142, 144, 146].includes(i) ? RARE : '']
      .filter(Boolean)
      .join('，');
    const reply = i % 5 === 4 && i % 2 === 0 ? `${IN_REPLY}，${COMMON}门口的道路已修复` : '';
    const at = new Date(base - (i - (i % 2)) * 3_600_000);
    await sql`insert into request (${list}, number, received_at, search_text, reply_text, division_code, body)
      select ${list}, ${String(9_000_000_000_000 + i)}, ${at}, ${`9${i} ${words}`}, ${reply},
        ${inB ? w.townshipB : w.villageA}, ${words}
      from request where id = ${inB ? templateB : templateA}`.execute(ctx.deps.db);
  }
});
afterAll(async () => ctx?.close());

/** Every request's matches for the terms within the division scope (null: all), newest first, ties by id. */
async function expected(
  terms: string[],
  divisionCode: string | null,
  period: { from?: string; to?: string } = {},
): Promise<number[]> {
  const rows = await sql<{
    id: number;
    receivedAt: Date | string;
    searchText: string;
    replyText: string;
    path: string;
  }>`select r.id, r.received_at, r.search_text, r.reply_text, d.path
    from request r join division d on d.code = r.division_code`.execute(ctx.deps.db);
  const prefix = divisionCode
    ? (await sql<{ path: string }>`select path from division where code = ${divisionCode}`.execute(ctx.deps.db))
        .rows[0]!.path
    : '';
  return rows.rows
    .filter((r) => r.path.startsWith(prefix))
    .filter((r) => !period.from || new Date(r.receivedAt) >= new Date(period.from))
    .filter((r) => !period.to || new Date(r.receivedAt) < new Date(period.to))
    .filter((r) => terms.every((t) => r.searchText.includes(t) || r.replyText.toLowerCase().includes(t)))
    .sort((a, b) => new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime() || b.id - a.id)
    .map((r) => r.id);
}

const actor = (scope: Scope) => ({
  userId: 1,
  username: 'search-test',
  displayName: 'search-test',
  permissions: new Set(ROLE_PERMISSIONS.dispatcher),
  scope,
  unitId: null,
  roles: [],
});

/**
 * Plans to compare: the first window alone and then the trigram index (a small table, no sample), and the sampled
 * windows with the whole table sampled or a part of its pages (the sample only chooses how each window is read).
 */
const PLANS = [
  { firstWindow: 1 },
  { firstWindow: 5 },
  { firstWindow: 2000 },
  { firstWindow: 5, sampleFromRows: 0, sampleRows: 100_000 },
  { firstWindow: 1, sampleFromRows: 0, sampleRows: 60 },
  { firstWindow: 5, sampleFromRows: 0, sampleRows: 20 },
  // Walks and rechecks dear: the trigram candidates ANDed with each window.
  { firstWindow: 1, sampleFromRows: 0, sampleRows: 60, costs: { row: 100_000, recheck: 1000 } },
  // A sample too small to place the matches, rechecks dear: the newest 50 through the trigram candidates first.
  { firstWindow: 1, sampleFromRows: 0, sampleRows: 5, secondWindow: 50, costs: { recheck: 1000 } },
];
/** The kinds of read the searches above made. */
const reads = new Set<string>();

describe('requests search, window by window', () => {
  beforeAll(async () => {
    // The planner's count of the requests (the sample's size is a share of it).
    await sql`analyze request`.execute(ctx.deps.db);
  });

  it('gives exactly the newest matches in scope and an honest capped count, whatever the window sizes', async () => {
    const scopes: [Scope, string | null][] = [
      [{ kind: 'all' }, null],
      [{ kind: 'division', divisionCode: w.townshipA }, w.townshipA],
      [{ kind: 'division', divisionCode: w.townshipB }, w.townshipB],
    ];
    for (const terms of [[COMMON], [RARE], [IN_REPLY], [COMMON, '第1'], ['不存在的词语']]) {
      for (const [scope, division] of scopes) {
        const all = await expected(terms, division);
        for (const plan of PLANS) {
          for (const [page, pageSize] of [
            [1, 10],
            [3, 7],
            [3, 50],
          ] as const) {
            const label = `${terms.join(' ')} in ${division ?? 'all'}, ${JSON.stringify(plan)}, page ${page}×${pageSize}`;
            const g = await searchRequests(
              ctx.deps,
              actor(scope),
              { terms, sort: 'newest', page, pageSize, lang: 'zh' },
              { ...plan, onRead: (r) => reads.add(r.plan) },
            );
            expect(
              g.items.map((h) => h.id),
              label,
            ).toEqual(all.slice((page - 1) * pageSize, page * pageSize));
            expect(g.total, label).toBe(Math.min(all.length, SEARCH_COUNT_CAP));
            expect(g.totalCapped, label).toBe(all.length > SEARCH_COUNT_CAP);
          }
        }
      }
    }
  });

  it('read the windows by every plan along the way (walk, trigram candidates in a window, trigram index alone)', () => {
    expect([...reads].sort()).toEqual(['narrow', 'sample', 'walk', 'wide']);
  });

  it('keeps to the asked period, however far back it lies', async () => {
    const periods = [
      { from: '2026-11-15T00:00:00Z', to: '2026-11-17T00:00:00Z' },
      { to: '2026-11-16T12:00:00Z' },
      { from: '2026-11-18T00:00:00Z' },
    ];
    for (const period of periods) {
      const all = await expected([COMMON], null, period);
      expect(all.length).toBeGreaterThan(0);
      for (const plan of PLANS) {
        const g = await searchRequests(
          ctx.deps,
          actor({ kind: 'all' }),
          { terms: [COMMON], sort: 'newest', page: 1, pageSize: 50, lang: 'zh', ...period },
          plan,
        );
        expect(
          g.items.map((h) => h.id),
          JSON.stringify(period),
        ).toEqual(all.slice(0, 50));
        expect(g.total).toBe(Math.min(all.length, SEARCH_COUNT_CAP));
      }
    }
  });

  it('ranks by relevance among the newest matches only, counting the same way', async () => {
    const all = await expected([COMMON], null);
    expect(all.length).toBeGreaterThan(SEARCH_COUNT_CAP);
    const newest = new Set(all.slice(0, SEARCH_COUNT_CAP));
    const seen: number[] = [];
    for (let page = 1; page <= 3; page += 1) {
      const g = await searchRequests(
        ctx.deps,
        actor({ kind: 'all' }),
        { terms: [COMMON], sort: 'relevance', page, pageSize: 50, lang: 'zh' },
        { firstWindow: 5 },
      );
      expect(g.totalCapped).toBe(true);
      seen.push(...g.items.map((h) => h.id));
    }
    // The newest 100 matches, each once, and nothing older.
    expect(seen.length).toBe(SEARCH_COUNT_CAP);
    expect(new Set(seen).size).toBe(SEARCH_COUNT_CAP);
    expect(seen.every((id) => newest.has(id))).toBe(true);
  });
});

describe('GET /api/search over more matches than it counts', () => {
  async function group(who: SignedIn, q: string): Promise<SearchGroup> {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/search?${new URLSearchParams({ q, kind: 'requests' })}`,
      headers: who.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as SearchResult).groups[0]!;
  }

  it('says "more than 100" and still shows the newest matches first', async () => {
    const all = await expected([COMMON], null);
    const g = await group(w.dispatcher, COMMON);
    expect(g.total).toBe(SEARCH_COUNT_CAP);
    expect(g.totalCapped).toBe(true);
    expect(g.items.map((h) => h.id)).toEqual(all.slice(0, 10));
    const body = g.items[0]!.snippets.find((s) => s.field === 'body')!;
    expect(body.ranges.map(([a, b]) => body.text.slice(a, b))).toEqual([COMMON]);
  });

  it("counts and shows only the township's own matches to a township user", async () => {
    const inA = await expected([COMMON], w.townshipA);
    const inB = new Set(await expected([COMMON], w.townshipB));
    expect(inA.length).toBeLessThan(SEARCH_COUNT_CAP);
    const g = await group(w.inspectorA, COMMON);
    expect(g.total).toBe(inA.length);
    expect(g.totalCapped).toBe(false);
    expect(g.items.map((h) => h.id)).toEqual(inA.slice(0, 10));
    expect(g.items.some((h) => inB.has(h.id))).toBe(false);
  });
});
