import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignedIn, TestContext } from '../../platform/testing/test-context.js';
import { buildCategory, buildDivision, buildUnit } from '../org/testing.js';

// Test fixtures for the portal: a county with a township and a village, a category owned by a department, the staff
// who dispatch and handle requests (through the requests module's HTTP API), and multipart bodies as a browser sends.

export interface PortalWorld {
  county: string;
  township: string;
  village: string;
  category: string;
  department: number;
  dispatcher: SignedIn;
  operator: SignedIn;
  handler: SignedIn;
  discipline: SignedIn;
  inspector: SignedIn;
  leader: SignedIn;
  admin: SignedIn;
}

let n = 0;

/** A fresh data folder for a test context (uploaded files and the discipline key land there). */
export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'lianxin-portal-'));
}

export async function buildPortalWorld(ctx: TestContext): Promise<PortalWorld> {
  const db = ctx.deps.db;
  const county = await buildDivision(db, { level: 'county' });
  const township = await buildDivision(db, { level: 'township', parentCode: county.code });
  const village = await buildDivision(db, { level: 'village', parentCode: township.code });
  const root = `PT${++n}${Date.now().toString(36).slice(-4)}`.toUpperCase();
  await buildCategory(db, { code: root, name: '城乡建设' });
  const category = `${root}.01`;
  await buildCategory(db, { code: category, name: '路灯照明', parentCode: root, level: 2 });
  await buildUnit(db, { kind: 'township', divisionCode: township.code, name: `幸福镇政府${n}` });
  const department = await buildUnit(db, { divisionCode: county.code, name: `城管局${n}`, categoryCodes: [category] });
  const all = { kind: 'all' } as const;
  return {
    county: county.code,
    township: township.code,
    village: village.code,
    category,
    department: department.id,
    dispatcher: await ctx.signIn({ roles: ['dispatcher'], scope: all }),
    operator: await ctx.signIn({ roles: ['operator'], scope: all }),
    handler: await ctx.signIn({
      roles: ['handler'],
      scope: { kind: 'unit', unitId: department.id },
      unitId: department.id,
    }),
    discipline: await ctx.signIn({ roles: ['discipline'], scope: all }),
    inspector: await ctx.signIn({ roles: ['inspector'], scope: all }),
    leader: await ctx.signIn({ roles: ['leader'], scope: all }),
    admin: await ctx.signIn({ roles: ['system_admin'], scope: all }),
  };
}

export interface FormFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/** A multipart/form-data body with text fields and files (all under the field `files`), as a browser builds it. */
export function multipart(fields: Record<string, string>, files: readonly FormFile[] = []) {
  const boundary = `----lianxin${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(f.bytes),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const segment = (marker: number, payload: string) => {
  const len = payload.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...Buffer.from(payload, 'latin1')];
};

/** A JPEG-shaped photo carrying EXIF with a GPS position and a camera serial number. */
export function jpegWithExif(): Uint8Array {
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe0, 'JFIF\0\x01\x01'),
    ...segment(0xe1, 'Exif\0\0GPSLatitude=39.9042;GPSLongitude=116.4074;BodySerialNumber=CAM-778899'),
    ...segment(0xdb, 'QUANTISATION'),
    ...segment(0xda, 'SCANHEADER'),
    ...Buffer.from('IMAGEDATA', 'latin1'),
    0xff,
    0xd9,
  ]);
}
