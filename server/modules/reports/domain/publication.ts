import type { RankingResponse } from '../../../../contracts/metrics.js';
import type { FrozenRanking } from '../../../../contracts/reports.js';
import { diffRankings } from './ranking-diff.js';

/** Shanghai is UTC+8 all year (no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The first instant after a counting month 'YYYY-MM' ends (Shanghai midnight of the next month's 1st), epoch ms. */
export function monthEndMs(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS;
}

/** Whether a counting month is over at `nowMs`: only finished months are ranked for publication. */
export function isMonthOver(month: string, nowMs: number): boolean {
  return nowMs >= monthEndMs(month);
}

/**
 * What a publication keeps of a live ranking: the weights and threshold in force, each unit's rank, score, rates and
 * counts (the figures behind them stay in the requests module), and the red and black lists as unit ids.
 */
export function freezeRanking(live: RankingResponse): FrozenRanking {
  return {
    weights: { ...live.weights },
    minVolume: live.minVolume,
    rows: live.rows.map((r) => ({
      rank: r.rank,
      unitId: r.unitId,
      unitName: r.unitName,
      score: r.score,
      rates: { ...r.figures.rates },
      volumes: {
        requests: r.figures.requests,
        dispatched: r.figures.dispatched,
        handled: r.figures.handled,
        replied: r.figures.replied,
        rated: r.figures.rated,
        overdue: r.figures.overdue,
        returned: r.figures.returned,
        reopened: r.figures.reopened,
        excluded: r.figures.excluded,
        bounced: r.figures.bounced,
      },
      handlingHoursAvg: r.figures.handlingHoursAvg,
    })),
    redListUnitIds: live.redList.map((r) => r.unitId),
    blackListUnitIds: live.blackList.map((r) => r.unitId),
  };
}

export type PublicationRefusal =
  | { type: 'MonthNotEnded'; endsAtMs: number }
  | { type: 'Empty' }
  | { type: 'ReasonRequired'; version: number }
  | { type: 'Unchanged'; latestVersion: number };

/**
 * Decides whether a ranking may be published and as which version: only a month that has ended; never an empty
 * ranking; version 1 first, then a correction (version n + 1) only with a reason and only when it differs from the
 * latest published version — an identical correction would be an empty new version.
 */
export function decidePublication(input: {
  month: string;
  nowMs: number;
  candidate: FrozenRanking;
  latest: { version: number; ranking: FrozenRanking } | null;
  reason: string | undefined;
}): { ok: true; version: number } | { ok: false; refusal: PublicationRefusal } {
  if (!isMonthOver(input.month, input.nowMs)) {
    return { ok: false, refusal: { type: 'MonthNotEnded', endsAtMs: monthEndMs(input.month) } };
  }
  if (input.candidate.rows.length === 0) return { ok: false, refusal: { type: 'Empty' } };
  if (!input.latest) return { ok: true, version: 1 };
  const version = input.latest.version + 1;
  if (!diffRankings(input.latest.ranking, input.candidate).changed) {
    return { ok: false, refusal: { type: 'Unchanged', latestVersion: input.latest.version } };
  }
  if (!input.reason?.trim()) return { ok: false, refusal: { type: 'ReasonRequired', version } };
  return { ok: true, version };
}
