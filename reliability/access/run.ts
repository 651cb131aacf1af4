/**
 * `npm run test:access [-- --pg [URL]]`: the access matrix (reliability/access/matrix.ts) tried cell by cell over
 * HTTP against seeded fixtures, in-process on a fresh PGlite (or PostgreSQL with --pg, default
 * postgres://postgres@127.0.0.1:5432/lianxin_access, or ACCESS_DATABASE_URL; the database is dropped and recreated).
 *   1. every cell: role × resource × action, the observed outcome against the expected one; every denied by-id
 *      probe compared with the same probe on an absent id (same status, error code and body shape);
 *   2. counts: the request list totals and work-queue counts of each handler and of township A's inspector equal
 *      the rows of their own scope (counted in the database), and A's figures never name B;
 *   3. privacy: every answer the run received (JSON and XLSX text) scanned for the fixtures' plaintext phones and ID
 *      numbers and for any mobile / ID number pattern, allowed only in the answer of a reveal the role holds;
 *   4. database dump: every row of every table as text, searched for the plaintext receipt codes, phones and ID numbers
 *      of the fixtures (they must be stored hashed or encrypted only); then the same on the demo county with 300 demo
 *      requests, searched for every planned cadre's phone and ID number (`--no-demo-dump` skips this part).
 * Writes test-results/access/<time>.json, access-latest.json and a human summary (access-latest.txt, with the grid);
 * the last line printed is "N passed, M failed" over the cells and checks. Exits 1 on any mismatch.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { loadConfig } from '../../server/config.js';
import { ensureCalendarSeeded } from '../../server/platform/calendar/index.js';
import { createFieldCipher } from '../../server/platform/crypto/field-cipher.js';
import { openDatabase } from '../../server/platform/db/database.js';
import { migrateToLatest } from '../../server/platform/db/migrate.js';
import { seedDemo } from '../../server/seeds/demo-county.js';
import { DEMO_SEED, planDemoCounty } from '../../server/seeds/demo-plan.js';
import { ID_NUMBER, judge, MOBILE, privacyScan } from './checks.js';
import {
  ACTIONS,
  type Action,
  expected,
  MATRIX,
  type Outcome,
  PRINCIPALS,
  type Principal,
  RESOURCES,
  type Resource,
} from './matrix.js';
import { http, type Observed, PROBES, type RunContext } from './probes.js';
import { buildWorld, SECRETS, type Session, type World } from './world.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(ROOT, 'test-results', 'access');
const log = (line: string) => console.log(`[access] ${line}`);

const pgIndex = process.argv.indexOf('--pg');
const databaseUrl =
  pgIndex >= 0
    ? ((process.argv[pgIndex + 1]?.startsWith('postgres') ? process.argv[pgIndex + 1] : undefined) ??
      process.env.ACCESS_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/lianxin_access')
    : undefined;

/** `--only requestA,misconduct`: try only these resources' rows (a quicker loop while editing the matrix). */
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',')) : null;

interface CellResult {
  resource: Resource;
  action: Action;
  who: Principal;
  expected: Outcome;
  observed: Observed;
  ok: boolean;
  problem?: string;
}

async function principals(w: World): Promise<Record<Principal, Session | null>> {
  const unit = (unitId: number) => ({ roles: ['handler' as const], scope: { kind: 'unit' as const, unitId }, unitId });
  return {
    anonymous: null,
    citizen: null,
    reporter: null,
    operator: await w.signIn({ roles: ['operator'] }),
    dispatcher: await w.signIn({ roles: ['dispatcher'] }),
    handlerA: await w.signIn(unit(w.governmentA)),
    handlerB: await w.signIn(unit(w.governmentB)),
    handlerDept: await w.signIn(unit(w.department)),
    cadreA: await w.signIn({
      roles: ['cadre'],
      scope: { kind: 'unit', unitId: w.governmentA },
      unitId: w.governmentA,
      personId: w.cadreA.personId,
    }),
    inspectorA: await w.signIn({ roles: ['inspector'], scope: { kind: 'division', divisionCode: w.townshipA } }),
    leader: await w.signIn({ roles: ['leader'] }),
    discipline: await w.signIn({ roles: ['discipline'] }),
    systemAdmin: await w.signIn({ roles: ['system_admin'] }),
    securityAdmin: await w.signIn({ roles: ['security_admin'] }),
    auditAdmin: await w.signIn({ roles: ['audit_admin'] }),
  };
}

async function countChecks(rc: RunContext): Promise<{ name: string; ok: boolean; detail: string }[]> {
  const w = rc.world;
  const db = w.deps.db;
  const out: { name: string; ok: boolean; detail: string }[] = [];
  const total = async (who: Principal, url: string) =>
    (JSON.parse((await http(rc, who, 'GET', url)).text) as { total: number }).total;
  for (const [who, unitId] of [
    ['handlerA', w.governmentA],
    ['handlerB', w.governmentB],
    ['handlerDept', w.department],
  ] as const) {
    const mine = await db
      .selectFrom('request')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('leadUnitId', '=', unitId)
      .executeTakeFirstOrThrow();
    const waiting = await db
      .selectFrom('request')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('leadUnitId', '=', unitId)
      .where('state', '=', 'dispatched')
      .executeTakeFirstOrThrow();
    const listed = await total(who, '/api/requests?pageSize=1');
    const queues = JSON.parse((await http(rc, who, 'GET', '/api/requests/queue-counts')).text) as {
      queue: string;
      count: number;
    }[];
    const toAccept = queues.find((q) => q.queue === 'to_accept')?.count;
    out.push({
      name: `${who}: request list total = own unit's requests`,
      ok: listed === Number(mine.n),
      detail: `list ${listed}, database ${mine.n}`,
    });
    out.push({
      name: `${who}: to-accept queue count = own unit's requests awaiting acceptance`,
      ok: toAccept === Number(waiting.n),
      detail: `queue ${toAccept}, database ${waiting.n}`,
    });
  }
  const prefix = w.townshipA.slice(0, 9);
  const inA = await db
    .selectFrom('request')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('divisionCode', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  const inspectorListed = await total('inspectorA', '/api/requests?pageSize=1');
  out.push({
    name: "inspectorA: request list total = township A's requests",
    ok: inspectorListed === Number(inA.n),
    detail: `list ${inspectorListed}, database ${inA.n}`,
  });
  // Figures, drills, lists and exports asked about township B (or unfiltered) by A's inspector and A's handler: an
  // answer may refuse (4xx) or be empty of B, never name B's units, places or requests.
  const ofB = [w.townshipB, w.villageB, 'B镇政府', '城管局', w.requests.requestB.number, w.requests.requestDept.number];
  const period = 'from=2026-11&to=2026-12';
  for (const [who, url] of [
    ['inspectorA', `/api/metrics/divisions?${period}`],
    ['inspectorA', `/api/metrics/units?${period}`],
    ['inspectorA', `/api/metrics/trend?${period}`],
    ['inspectorA', `/api/metrics/divisions?${period}&divisionCode=${w.townshipB}`],
    ['inspectorA', `/api/metrics/units?${period}&divisionCode=${w.townshipB}`],
    ['inspectorA', `/api/metrics/drill?${period}&figure=dispatched&pageSize=200`],
    ['inspectorA', `/api/metrics/drill?${period}&figure=dispatched&divisionCode=${w.townshipB}&pageSize=200`],
    ['inspectorA', `/api/metrics/drill?${period}&figure=dispatched&unitId=${w.governmentB}&pageSize=200`],
    ['inspectorA', `/api/requests?divisionCode=${w.townshipB}&pageSize=200`],
    ['handlerA', `/api/requests?divisionCode=${w.villageB}&pageSize=200`],
    ['handlerA', `/api/requests?leadUnitId=${w.governmentB}&pageSize=200`],
    ['handlerA', `/api/requests/export.xlsx?divisionCode=${w.villageB}`],
    ['handlerA', '/api/requests/queue-counts'],
    ['handlerA', '/api/home'],
  ] as const) {
    const a = await http(rc, who, 'GET', url);
    const leaks = a.status < 300 ? ofB.filter((x) => a.text.includes(x)) : [];
    out.push({
      name: `${who}: ${url} names nothing of township B`,
      ok: a.status < 500 && leaks.length === 0,
      detail: `status ${a.status}${leaks.length ? `, names ${leaks.join(', ')}` : ''}`,
    });
  }
  return out;
}

/** What the public reads without any right (portal, Open311, tracking): recorded for the privacy scan. */
async function publicSweep(rc: RunContext): Promise<{ url: string; status: number }[]> {
  const r = rc.world.requests.requestA;
  const urls = [
    '/open311/v2/requests.json',
    `/open311/v2/requests/${r.number}.json`,
    '/open311/v2/services.json',
    '/api/public/portal/hot-topics',
    '/api/public/liaison/commitments',
    `/api/public/rankings?month=2026-11&countyCode=${rc.world.county}&unitKind=department`,
  ];
  const out: { url: string; status: number }[] = [];
  for (const url of urls) out.push({ url, status: (await http(rc, 'anonymous', 'GET', url)).status });
  out.push({
    url: '/api/public/requests/track (citizen, own receipt)',
    status: (await http(rc, 'citizen', 'GET', `/api/public/requests/track?number=${r.number}&code=${r.receiptCode}`))
      .status,
  });
  return out;
}

/** Every row of every table as text (`row_to_json`), table by table. */
async function* dumpTables(db: Kysely<unknown>) {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  for (const { name: table } of tables.rows) {
    const res = await sql<{ t: string }>`select row_to_json(x)::text as t from ${sql.table(table)} x`.execute(db);
    yield { table, rows: res.rows.length, text: res.rows.map((r) => r.t).join('\n') };
  }
}

/** Searches the dump for named plaintext values; also counts anything shaped like a mobile or ID number. */
async function searchDump(db: Kysely<unknown>, needles: ReadonlyMap<string, string>) {
  const hits: { table: string; needle: string }[] = [];
  const shaped: Record<string, number> = {};
  let tables = 0;
  let rows = 0;
  for await (const t of dumpTables(db)) {
    tables += 1;
    rows += t.rows;
    const candidates = new Set([...(t.text.match(MOBILE) ?? []), ...(t.text.match(ID_NUMBER) ?? [])]);
    if (candidates.size) shaped[t.table] = candidates.size;
    for (const c of candidates) if (needles.has(c)) hits.push({ table: t.table, needle: needles.get(c)! });
    // A few needles are looked for as plain substrings too (receipt codes match no pattern, and a phone glued to
    // letters escapes the pattern); thousands (the demo's) through the pattern's candidates only.
    for (const [value, name] of needles) {
      if ((needles.size <= 100 || !/^[0-9X]+$/.test(value)) && !candidates.has(value) && t.text.includes(value)) {
        hits.push({ table: t.table, needle: name });
      }
    }
  }
  return { tables, rows, needles: needles.size, hits, patternShaped: shaped };
}

async function dumpCheck(w: World) {
  const needles = new Map<string, string>(Object.entries(SECRETS).map(([k, v]) => [v, k]));
  for (const [k, r] of Object.entries(w.requests)) needles.set(r.receiptCode, `${k}.receiptCode`);
  needles.set(w.misconduct.receipt, 'misconduct.receipt');
  needles.set(w.misconduct.receipt.split('-')[1] ?? w.misconduct.receipt, 'misconduct.receiptSecret');
  return searchDump(w.deps.db as unknown as Kysely<unknown>, needles);
}

/**
 * The demo county (its ~2,600 cadres with phones and ID numbers, households with contact phones) and a small demo
 * year of requests, seeded into a fresh PGlite, dumped, and searched for every planned person's phone and ID number.
 */
async function demoDumpCheck(requests: number) {
  const handle = await openDatabase({ dataDir: 'memory://' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-access-demo-'));
  try {
    await migrateToLatest(handle.db);
    await ensureCalendarSeeded(handle.db);
    const deps = {
      config: loadConfig({ DATA_DIR: dir }),
      db: handle.db,
      dbKind: handle.kind,
      cipher: createFieldCipher(randomBytes(32)),
      now: () => new Date('2026-12-02T02:00:00.000Z'),
    };
    await seedDemo(deps, { log: () => {}, loginsFile: path.join(dir, 'demo-logins.json'), requests });
    const needles = new Map<string, string>();
    for (const p of planDemoCounty(DEMO_SEED).people) {
      needles.set(p.phone, 'demo person phone');
      needles.set(p.idNumber, 'demo person ID number');
    }
    return { requests, ...(await searchDump(handle.db as unknown as Kysely<unknown>, needles)) };
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function grid(cells: CellResult[]): string[] {
  const short = { allow: 'A', masked: 'M', deny: '-' } as const;
  const lines: string[] = [];
  const label: Record<Principal, string> = {
    anonymous: 'anon',
    citizen: 'citzn',
    reporter: 'rprtr',
    operator: 'oper',
    dispatcher: 'disp',
    handlerA: 'hdlA',
    handlerB: 'hdlB',
    handlerDept: 'hdlDp',
    cadreA: 'cadrA',
    inspectorA: 'inspA',
    leader: 'lead',
    discipline: 'discp',
    systemAdmin: 'sysAd',
    securityAdmin: 'secAd',
    auditAdmin: 'audAd',
  };
  const head = PRINCIPALS.map((p) => label[p].padEnd(6)).join(' ');
  lines.push('Expected (A allow, M masked, - deny, . n/a; * = mismatch):');
  lines.push(`${'resource/action'.padEnd(22)} ${head}`);
  for (const r of RESOURCES) {
    for (const a of ACTIONS) {
      const row = MATRIX[r][a];
      const cellsOf = PRINCIPALS.map((p) => {
        if ('na' in row) return '.'.padEnd(6);
        const c = cells.find((x) => x.resource === r && x.action === a && x.who === p);
        const e = expected(r, a, p)!;
        return `${short[e]}${c && !c.ok ? '*' : ''}`.padEnd(6);
      });
      lines.push(`${`${r}/${a}`.padEnd(22)} ${cellsOf.join(' ')}`);
    }
  }
  return lines;
}

async function main() {
  const started = Date.now();
  log(`database: ${databaseUrl ? databaseUrl.replace(/\/\/[^@]*@/, '//') : 'PGlite (in memory)'}`);
  const world = await buildWorld(databaseUrl);
  const rc: RunContext = {
    world,
    sessions: await principals(world),
    seen: [],
    cell: 'setup',
    mayHoldPlaintext: false,
    expect: 'deny',
  };
  log(`fixtures ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const cells: CellResult[] = [];
  let na = 0;
  try {
    for (const resource of RESOURCES) {
      if (only && !only.has(resource)) continue;
      for (const action of ACTIONS) {
        const row = MATRIX[resource][action];
        if ('na' in row) {
          na += PRINCIPALS.length;
          continue;
        }
        const probe = PROBES[resource][action];
        if (!probe) throw new Error(`no probe for ${resource}/${action}: add one or mark the row n/a`);
        for (const who of PRINCIPALS) {
          const exp = expected(resource, action, who)!;
          rc.cell = `${resource}/${action}/${who}`;
          rc.mayHoldPlaintext = action === 'reveal' && exp === 'allow';
          rc.expect = exp;
          let observed: Observed;
          try {
            observed = await probe(rc, who);
          } catch (e) {
            observed = { outcome: 'error', status: 0, detail: (e as Error).message.slice(0, 300) };
          }
          const verdict = judge(exp, observed);
          cells.push({ resource, action, who, expected: exp, observed, ...verdict });
          if (!verdict.ok) {
            log(
              `MISMATCH ${rc.cell}: expected ${exp}, observed ${observed.outcome} (${observed.status} ${observed.detail ?? ''}) — ${verdict.problem}`,
            );
          }
        }
      }
    }
    rc.cell = 'counts';
    rc.mayHoldPlaintext = false;
    const counts = await countChecks(rc);
    rc.cell = 'public';
    const sweep = await publicSweep(rc);
    for (const c of counts) if (!c.ok) log(`FAIL ${c.name}: ${c.detail}`);
    const privacy = privacyScan(rc.seen, Object.values(SECRETS));
    for (const f of privacy.findings.slice(0, 20)) log(`PRIVACY ${f.cell} ${f.url}: ${f.match} in …${f.context}…`);
    const dump = await dumpCheck(world);
    for (const h of dump.hits) log(`DUMP plaintext ${h.needle} in table ${h.table}`);
    const demo = process.argv.includes('--no-demo-dump') ? null : await demoDumpCheck(300);
    for (const h of demo?.hits.slice(0, 20) ?? []) log(`DEMO DUMP plaintext ${h.needle} in table ${h.table}`);

    const unexpectedAllows = cells.filter((c) => c.problem === 'unexpected allow').length;
    const unexpectedDenies = cells.filter((c) => c.problem === 'unexpected deny').length;
    const forbiddenVsAbsent = cells.filter((c) => c.observed.sameAsAbsent === false).length;
    const compared = cells.filter((c) => c.observed.sameAsAbsent != null).length;
    const errors = cells.filter((c) => c.observed.outcome === 'error').length;
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const summary = [
      `Access matrix (${world.dbKind === 'server' ? 'PostgreSQL' : 'PGlite'}): ${cells.length} cells exercised (+${na} n/a of ${PRINCIPALS.length} roles × ${RESOURCES.length} resources × ${ACTIONS.length} actions), ${unexpectedAllows} unexpected allows, ${unexpectedDenies} unexpected denies, ${errors} errors`,
      `Forbidden vs absent id: ${compared} denied by-id probes compared, ${forbiddenVsAbsent} answered differently`,
      `Counts and filters in scope: ${counts.filter((c) => c.ok).length}/${counts.length} checks (list totals and queue counts equal the database; A's figures, drills, filtered lists and exports name nothing of B)`,
      `Privacy: ${privacy.answers} answers scanned (JSON and XLSX text), ${privacy.findings.length} plaintext phone/ID findings outside permitted reveals`,
      `Database dump: ${dump.tables} tables, ${dump.rows} rows, ${dump.needles} plaintext values searched (receipt codes, phones, ID numbers), ${dump.hits.length} found`,
      demo
        ? `Demo county dump (${demo.requests} demo requests): ${demo.tables} tables, ${demo.rows} rows, ${demo.needles} planned phones and ID numbers searched, ${demo.hits.length} found; phone/ID-shaped values in ${Object.keys(demo.patternShaped).length} tables`
        : 'Demo county dump: skipped (--no-demo-dump)',
      `Time: ${seconds} s`,
      '',
      ...grid(cells),
    ];
    const failures = cells.filter((c) => !c.ok);
    const result = {
      at: new Date().toISOString(),
      database: world.dbKind,
      seconds,
      cells: cells.length,
      na,
      unexpectedAllows,
      unexpectedDenies,
      errors,
      forbiddenVsAbsent: { compared, different: forbiddenVsAbsent },
      counts,
      privacy: { answers: privacy.answers, findings: privacy.findings, publicSweep: sweep },
      dump,
      demoDump: demo,
      failures,
      matrix: MATRIX,
      results: cells,
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(RESULTS, `access-${world.dbKind}-${stamp}.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(RESULTS, 'access-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(RESULTS, 'access-latest.txt'), `${summary.join('\n')}\n`);
    for (const line of summary.slice(0, 7)) log(line);
    log(`results: ${path.relative(ROOT, file)}, grid in test-results/access/access-latest.txt`);
    const checks = cells.length + counts.length + 3 + (demo ? 1 : 0);
    const failed =
      failures.length +
      counts.filter((c) => !c.ok).length +
      (privacy.findings.length ? 1 : 0) +
      (dump.hits.length ? 1 : 0) +
      (demo?.hits.length ? 1 : 0);
    console.log(`${checks - failed} passed, ${failed} failed`);
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    await world.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
