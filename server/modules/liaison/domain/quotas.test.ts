import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUOTA_RULE,
  type HouseholdTag,
  PARTY_MEMBER_PLUS_TEN_RULE,
  type QuotaRule,
} from '../../../../contracts/liaison.js';
import type { PersonRank } from '../../../../contracts/org.js';
import { canPair, isUnderQuota, quotaFor } from './quotas.js';

const households = (n: number, tags: HouseholdTag[] = []) =>
  Array.from({ length: n }, (_, i) => ({ householdId: i + 1, tags }));
const next = (tags: HouseholdTag[] = []) => ({ householdId: 999, tags });

describe('quota per rank under the default rule (county 4, section 2, ordinary 1)', () => {
  it.each<[PersonRank, number]>([
    ['county', 4],
    ['section', 2],
    ['ordinary', 1],
    ['village', 1],
  ])('a %s-level cadre is paired with %i households', (rank, total) => {
    expect(quotaFor(DEFAULT_QUOTA_RULE, rank)).toEqual({ total, partyMembers: 0 });
  });

  it.each<[PersonRank, number, boolean]>([
    ['county', 3, true],
    ['county', 4, false],
    ['section', 1, true],
    ['section', 2, false],
    ['ordinary', 0, true],
    ['ordinary', 1, false],
  ])('a %s-level cadre with %i households may take one more: %s', (rank, have, ok) => {
    expect(canPair(DEFAULT_QUOTA_RULE, rank, households(have), next()).ok).toBe(ok);
    expect(isUnderQuota(DEFAULT_QUOTA_RULE, rank, have)).toBe(ok);
  });

  it('a configured rule changes the quota', () => {
    const rule: QuotaRule = { kind: 'by_rank', quotas: { county: 6, section: 3, ordinary: 2, village: 0 } };
    expect(canPair(rule, 'county', households(5), next()).ok).toBe(true);
    expect(canPair(rule, 'village', [], next())).toEqual({
      ok: false,
      refusal: { type: 'QuotaExceeded', quota: { total: 0, partyMembers: 0 } },
    });
  });

  it('the same household cannot be paired twice with one cadre', () => {
    expect(canPair(DEFAULT_QUOTA_RULE, 'county', households(1), { householdId: 1, tags: [] })).toEqual({
      ok: false,
      refusal: { type: 'AlreadyPaired' },
    });
  });
});

describe('the rule "one poor party member plus ten households" for leaders', () => {
  const rule = PARTY_MEMBER_PLUS_TEN_RULE;
  it('a county-level leader has 11 slots, one of them for a poor party member; an ordinary cadre has 1', () => {
    expect(quotaFor(rule, 'county')).toEqual({ total: 11, partyMembers: 1 });
    expect(quotaFor(rule, 'section')).toEqual({ total: 11, partyMembers: 1 });
    expect(quotaFor(rule, 'ordinary')).toEqual({ total: 1, partyMembers: 0 });
  });

  it.each<[string, { householdId: number; tags: HouseholdTag[] }[], HouseholdTag[], boolean]>([
    ['ten ordinary households, the eleventh ordinary one is refused', households(10), [], false],
    ['ten ordinary households, a poor party member fills the last slot', households(10), ['poor_party_member'], true],
    [
      'a poor party member and nine others, one more ordinary household fits',
      [...households(9), { householdId: 50, tags: ['poor_party_member'] }],
      [],
      true,
    ],
    [
      'a poor party member and ten others: full',
      [...households(10), { householdId: 50, tags: ['poor_party_member'] }],
      ['poor_party_member'],
      false,
    ],
    [
      'two poor party members count as one plus one ordinary',
      [
        ...households(8),
        { householdId: 50, tags: ['poor_party_member'] },
        { householdId: 51, tags: ['poor_party_member'] },
      ],
      [],
      true,
    ],
  ])('%s', (_name, current, tags, ok) => {
    expect(canPair(rule, 'county', current, next(tags)).ok).toBe(ok);
  });
});
