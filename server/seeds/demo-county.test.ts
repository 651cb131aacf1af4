import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { verifyAuditChain } from '../platform/audit/index.js';
import { checkPassword } from '../platform/auth/domain/password-policy.js';
import { createFieldCipher } from '../platform/crypto/field-cipher.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { createTestClock, openTestDatabase, TEST_KEY } from '../platform/testing/test-context.js';
import { type DemoLogin, type DemoSeedResult, seedDemo, seedDemoIfEmpty } from './demo-county.js';
import { planDemoCounty } from './demo-plan.js';

/** The org module's encryption context of a person's phone. */
const PERSON_PHONE_CONTEXT = 'person.phone';

interface Seeded {
  deps: Deps;
  handle: DatabaseHandle;
  loginsFile: string;
  result: DemoSeedResult;
  lines: string[];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-seed-'));

async function seedFresh(name: string): Promise<Seeded> {
  const handle = await openTestDatabase();
  const deps: Deps = {
    config: loadConfig({ DATA_DIR: tmp }),
    db: handle.db,
    dbKind: handle.kind,
    cipher: createFieldCipher(TEST_KEY),
    now: createTestClock().now,
  };
  const loginsFile = path.join(tmp, `${name}-logins.json`);
  const lines: string[] = [];
  const result = await seedDemo(deps, { log: (l) => lines.push(l), loginsFile });
  return { deps, handle, loginsFile, result, lines };
}

const snapshot = async ({ deps }: Seeded) => ({
  divisions: (await deps.db.selectFrom('division').select(['code', 'name']).orderBy('code').execute()).map(
    (d) => `${d.code} ${d.name}`,
  ),
  units: (await deps.db.selectFrom('unit').select(['id', 'name']).orderBy('id').execute()).map(
    (u) => `${u.id} ${u.name}`,
  ),
  people: (await deps.db.selectFrom('person').select(['id', 'name', 'rank']).orderBy('id').execute()).map(
    (p) => `${p.id} ${p.name} ${p.rank}`,
  ),
});

describe('demo county 示范县', () => {
  let a: Seeded;
  let b: Seeded;

  beforeAll(async () => {
    a = await seedFresh('a');
    b = await seedFresh('b');
  }, 120_000);
  afterAll(async () => {
    await a?.handle.close();
    await b?.handle.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is the same county on every run of the same seed', async () => {
    expect(await snapshot(a)).toEqual(await snapshot(b));
    expect(JSON.parse(fs.readFileSync(a.loginsFile, 'utf8'))).toEqual(
      JSON.parse(fs.readFileSync(b.loginsFile, 'utf8')),
    );
  });

  it('uses clearly fictional division codes under province 99', async () => {
    const divisions = await a.deps.db.selectFrom('division').select(['code', 'level', 'parentCode', 'path']).execute();
    expect(divisions.every((d) => d.code.startsWith('99'))).toBe(true);
    const byCode = new Map(divisions.map((d) => [d.code, d]));
    for (const d of divisions) {
      if (d.parentCode) expect(d.path).toBe(`${byCode.get(d.parentCode)?.path}${d.code}/`);
    }
    const count = (level: string) => divisions.filter((d) => d.level === level).length;
    expect(count('county')).toBe(1);
    expect(count('township')).toBe(12);
    expect(count('village')).toBeGreaterThanOrEqual(140);
    expect(count('village')).toBeLessThanOrEqual(160);
  });

  it('has about 45 departments, a government per township and a committee per village', async () => {
    const units = await a.deps.db
      .selectFrom('unit')
      .select(['id', 'kind', 'parentId', 'path', 'divisionCode'])
      .execute();
    const count = (...kinds: string[]) => units.filter((u) => kinds.includes(u.kind)).length;
    expect(count('government')).toBe(1);
    expect(count('department', 'enterprise')).toBeGreaterThanOrEqual(40);
    expect(count('department', 'enterprise')).toBeLessThanOrEqual(50);
    expect(count('township')).toBe(12);
    const villages = await a.deps.db.selectFrom('division').select('code').where('level', '=', 'village').execute();
    expect(count('village_committee', 'community')).toBe(villages.length);
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const u of units) expect(u.path).toBe(`${u.parentId ? byId.get(u.parentId)?.path : '/'}${u.id}/`);
  });

  it('gives every department at least one category of a 3-level taxonomy with 100+ leaves', async () => {
    const categories = await a.deps.db.selectFrom('category').select(['code', 'level', 'parentCode']).execute();
    expect(categories.filter((c) => c.level === 1).length).toBeGreaterThanOrEqual(15);
    const leaves = categories.filter((c) => !categories.some((x) => x.parentCode === c.code));
    expect(leaves.length).toBeGreaterThanOrEqual(100);
    expect(categories.find((c) => c.code === 'A.01.03')).toMatchObject({ level: 3, parentCode: 'A.01' });

    const departments = await a.deps.db
      .selectFrom('unit as u')
      .leftJoin('unitCategory as uc', 'uc.unitId', 'u.id')
      .select(['u.name', (eb) => eb.fn.count<number>('uc.categoryCode').as('owned')])
      .where('u.kind', 'in', ['department', 'enterprise'])
      .groupBy('u.name')
      .execute();
    expect(departments.filter((d) => Number(d.owned) === 0).map((d) => d.name)).toEqual([]);
  });

  it('has about 2,600 cadres across the four ranks, ~70% party members, with encrypted valid mobiles', async () => {
    const people = await a.deps.db
      .selectFrom('person')
      .select(['name', 'rank', 'partyMember', 'phoneEnc', 'phoneMask', 'phoneHash', 'namePinyin', 'searchText'])
      .execute();
    expect(people.length).toBeGreaterThanOrEqual(2500);
    expect(people.length).toBeLessThanOrEqual(2700);
    const rank = (r: string) => people.filter((p) => p.rank === r).length;
    expect(rank('county')).toBe(20);
    expect(rank('section')).toBeGreaterThanOrEqual(280);
    expect(rank('section')).toBeLessThanOrEqual(320);
    expect(rank('ordinary')).toBeGreaterThanOrEqual(1250);
    expect(rank('ordinary')).toBeLessThanOrEqual(1350);
    expect(rank('village')).toBeGreaterThanOrEqual(850);
    const party = people.filter((p) => p.partyMember).length / people.length;
    expect(party).toBeGreaterThan(0.65);
    expect(party).toBeLessThan(0.75);

    const cipher = a.deps.cipher;
    for (const p of people.slice(0, 200)) {
      const phone = cipher.decrypt(p.phoneEnc ?? '', PERSON_PHONE_CONTEXT);
      expect(phone).toMatch(/^1[3-9]\d{9}$/);
      expect(p.phoneMask).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(p.phoneHash).toBe(cipher.lookupHash(phone));
      expect(p.searchText).toContain(p.namePinyin);
      expect(p.namePinyin).toMatch(/^[a-z]+$/);
    }
  });

  it('creates one account per role, administrators with TOTP, and writes the logins file 0600', async () => {
    const logins = JSON.parse(fs.readFileSync(a.loginsFile, 'utf8')) as DemoLogin[];
    expect((fs.statSync(a.loginsFile).mode & 0o777).toString(8)).toBe('600');
    const expected: Record<string, string[]> = {
      sysadmin: ['system_admin'],
      secadmin: ['security_admin'],
      auditor: ['audit_admin'],
      operator: ['operator'],
      dispatcher: ['dispatcher'],
      handler: ['handler'],
      township: ['handler'],
      cadre: ['cadre'],
      inspector: ['inspector'],
      discipline: ['discipline'],
      leader: ['leader'],
    };
    expect(logins.map((l) => l.username).sort()).toEqual(Object.keys(expected).sort());
    const accounts = await a.deps.db
      .selectFrom('userAccount')
      .select(['id', 'username', 'totpEnabled', 'mustChangePassword', 'scopeKind', 'scopeUnitId', 'personId'])
      .execute();
    for (const [username, roles] of Object.entries(expected)) {
      const account = accounts.find((x) => x.username === username);
      expect(account, username).toBeDefined();
      const stored = await a.deps.db
        .selectFrom('userRole')
        .select('role')
        .where('userId', '=', account?.id ?? -1)
        .execute();
      expect(stored.map((r) => r.role).sort()).toEqual(roles);
      expect(account?.mustChangePassword).toBe(false);
      const login = logins.find((l) => l.username === username);
      expect(checkPassword(login?.password ?? '', { username }, { minLength: 12, minClasses: 3 })).toEqual([]);
      const isAdmin = roles.some((r) => r.endsWith('_admin'));
      expect(account?.totpEnabled).toBe(isAdmin);
      expect(Boolean(login?.totpSecret)).toBe(isAdmin);
      if (isAdmin) expect(login?.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    }
    const handler = accounts.find((x) => x.username === 'handler');
    const housing = await a.deps.db
      .selectFrom('unit')
      .select('name')
      .where('id', '=', handler?.scopeUnitId ?? -1)
      .executeTakeFirst();
    expect(housing?.name).toBe('示范县住房和城乡建设局');
    const cadre = accounts.find((x) => x.username === 'cadre');
    expect(cadre?.scopeKind).toBe('unit');
    const person = await a.deps.db
      .selectFrom('person')
      .select('unitId')
      .where('id', '=', cadre?.personId ?? -1)
      .executeTakeFirst();
    expect(person?.unitId).toBe(cadre?.scopeUnitId);
    // The printed table names every account, and the admins' otpauth URLs.
    const printed = a.lines.join('\n');
    for (const l of logins) expect(printed).toContain(l.password);
    expect(printed).toContain('otpauth://totp/');
  });

  it('records one demo.seed audit entry and keeps the chain intact', async () => {
    const entries = await a.deps.db
      .selectFrom('auditEntry')
      .select('action')
      .where('action', '=', 'demo.seed')
      .execute();
    expect(entries).toHaveLength(1);
    expect((await verifyAuditChain(a.deps.db)).ok).toBe(true);
  });

  it('leaves the official working-day calendar seeded', async () => {
    const years = await a.deps.db.selectFrom('calendarYear').select(['year', 'confirmed']).execute();
    expect(years.length).toBeGreaterThan(0);
    expect(years.every((y) => y.confirmed)).toBe(true);
  });

  it('moves the id sequences past the planned ids, so new units and people can be added', async () => {
    const unit = await a.deps.db
      .insertInto('unit')
      .values({
        name: '新单位',
        shortName: null,
        kind: 'department',
        parentId: 1,
        divisionCode: '990101000000',
        unitClass: null,
        phone: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(unit.id).toBe(a.result.counts.units + 1);
  });

  it('does nothing when the database already holds divisions', async () => {
    const lines: string[] = [];
    const seeded = await seedDemoIfEmpty(b.deps, {
      log: (l) => lines.push(l),
      loginsFile: path.join(tmp, 'again.json'),
    });
    expect(seeded).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'again.json'))).toBe(false);
  });

  it('leaves an existing account with a demo username alone and omits it from the logins', async () => {
    const handle = await openTestDatabase();
    try {
      await handle.db
        .insertInto('userAccount')
        .values({ username: 'sysadmin', displayName: 'Real admin', passwordHash: 'x', scopeKind: 'all' })
        .execute();
      const deps: Deps = { ...a.deps, db: handle.db };
      const loginsFile = path.join(tmp, 'existing.json');
      const result = await seedDemo(deps, { log: () => {}, loginsFile });
      expect(result.skippedAccounts).toEqual(['sysadmin']);
      const logins = JSON.parse(fs.readFileSync(loginsFile, 'utf8')) as DemoLogin[];
      expect(logins.map((l) => l.username)).not.toContain('sysadmin');
      expect(logins).toHaveLength(10);
      const admin = await handle.db
        .selectFrom('userAccount')
        .select('displayName')
        .where('username', '=', 'sysadmin')
        .executeTakeFirst();
      expect(admin?.displayName).toBe('Real admin');
    } finally {
      await handle.close();
    }
  }, 60_000);

  it('plans in memory with the counts the issue asks for', () => {
    const plan = planDemoCounty();
    expect(plan.people.length).toBe(a.result.counts.people);
    expect(new Set(plan.people.map((p) => p.phone)).size).toBe(plan.people.length);
    expect(new Set(plan.people.map((p) => p.idNumber)).size).toBe(plan.people.length);
  });
});
