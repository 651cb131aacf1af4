// The misconduct report's receipt (举报回执): a public lookup part (10 base32 characters) and a secret part of 26
// base32 characters (130 bits), written `LOOKUP-SECRET`. Only the lookup part is stored as it is; the secret is kept
// as a slow hash by the service. Pure: the random bytes come in.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const LOOKUP_CHARS = 10;
export const SECRET_CHARS = 26;

/** RFC 4648 base32 without padding, cut to `chars` characters (5 bits each). */
export function base32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  // The last group is padded with zero bits, as RFC 4648 does.
  if (bits > 0 && out.length < chars) out += ALPHABET[(buffer << (5 - bits)) & 31];
  if (out.length < chars) throw new Error(`need ${Math.ceil((chars * 5) / 8)} random bytes for ${chars} characters`);
  return out;
}

/** A receipt from 7 random bytes (lookup) and 17 random bytes (secret: 130 bits kept). */
export function formatReceipt(
  lookupBytes: Uint8Array,
  secretBytes: Uint8Array,
): { lookupId: string; secret: string; receipt: string } {
  const lookupId = base32(lookupBytes, LOOKUP_CHARS);
  const secret = base32(secretBytes, SECRET_CHARS);
  return { lookupId, secret, receipt: `${lookupId}-${secret}` };
}

/** The two parts of a receipt as typed (case and surrounding spaces forgiven), or null when it cannot be one. */
export function parseReceipt(text: string): { lookupId: string; secret: string } | null {
  const m = /^([A-Z2-7]{10})-([A-Z2-7]{26})$/.exec(text.trim().toUpperCase());
  return m ? { lookupId: m[1]!, secret: m[2]! } : null;
}
