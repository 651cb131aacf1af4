import type { AttachmentMime } from '../../../../contracts/files.js';

/** Magic bytes of each accepted type at a fixed offset; `null` bytes match anything. */
const SIGNATURES: readonly { mime: AttachmentMime; offset: number; bytes: readonly (number | null)[] }[] = [
  { mime: 'image/jpeg', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/gif', offset: 0, bytes: [0x47, 0x49, 0x46, 0x38, null, 0x61] },
  // RIFF....WEBP
  {
    mime: 'image/webp',
    offset: 0,
    bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50],
  },
  // %PDF-
  { mime: 'application/pdf', offset: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/**
 * The type of a file from its first bytes, or null when it is none of the accepted types. The name and the
 * browser's Content-Type are never trusted: a renamed executable or HTML page stays what its bytes say it is.
 */
export function sniffAttachmentType(head: Uint8Array): AttachmentMime | null {
  for (const sig of SIGNATURES) {
    if (head.length < sig.offset + sig.bytes.length) continue;
    if (sig.mime === 'image/gif' && head[4] !== 0x37 && head[4] !== 0x39) continue; // GIF87a or GIF89a
    if (sig.bytes.every((b, i) => b === null || head[sig.offset + i] === b)) return sig.mime;
  }
  return null;
}

const EXTENSIONS: Readonly<Record<AttachmentMime, string>> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'application/pdf': '.pdf',
};

/**
 * The original file name made safe to store and to send back: the folder part, control characters and characters
 * that are illegal in Windows names dropped, NFC, at most 120 characters; the extension follows the sniffed type so a
 * download never suggests another program (`报告.exe` that is really a PDF becomes `报告.exe.pdf`).
 */
export function normaliseAttachmentName(original: string, mime: AttachmentMime): string {
  const base = original.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const ext = EXTENSIONS[mime];
  const stem =
    cleaned.toLowerCase().endsWith(ext) || (mime === 'image/jpeg' && /\.jpeg$/i.test(cleaned))
      ? cleaned
      : `${cleaned || 'attachment'}${ext}`;
  const name = stem || `attachment${ext}`;
  if (name.length <= 120) return name;
  const dot = name.lastIndexOf('.');
  const extPart = dot > 0 ? name.slice(dot) : '';
  return `${name.slice(0, 120 - extPart.length)}${extPart}`;
}
