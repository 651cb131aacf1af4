// Pairing quotas (结对定额): how many households a cadre is paired with, by rank, under the county's rule.
import type { HouseholdTag, QuotaRule } from '../../../../contracts/liaison.js';
import type { PersonRank } from '../../../../contracts/org.js';

/** What a cadre of a rank must (and may at most) be paired with: in all, and how many of those are poor party members. */
export interface Quota {
  total: number;
  partyMembers: number;
}

/** The quota of a rank under a rule: by rank; or a leader's one poor party member plus ten households, others flat. */
export function quotaFor(rule: QuotaRule, rank: PersonRank): Quota {
  if (rule.kind === 'by_rank') return { total: rule.quotas[rank], partyMembers: 0 };
  if (rule.leaderRanks.includes(rank)) {
    return { total: rule.partyMembers + rule.households, partyMembers: rule.partyMembers };
  }
  return { total: rule.otherQuota, partyMembers: 0 };
}

export type PairingRefusal = { type: 'QuotaExceeded'; quota: Quota } | { type: 'AlreadyPaired' };

const isPoorPartyMember = (tags: readonly HouseholdTag[]) => tags.includes('poor_party_member');

/**
 * Whether one more household may be paired with a cadre who already has `current` open pairings (each the household's
 * id and tags). Under "party member plus ten", the party-member slots take only poor party member households and the
 * other slots take anyone, so the eleventh ordinary household is refused while the party-member slot is free.
 */
export function canPair(
  rule: QuotaRule,
  rank: PersonRank,
  current: readonly { householdId: number; tags: readonly HouseholdTag[] }[],
  next: { householdId: number; tags: readonly HouseholdTag[] },
): { ok: true } | { ok: false; refusal: PairingRefusal } {
  if (current.some((c) => c.householdId === next.householdId)) return { ok: false, refusal: { type: 'AlreadyPaired' } };
  const quota = quotaFor(rule, rank);
  const used = usedSlots(quota, current);
  const fitsPartySlot = isPoorPartyMember(next.tags) && used.partyMembers < quota.partyMembers;
  const fitsOtherSlot = used.others < quota.total - quota.partyMembers;
  if (fitsPartySlot || fitsOtherSlot) return { ok: true };
  return { ok: false, refusal: { type: 'QuotaExceeded', quota } };
}

/** How the current households fill a quota's slots: poor party members fill the party-member slots first. */
function usedSlots(quota: Quota, current: readonly { tags: readonly HouseholdTag[] }[]) {
  const poor = current.filter((c) => isPoorPartyMember(c.tags)).length;
  const partyMembers = Math.min(poor, quota.partyMembers);
  return { partyMembers, others: current.length - partyMembers };
}

/** A cadre is under quota while paired with fewer households than the quota's total (the coverage view lists them). */
export function isUnderQuota(rule: QuotaRule, rank: PersonRank, paired: number): boolean {
  return paired < quotaFor(rule, rank).total;
}
