/*
 * Masking of personal data for lists and exports (DESIGN §11: "masked in lists and exports (138****5678)").
 * Masks always use a fixed number of stars where the hidden length is not part of a national convention,
 * so the mask does not reveal how long the hidden part is.
 */

const STARS = '****';
const HAN = /\p{Script=Han}/u;
const SEPARATORS = /[\s\-‐‑‒–—―−－()（）.]/gu;
const NAME_SEPARATORS = /^[\s·・•‧.-]$/u;

/** Normalises a phone number for storage and comparison: full-width digits folded, spaces, dashes, dots and brackets removed, and the China country code (+86 / 0086) dropped from mobile numbers. */
export function normalisePhone(raw: string): string {
  let phone = raw.normalize('NFKC').trim().replace(SEPARATORS, '');
  const countryCode = /^(?:\+86|0086)(?=\d)/.exec(phone);
  if (countryCode) {
    phone = phone.slice(countryCode[0].length);
    // An international landline drops the trunk 0 of its area code (+86 731 …); put it back.
    if (!phone.startsWith('1') && !phone.startsWith('0')) phone = `0${phone}`;
  } else if (/^861[3-9]\d{9}$/.test(phone)) {
    phone = phone.slice(2);
  }
  return phone;
}

/** Tells whether a number is a mainland mobile number (11 digits, 13x–19x) after normalisation, e.g. '+86 138 1234 5678'. */
export function isValidMobile(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalisePhone(raw));
}

/** Masks a phone number for display: mobiles keep the first 3 and last 4 digits (138****5678), landlines keep the area code and the last 4 digits (0731-****1234), anything else keeps only the last 4. */
export function maskPhone(raw: string): string {
  const phone = normalisePhone(raw);
  if (/^1\d{10}$/.test(phone)) {
    return `${phone.slice(0, 3)}${STARS}${phone.slice(-4)}`;
  }
  const areaCode = findAreaCode(phone);
  if (areaCode && phone.length - areaCode.length > 4) {
    return `${areaCode}-${STARS}${phone.slice(-4)}`;
  }
  return phone.length > 4 ? `${STARS}${phone.slice(-4)}` : STARS;
}

/** Finds the area code of a normalised landline: 010 and 02x are three digits long, every other 0xxx code four. */
function findAreaCode(phone: string): string | null {
  if (!/^0\d{9,11}$/.test(phone)) return null;
  return /^0(?:10|2\d)/.test(phone) ? phone.slice(0, 3) : phone.slice(0, 4);
}

/** Masks an identity document number: a resident ID keeps its first 4 (province and city) and last 4 characters, 18-digit cards with 10 stars and old 15-digit cards with 7; other documents keep only their first and last character. */
export function maskIdNumber(raw: string): string {
  const id = raw.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  if (/^\d{17}[\dX]$/.test(id) || /^\d{15}$/.test(id)) {
    return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
  }
  const chars = Array.from(id);
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Masks a person's name: a Chinese name keeps only the surname character (张三 → 张*, 欧阳娜娜 → 欧***, a one-character name becomes *); a Latin-script name keeps the first letter of each word (John Smith → J*** S****). */
export function maskName(raw: string): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (HAN.test(name)) {
    // Separators such as the middle dot in minority names (阿依古丽·买买提) stay, so the mask keeps the name's shape.
    return chars.map((char, index) => (index === 0 || NAME_SEPARATORS.test(char) ? char : '*')).join('');
  }
  let atWordStart = true;
  return chars
    .map((char) => {
      if (NAME_SEPARATORS.test(char)) {
        atWordStart = true;
        return char;
      }
      const masked = atWordStart ? char : '*';
      atWordStart = false;
      return masked;
    })
    .join('');
}

/** Masks an address: the first 6 characters (usually province, city and county) stay, the rest becomes ****; an address of 6 characters or fewer keeps only its first half. */
export function maskAddress(raw: string): string {
  const chars = Array.from(raw.normalize('NFC').trim().replace(/\s+/g, ' '));
  if (chars.length === 0) return '';
  const kept = chars.length > 6 ? 6 : Math.floor(chars.length / 2);
  return `${chars.slice(0, kept).join('')}${STARS}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARACTERS = '10X98765432';

/** Computes the GB 11643 check character (0–9 or X) for the first 17 digits of a resident ID number. */
export function computeIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('computeIdCheckCharacter: expected exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  }
  return ID_CHECK_CHARACTERS[sum % 11]!;
}

/** Tells whether a string is a valid 18-character resident ID number (GB 11643): a real birth date and a correct check character ('x' accepted as 'X'); 15-digit first-generation cards are not accepted because they stopped being valid documents in 2013. */
export function isValidChineseIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  if (!isRealDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return false;
  return computeIdCheckCharacter(id.slice(0, 17)) === id[17];
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
