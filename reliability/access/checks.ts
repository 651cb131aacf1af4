/**
 * The verdicts of the access runner, kept apart so they are tested (checks.test.ts): a cell's observed outcome against
 * its expectation, and the privacy scan of every answer for plaintext phones and ID numbers. The patterns are the
 * same as the e2e privacy hook's (e2e/privacy.mjs).
 */
import type { Outcome, Principal } from './matrix.js';
import type { Observed, Seen } from './probes.js';

export function judge(exp: Outcome, o: Observed): { ok: boolean; problem?: string } {
  if (o.outcome === 'error') return { ok: false, problem: `unexpected answer ${o.status}` };
  if (o.sameAsAbsent === false) {
    return {
      ok: false,
      problem: `forbidden id answered ${o.status} ${o.detail ?? ''}, absent id ${o.absent?.status} ${o.absent?.code ?? ''}`,
    };
  }
  if (o.outcome === exp) return { ok: true };
  const rank = { deny: 0, masked: 1, allow: 2 } as const;
  return { ok: false, problem: rank[o.outcome] > rank[exp] ? 'unexpected allow' : 'unexpected deny' };
}

/** Mainland mobile numbers (11 digits, 13–19) and 18-character resident ID numbers, not inside longer runs of digits or Latin letters (hashes, tokens). */
export const MOBILE = /(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])/g;
export const ID_NUMBER =
  /(?<![0-9A-Za-z])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])/g;

export function privacyScan(seen: readonly Seen[], secrets: readonly string[]) {
  const findings: { who: Principal; cell: string; url: string; match: string; context: string }[] = [];
  for (const s of seen) {
    if (s.mayHoldPlaintext) continue;
    const matches = new Set([
      ...secrets.filter((x) => s.text.includes(x)),
      ...(s.text.match(MOBILE) ?? []),
      ...(s.text.match(ID_NUMBER) ?? []),
    ]);
    for (const match of matches) {
      const at = s.text.indexOf(match);
      const context = `${s.text.slice(Math.max(0, at - 40), at)}[…]${s.text.slice(at + match.length, at + match.length + 40)}`;
      findings.push({ who: s.who, cell: s.cell, url: s.url, match, context });
    }
  }
  return { answers: seen.length, findings };
}
