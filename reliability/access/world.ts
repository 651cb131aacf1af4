/**
 * The access runner's world: the app built in-process on a fresh database (PGlite in memory, or a PostgreSQL
 * database named by --pg / ACCESS_DATABASE_URL, dropped and recreated), and the fixtures every cell is tried on —
 * two townships A and B with a request each, a department's request, a misconduct report and its receipt, households
 * and visits in A and B, a cadre with phone and ID number, a published ranking, and a signed-in user per role.
 * Everything is written through the HTTP API where one exists (as a user would), through the org factories otherwise.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CSRF_HEADER, SESSION_COOKIE } from '../../contracts/auth.js';
import type { Role, Scope } from '../../contracts/roles.js';
import { type App, createApp } from '../../server/app.js';
import { type Config, loadConfig } from '../../server/config.js';
import { buildCategory, buildDivision, buildPerson, buildUnit } from '../../server/modules/org/testing.js';
import { multipart } from '../../server/modules/portal/portal.factories.js';
import { ensureCalendarSeeded } from '../../server/platform/calendar/index.js';
import { createFieldCipher } from '../../server/platform/crypto/field-cipher.js';
import { type DatabaseHandle, openDatabase } from '../../server/platform/db/database.js';
import { migrateToLatest } from '../../server/platform/db/migrate.js';
import type { Deps } from '../../server/platform/deps.js';
import { hashSessionToken } from '../../server/platform/http/auth-hook.js';

export interface Session {
  userId: number;
  username: string;
  headers: Record<string, string>;
}

/** Plaintext personal data the fixtures were given: it must never appear where the role lacks the right. */
export const SECRETS = {
  citizenPhoneA: '13712340001',
  citizenPhoneB: '13712340002',
  citizenPhoneDept: '13712340003',
  householdPhoneA: '15912340011',
  householdPhoneB: '15912340012',
  cadrePhone: '18612340021',
  cadreIdNumber: '110101198001010037',
  whistleblowerPhone: '13512340031',
  whistleblowerIdNumber: '110101199002020041',
} as const;

export const LAMP_TEXT = '小区门口的路灯坏了三天了，晚上出行很不安全，请尽快维修路灯。';
export const LAMP_REPLY =
  '经现场核查，小区门口路灯因线路老化损坏，我单位已于今日更换路灯线路并恢复照明，晚上出行已恢复正常，感谢您的反映。';

export interface RequestFixture {
  id: number;
  number: string;
  receiptCode: string;
  leadUnitId: number;
  divisionCode: string;
  phone: string;
}

export interface World {
  app: App;
  deps: Deps;
  handle: DatabaseHandle;
  dataDir: string;
  dbKind: 'embedded' | 'server';
  setClock(at: string): void;
  county: string;
  townshipA: string;
  townshipB: string;
  villageA: string;
  villageB: string;
  category: string;
  governmentA: number;
  governmentB: number;
  department: number;
  requests: { requestA: RequestFixture; requestB: RequestFixture; requestDept: RequestFixture };
  misconduct: { id: number; receipt: string };
  households: { householdA: { id: number; headName: string }; householdB: { id: number; headName: string } };
  visits: { visitA: { id: number; householdId: number }; visitB: { id: number; householdId: number } };
  person: { id: number; name: string };
  /** An account no principal uses: the target of account reads and changes. */
  account: { id: number; username: string };
  ranking: { id: number; month: string };
  cadreA: { personId: number };
  /** The staff sessions that build fixtures during the run (fresh requests for write cells). */
  setup: { operator: Session; dispatcher: Session; handlerA: Session; handlerB: Session; handlerDept: Session };
  signIn(opts: { roles: Role[]; scope?: Scope; unitId?: number | null; personId?: number }): Promise<Session>;
  close(): Promise<void>;
}

let counter = 0;

async function openFresh(databaseUrl: string | undefined): Promise<DatabaseHandle> {
  if (!databaseUrl) {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    await ensureCalendarSeeded(handle.db);
    return handle;
  }
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/^lianxin_[a-z0-9_]+$/.test(name)) throw new Error(`refusing database name ${name}: use lianxin_<something>`);
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const handle = await openDatabase({ databaseUrl, poolSize: 4 });
  await migrateToLatest(handle.db);
  await ensureCalendarSeeded(handle.db);
  return handle;
}

/** Builds the app and every fixture. The clock starts on 2026-11-20 and moves to December (a month to publish). */
export async function buildWorld(databaseUrl?: string): Promise<World> {
  const handle = await openFresh(databaseUrl);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-access-'));
  let now = new Date('2026-11-20T02:00:00.000Z').getTime();
  const config: Config = loadConfig({ DATA_DIR: dataDir });
  const deps: Deps = {
    config,
    db: handle.db,
    dbKind: handle.kind,
    cipher: createFieldCipher(randomBytes(32)),
    now: () => new Date(now),
  };
  const app = await createApp(deps);
  await app.ready();
  const db = handle.db;

  async function signIn(opts: {
    roles: Role[];
    scope?: Scope;
    unitId?: number | null;
    personId?: number;
  }): Promise<Session> {
    const scope = opts.scope ?? { kind: 'all' };
    const username = `acc${++counter}${randomBytes(2).toString('hex')}`;
    const user = await db
      .insertInto('userAccount')
      .values({
        username,
        displayName: username,
        unitId: opts.unitId ?? null,
        passwordHash: 'not-a-login',
        mustChangePassword: false,
        passwordChangedAt: deps.now(),
        totpEnabled: true,
        scopeKind: scope.kind,
        scopeUnitId: scope.kind === 'unit' ? scope.unitId : null,
        scopeDivisionCode: scope.kind === 'division' ? scope.divisionCode : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (opts.personId)
      await db.updateTable('userAccount').set({ personId: opts.personId }).where('id', '=', user.id).execute();
    if (opts.roles.length) {
      await db
        .insertInto('userRole')
        .values(opts.roles.map((role) => ({ userId: user.id, role })))
        .execute();
    }
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(16).toString('base64url');
    const at = deps.now();
    await db
      .insertInto('userSession')
      .values({
        id: hashSessionToken(token),
        userId: user.id,
        csrfToken: csrf,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: new Date(at.getTime() + 12 * 3600_000),
        totpVerified: true,
      })
      .execute();
    return { userId: user.id, username, headers: { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: csrf } };
  }

  const call = async (method: string, url: string, who: Session | null, payload?: unknown) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      ...(who ? { headers: who.headers } : {}),
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return res;
  };
  const must = async (what: string, method: string, url: string, who: Session | null, payload?: unknown) => {
    const res = await call(method, url, who, payload);
    if (res.statusCode >= 300) throw new Error(`fixture ${what}: ${res.statusCode} ${res.body.slice(0, 500)}`);
    return res.json();
  };

  // Organisation: county → townships A and B, a village in each, their governments, a department owning the category.
  const county = await buildDivision(db, { level: 'county' });
  const a = await buildDivision(db, { level: 'township', parentCode: county.code });
  const b = await buildDivision(db, { level: 'township', parentCode: county.code });
  const villageA = await buildDivision(db, { level: 'village', parentCode: a.code });
  const villageB = await buildDivision(db, { level: 'village', parentCode: b.code });
  await buildCategory(db, { code: 'ACX', name: '城市管理' });
  const category = 'ACX.01';
  await buildCategory(db, { code: category, name: '路灯', parentCode: 'ACX', level: 2 });
  const governmentA = await buildUnit(db, { kind: 'township', divisionCode: a.code, name: 'A镇政府' });
  const governmentB = await buildUnit(db, { kind: 'township', divisionCode: b.code, name: 'B镇政府' });
  const department = await buildUnit(db, { divisionCode: county.code, name: '城管局', categoryCodes: [category] });
  const cadreAPerson = await buildPerson(
    db,
    {
      unitId: governmentA.id,
      rank: 'ordinary',
      name: '孙干事',
      phone: SECRETS.cadrePhone,
      idNumber: SECRETS.cadreIdNumber,
    },
    deps.cipher,
  );
  const cadreBPerson = await buildPerson(db, { unitId: governmentB.id, rank: 'ordinary', name: '李干事' }, deps.cipher);

  const unitScope = (unitId: number): Scope => ({ kind: 'unit', unitId });
  const setup = {
    operator: await signIn({ roles: ['operator'] }),
    dispatcher: await signIn({ roles: ['dispatcher'] }),
    handlerA: await signIn({ roles: ['handler'], scope: unitScope(governmentA.id), unitId: governmentA.id }),
    handlerB: await signIn({ roles: ['handler'], scope: unitScope(governmentB.id), unitId: governmentB.id }),
    handlerDept: await signIn({ roles: ['handler'], scope: unitScope(department.id), unitId: department.id }),
  };
  const organiser = await signIn({ roles: ['system_admin'] });

  // Requests: one in each township dispatched to its government, one dispatched to the department (located in B).
  const request = async (divisionCode: string, leadUnitId: number, phone: string): Promise<RequestFixture> => {
    const created = (await must('intake', 'POST', '/api/requests', setup.operator, {
      channel: 'hotline',
      type: 'help',
      body: LAMP_TEXT,
      divisionCode,
      address: '幸福小区东门',
      citizenName: '王小明',
      citizenPhone: phone,
      categoryCode: category,
    })) as { id: number; number: string; receiptCode: string };
    await must('dispatch', 'POST', `/api/requests/${created.id}/actions/dispatch`, setup.dispatcher, {
      leadUnitId,
      reason: '属地职责',
    });
    return { ...created, leadUnitId, divisionCode, phone };
  };
  const requests = {
    requestA: await request(villageA.code, governmentA.id, SECRETS.citizenPhoneA),
    requestB: await request(villageB.code, governmentB.id, SECRETS.citizenPhoneB),
    requestDept: await request(villageB.code, department.id, SECRETS.citizenPhoneDept),
  };
  // November's figures for the ranking: the department's request handled and rated.
  await must('accept', 'POST', `/api/requests/${requests.requestDept.id}/actions/accept`, setup.handlerDept, {});

  // A misconduct report with the reporter's identity, filed anonymously.
  const form = multipart({
    subject: '某镇民政办工作人员',
    body: '办理低保时要求送礼，否则不予办理。',
    divisionCode: a.code,
    identity: `李四 ${SECRETS.whistleblowerPhone} ${SECRETS.whistleblowerIdNumber}`,
  });
  const filed = await app.inject({
    method: 'POST',
    url: '/api/public/portal/misconduct',
    payload: form.payload,
    headers: form.headers,
  });
  if (filed.statusCode !== 201) throw new Error(`fixture misconduct: ${filed.statusCode} ${filed.body}`);
  const receipt = (filed.json() as { receipt: string }).receipt;
  const misconductId = (
    await db.selectFrom('misconductReport').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
  ).id;

  // Households in A and B, a cadre paired with each, a visit each.
  const household = async (divisionCode: string, headName: string, phone: string) =>
    (
      (await must('household', 'POST', '/api/liaison/households', organiser, {
        divisionCode,
        address: `${headName}家`,
        headName,
        contactName: headName,
        contactPhone: phone,
        tags: ['difficult'],
        members: [{ name: headName, relation: '户主' }],
      })) as { id: number }
    ).id;
  const householdA = { id: await household(villageA.code, '王大山', SECRETS.householdPhoneA), headName: '王大山' };
  const householdB = { id: await household(villageB.code, '赵二河', SECRETS.householdPhoneB), headName: '赵二河' };
  await must('pair A', 'POST', '/api/liaison/pairings', organiser, {
    cadrePersonId: cadreAPerson.id,
    householdId: householdA.id,
  });
  await must('pair B', 'POST', '/api/liaison/pairings', organiser, {
    cadrePersonId: cadreBPerson.id,
    householdId: householdB.id,
  });
  const cadreASetup = await signIn({
    roles: ['cadre'],
    scope: unitScope(governmentA.id),
    unitId: governmentA.id,
    personId: cadreAPerson.id,
  });
  const cadreBSetup = await signIn({
    roles: ['cadre'],
    scope: unitScope(governmentB.id),
    unitId: governmentB.id,
    personId: cadreBPerson.id,
  });
  const visit = async (who: Session, householdId: number) =>
    (
      (await must('visit', 'POST', '/api/liaison/visits', who, {
        householdId,
        visitedAt: '2026-11-20T01:30:00.000Z',
        form: 'home',
        learned: '老人身体还好，儿子在外打工',
        needs: '希望修一下漏雨的屋顶',
        opinions: '对村里的路灯很满意',
        idempotencyKey: `access-visit-${householdId}`,
      })) as { id: number }
    ).id;
  const visits = {
    visitA: { id: await visit(cadreASetup, householdA.id), householdId: householdA.id },
    visitB: { id: await visit(cadreBSetup, householdB.id), householdId: householdB.id },
  };

  const target = await signIn({ roles: ['handler'], scope: unitScope(governmentB.id), unitId: governmentB.id });

  // December: November has ended and its department ranking is published.
  now = new Date('2026-12-02T02:00:00.000Z').getTime();
  const publisher = await signIn({ roles: ['system_admin'] });
  const published = (await must('publish', 'POST', '/api/reports/rankings', publisher, {
    countyCode: county.code,
    month: '2026-11',
    unitKind: 'department',
    note: '2026年11月接诉即办考核排名',
  })) as { id: number };
  // The setup sessions were opened in November: open them again in December.
  const fresh = {
    operator: await signIn({ roles: ['operator'] }),
    dispatcher: await signIn({ roles: ['dispatcher'] }),
    handlerA: await signIn({ roles: ['handler'], scope: unitScope(governmentA.id), unitId: governmentA.id }),
    handlerB: await signIn({ roles: ['handler'], scope: unitScope(governmentB.id), unitId: governmentB.id }),
    handlerDept: await signIn({ roles: ['handler'], scope: unitScope(department.id), unitId: department.id }),
  };

  return {
    app,
    deps,
    handle,
    dataDir,
    dbKind: handle.kind,
    setClock: (at) => {
      now = new Date(at).getTime();
    },
    county: county.code,
    townshipA: a.code,
    townshipB: b.code,
    villageA: villageA.code,
    villageB: villageB.code,
    category,
    governmentA: governmentA.id,
    governmentB: governmentB.id,
    department: department.id,
    requests,
    misconduct: { id: misconductId, receipt },
    households: { householdA, householdB },
    visits,
    person: { id: cadreAPerson.id, name: cadreAPerson.name },
    account: { id: target.userId, username: target.username },
    ranking: { id: published.id, month: '2026-11' },
    cadreA: { personId: cadreAPerson.id },
    setup: fresh,
    signIn,
    async close() {
      await app.close();
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
