import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
// The org module's own row builders, so demo rows are encrypted, masked and searchable exactly like imported ones.
import { divisionSearchText, storedPerson, unitSearchText } from '../modules/org/index.js';
import { backfillTextSignatures } from '../modules/requests/index.js';
import { appendAudit } from '../platform/audit/index.js';
import { createAccountRecord, totpUri } from '../platform/auth/index.js';
import { ensureCalendarSeeded } from '../platform/calendar/index.js';
import type { Db } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { type DemoLogin, type PlannedAccount, planDemoAccounts } from './demo-accounts.js';
import { type DemoLiaisonResult, seedDemoLiaison } from './demo-liaison.js';
import { DEMO_SEED, type DemoPlan, planDemoCounty } from './demo-plan.js';
import { type DemoRequestsResult, seedDemoRequests } from './demo-requests-load.js';
import { createRng } from './rng.js';

export type { DemoLogin } from './demo-accounts.js';

export interface SeedProgress {
  done: number;
  total: number;
  step: string;
}

export interface SeedDemoOptions {
  log: (line: string) => void;
  /** Where the demo logins are written as JSON (mode 0600). */
  loginsFile: string;
  onProgress?: (progress: SeedProgress) => void;
  /** Another seed gives another (equally fictional) county; tests use the default. */
  seed?: number;
  /** How many requests of the demo year to generate after the county (demo-requests-load.ts); 0 or absent: none. */
  requests?: number;
}

export interface DemoSeedResult {
  logins: DemoLogin[];
  counts: { divisions: number; categories: number; units: number; catalogue: number; people: number; accounts: number };
  /** Usernames that already existed and were left alone. */
  skippedAccounts: string[];
  /** Whether any official calendar year was missing and got seeded (the server also seeds it at start-up). */
  calendarSeeded: boolean;
  /** The demo year of requests, when asked for (with its own duration). */
  requests: DemoRequestsResult | null;
  /** How long the county took (the requests not included). */
  ms: number;
}

/** The database already holds organisation data, so the demo county would collide with it. */
export class DemoDataExistsError extends Error {
  constructor() {
    super(
      'The database already holds divisions, units or people: the demo county is loaded only into an empty database. ' +
        '数据库中已有行政区划、单位或人员数据，演示数据只能载入空数据库。',
    );
  }
}

/** Whether the organisation tables are empty (a division is the root of everything else). */
export async function isOrgEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('division').select('code').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Load the demo county on first run: only when the division table is empty (so a real installation
 * is never touched). Returns whether it seeded.
 */
export async function seedDemoIfEmpty(deps: Deps, opts: SeedDemoOptions): Promise<boolean> {
  if (!(await isOrgEmpty(deps.db))) return false;
  try {
    await seedDemo(deps, opts);
    return true;
  } catch (err) {
    // Another server sharing the database seeded it between our check and our lock.
    if (err instanceof DemoDataExistsError) return false;
    throw err;
  }
}

/**
 * Load the demo county (示范县, fictional codes 99…): divisions, the request-category taxonomy,
 * units with their responsibility catalogues, about 2,600 cadres with encrypted phones and ID
 * numbers, and one account per role. All in one transaction, deterministic from the seed.
 * Writes the logins to `loginsFile` (0600) and prints them, with TOTP secrets for administrators.
 */
export async function seedDemo(deps: Deps, opts: SeedDemoOptions): Promise<DemoSeedResult> {
  const started = Date.now();
  const now = deps.now();
  const seed = opts.seed ?? DEMO_SEED;
  const plan = planDemoCounty(seed);
  const accounts = planDemoAccounts(plan, createRng(seed).fork('accounts'));

  const total =
    plan.categories.length +
    plan.divisions.length +
    plan.units.length +
    plan.catalogue.length +
    plan.people.length * 2 +
    accounts.length +
    2;
  let done = 0;
  const progress = (n: number, step: string) => {
    done += n;
    opts.onProgress?.({ done: Math.min(done, total), total, step });
  };

  const peopleRows = buildPeopleRows(deps, plan, now, (n) => progress(n, 'people'));
  const { skipped, calendarSeeded } = await deps.db.transaction().execute(async (trx) => {
    // Serialise concurrent first runs of several servers on one PostgreSQL database.
    await sql`select pg_advisory_xact_lock(724002)`.execute(trx);
    if (!(await isOrgEmpty(trx))) throw new DemoDataExistsError();
    await insertOrg(trx, plan, peopleRows, now, progress);

    // Accounts made earlier (e.g. `lianxin create-admin --username sysadmin`) are left alone.
    const existing = await existingUsernames(
      trx,
      accounts.map((a) => a.username),
    );
    for (const a of accounts) {
      if (!existing.has(a.username)) await createDemoAccount(trx, deps, a, now);
      progress(1, 'accounts');
    }
    const calendarSeeded = await seedCalendar(trx);
    progress(1, 'calendar');

    await appendAudit(trx, {
      actor: { userId: null, name: 'demo-seed' },
      action: 'demo.seed',
      objectType: 'system',
      objectId: null,
      detail: {
        seed,
        divisions: plan.divisions.length,
        categories: plan.categories.length,
        units: plan.units.length,
        people: plan.people.length,
        accounts: accounts.filter((a) => !existing.has(a.username)).map((a) => a.username),
      },
      at: now,
    });
    progress(1, 'audit');
    return { skipped: [...existing], calendarSeeded };
  });

  const countyMs = Date.now() - started;
  // The year of requests goes in after the county is committed: it reads the accounts' ids and the stored calendar.
  const requests = opts.requests
    ? await seedDemoRequests(deps, {
        count: opts.requests,
        seed,
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      })
    : null;
  // Their near-duplicate signatures (intake writes them for new requests; the loader inserts rows directly).
  if (requests) await backfillTextSignatures(deps);
  // The liaison demo year (households, pairings, visits…) links the liaison-channel requests above to visits.
  const liaison: DemoLiaisonResult = await seedDemoLiaison(deps, { seed });
  opts.log(
    `Demo liaison: ${liaison.households} households, ${liaison.pairings} pairings, ${liaison.visits} visits in ${(liaison.ms / 1000).toFixed(1)} s. 已生成联系群众演示数据。`,
  );

  const logins: DemoLogin[] = accounts
    .filter((a) => !skipped.includes(a.username))
    .map(({ username, password, roles, displayName, totpSecret }) => ({
      username,
      password,
      roles,
      displayName,
      ...(totpSecret ? { totpSecret } : {}),
    }));
  writeLoginsFile(opts.loginsFile, logins);
  const result: DemoSeedResult = {
    logins,
    counts: {
      divisions: plan.divisions.length,
      categories: plan.categories.length,
      units: plan.units.length,
      catalogue: plan.catalogue.length,
      people: plan.people.length,
      accounts: logins.length,
    },
    skippedAccounts: skipped,
    calendarSeeded,
    requests,
    ms: countyMs,
  };
  printLogins(
    opts.log,
    result,
    accounts.filter((a) => !skipped.includes(a.username)),
    opts.loginsFile,
  );
  return result;
}

type PersonRow = ReturnType<typeof buildPeopleRows>[number];

/** Person rows with encrypted phone and ID number, their masks and lookup hashes, and the pinyin search text. */
function buildPeopleRows(deps: Deps, plan: DemoPlan, now: Date, progress: (n: number) => void) {
  const rows = plan.people.map((p) => ({
    id: p.id,
    ...storedPerson(deps.cipher, {
      unitId: p.unitId,
      name: p.name,
      gender: p.gender,
      rank: p.rank,
      position: p.position,
      partyMember: p.partyMember,
      phone: p.phone,
      idNumber: p.idNumber,
    }),
    createdAt: now,
    updatedAt: now,
  }));
  progress(rows.length);
  return rows;
}

const CHUNK = 500;

async function insertOrg(
  trx: Db,
  plan: DemoPlan,
  peopleRows: PersonRow[],
  now: Date,
  progress: (n: number, step: string) => void,
): Promise<void> {
  // Categories may already exist (a later migration or module can ship its own): keep those.
  for (const level of [1, 2, 3]) {
    const rows = plan.categories.filter((c) => c.level === level);
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await trx
        .insertInto('category')
        .values(chunk)
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
      progress(chunk.length, 'categories');
    }
  }
  await insertChunks(
    plan.divisions.map((d) => ({
      ...d,
      searchText: divisionSearchText(d.name),
      createdAt: now,
      updatedAt: now,
    })),
    (chunk) => trx.insertInto('division').values(chunk).execute(),
    (n) => progress(n, 'divisions'),
  );
  // Units and people carry planned ids (deterministic demo); the identity sequences are moved past them after.
  await insertChunks(
    plan.units.map(({ role: _role, ...u }) => ({
      ...u,
      searchText: unitSearchText(u.name, u.shortName),
      createdAt: now,
      updatedAt: now,
    })),
    (chunk) => trx.insertInto('unit').values(chunk).execute(),
    (n) => progress(n, 'units'),
  );
  await sql`select setval(pg_get_serial_sequence('unit', 'id'), (select max(id) from unit))`.execute(trx);
  await insertChunks(
    plan.catalogue,
    (chunk) => trx.insertInto('unitCategory').values(chunk).execute(),
    (n) => progress(n, 'catalogue'),
  );
  await insertChunks(
    peopleRows,
    (chunk) => trx.insertInto('person').values(chunk).execute(),
    (n) => progress(n, 'people'),
  );
  await sql`select setval(pg_get_serial_sequence('person', 'id'), (select max(id) from person))`.execute(trx);
}

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, progress: (n: number) => void) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await insert(chunk);
    progress(chunk.length);
  }
}

async function existingUsernames(trx: Db, usernames: string[]): Promise<Set<string>> {
  const rows = await trx.selectFrom('userAccount').select('username').where('username', 'in', usernames).execute();
  return new Set(rows.map((r) => r.username));
}

async function createDemoAccount(trx: Db, deps: Deps, a: PlannedAccount, now: Date): Promise<number> {
  return createAccountRecord(
    trx,
    deps.cipher,
    {
      username: a.username,
      displayName: a.displayName,
      password: a.password,
      roles: a.roles,
      scope: a.scope,
      unitId: a.unitId,
      personId: a.personId,
      // Demo only: the printed passwords work at once. Real accounts must change theirs at first sign-in.
      mustChangePassword: false,
      ...(a.totpSecret ? { totpSecret: a.totpSecret } : {}),
    },
    now,
  );
}

/** Seed the official working-day calendar (idempotent: years already present, and overrides, are kept). */
async function seedCalendar(trx: Db): Promise<boolean> {
  const { seededYears } = await ensureCalendarSeeded(trx);
  return seededYears.length > 0;
}

function writeLoginsFile(file: string, logins: DemoLogin[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an existing file keeps its old mode on write
}

/** Display width in a terminal: CJK characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return w;
}
const pad = (text: string, to: number) => `${text}${' '.repeat(Math.max(0, to - width(text)))}`;

function printLogins(
  log: (line: string) => void,
  result: DemoSeedResult,
  accounts: PlannedAccount[],
  file: string,
): void {
  const c = result.counts;
  log(
    `Demo county 示范县 loaded in ${(result.ms / 1000).toFixed(1)} s: ${c.divisions} divisions, ${c.units} units, ` +
      `${c.categories} categories, ${c.people} cadres, ${c.accounts} accounts. 演示数据已载入。`,
  );
  if (result.requests) {
    const r = result.requests;
    log(
      `Demo year: ${r.requests} requests with ${r.events} events in ${(r.ms / 1000).toFixed(1)} s. 已生成一年的演示诉求 ${r.requests} 件。`,
    );
    if (r.refused > 0) {
      log(
        `Warning: the rules refused ${r.refused} generated steps (a demo generator bug). 演示数据生成有 ${r.refused} 步被规则拒绝。`,
      );
    }
  }
  if (result.skippedAccounts.length) {
    log(`Existing accounts left unchanged 已存在的账号未改动: ${result.skippedAccounts.join(', ')}`);
  }
  if (accounts.length === 0) return;
  const header = ['username 用户名', 'password 密码', 'roles 角色', 'name 姓名', 'scope 范围'];
  const rows = accounts.map((a) => [a.username, a.password, a.roles.join(','), a.displayName, a.scopeLabel]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ')}`.trimEnd();
  log(`Demo logins 演示账号 (saved to ${file}, readable only by you 仅本人可读):`);
  log(line(header));
  log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) log(line(r));
  const admins = accounts.filter((a) => a.totpSecret);
  if (admins.length) {
    log(
      'Administrators sign in with a TOTP code: add the secret to an authenticator app 管理员登录需动态口令，请将密钥添加到身份验证器:',
    );
    for (const a of admins) {
      log(`  ${pad(a.username, 10)} ${a.totpSecret}  ${totpUri(a.totpSecret ?? '', a.username)}`);
    }
  }
  log(
    'These are demo accounts with published passwords: never use them for real data. 演示账号密码已公开，切勿用于真实数据。',
  );
}
