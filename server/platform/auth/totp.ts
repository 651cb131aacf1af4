import { HOTP, Secret, TOTP, URI } from 'otpauth';
import QRCode from 'qrcode';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './domain/totp.js';

/** The issuer shown in authenticator apps. */
export const TOTP_ISSUER = 'Lianxin 连心';

/** The cipher context TOTP secrets are encrypted under (bound into each token). */
export const TOTP_CIPHER_CONTEXT = 'user_account.totp_secret';

/** A new random 160-bit TOTP secret, base32-encoded (RFC 4226 recommends at least 160 bits). */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The 6-digit code of a base32 secret at a time step (HMAC-SHA1, as authenticator apps compute it). */
export function totpCodeAt(secretBase32: string, step: number): string {
  return HOTP.generate({
    secret: Secret.fromBase32(secretBase32),
    counter: step,
    digits: TOTP_DIGITS,
    algorithm: 'SHA1',
  });
}

/** The otpauth:// URL an authenticator app scans to add the account. */
export function totpUri(secretBase32: string, username: string): string {
  const totp = new TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
  return URI.stringify(totp);
}

/** The otpauth:// URL as a PNG data URL, for the enrolment page. */
export async function totpQrDataUrl(otpauthUrl: string): Promise<string> {
  return QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}
