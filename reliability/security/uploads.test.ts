/**
 * Hostile uploads to POST /api/attachments (server/platform/files): over-size, wrong magic bytes, polyglots, SVG and
 * HTML with scripts, path-traversal names, EXIF GPS. Each is refused, or stored under a content-addressed name and
 * served back with its sniffed type, `nosniff` and a cleaned name, so that no browser runs it as a script or page.
 * Every outcome is written to test-results/reliability/uploads-latest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type SignedIn, type TestContext } from '../../server/platform/testing/test-context.js';

const MAX = 64 * 1024;
let ctx: TestContext;
let operator: SignedIn;
let dataDir: string;
const outcomes: Record<string, unknown>[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-upload-sec-'));
  ctx = await createTestContext({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: String(MAX) });
  operator = await ctx.signIn({ roles: ['operator'] });
});
afterAll(async () => {
  fs.mkdirSync(path.resolve('test-results', 'reliability'), { recursive: true });
  fs.writeFileSync(
    path.resolve('test-results', 'reliability', 'uploads-latest.json'),
    `${JSON.stringify(outcomes, null, 2)}\n`,
  );
  await ctx?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function multipart(filename: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----lxsec${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(name: string, filename: string, bytes: Buffer, contentType?: string) {
  const body = multipart(filename, bytes, contentType);
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { ...operator.headers, 'content-type': body.type },
    payload: body.payload,
  });
  const outcome: Record<string, unknown> = { case: name, filename, status: res.statusCode };
  if (res.statusCode === 201) {
    const saved = res.json() as { id: string; name: string; mime: string };
    const back = await ctx.app.inject({ url: `/api/attachments/${saved.id}`, headers: operator.headers });
    Object.assign(outcome, {
      storedName: saved.name,
      mime: saved.mime,
      servedType: back.headers['content-type'],
      nosniff: back.headers['x-content-type-options'],
      disposition: back.headers['content-disposition'],
      servedBytes: back.rawPayload,
    });
  } else {
    outcome.code = (res.json() as { error: { code: string } }).error.code;
  }
  outcomes.push({ ...outcome, servedBytes: undefined });
  return outcome as {
    status: number;
    code?: string;
    storedName?: string;
    mime?: string;
    servedType?: string;
    nosniff?: string;
    disposition?: string;
    servedBytes?: Buffer;
  };
}

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A JPEG with an EXIF APP1 segment holding a GPS tag (the bytes a phone camera writes), then a tiny scan. */
function jpegWithGps(): Buffer {
  const exif = Buffer.concat([
    Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'),
    Buffer.from('\0\x01\x88\x25\0\x04\0\0\0\x01\0\0\0\x1a\0\0\0\0', 'latin1'), // IFD0: one entry, GPSInfo (0x8825)
    Buffer.from('GPS 39.9042N 116.4074E', 'latin1'),
  ]);
  const app1 = Buffer.concat([
    Buffer.from([0xff, 0xe1]),
    Buffer.from([(exif.length + 2) >> 8, (exif.length + 2) & 0xff]),
    exif,
  ]);
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  ]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0xff, 0xd9]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, app1, sos]);
}

/** Served files never run as a script or page: an accepted file is served as its sniffed type, nosniff, no HTML. */
function expectInert(o: Awaited<ReturnType<typeof upload>>) {
  expect(o.servedType).toMatch(/^(image\/(jpeg|png|gif|webp)|application\/pdf)/);
  expect(o.nosniff).toBe('nosniff');
  expect(o.servedType).not.toMatch(/html|svg|javascript|xml/);
}

describe('hostile uploads', () => {
  it('refuses a file over ATTACHMENT_MAX_BYTES with 413', async () => {
    const o = await upload('over-size', 'big.png', Buffer.concat([PNG_HEAD, Buffer.alloc(MAX + 1024, 0x41)]));
    expect([o.status, o.code]).toEqual([413, 'ATTACHMENT_TOO_LARGE']);
  });

  it('refuses wrong magic bytes whatever the name or Content-Type say', async () => {
    for (const [file, bytes, type] of [
      ['photo.jpg', Buffer.from('MZ\x90\0 this is a Windows program'), 'image/jpeg'],
      ['page.png', Buffer.from('<!doctype html><script>alert(1)</script>'), 'image/png'],
      ['script.pdf', Buffer.from('alert(document.cookie)'), 'application/pdf'],
      ['archive.gif', Buffer.from('PK\x03\x04zip'), 'image/gif'],
    ] as const) {
      const o = await upload(`wrong magic ${file}`, file, Buffer.from(bytes), type);
      expect([o.status, o.code], file).toEqual([415, 'ATTACHMENT_UNSUPPORTED_TYPE']);
    }
  });

  it('refuses SVG (with or without a script) and HTML', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
    );
    expect((await upload('svg with script', 'map.svg', svg, 'image/svg+xml')).status).toBe(415);
    expect((await upload('svg named png', 'map.png', svg, 'image/png')).status).toBe(415);
    const xmlSvg = Buffer.from('<?xml version="1.0"?><svg><script>alert(1)</script></svg>');
    expect((await upload('xml svg', 'x.gif', xmlSvg)).status).toBe(415);
  });

  it('serves a GIF/JavaScript polyglot only as an image with nosniff', async () => {
    const polyglot = Buffer.from('GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=1;alert(document.domain);//\x00;', 'latin1');
    const o = await upload('gif/js polyglot', 'x.gif', polyglot, 'text/javascript');
    expect(o.status).toBe(201);
    expectInert(o);
    expect(o.servedType).toMatch(/^image\/gif/);
  });

  it('serves a PDF carrying HTML as application/pdf with nosniff', async () => {
    const pdfHtml = Buffer.from('%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n');
    const o = await upload('pdf with html', 'report.html', pdfHtml, 'text/html');
    expect(o.status).toBe(201);
    expectInert(o);
    expect(o.storedName).toMatch(/\.pdf$/); // not served under an .html name
  });

  it('cleans path-traversal and control characters out of names (bidi controls recorded), and stores by hash inside the data folder', async () => {
    for (const name of [
      '../../../../etc/passwd.png',
      '..\\..\\windows\\system32\\x.png',
      'a/../../b.png',
      '\u0000evil\u202Egnp.exe',
      'CON.png',
    ]) {
      const o = await upload(`name ${JSON.stringify(name)}`, name, Buffer.concat([PNG_HEAD, Buffer.from(name)]));
      expect(o.status, name).toBe(201);
      const chars = [...(o.storedName ?? '')].map((c) => c.codePointAt(0) ?? 0);
      expect(
        chars.filter((c) => c < 0x20 || c === 0x2f || c === 0x5c),
        name,
      ).toEqual([]); // controls, / and \\
      if (chars.some((c) => (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))) {
        outcomes.push({ case: 'finding: bidi control kept in a stored name', name: o.storedName });
      }
      expect(o.storedName, name).not.toMatch(/^\.\./);
      expect(o.disposition ?? '', name).not.toMatch(/[\r\n]/);
    }
    expect(fs.existsSync(path.join(dataDir, '..', 'etc'))).toBe(false);
    const stored = fs.readdirSync(path.join(dataDir, 'attachments'), { recursive: true }) as string[];
    expect(stored.every((f) => !/passwd|system32|evil/.test(f))).toBe(true);
  });

  it('records what happens to EXIF GPS in a staff upload (accepted; the portal strips public photos)', async () => {
    const jpeg = jpegWithGps();
    const o = await upload('jpeg with exif gps', 'photo.jpg', jpeg, 'image/jpeg');
    expect(o.status).toBe(201);
    expectInert(o);
    const kept = (o.servedBytes ?? Buffer.alloc(0)).includes(Buffer.from('GPS 39.9042N'));
    outcomes.push({ case: 'exif gps kept in a staff upload', kept });
  });
});
