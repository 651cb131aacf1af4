import { describe, expect, it } from 'vitest';
import { stripImageMetadata, stripJpeg, stripPng, stripWebp } from './strip-metadata.js';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const segment = (marker: number, payload: string) => {
  const len = payload.length + 2;
  return bytes([0xff, marker, len >> 8, len & 0xff], payload);
};
const text = (u: Uint8Array) => Buffer.from(u).toString('latin1');

/** A small JPEG-shaped file: SOI, JFIF, EXIF with a GPS tag, a comment, a quantisation table, SOS + data, EOI. */
const jpeg = Uint8Array.from([
  ...bytes([0xff, 0xd8]),
  ...segment(0xe0, 'JFIF\0\x01\x01'),
  ...segment(0xe1, 'Exif\0\0GPSLatitude=39.9'),
  ...segment(0xe2, 'ICC_PROFILE'),
  ...segment(0xfe, 'taken by Zhang San'),
  ...segment(0xdb, 'QTABLE'),
  ...segment(0xda, 'SCAN'),
  ...bytes('ENTROPY', [0xff, 0x00], 'MORE', [0xff, 0xd9]),
]);

describe('JPEG', () => {
  it('drops EXIF (GPS), other APPn and comments, and keeps JFIF, tables and the image data', () => {
    const out = stripJpeg(jpeg)!;
    expect(text(out)).not.toContain('GPSLatitude');
    expect(text(out)).not.toContain('Zhang San');
    expect(text(out)).not.toContain('ICC_PROFILE');
    expect(text(out)).toContain('JFIF');
    expect(text(out)).toContain('QTABLE');
    expect(text(out).endsWith(`ENTROPY\xff\x00MORE\xff\xd9`)).toBe(true);
  });
  it('leaves a file without metadata byte for byte as it was', () => {
    const clean = stripJpeg(jpeg)!;
    expect(stripJpeg(clean)).toEqual(clean);
  });
  it('refuses a truncated segment or a file that is not a JPEG', () => {
    expect(stripJpeg(jpeg.subarray(0, 30))).toBeNull();
    expect(stripJpeg(bytes('GIF89a'))).toBeNull();
  });
});

const chunk = (type: string, data: string) =>
  bytes([0, 0, (data.length >> 8) & 0xff, data.length & 0xff], type, data, [1, 2, 3, 4]);
const png = Uint8Array.from([
  ...bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  ...chunk('IHDR', 'HEADER_13_BY'),
  ...chunk('tEXt', 'Author\0Li Si'),
  ...chunk('eXIf', 'GPS 31.2N'),
  ...chunk('iTXt', 'XML:com.adobe.xmp'),
  ...chunk('zTXt', 'Comment'),
  ...chunk('IDAT', 'PIXELS'),
  ...chunk('IEND', ''),
]);

describe('PNG', () => {
  it('drops tEXt, iTXt, zTXt and eXIf chunks and keeps the image chunks', () => {
    const out = text(stripPng(png)!);
    for (const gone of ['Li Si', 'GPS 31.2N', 'adobe', 'Comment']) expect(out).not.toContain(gone);
    for (const kept of ['IHDR', 'IDAT', 'PIXELS', 'IEND']) expect(out).toContain(kept);
  });
  it('refuses a PNG without its end chunk', () => {
    expect(stripPng(png.subarray(0, png.length - 12))).toBeNull();
  });
});

describe('WebP', () => {
  const riffChunk = (type: string, data: string) =>
    bytes(type, [data.length & 0xff, (data.length >> 8) & 0xff, 0, 0], data, data.length % 2 ? [0] : []);
  const body = [
    ...riffChunk('VP8X', `${String.fromCharCode(0x0c)}\0\0\0\0\0\0\0\0\0`),
    ...riffChunk('VP8 ', 'FRAME'),
    ...riffChunk('EXIF', 'GPS 22.5N'),
    ...riffChunk('XMP ', '<x:xmpmeta/>'),
  ];
  const size = body.length + 4;
  const webp = bytes('RIFF', [size & 0xff, size >> 8, 0, 0], 'WEBP', body);

  it('drops EXIF and XMP chunks, clears their flags and rewrites the RIFF size', () => {
    const out = stripWebp(webp)!;
    expect(text(out)).not.toContain('GPS');
    expect(text(out)).not.toContain('xmpmeta');
    expect(text(out)).toContain('FRAME');
    expect(out[20]! & 0x0c).toBe(0);
    expect(out[4]! | (out[5]! << 8)).toBe(out.length - 8);
  });
});

describe('stripImageMetadata', () => {
  it('passes PDFs and GIFs through and dispatches images by type', () => {
    const pdf = bytes('%PDF-1.7 ...');
    expect(stripImageMetadata(pdf, 'application/pdf')).toBe(pdf);
    expect(text(stripImageMetadata(jpeg, 'image/jpeg')!)).not.toContain('GPSLatitude');
  });
});
