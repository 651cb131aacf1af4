// Formalism checks (形式主义): visits that produce nothing, are logged in bursts, at hours nobody visits, or that the
// household denies in a random call-back. Pure: the visits and the call-back outcomes come in, the flags go out.
import type { FormalismFlag, VisitForm } from '../../../../contracts/liaison.js';

export interface VisitForCheck {
  id: number;
  cadrePersonId: number;
  visitedAtMs: number;
  form: VisitForm;
  learned: string;
  needs: string;
  opinions: string;
  problem: string | null;
}

export interface FormalismOptions {
  /** Visits of one cadre at least this many within `burstWindowMs` of each other are a burst. */
  burstSize: number;
  burstWindowMs: number;
  /** Plausible local hours for home visits and forums: [from, to) in the zone's hours. */
  plausibleFromHour: number;
  plausibleToHour: number;
  /** The zone's offset from UTC in minutes (China: +480, no daylight saving). */
  utcOffsetMinutes: number;
  /** Content shorter than this (all three answers together, without punctuation and spaces) counts as empty. */
  minContentChars: number;
}

export const DEFAULT_FORMALISM_OPTIONS: FormalismOptions = {
  burstSize: 3,
  burstWindowMs: 10 * 60_000,
  plausibleFromHour: 7,
  plausibleToHour: 22,
  utcOffsetMinutes: 480,
  minContentChars: 6,
};

/** Answers that say nothing (无, 正常, 好, 没有, 同上…) count as empty, however often repeated. */
const NOTHING = /^(无|没有|正常|好|很好|一切正常|同上|暂无|无意见|无需求|满意|ok|none|n\/a)*$/i;

/** Whether a visit recorded nothing learned, no need and no opinion (and found no problem). */
export function isEmptyVisit(v: Pick<VisitForCheck, 'learned' | 'needs' | 'opinions' | 'problem'>, minChars: number) {
  if (v.problem?.trim()) return false;
  const parts = [v.learned, v.needs, v.opinions].map((s) => s.replace(/[\s\p{P}\p{S}]/gu, ''));
  const meaningful = parts.filter((p) => !NOTHING.test(p));
  return meaningful.join('').length < minChars;
}

/** The local hour (0..23) of an instant in a fixed-offset zone. */
export function localHour(ms: number, utcOffsetMinutes: number): number {
  return new Date(ms + utcOffsetMinutes * 60_000).getUTCHours();
}

/**
 * The flags of each visit: empty content; part of a burst (the same cadre dating `burstSize` or more visits within
 * the window — nobody visits three homes in ten minutes, it is the sign of back-filling a list); dated outside
 * plausible local hours (any form: a call at midnight is no visit either); and denied by the household in a
 * call-back. Visits with no flag are left out.
 */
export function flagVisits(
  visits: readonly VisitForCheck[],
  deniedVisitIds: ReadonlySet<number>,
  opts: FormalismOptions = DEFAULT_FORMALISM_OPTIONS,
): Map<number, FormalismFlag[]> {
  const flags = new Map<number, FormalismFlag[]>();
  const add = (id: number, f: FormalismFlag) => {
    const list = flags.get(id) ?? [];
    if (!list.includes(f)) list.push(f);
    flags.set(id, list);
  };
  for (const v of visits) {
    if (isEmptyVisit(v, opts.minContentChars)) add(v.id, 'empty_content');
    const hour = localHour(v.visitedAtMs, opts.utcOffsetMinutes);
    if (hour < opts.plausibleFromHour || hour >= opts.plausibleToHour) add(v.id, 'implausible_hour');
    if (deniedVisitIds.has(v.id)) add(v.id, 'denied_by_household');
  }
  for (const ids of burstsOf(visits, opts)) for (const id of ids) add(id, 'burst');
  // Stable order of flags, as listed in FORMALISM_FLAGS.
  const order: FormalismFlag[] = ['empty_content', 'burst', 'implausible_hour', 'denied_by_household'];
  for (const [id, list] of flags)
    flags.set(
      id,
      order.filter((f) => list.includes(f)),
    );
  return flags;
}

/** Groups of visit ids of one cadre where `burstSize` or more fall within one window (sliding over time order). */
function burstsOf(visits: readonly VisitForCheck[], opts: FormalismOptions): number[][] {
  const byCadre = new Map<number, VisitForCheck[]>();
  for (const v of visits) byCadre.set(v.cadrePersonId, [...(byCadre.get(v.cadrePersonId) ?? []), v]);
  const out: number[][] = [];
  for (const list of byCadre.values()) {
    const sorted = [...list].sort((a, b) => a.visitedAtMs - b.visitedAtMs || a.id - b.id);
    let start = 0;
    for (let end = 0; end < sorted.length; end++) {
      while (sorted[end]!.visitedAtMs - sorted[start]!.visitedAtMs > opts.burstWindowMs) start++;
      if (end - start + 1 >= opts.burstSize) out.push(sorted.slice(start, end + 1).map((v) => v.id));
    }
  }
  return out;
}
