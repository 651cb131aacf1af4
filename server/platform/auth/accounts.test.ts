import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSchema } from '../../../contracts/auth.js';
import { verifyAuditChain } from '../audit/audit.repository.js';
import type { Db } from '../db/database.js';
import { createTestContext, type SignedIn, type TestContext } from '../testing/test-context.js';
import { makeAccount, postLogin, signInAs, totpCode } from './auth.fixtures.js';
import { checkPassword } from './domain/password-policy.js';

let ctx: TestContext;
let admin: SignedIn;
// A county with two townships, each with a government unit: enough to test scopes.
const org = { county: '999901000000', townA: '999901001000', townB: '999901002000', countyUnit: 0, unitA: 0, unitB: 0 };

async function insertUnit(db: Db, name: string, divisionCode: string, parent: { id: number; path: string } | null) {
  const { id } = await db
    .insertInto('unit')
    .values({ name, kind: 'government', parentId: parent?.id ?? null, divisionCode })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${id}/`;
  await db.updateTable('unit').set({ path }).where('id', '=', id).execute();
  return { id, path };
}

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  await db
    .insertInto('division')
    .values([
      { code: org.county, name: '示范县', level: 'county', parentCode: null, path: `/${org.county}/` },
      {
        code: org.townA,
        name: '东镇',
        level: 'township',
        parentCode: org.county,
        path: `/${org.county}/${org.townA}/`,
      },
      {
        code: org.townB,
        name: '西镇',
        level: 'township',
        parentCode: org.county,
        path: `/${org.county}/${org.townB}/`,
      },
    ])
    .execute();
  const county = await insertUnit(db, '示范县人民政府', org.county, null);
  org.countyUnit = county.id;
  org.unitA = (await insertUnit(db, '东镇人民政府', org.townA, county)).id;
  org.unitB = (await insertUnit(db, '西镇人民政府', org.townB, county)).id;
  admin = await ctx.signIn({ roles: ['security_admin'] });
});
afterAll(async () => ctx.close());

const post = (url: string, who: SignedIn, payload?: object) =>
  ctx.app.inject({ method: 'POST', url, headers: who.headers, ...(payload ? { payload } : {}) });
const patch = (url: string, who: SignedIn, payload: object) =>
  ctx.app.inject({ method: 'PATCH', url, headers: who.headers, payload });
const get = (url: string, who: SignedIn) => ctx.app.inject({ url, headers: who.headers });

let n = 0;
const newAccount = (over: Record<string, unknown> = {}) => ({
  username: `staff${++n}`,
  displayName: `工作人员${n}`,
  roles: ['handler'],
  scope: { kind: 'unit', unitId: org.unitA },
  unitId: org.unitA,
  ...over,
});

async function auditOf(objectId: number, action: string) {
  return ctx.deps.db
    .selectFrom('auditEntry')
    .selectAll()
    .where('objectType', '=', 'user_account')
    .where('objectId', '=', String(objectId))
    .where('action', '=', action)
    .execute();
}

describe('POST /api/accounts', () => {
  it('creates an account with a temporary password shown once, to be changed at first sign-in', async () => {
    const res = await post('/api/accounts', admin, newAccount({ username: 'Li.Ming', displayName: '李明' }));
    expect(res.statusCode).toBe(201);
    const { account, temporaryPassword } = res.json();
    expect(accountSchema.parse(account)).toMatchObject({
      username: 'li.ming',
      displayName: '李明',
      roles: ['handler'],
      unit: { id: org.unitA, name: '东镇人民政府' },
      scope: { kind: 'unit', unitId: org.unitA },
      scopeLabel: '东镇人民政府',
      mustChangePassword: true,
      totpEnabled: false,
      locked: false,
      disabled: false,
    });
    expect(checkPassword(temporaryPassword, { username: 'li.ming' }, ctx.deps.config.passwordPolicy)).toEqual([]);

    const login = await postLogin(ctx, { username: 'li.ming', password: temporaryPassword });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);

    const [entry] = await auditOf(account.id, 'account.created');
    expect(entry?.after).toMatchObject({ username: 'li.ming', roles: ['handler'], mustChangePassword: true });
    expect(JSON.stringify(entry)).not.toMatch(/argon2|passwordHash|totpSecret/);
    expect(JSON.stringify(entry)).not.toContain(temporaryPassword);
  });

  it('refuses to combine administrator roles (三员分立)', async () => {
    const res = await post('/api/accounts', admin, newAccount({ roles: ['system_admin', 'audit_admin'] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('AUTH_ADMIN_SEPARATION');
  });

  it('refuses a username that is taken', async () => {
    const body = newAccount();
    expect((await post('/api/accounts', admin, body)).statusCode).toBe(201);
    const again = await post('/api/accounts', admin, { ...body, username: body.username.toUpperCase() });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('AUTH_USERNAME_TAKEN');
  });

  it('names a unit, person or scope that does not exist', async () => {
    const res = await post(
      '/api/accounts',
      admin,
      newAccount({ unitId: 999_999, personId: 999_998, scope: { kind: 'division', divisionCode: '999999999999' } }),
    );
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(['unitId', 'personId', 'scope.divisionCode']);
  });

  it('names each invalid field of a malformed body', async () => {
    const res = await post('/api/accounts', admin, {
      username: 'A B',
      displayName: '',
      roles: [],
      scope: { kind: 'x' },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.issues.map((i: { path: string[] }) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(['username', 'displayName', 'roles', 'scope']));
  });
});

describe('GET /api/accounts', () => {
  it('pages, filters and sorts', async () => {
    const tag = `flt${Date.now().toString(36).slice(-4)}`;
    for (const [i, roles] of [['cadre'], ['cadre'], ['inspector']].entries()) {
      await post('/api/accounts', admin, newAccount({ username: `${tag}-${i}`, displayName: `筛选${i}`, roles }));
    }
    const all = await get(`/api/accounts?q=${tag}&sort=-username&pageSize=2`, admin);
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(3);
    expect(all.json().items.map((a: { username: string }) => a.username)).toEqual([`${tag}-2`, `${tag}-1`]);
    const page2 = await get(`/api/accounts?q=${tag}&sort=-username&pageSize=2&page=2`, admin);
    expect(page2.json().items.map((a: { username: string }) => a.username)).toEqual([`${tag}-0`]);
    const cadres = await get(`/api/accounts?q=${tag}&role=cadre`, admin);
    expect(cadres.json().total).toBe(2);
    const byName = await get(`/api/accounts?q=${encodeURIComponent('筛选1')}`, admin);
    expect(byName.json().items.map((a: { username: string }) => a.username)).toEqual([`${tag}-1`]);
    const inB = await get(`/api/accounts?unitId=${org.unitB}`, admin);
    expect(inB.json().total).toBe(0);
  });

  it('filters locked and disabled accounts', async () => {
    const a = await makeAccount(ctx, { unitId: org.unitB, scope: { kind: 'unit', unitId: org.unitB } });
    for (let i = 0; i < 5; i++) await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    const locked = await get('/api/accounts?locked=true', admin);
    expect(locked.json().items.map((x: { id: number }) => x.id)).toContain(a.id);
    expect(locked.json().items.find((x: { id: number }) => x.id === a.id)).toMatchObject({ locked: true });
    const unlocked = await get('/api/accounts?locked=false&pageSize=200', admin);
    expect(unlocked.json().items.map((x: { id: number }) => x.id)).not.toContain(a.id);
    expect((await get('/api/accounts?disabled=true', admin)).json().total).toBe(0);
  });

  it('names a bad filter', async () => {
    const res = await get('/api/accounts?sort=password&locked=maybe&role=king', admin);
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.issues.map((i: { path: string[] }) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(['sort', 'locked', 'role']));
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

describe('GET /api/accounts/export.xlsx', () => {
  it('exports the filtered accounts inside the scope as XLSX, without secrets', async () => {
    const tag = `exp${Date.now().toString(36).slice(-4)}`;
    for (const [i, roles] of [['cadre'], ['inspector'], ['cadre']].entries()) {
      await post('/api/accounts', admin, newAccount({ username: `${tag}-${i}`, displayName: `导出${i}`, roles }));
    }
    const res = await get(`/api/accounts/export.xlsx?q=${tag}&role=cadre&sort=-username`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const [header, ...rows] = await sheetRows(res.rawPayload);
    expect(header?.slice(0, 5)).toEqual(['编号', '用户名', '姓名', '所属单位', '角色']);
    expect(rows.map((r) => r[1])).toEqual([`${tag}-2`, `${tag}-0`]);
    expect(rows[0]?.[4]).toBe('干部');
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/argon2|\$argon/i);
    expect(header?.join('|')).not.toMatch(/密码哈希|密钥/);

    const townAdmin = await ctx.signIn({
      roles: ['security_admin'],
      scope: { kind: 'division', divisionCode: org.townA },
      unitId: org.unitA,
    });
    const inB = (
      await post('/api/accounts', admin, newAccount({ unitId: org.unitB, scope: { kind: 'unit', unitId: org.unitB } }))
    ).json().account;
    const mine = await sheetRows((await get('/api/accounts/export.xlsx', townAdmin)).rawPayload);
    expect(mine.slice(1).map((r) => r[0])).not.toContain(String(inB.id));
    expect(mine.slice(1).every((r) => r[3] === '东镇人民政府')).toBe(true);
  });
});

describe('GET /api/accounts/:id', () => {
  it('shows one account, never its secrets', async () => {
    const a = await makeAccount(ctx, { roles: ['audit_admin'] });
    const res = await get(`/api/accounts/${a.id}`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, username: a.username, totpEnabled: true, roles: ['audit_admin'] });
    expect(res.body).not.toMatch(/argon2|secret|hash/i);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await get('/api/accounts/999999', admin)).json().error.code).toBe('AUTH_ACCOUNT_NOT_FOUND');
    const bad = await get('/api/accounts/abc', admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(['id']);
  });
});

describe('PATCH /api/accounts/:id', () => {
  it('changes name, unit, roles and scope, recording before and after', async () => {
    const { account } = (await post('/api/accounts', admin, newAccount())).json();
    const res = await patch(`/api/accounts/${account.id}`, admin, {
      displayName: '改名',
      unitId: org.unitB,
      roles: ['dispatcher', 'leader'],
      scope: { kind: 'division', divisionCode: org.townB },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      displayName: '改名',
      unit: { id: org.unitB, name: '西镇人民政府' },
      roles: ['dispatcher', 'leader'],
      scope: { kind: 'division', divisionCode: org.townB },
      scopeLabel: '西镇',
    });
    const [entry] = await auditOf(account.id, 'account.updated');
    expect(entry?.before).toMatchObject({ displayName: account.displayName, roles: ['handler'], unitId: org.unitA });
    expect(entry?.after).toMatchObject({ displayName: '改名', roles: ['dispatcher', 'leader'], unitId: org.unitB });
  });

  it('refuses to add a second administrator role', async () => {
    const a = await makeAccount(ctx, { roles: ['system_admin'] });
    const res = await patch(`/api/accounts/${a.id}`, admin, { roles: ['system_admin', 'security_admin'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('AUTH_ADMIN_SEPARATION');
  });

  it('a security administrator cannot change their own roles, scope or status, but may rename themselves', async () => {
    for (const body of [
      { roles: ['security_admin', 'leader'] },
      { scope: { kind: 'unit', unitId: org.unitA } },
      { disabled: true },
    ]) {
      const res = await patch(`/api/accounts/${admin.userId}`, admin, body);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('AUTH_SELF_CHANGE_REFUSED');
    }
    const same = await patch(`/api/accounts/${admin.userId}`, admin, {
      roles: ['security_admin'],
      displayName: '安全员',
    });
    expect(same.statusCode).toBe(200);
    expect(same.json().displayName).toBe('安全员');
  });

  it('disabling an account ends its sessions; it can no longer sign in', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    const res = await patch(`/api/accounts/${a.id}`, admin, { disabled: true });
    expect(res.json().disabled).toBe(true);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: session })).statusCode).toBe(401);
    expect((await postLogin(ctx, { username: a.username, password: a.password })).json().error.code).toBe(
      'AUTH_ACCOUNT_DISABLED',
    );
    expect((await get('/api/accounts?disabled=true', admin)).json().items.map((x: { id: number }) => x.id)).toContain(
      a.id,
    );
  });

  it('names a bad field, and refuses an empty change', async () => {
    const a = await makeAccount(ctx);
    const bad = await patch(`/api/accounts/${a.id}`, admin, { roles: ['emperor'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path[0]).toBe('roles');
    expect((await patch(`/api/accounts/${a.id}`, admin, {})).statusCode).toBe(400);
  });
});

describe('resets, unlock and ending sessions', () => {
  it('reset-password gives a new temporary password, ends sessions, clears a lock and forces a change', async () => {
    const a = await makeAccount(ctx);
    const session = await signInAs(ctx, a);
    for (let i = 0; i < 5; i++) await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    const res = await post(`/api/accounts/${a.id}/reset-password`, admin);
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json();
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: session })).json().error.code).toBe(
      'AUTH_SESSION_EXPIRED',
    );
    expect((await postLogin(ctx, { username: a.username, password: a.password })).statusCode).toBe(401);
    const fresh = await postLogin(ctx, { username: a.username, password: temporaryPassword });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().mustChangePassword).toBe(true);
    const [entry] = await auditOf(a.id, 'account.password_reset');
    expect(JSON.stringify(entry)).not.toContain(temporaryPassword);
  });

  it('a security administrator cannot reset their own password here', async () => {
    const res = await post(`/api/accounts/${admin.userId}/reset-password`, admin);
    expect(res.json().error.code).toBe('AUTH_SELF_CHANGE_REFUSED');
  });

  it('unlock lets a locked-out user in before the lock runs out', async () => {
    const a = await makeAccount(ctx);
    for (let i = 0; i < 5; i++) await postLogin(ctx, { username: a.username, password: 'wrong-Password-1' });
    expect((await postLogin(ctx, { username: a.username, password: a.password })).statusCode).toBe(423);
    const res = await post(`/api/accounts/${a.id}/unlock`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ locked: false, failedAttempts: 0, lockedUntil: null });
    expect((await postLogin(ctx, { username: a.username, password: a.password })).statusCode).toBe(200);
    expect(await auditOf(a.id, 'account.unlocked')).toHaveLength(1);
  });

  it('end-sessions signs the user out everywhere: the next request is AUTH_SESSION_EXPIRED', async () => {
    const a = await makeAccount(ctx);
    const one = await signInAs(ctx, a);
    const two = await signInAs(ctx, a);
    const res = await post(`/api/accounts/${a.id}/end-sessions`, admin);
    expect(res.json()).toEqual({ ended: 2 });
    for (const s of [one, two]) {
      const r = await ctx.app.inject({ url: '/api/auth/me', headers: s });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    }
    expect((await post(`/api/accounts/${a.id}/end-sessions`, admin)).json()).toEqual({ ended: 0 });
  });

  it('reset-totp removes a lost second factor; an administrator must enrol again', async () => {
    const a = await makeAccount(ctx, { roles: ['system_admin'] });
    const res = await post(`/api/accounts/${a.id}/reset-totp`, admin);
    expect(res.json().totpEnabled).toBe(false);
    const login = await postLogin(ctx, { username: a.username, password: a.password });
    expect(login.json().totpEnrolmentRequired).toBe(true);
  });
});

describe('scopes: a township security administrator manages only their township', () => {
  it('sees, changes and creates accounts only inside their scope', async () => {
    const townAdmin = await ctx.signIn({
      roles: ['security_admin'],
      scope: { kind: 'division', divisionCode: org.townA },
      unitId: org.unitA,
    });
    const inA = (await post('/api/accounts', admin, newAccount({ unitId: org.unitA }))).json().account;
    const inB = (
      await post('/api/accounts', admin, newAccount({ unitId: org.unitB, scope: { kind: 'unit', unitId: org.unitB } }))
    ).json().account;

    const list = await get('/api/accounts?pageSize=200', townAdmin);
    const ids = list.json().items.map((a: { id: number }) => a.id);
    expect(ids).toContain(inA.id);
    expect(ids).not.toContain(inB.id);
    expect(list.json().items.every((a: { unit: { id: number } | null }) => a.unit?.id === org.unitA)).toBe(true);

    expect((await get(`/api/accounts/${inB.id}`, townAdmin)).statusCode).toBe(404);
    for (const action of ['reset-password', 'unlock', 'end-sessions', 'reset-totp']) {
      expect((await post(`/api/accounts/${inB.id}/${action}`, townAdmin)).statusCode).toBe(404);
    }
    expect((await patch(`/api/accounts/${inB.id}`, townAdmin, { displayName: 'x' })).statusCode).toBe(404);

    // Neither into another township, nor granting the whole county.
    const intoB = await post(
      '/api/accounts',
      townAdmin,
      newAccount({ unitId: org.unitB, scope: { kind: 'unit', unitId: org.unitB } }),
    );
    expect(intoB.json().error.code).toBe('AUTH_OUT_OF_SCOPE');
    const wide = await post('/api/accounts', townAdmin, newAccount({ scope: { kind: 'all' } }));
    expect(wide.json().error.code).toBe('AUTH_OUT_OF_SCOPE');
    const moveOut = await patch(`/api/accounts/${inA.id}`, townAdmin, { unitId: org.unitB });
    expect(moveOut.json().error.code).toBe('AUTH_OUT_OF_SCOPE');
    const ok = await post('/api/accounts', townAdmin, newAccount());
    expect(ok.statusCode).toBe(201);
  });
});

describe('every accounts route checks its caller and its input', () => {
  const routes = [
    { method: 'GET', url: '/api/accounts', perm: 'read' },
    { method: 'GET', url: '/api/accounts/export.xlsx', perm: 'read' },
    { method: 'GET', url: '/api/accounts/1', perm: 'read' },
    { method: 'POST', url: '/api/accounts', perm: 'manage' },
    { method: 'PATCH', url: '/api/accounts/1', perm: 'manage' },
    { method: 'POST', url: '/api/accounts/1/reset-password', perm: 'manage' },
    { method: 'POST', url: '/api/accounts/1/unlock', perm: 'manage' },
    { method: 'POST', url: '/api/accounts/1/end-sessions', perm: 'manage' },
    { method: 'POST', url: '/api/accounts/1/reset-totp', perm: 'manage' },
  ] as const;

  it.each(routes)('$method $url: 401 without a session', async ({ method, url }) => {
    const res = await ctx.app.inject({ method, url, ...(method === 'GET' ? {} : { payload: {} }) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
  });

  it.each(routes)(
    '$method $url: 403 for the system and audit administrators and for staff',
    async ({ method, url }) => {
      for (const roles of [['system_admin'], ['audit_admin'], ['leader']] as const) {
        const who = await ctx.signIn({ roles: [...roles] });
        const res = await ctx.app.inject({
          method,
          url,
          headers: who.headers,
          ...(method === 'GET' ? {} : { payload: {} }),
        });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
      }
    },
  );

  it.each(routes.filter((r) => r.url.includes('/1')))(
    '$method $url: 400 naming the id when it is not a number',
    async ({ method, url }) => {
      const res = await ctx.app.inject({
        method,
        url: url.replace('/1', '/zero'),
        headers: admin.headers,
        ...(method === 'PATCH' ? { payload: { displayName: 'x' } } : {}),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.issues[0].path).toEqual(['id']);
    },
  );
});

describe('concurrent writers', () => {
  it('two account creations at once both commit, each audited, and the chain verifies (no stall on PGlite)', async () => {
    const [a, b] = await Promise.all([
      post('/api/accounts', admin, newAccount()),
      post('/api/accounts', admin, newAccount()),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(await auditOf(a.json().account.id, 'account.created')).toHaveLength(1);
    expect(await auditOf(b.json().account.id, 'account.created')).toHaveLength(1);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: true });
  });

  it('concurrent wrong passwords all count (the account row is locked while counting)', async () => {
    const a = await makeAccount(ctx);
    await Promise.all(
      Array.from({ length: 5 }, () => postLogin(ctx, { username: a.username, password: 'wrong-Password-1' })),
    );
    const res = await postLogin(ctx, { username: a.username, password: a.password });
    expect(res.statusCode).toBe(423);
  });

  it('a TOTP code used by two simultaneous sign-ins is accepted only once', async () => {
    const a = await makeAccount(ctx, { totp: true });
    const code = totpCode(a.totpSecret!, ctx.clock.now());
    const results = await Promise.all([
      postLogin(ctx, { username: a.username, password: a.password, totp: code }),
      postLogin(ctx, { username: a.username, password: a.password, totp: code }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });
});
