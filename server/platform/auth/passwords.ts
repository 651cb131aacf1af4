import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { checkPassword, type PasswordPolicy } from './domain/password-policy.js';

// argon2id (algorithm 2; the package's const enum is not importable under isolatedModules) with
// OWASP's baseline: 19 MiB, 2 passes, 1 lane. The parameters travel in the PHC string, so
// raising them later still verifies older hashes.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hash a password with argon2id for storage (MLPS 2.0: passwords stored only as salted slow hashes). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Whether a password matches a stored hash; a malformed hash never matches. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
const dummy = (): Promise<string> => {
  dummyHash ??= hashPassword(`dummy-${randomInt(1e9)}`);
  return dummyHash;
};

/** Compute the stand-in hash for unknown usernames ahead of the first sign-in, so that one is not slower either. */
export function prepareDummyHash(): void {
  void dummy();
}

/**
 * Spend the same time as verifying a real password, for sign-ins with an unknown username, so
 * the response time does not reveal which usernames exist.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  await verifyPassword(await dummy(), password);
}

// No look-alikes (0/O, 1/l/I) so a password read out over the phone is typed right.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!@#$%*-_+=?';

/**
 * A random temporary password that satisfies the policy (all four classes, at least 16
 * characters), for new accounts and resets; the user must change it at first sign-in.
 */
export function generateTemporaryPassword(policy: PasswordPolicy, username = ''): string {
  const length = Math.max(16, policy.minLength);
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  for (;;) {
    const chars = [LOWER, UPPER, DIGITS, SYMBOLS].map(pick);
    while (chars.length < length) chars.push(pick(all));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (checkPassword(password, { username }, policy).length === 0) return password;
  }
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)]!;
}
