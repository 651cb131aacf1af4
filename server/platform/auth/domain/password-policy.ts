import type { PasswordProblemCode } from '../../../../contracts/auth.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

export interface PasswordPolicy {
  readonly minLength: number;
  readonly minClasses: number;
}

export interface PasswordOwner {
  readonly username: string;
  readonly displayName?: string | undefined;
}

export type MessageLang = 'zh' | 'en';

const BLOCKLIST = new Set(COMMON_PASSWORDS);

// Single-character substitutions people use to "strengthen" a word (p@ssw0rd); 1:1 so positions stay aligned.
const LEET: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};

/**
 * Check a candidate password against the policy and return every problem found (empty when it
 * is acceptable): long enough, enough character classes (lower, upper, digit, other), not
 * containing the username or display name, not a common password, not one character or a short
 * pattern repeated.
 */
export function checkPassword(password: string, owner: PasswordOwner, policy: PasswordPolicy): PasswordProblemCode[] {
  const problems: PasswordProblemCode[] = [];
  if ([...password].length < policy.minLength) problems.push('too_short');
  if (characterClassesOf(password) < policy.minClasses) problems.push('too_few_classes');
  const lower = password.toLowerCase();
  const username = owner.username.trim().toLowerCase();
  if (username.length >= 3 && (lower.includes(username) || lower.includes([...username].reverse().join('')))) {
    problems.push('contains_username');
  }
  const name = owner.displayName?.trim().toLowerCase() ?? '';
  if ([...name].length >= 2 && name !== username && lower.includes(name)) problems.push('contains_name');
  if (isCommonPassword(password)) problems.push('common_password');
  if (isRepetitive(password)) problems.push('repetitive');
  return problems;
}

/** How many of the four character classes (lower case, upper case, digits, anything else) a password uses. */
export function characterClassesOf(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * Whether a password is a blocklisted one, ignoring case and common look-alike substitutions
 * (P@ssw0rd), also when digits or symbols are only added before and/or after it (Woaini1314!,
 * 2024admin123, !!Passw0rd2024): such decorations are the first thing a guesser tries, so they add no strength.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (BLOCKLIST.has(lower)) return true;
  const unleet = deLeet(lower);
  for (const entry of BLOCKLIST) {
    if (matchesWithDecoration(lower, lower, entry)) return true;
    // Look-alike substitutions only matter for entries that contain letters.
    if (/[a-z]/.test(entry) && matchesWithDecoration(unleet, lower, deLeet(entry))) return true;
  }
  return false;
}

/** Whether a password is one character repeated four or more times in a row, or a short pattern repeated throughout. */
export function isRepetitive(password: string): boolean {
  return /(.)\1{3,}/u.test(password) || /^(.{1,4})\1+$/u.test(password);
}

/** The message for one problem, in Chinese or English, with the policy's numbers filled in. */
export function passwordProblemMessage(code: PasswordProblemCode, policy: PasswordPolicy, lang: MessageLang): string {
  const messages: Record<PasswordProblemCode, [string, string]> = {
    too_short: [`密码至少需要 ${policy.minLength} 个字符`, `Use at least ${policy.minLength} characters`],
    too_few_classes: [
      `密码需包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类`,
      `Use at least ${policy.minClasses} of: upper-case letters, lower-case letters, digits, symbols`,
    ],
    contains_username: ['密码不能包含用户名', 'The password must not contain the username'],
    contains_name: ['密码不能包含姓名', 'The password must not contain your name'],
    common_password: [
      '该密码过于常见（或只是在常见密码前后加了数字或符号），容易被猜中',
      'This password is too common (or a common one with digits or symbols added) and easy to guess',
    ],
    repetitive: ['密码不能由重复的字符或片段组成', 'The password must not be made of repeated characters or patterns'],
    same_as_current: ['新密码不能与当前密码相同', 'The new password must differ from the current one'],
  };
  return messages[code][lang === 'zh' ? 0 : 1];
}

function deLeet(s: string): string {
  return [...s].map((c) => LEET[c] ?? c).join('');
}

// `form` is the (possibly substituted) password, `original` the lower-cased one with the same positions:
// the entry must appear in `form` with only digits and symbols around it in `original`.
function matchesWithDecoration(form: string, original: string, entry: string): boolean {
  if (entry.length === 0) return false;
  const decoration = /^[^a-z]*$/;
  for (let i = form.indexOf(entry); i !== -1; i = form.indexOf(entry, i + 1)) {
    if (decoration.test(original.slice(0, i)) && decoration.test(original.slice(i + entry.length))) return true;
  }
  return false;
}
