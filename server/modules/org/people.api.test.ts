import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { buildUnit } from './org.factories.js';

let ctx: TestContext;
let admin: Record<string, string>;
let leader: Record<string, string>;
let unitId: number;
let subUnitId: number;

// A valid resident ID number (GB 11643 check character) and a mobile number.
const ID = '11010519491231002X';
const PHONE = '13812345678';

beforeAll(async () => {
  ctx = await createTestContext();
  admin = (await ctx.signIn({ roles: ['system_admin'], scope: { kind: 'all' } })).headers;
  leader = (await ctx.signIn({ roles: ['leader'], scope: { kind: 'all' } })).headers;
  unitId = (await buildUnit(ctx.deps.db, { name: '城关镇人民政府', kind: 'township' })).id;
  subUnitId = (await buildUnit(ctx.deps.db, { name: '东关村委会', kind: 'village_committee', parentId: unitId })).id;
});
afterAll(async () => ctx?.close());

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = admin) =>
  ctx.app.inject({ method, url, payload: payload as object, headers });

describe('people API', () => {
  let zhangId: number;

  it('creates a person with personal data encrypted at rest, masked in the answer', async () => {
    const res = await req('POST', '/api/org/people', {
      unitId,
      name: '张三',
      rank: 'section',
      partyMember: true,
      phone: PHONE,
      idNumber: ID,
      gender: 'male',
      position: '镇长',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    zhangId = body.id;
    expect(body).toMatchObject({
      name: '张三',
      phoneMask: '138****5678',
      idNumberMask: '1101**********002X',
      unitName: '城关镇人民政府',
    });
    expect(JSON.stringify(body)).not.toContain(PHONE);
    const row = await ctx.deps.db.selectFrom('person').selectAll().where('id', '=', zhangId).executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    expect(raw).not.toContain(PHONE);
    expect(raw).not.toContain(ID);
    expect(row.phoneEnc).toMatch(/^v1\./);
    expect(row.phoneHash).toBe(ctx.deps.cipher.lookupHash(PHONE));
    expect(row).toMatchObject({ namePinyin: 'zhangsan', nameInitials: 'zs' });
    const audit = await ctx.deps.db
      .selectFrom('auditEntry')
      .selectAll()
      .where('action', '=', 'person.create')
      .execute();
    expect(JSON.stringify(audit)).not.toContain(PHONE);
  });

  it('refuses an invalid phone or ID number, naming the field', async () => {
    const badPhone = await req('POST', '/api/org/people', { unitId, name: '李四', rank: 'ordinary', phone: '12345' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details.issues[0].field).toBe('phone');
    expect(badPhone.json().error.message).toContain('电话');
    // Letters used to fail both the contract's character filter and the full check: one problem, reported once.
    const letters = await req('POST', '/api/org/people', {
      unitId,
      name: '李四',
      rank: 'ordinary',
      phone: 'abc-x',
      idNumber: 'x',
    });
    expect(letters.statusCode).toBe(400);
    const issues = letters.json().error.details.issues as { field: string; messageZh: string; messageEn: string }[];
    expect(issues.map((i) => i.field)).toEqual(['phone', 'idNumber']);
    expect(issues[0]).toMatchObject({
      messageZh: '字段“电话”无效：不是有效的手机号或固定电话',
      messageEn: 'Field "phone" is invalid: not a valid mobile or landline number',
    });
    expect(issues[1]?.messageZh).toBe('字段“身份证号”无效：不是有效的18位居民身份证号');
    for (const i of issues) expect(i.messageZh).not.toMatch(/[a-z]{3,}/i);
    expect(letters.json().error.message).toBe(issues.map((i) => i.messageZh).join('；'));
    const badId = await req('POST', '/api/org/people', {
      unitId,
      name: '李四',
      rank: 'ordinary',
      idNumber: '110105194912310021',
    });
    expect(badId.json().error.details.issues[0].field).toBe('idNumber');
    const dupId = await req('POST', '/api/org/people', {
      unitId,
      name: '李四',
      rank: 'ordinary',
      idNumber: ID.toLowerCase(),
    });
    expect(dupId.statusCode).toBe(409);
    expect(dupId.json().error.code).toBe('ORG_PERSON_ID_NUMBER_TAKEN');
    const landline = await req('POST', '/api/org/people', {
      unitId: subUnitId,
      name: '李四',
      rank: 'village',
      phone: '0731-84567890',
    });
    expect(landline.statusCode).toBe(201);
    expect(landline.json().phoneMask).toBe('0731-****7890');
  });

  it('finds 张三 by initials, full pinyin, substring and traditional input', async () => {
    await req('POST', '/api/org/people', { unitId, name: '張三豐', rank: 'ordinary' });
    await req('POST', '/api/org/people', { unitId, name: '王五', rank: 'county' });
    const names = async (q: string) =>
      (await req('GET', `/api/org/people?q=${encodeURIComponent(q)}&sort=id`))
        .json()
        .items.map((p: { name: string }) => p.name);
    expect(await names('zs')).toEqual(['张三', '張三豐']);
    expect(await names('zhangsan')).toEqual(['张三', '張三豐']);
    expect(await names('三')).toEqual(['张三', '張三豐']);
    expect(await names('张三丰')).toEqual(['張三豐']);
    expect(await names('張三')).toEqual(['张三', '張三豐']);
    expect(await names('wang')).toEqual(['王五']);
  });

  it('filters by unit subtree, rank and party membership, sorts by pinyin and seniority', async () => {
    const sub = await req('GET', `/api/org/people?unitId=${subUnitId}`);
    expect(sub.json().items.map((p: { name: string }) => p.name)).toEqual(['李四']);
    expect((await req('GET', `/api/org/people?unitId=${unitId}`)).json().total).toBe(4);
    expect((await req('GET', '/api/org/people?rank=county')).json().items.map((p: { name: string }) => p.name)).toEqual(
      ['王五'],
    );
    expect(
      (await req('GET', '/api/org/people?partyMember=true')).json().items.map((p: { name: string }) => p.name),
    ).toEqual(['张三']);
    expect((await req('GET', '/api/org/people?partyMember=false')).json().total).toBe(3);
    const byName = await req('GET', '/api/org/people?sort=name');
    expect(byName.json().items.map((p: { name: string }) => p.name)).toEqual(['李四', '王五', '张三', '張三豐']);
    const byRank = await req('GET', '/api/org/people?sort=rank&pageSize=1');
    expect(byRank.json()).toMatchObject({ total: 4, items: [{ name: '王五' }] });
  });

  it('reveals a field only with people:reveal, and audits every reveal without the value', async () => {
    const denied = await req('POST', `/api/org/people/${zhangId}/reveal`, { field: 'phone' });
    expect(denied.statusCode).toBe(403);
    const phone = await req(
      'POST',
      `/api/org/people/${zhangId}/reveal`,
      { field: 'phone', reason: '核实身份' },
      leader,
    );
    expect(phone.statusCode).toBe(200);
    expect(phone.json()).toEqual({ value: PHONE });
    const id = await req('POST', `/api/org/people/${zhangId}/reveal`, { field: 'idNumber' }, leader);
    expect(id.json()).toEqual({ value: ID });
    const entries = await ctx.deps.db
      .selectFrom('auditEntry')
      .selectAll()
      .where('action', '=', 'person.reveal')
      .where('objectId', '=', String(zhangId))
      .execute();
    expect(entries).toHaveLength(2);
    expect(entries[0]!.detail).toEqual({ field: 'phone', reason: '核实身份' });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(ID);
    const none = await req('POST', '/api/org/people/999999/reveal', { field: 'phone' }, leader);
    expect(none.statusCode).toBe(404);
    const wang = (await req('GET', '/api/org/people?q=wang')).json().items[0].id;
    const empty = await req('POST', `/api/org/people/${wang}/reveal`, { field: 'phone' }, leader);
    expect(empty.json().error.code).toBe('ORG_PERSON_FIELD_EMPTY');
  });

  it('updates, re-encrypts a changed phone, clears a field, and soft-deletes', async () => {
    const upd = await req('PATCH', `/api/org/people/${zhangId}`, {
      phone: '+86 139 0000 1111',
      idNumber: null,
      name: '张叁',
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ name: '张叁', phoneMask: '139****1111', idNumberMask: null });
    const row = await ctx.deps.db.selectFrom('person').selectAll().where('id', '=', zhangId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ idNumberEnc: null, idNumberHash: null, namePinyin: 'zhangsan' });
    expect(ctx.deps.cipher.decrypt(row.phoneEnc!, 'person.phone')).toBe('13900001111');
    const del = await req('DELETE', `/api/org/people/${zhangId}`);
    expect(del.json().active).toBe(false);
    expect((await req('GET', '/api/org/people?q=zs')).json().items.map((p: { name: string }) => p.name)).toEqual([
      '張三豐',
    ]);
    expect((await req('GET', '/api/org/people?q=zs&active=all')).json().total).toBe(2);
    expect((await req('GET', `/api/org/people/${zhangId}`)).json().active).toBe(false);
    const moveNowhere = await req('PATCH', `/api/org/people/${zhangId}`, { unitId: 999999 });
    expect(moveNowhere.statusCode).toBe(400);
    expect(moveNowhere.json().error.details.issues[0].field).toBe('unitId');
  });

  it('does not echo a rejected phone or ID number back in the error', async () => {
    const res = await req('POST', '/api/org/people', {
      unitId,
      name: '赵六',
      rank: 'ordinary',
      phone: '13700002',
      idNumber: '110105194912310099',
    });
    expect(res.statusCode).toBe(400);
    const text = res.body;
    expect(text).not.toContain('13700002');
    expect(text).not.toContain('110105194912310099');
  });

  it('runs concurrent writes and reads without stalling the single embedded connection', async () => {
    const results = await Promise.all([
      req('POST', '/api/org/people', { unitId, name: '并发甲', rank: 'ordinary', phone: '13600000001' }),
      req('POST', '/api/org/people', { unitId: subUnitId, name: '并发乙', rank: 'village', phone: '13600000002' }),
      req('PATCH', `/api/org/units/${subUnitId}`, { shortName: '东关' }),
      req('GET', '/api/org/people?q=bingfa'),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 200, 200]);
    expect((await req('GET', '/api/org/people?q=bingfa')).json().total).toBe(2);
  });
});
