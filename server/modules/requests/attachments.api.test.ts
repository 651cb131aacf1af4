import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { attachmentPath } from '../../platform/files/index.js';
import { createTestContext, type SignedIn, type TestContext } from '../../platform/testing/test-context.js';
import { act, buildRequestWorld, LAMP_REPLY, postRequest, type RequestWorld } from './requests.factories.js';

// Attachments end to end: upload (type sniffed, size limited, stored under the data folder), use on a reply, an
// appeal, an assist note and at intake, and downloads that follow the request's scope.

const MAX = 4096;
let ctx: TestContext;
let w: RequestWorld;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-attach-'));
  ctx = await createTestContext({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: String(MAX) });
  w = await buildRequestWorld(ctx);
});
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('现场照片')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
let uniq = 0;
/** A PNG with different bytes each call (so dedup does not hide a second upload). */
const png = () => Buffer.concat([PNG, Buffer.from(`#${++uniq}`)]);

function multipart(filename: string, bytes: Buffer, field = 'file') {
  const boundary = `----lx${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(who: SignedIn, filename: string, bytes: Buffer, field = 'file') {
  const body = multipart(filename, bytes, field);
  return ctx.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { ...who.headers, 'content-type': body.contentType },
    payload: body.payload,
  });
}

async function uploaded(who: SignedIn, filename = '现场照片.png', bytes = png()): Promise<string> {
  const res = await upload(who, filename, bytes);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const detail = async (id: number, who = w.dispatcher) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: who.headers })).json();
const download = (who: SignedIn, url: string) => ctx.app.inject({ method: 'GET', url, headers: who.headers });
const code = (res: { json: () => { error: { code: string } } }) => res.json().error.code;

/** A request of the department, accepted by its handler. */
async function accepted(assist: number[] = []) {
  const { id } = await postRequest(ctx, w);
  await act(ctx, w.dispatcher, id, 'dispatch', { leadUnitId: w.department, assistUnitIds: assist, reason: '派单' });
  expect((await act(ctx, w.handlerDepartment, id, 'accept')).statusCode).toBe(200);
  return id;
}

describe('upload', () => {
  it('stores an image under the data folder by its hash and answers its sniffed type and original name', async () => {
    const bytes = png();
    const res = await upload(w.handlerDepartment, 'C:\\照片\\路灯 修复后.png', bytes);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: '路灯 修复后.png', mime: 'image/png', size: bytes.length });
    const row = await ctx.deps.db
      .selectFrom('attachment')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.requestId).toBeNull();
    const file = attachmentPath(dataDir, row.sha256);
    expect(file.startsWith(path.join(dataDir, 'attachments', row.sha256.slice(0, 2), row.sha256.slice(2, 4)))).toBe(
      true,
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // No temporary files are left next to it.
    expect(fs.readdirSync(path.dirname(file))).toEqual([row.sha256]);
  });

  it('the same content uploaded twice is stored once, as two attachments', async () => {
    const bytes = png();
    const a = await uploaded(w.handlerDepartment, 'a.png', bytes);
    const b = await uploaded(w.operator, 'b.png', bytes);
    expect(a).not.toBe(b);
    const rows = await ctx.deps.db.selectFrom('attachment').select('sha256').where('id', 'in', [a, b]).execute();
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(1);
  });

  it('a renamed program or web page is refused whatever its name says (415 naming file)', async () => {
    for (const [name, bytes] of [
      ['照片.jpg', Buffer.from('MZ\x90\x00\x03\x00\x00\x00this program cannot be run in DOS mode', 'latin1')],
      ['scan.pdf', Buffer.from('<!DOCTYPE html><script>alert(1)</script>')],
    ] as const) {
      const res = await upload(w.handlerDepartment, name, bytes);
      expect(res.statusCode).toBe(415);
      expect(code(res)).toBe('ATTACHMENT_UNSUPPORTED_TYPE');
      expect(res.json().error.details.issues[0].field).toBe('file');
      expect(res.json().error.message).toContain('PDF');
    }
    const svg = multipart('x.png', Buffer.from('<svg/>'));
    const en = await ctx.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...w.handlerDepartment.headers, 'accept-language': 'en', 'content-type': svg.contentType },
      payload: svg.payload,
    });
    expect(en.statusCode).toBe(415);
    expect(en.json().error.message).toContain('only images (JPEG, PNG, WebP, GIF) and PDF files');
  });

  it('a file over ATTACHMENT_MAX_BYTES is refused with 413, an empty one with 400, and nothing is stored', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX)]);
    const before = await ctx.deps.db
      .selectFrom('attachment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const tooLarge = await upload(w.handlerDepartment, '材料.pdf', big);
    expect(tooLarge.statusCode).toBe(413);
    expect(code(tooLarge)).toBe('ATTACHMENT_TOO_LARGE');
    expect(tooLarge.json().error.details.issues[0].field).toBe('file');
    const empty = await upload(w.handlerDepartment, 'empty.png', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(code(empty)).toBe('ATTACHMENT_EMPTY');
    const wrongField = await upload(w.handlerDepartment, 'a.png', png(), 'photo');
    expect(code(wrongField)).toBe('ATTACHMENT_EMPTY');
    const after = await ctx.deps.db
      .selectFrom('attachment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('an upload the disk cannot take answers 507 STORAGE_FULL (503 on an I/O error), no row, no audit, no file', async () => {
    const counts = async () =>
      Promise.all([
        ctx.deps.db
          .selectFrom('attachment')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
        ctx.deps.db
          .selectFrom('auditEntry')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'attachment.upload')
          .executeTakeFirstOrThrow(),
      ]).then((r) => r.map((x) => Number(x.n)));
    const before = await counts();
    // Regular files under attachments/ (a failed write may leave the folders it made, never a file).
    const files = () =>
      (fs.readdirSync(dataDir, { recursive: true }) as string[]).filter(
        (f) => f.startsWith('attachments') && fs.statSync(path.join(dataDir, f)).isFile(),
      );
    const filesBefore = files();
    // The kernel refuses the write of the file's bytes (a full disk; then a failing one) under the data folder only.
    const open = fsp.open.bind(fsp);
    let errno = 'ENOSPC';
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await open(...args);
      if (String(args[0]).startsWith(dataDir))
        handle.writeFile = async () => Promise.reject(Object.assign(new Error(`${errno}: write`), { code: errno }));
      return handle;
    });
    try {
      const full = await upload(w.operator, '现场.png', png());
      expect([full.statusCode, code(full)]).toEqual([507, 'STORAGE_FULL']);
      expect(full.json().error.message).toContain('存储空间已满');
      const body = multipart('scene.png', png());
      const en = await ctx.app.inject({
        method: 'POST',
        url: '/api/attachments',
        headers: { ...w.operator.headers, 'accept-language': 'en', 'content-type': body.contentType },
        payload: body.payload,
      });
      expect([en.statusCode, en.json().error.message]).toEqual([507, expect.stringContaining('storage is full')]);
      errno = 'EIO';
      const failing = await upload(w.operator, '现场.png', png());
      expect([failing.statusCode, code(failing)]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    } finally {
      vi.restoreAllMocks();
    }
    expect(await counts()).toEqual(before);
    expect(files()).toEqual(filesBefore);
    expect((await upload(w.operator, '现场.png', png())).statusCode).toBe(201);
  });

  it('only staff who take in or handle requests may upload; signed-out users get 401', async () => {
    expect((await upload(w.leader, 'a.png', png())).statusCode).toBe(403);
    expect((await upload(w.inspectorA, 'a.png', png())).statusCode).toBe(403);
    expect((await upload(w.operator, 'a.png', png())).statusCode).toBe(201);
    const body = multipart('a.png', png());
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the uploader can fetch an unlinked upload; another user cannot', async () => {
    const id = await uploaded(w.handlerDepartment);
    const own = await download(w.handlerDepartment, `/api/attachments/${id}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    const other = await download(w.dispatcher, `/api/attachments/${id}`);
    expect(other.statusCode).toBe(404);
    expect(code(other)).toBe('ATTACHMENT_NOT_FOUND');
    expect((await download(w.handlerDepartment, '/api/attachments/not-a-uuid')).statusCode).toBe(404);
  });
});

describe('attachments on a request', () => {
  it('a reply carries its photo; readers of the request download it, others get 404', async () => {
    const id = await accepted();
    const photo = await uploaded(w.handlerDepartment, '修复后的路灯.png');
    const res = await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY, attachmentIds: [photo] });
    expect(res.statusCode, res.body).toBe(200);

    const d = await detail(id);
    const replied = d.events.find((e: { type: string }) => e.type === 'reply_submitted');
    expect(replied.attachments).toEqual([
      { id: photo, name: '修复后的路灯.png', mime: 'image/png', size: expect.any(Number) },
    ]);
    expect(d.events.find((e: { type: string }) => e.type === 'received').attachments).toEqual([]);

    const url = `/api/requests/${id}/attachments/${photo}`;
    const byDispatcher = await download(w.dispatcher, url);
    expect(byDispatcher.statusCode).toBe(200);
    expect(byDispatcher.headers['content-type']).toBe('image/png');
    expect(byDispatcher.headers['x-content-type-options']).toBe('nosniff');
    expect(byDispatcher.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('修复后的路灯.png')}`,
    );
    expect(byDispatcher.rawPayload.subarray(0, 8).equals(PNG.subarray(0, 8))).toBe(true);
    // Out of scope: another department's handler, and a township inspector of another place.
    expect((await download(w.handlerOther, url)).statusCode).toBe(404);
    expect((await download(w.handlerB, url)).statusCode).toBe(404);
    // Once linked, the private upload URL no longer serves it, not even to the uploader.
    expect((await download(w.handlerDepartment, `/api/attachments/${photo}`)).statusCode).toBe(404);
    // The file of one request is not reachable through another request's URL.
    const other = await accepted();
    expect((await download(w.dispatcher, `/api/requests/${other}/attachments/${photo}`)).statusCode).toBe(404);
  });

  it('an attachment cannot be linked twice, nor another user’s upload, nor an unknown id (400 naming attachmentIds)', async () => {
    const first = await accepted();
    const second = await accepted();
    const photo = await uploaded(w.handlerDepartment);
    expect(
      (await act(ctx, w.handlerDepartment, first, 'reply', { text: LAMP_REPLY, attachmentIds: [photo] })).statusCode,
    ).toBe(200);
    for (const ids of [
      [photo],
      [await uploaded(w.operator)],
      ['00000000-0000-4000-8000-000000000000'],
      ['not-a-uuid'],
    ]) {
      const res = await act(ctx, w.handlerDepartment, second, 'reply', { text: LAMP_REPLY, attachmentIds: ids });
      expect(res.statusCode, res.body).toBe(400);
      expect(code(res)).toBe('ATTACHMENT_INVALID');
      expect(res.json().error.details.issues[0].field).toBe('attachmentIds');
    }
    expect((await detail(second)).state).toBe('in_progress');
    const row = await ctx.deps.db
      .selectFrom('attachment')
      .select('requestId')
      .where('id', '=', photo)
      .executeTakeFirstOrThrow();
    expect(row.requestId).toBe(first);
  });

  it('a refused reply (boilerplate) leaves its attachment unlinked for the next attempt', async () => {
    const id = await accepted();
    const photo = await uploaded(w.handlerDepartment);
    const refused = await act(ctx, w.handlerDepartment, id, 'reply', { text: '已处理。', attachmentIds: [photo] });
    expect(refused.statusCode).toBe(422);
    const row = await ctx.deps.db
      .selectFrom('attachment')
      .select(['requestId', 'linkedAt'])
      .where('id', '=', photo)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ requestId: null, linkedAt: null });
    const retried = await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY, attachmentIds: [photo] });
    expect(retried.statusCode, retried.body).toBe(200);
  });

  it('appeals, assist notes and intake carry attachments on their own events', async () => {
    const note = await uploaded(w.handlerOther, '协办材料.pdf', Buffer.concat([PDF, Buffer.from('note')]));
    const id = await accepted([w.otherDepartment]);
    const noteRes = await act(ctx, w.handlerOther, id, 'assist-note', {
      text: '我局已核实该路段线路归属，附现场核查记录。',
      attachmentIds: [note],
    });
    expect(noteRes.statusCode, noteRes.body).toBe(200);
    expect((await act(ctx, w.handlerDepartment, id, 'reply', { text: LAMP_REPLY })).statusCode).toBe(200);
    const evidence = await uploaded(w.handlerDepartment, '权属证明.pdf', Buffer.concat([PDF, Buffer.from('e')]));
    const appeal = await act(ctx, w.handlerDepartment, id, 'file-appeal', {
      reason: '该路灯属于小区物业自管设施，不属于本单位职责范围',
      evidence: '附物业移交协议',
      attachmentIds: [evidence],
    });
    expect(appeal.statusCode, appeal.body).toBe(200);
    const d = await detail(id);
    const of = (type: string) =>
      d.events.find((e: { type: string }) => e.type === type).attachments.map((a: { id: string }) => a.id);
    expect(of('assist_note')).toEqual([note]);
    expect(of('appeal_filed')).toEqual([evidence]);
    expect((await download(w.handlerDepartment, `/api/requests/${id}/attachments/${note}`)).statusCode).toBe(200);

    const letter = await uploaded(w.operator, '来信扫描件.pdf', Buffer.concat([PDF, Buffer.from('letter')]));
    const intake = await postRequest(ctx, w, { attachmentIds: [letter] });
    expect(of('received')).toEqual([]);
    const received = (await detail(intake.id)).events.find((e: { type: string }) => e.type === 'received');
    expect(received.attachments.map((a: { id: string }) => a.id)).toEqual([letter]);
    const stolen = await uploaded(w.handlerDepartment);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: w.operator.headers,
      payload: {
        channel: 'hotline',
        type: 'help',
        body: '路灯坏了很久了，请尽快维修。',
        divisionCode: w.villageA,
        attachmentIds: [stolen],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(code(bad)).toBe('ATTACHMENT_INVALID');
  });
});
