/*
 * Request numbers and receipt codes. The number (e.g. 2026112200017) is what staff and citizens quote on the phone:
 * the Shanghai day of reception and that day's sequence. The receipt code (回执码) is what a citizen tracks the
 * request with on the portal: short, random, and safe to read aloud or copy by hand.
 */

const MS_PER_HOUR = 3_600_000;
// Mainland China has kept UTC+8 without daylight saving time since 1991, so a fixed offset is exact.
const SHANGHAI_OFFSET_MS = 8 * MS_PER_HOUR;
/** The largest sequence a day's numbers can carry (five digits). */
export const MAX_DAILY_SEQUENCE = 99_999;
const NUMBER_PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{5})$/;

/** Gives the Shanghai day of an instant as 'YYYYMMDD', the key under which each day's request sequence counts, so that a call at 00:30 Beijing time belongs to the new day even though it is still the previous day in UTC. */
export function requestNumberDay(at: Date): string {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('requestNumberDay: invalid date');
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Formats a request number: the Shanghai day YYYYMMDD followed by the day's sequence in five digits (1 → 00001), e.g. 2026112200017. */
export function formatRequestNumber(at: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`formatRequestNumber: the sequence must be an integer from 1 to ${MAX_DAILY_SEQUENCE}`);
  }
  return `${requestNumberDay(at)}${String(sequence).padStart(5, '0')}`;
}

/** Reads a request number back into its Shanghai day ('YYYY-MM-DD') and sequence; null when it is not a well-formed number of a real day. */
export function parseRequestNumber(text: string): { day: string; sequence: number } | null {
  const match = NUMBER_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, year, month, date, sequence] = match;
  const day = `${year}-${month}-${date}`;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(date));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return null;
  const seq = Number(sequence);
  return seq >= 1 ? { day, sequence: seq } : null;
}

/** 32 symbols without 0/O and 1/I, which are confused when read aloud or copied by hand. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const RECEIPT_CODE_LENGTH = 8;

/** Makes a receipt code of 8 symbols from the unambiguous alphabet out of random bytes supplied by the caller (the domain has no randomness of its own); each byte picks one symbol, and 256 being a multiple of 32 keeps every symbol equally likely (40 bits in all). */
export function receiptCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < RECEIPT_CODE_LENGTH) {
    throw new RangeError(`receiptCodeFromBytes: needs at least ${RECEIPT_CODE_LENGTH} random bytes`);
  }
  let code = '';
  for (let i = 0; i < RECEIPT_CODE_LENGTH; i += 1) code += RECEIPT_ALPHABET[bytes[i]! % RECEIPT_ALPHABET.length];
  return code;
}

/** Cleans a receipt code as a citizen typed it (lower case, spaces, dashes, full-width characters) so that it can be looked up; the result may still be invalid. */
export function normalizeReceiptCode(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_]/g, '');
}

/** Tells whether a text is a well-formed receipt code (after normalisation). */
export function isReceiptCode(text: string): boolean {
  const code = normalizeReceiptCode(text);
  return code.length === RECEIPT_CODE_LENGTH && [...code].every((c) => RECEIPT_ALPHABET.includes(c));
}
