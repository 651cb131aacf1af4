import { describe, expect, it } from 'vitest';
import { normaliseAttachmentName, sniffAttachmentType } from './sniff.js';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('the type of an attachment comes from its bytes, not its name', () => {
  it.each([
    ['a JPEG photo', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
    ['a PNG screenshot', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image/png'],
    ['a WebP photo from a phone', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['a GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['a GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif'],
    ['a PDF', bytes('%PDF-1.7\n%\xe2\xe3'), 'application/pdf'],
    ['a Windows program renamed to .jpg', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0]), null],
    ['an HTML page renamed to .png', bytes('<!DOCTYPE html><script>alert(1)</script>'), null],
    ['an SVG (may carry scripts)', bytes('<svg xmlns="http://www.w3.org/2000/svg">'), null],
    ['a ZIP (a Word document)', bytes('PK', [3, 4, 20, 0, 6, 0]), null],
    ['a RIFF that is a WAV, not a WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), null],
    ['"GIF8" followed by garbage', bytes('GIF8xa', [0, 0]), null],
    ['a PDF signature cut short', bytes('%PD'), null],
    ['an empty file', bytes(), null],
    ['plain text', bytes('路灯坏了'), null],
  ])('%s → %s', (_what, head, expected) => {
    expect(sniffAttachmentType(head)).toBe(expected);
  });
});

describe('the stored name is safe to send back', () => {
  it.each([
    ['现场照片.jpg', 'image/jpeg', '现场照片.jpg'],
    ['IMG_0001.JPEG', 'image/jpeg', 'IMG_0001.JPEG'],
    ['C:\\Users\\张三\\答复函.pdf', 'application/pdf', '答复函.pdf'],
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['报告.exe', 'application/pdf', '报告.exe.pdf'],
    ['evil"\r\nX-Header: 1.png', 'image/png', 'evilX-Header 1.png'],
    ['', 'image/webp', 'attachment.webp'],
    ['...', 'image/gif', 'attachment.gif'],
    [`${'长'.repeat(200)}.pdf`, 'application/pdf', `${'长'.repeat(116)}.pdf`],
  ] as const)('%j as %s → %j', (original, mime, expected) => {
    expect(normaliseAttachmentName(original, mime)).toBe(expected);
  });
});
