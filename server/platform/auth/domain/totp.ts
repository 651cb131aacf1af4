/** Time step of the one-time codes (RFC 6238 default, what every authenticator app uses). */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one, for clock drift and typing time. */
export const TOTP_WINDOW = 1;

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'invalid' | 'replayed' };

export interface TotpCheckInput {
  readonly code: string;
  readonly now: Date;
  /** The step of the last code accepted for this account (null when none yet). */
  readonly lastStep: number | null;
  /** The code of the account's secret at a step (HMAC lives outside the domain). */
  readonly codeAt: (step: number) => string;
  readonly window?: number;
}

/** The TOTP time step (counter) at an instant. */
export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * Accept a one-time code that matches a step within ±window of now, and only if that step is
 * later than the last accepted one: a code, once used, cannot be replayed (RFC 6238 §5.2), nor can an
 * older code still inside the window.
 */
export function checkTotpCode(input: TotpCheckInput): TotpCheck {
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(input.code)) return { ok: false, reason: 'malformed' };
  const window = input.window ?? TOTP_WINDOW;
  const current = totpStepAt(input.now);
  let replayed = false;
  for (let step = current - window; step <= current + window; step++) {
    if (!sameCode(input.codeAt(step), input.code)) continue;
    if (input.lastStep !== null && step <= input.lastStep) {
      replayed = true;
      continue;
    }
    return { ok: true, step };
  }
  return { ok: false, reason: replayed ? 'replayed' : 'invalid' };
}

// Compares every character so the time taken does not reveal how many leading digits were right.
function sameCode(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
