// Removes metadata (EXIF with GPS position and camera serial, XMP, comments, text chunks) from uploaded images, so a
// photo sent with an anonymous report does not say where, when or with what device it was taken. Pure TypeScript,
// no decoding: the image data itself is copied byte for byte.
//
// - JPEG: drops APP1..APP15 segments (EXIF, XMP, ICC profile, Photoshop IRB…) and COM segments; APP0 (JFIF) stays.
// - PNG: drops tEXt, iTXt, zTXt and eXIf chunks.
// - WebP: drops the EXIF and XMP chunks and clears their flags in the VP8X header.
// Other types (GIF, PDF) are returned unchanged. A file that does not parse as its type gives null: the caller refuses
// it rather than keeping metadata it could not remove.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_DROPPED = new Set(['tEXt', 'iTXt', 'zTXt', 'eXIf']);

/** The file without its metadata, or null when it is malformed; types without a stripper come back unchanged. */
export function stripImageMetadata(bytes: Uint8Array, mime: string): Uint8Array | null {
  if (mime === 'image/jpeg') return stripJpeg(bytes);
  if (mime === 'image/png') return stripPng(bytes);
  if (mime === 'image/webp') return stripWebp(bytes);
  return bytes;
}

/** JPEG: segments up to the start of scan (SOS), whose entropy-coded data and the rest are copied as they are. */
export function stripJpeg(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    // Fill bytes (0xFF repeated) may pad before a marker.
    while (i < bytes.length && bytes[i] === 0xff && bytes[i + 1] === 0xff) i++;
    const marker = bytes[i + 1];
    if (marker === undefined) return null;
    // Markers without a length: TEM, RSTn, SOI, EOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      kept.push(bytes.subarray(i, i + 2));
      i += 2;
      if (marker === 0xd9) break;
      continue;
    }
    if (i + 4 > bytes.length) return null;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (length < 2 || i + 2 + length > bytes.length) return null;
    const end = i + 2 + length;
    const isAppN = marker >= 0xe1 && marker <= 0xef;
    if (!isAppN && marker !== 0xfe) kept.push(bytes.subarray(i, end));
    if (marker === 0xda) {
      kept.push(bytes.subarray(end));
      break;
    }
    i = end;
  }
  return concat(kept);
}

/** PNG: every chunk is length, type, data, CRC; the dropped ones are left out, the others copied with their CRC. */
export function stripPng(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, k) => bytes[k] !== b)) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let i = 8;
  let sawEnd = false;
  while (i < bytes.length) {
    if (i + 12 > bytes.length) return null;
    const length = readU32(bytes, i, false);
    const end = i + 12 + length;
    if (end > bytes.length) return null;
    const type = String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!, bytes[i + 6]!, bytes[i + 7]!);
    if (!PNG_DROPPED.has(type)) kept.push(bytes.subarray(i, end));
    i = end;
    if (type === 'IEND') {
      sawEnd = true;
      break;
    }
  }
  return sawEnd ? concat(kept) : null;
}

/** WebP (RIFF): the EXIF and 'XMP ' chunks are left out, the VP8X flags updated and the RIFF size rewritten. */
export function stripWebp(bytes: Uint8Array): Uint8Array | null {
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WEBP') return null;
  const kept: Uint8Array[] = [];
  let i = 12;
  while (i < bytes.length) {
    if (i + 8 > bytes.length) return null;
    const size = readU32(bytes, i + 4, true);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > bytes.length) return null;
    const type = tag(i);
    if (type === 'VP8X') {
      const chunk = bytes.slice(i, Math.min(end, bytes.length));
      chunk[8] = chunk[8]! & ~0x0c; // the EXIF (0x08) and XMP (0x04) flags
      kept.push(chunk);
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      kept.push(bytes.subarray(i, Math.min(end, bytes.length)));
    }
    i = end;
  }
  const body = concat(kept);
  const out = new Uint8Array(12 + body.length);
  out.set(bytes.subarray(0, 12));
  out.set(body, 12);
  const riffSize = out.length - 8;
  out[4] = riffSize & 0xff;
  out[5] = (riffSize >>> 8) & 0xff;
  out[6] = (riffSize >>> 16) & 0xff;
  out[7] = (riffSize >>> 24) & 0xff;
  return out;
}

function readU32(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  const [a, b, c, d] = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!];
  return littleEndian ? (a | (b << 8) | (c << 16) | (d << 24)) >>> 0 : ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
