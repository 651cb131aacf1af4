import type { MetricRates } from '../../../../contracts/metrics.js';
import {
  type FrozenRanking,
  type FrozenRankingRow,
  RANKING_VOLUMES,
  type RankingDiff,
  type RankingList,
  type RankingUnitDiff,
} from '../../../../contracts/reports.js';

const RATE_KEYS = [
  'response',
  'timelyAcceptance',
  'resolution',
  'satisfaction',
  'onTime',
  'return',
  'reopen',
  'whistleReport',
] as const satisfies readonly (keyof MetricRates)[];

/** Differences below this are float noise, not a change (rates are stored to 4 decimals, scores to 2). */
const EPSILON = 1e-9;

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
const delta = (before: number | null, after: number | null): number | null =>
  before === null || after === null ? null : round4(after - before);
const same = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < EPSILON);

function listOf(ranking: FrozenRanking, unitId: number): RankingList {
  if (ranking.redListUnitIds.includes(unitId)) return 'red';
  if (ranking.blackListUnitIds.includes(unitId)) return 'black';
  return 'none';
}

function unitDiff(
  before: { ranking: FrozenRanking; row: FrozenRankingRow } | null,
  after: { ranking: FrozenRanking; row: FrozenRankingRow } | null,
): RankingUnitDiff {
  const b = before?.row ?? null;
  const a = after?.row ?? null;
  const row = (a ?? b) as FrozenRankingRow;
  const rates = RATE_KEYS.filter((k) => !same(b?.rates[k] ?? null, a?.rates[k] ?? null)).map((rate) => ({
    rate,
    before: b?.rates[rate] ?? null,
    after: a?.rates[rate] ?? null,
    delta: delta(b?.rates[rate] ?? null, a?.rates[rate] ?? null),
  }));
  const volumes = RANKING_VOLUMES.filter((k) => b?.volumes[k] !== a?.volumes[k]).map((volume) => ({
    volume,
    before: b?.volumes[volume] ?? null,
    after: a?.volumes[volume] ?? null,
  }));
  const listBefore = before ? listOf(before.ranking, row.unitId) : null;
  const listAfter = after ? listOf(after.ranking, row.unitId) : null;
  const renamed = !!a && !!b && a.unitName !== b.unitName;
  const change: RankingUnitDiff['change'] = !b
    ? 'added'
    : !a
      ? 'removed'
      : a.rank !== b.rank ||
          !same(a.score, b.score) ||
          rates.length > 0 ||
          volumes.length > 0 ||
          !same(a.handlingHoursAvg, b.handlingHoursAvg) ||
          listBefore !== listAfter ||
          renamed
        ? 'changed'
        : 'unchanged';
  return {
    unitId: row.unitId,
    unitName: row.unitName,
    unitNameBefore: renamed ? (b as FrozenRankingRow).unitName : null,
    change,
    rankBefore: b?.rank ?? null,
    rankAfter: a?.rank ?? null,
    rankDelta: b?.rank != null && a?.rank != null ? b.rank - a.rank : null,
    scoreBefore: b?.score ?? null,
    scoreAfter: a?.score ?? null,
    scoreDelta: delta(b?.score ?? null, a?.score ?? null),
    rates: b && a ? rates : [],
    volumes: b && a ? volumes : [],
    listBefore,
    listAfter,
  };
}

const ORDER: Record<RankingUnitDiff['change'], number> = { changed: 0, added: 0, removed: 0, unchanged: 1 };

/**
 * The difference between two frozen rankings of the same month and class, unit by unit: rank, score, rates and
 * counts that changed, red/black list moves, units added or removed; with no earlier version every unit is added.
 * A correction that changes nothing (no unit, weight or threshold differs) has `changed: false` and is not published.
 */
export function diffRankings(before: FrozenRanking | null, after: FrozenRanking): RankingDiff {
  const beforeRows = new Map((before?.rows ?? []).map((r) => [r.unitId, r]));
  const afterRows = new Map(after.rows.map((r) => [r.unitId, r]));
  const ids = [...new Set([...afterRows.keys(), ...beforeRows.keys()])];
  const units = ids.map((id) => {
    const b = beforeRows.get(id);
    const a = afterRows.get(id);
    return unitDiff(before && b ? { ranking: before, row: b } : null, a ? { ranking: after, row: a } : null);
  });
  const position = (u: RankingUnitDiff) => u.rankAfter ?? u.rankBefore ?? Number.MAX_SAFE_INTEGER;
  units.sort(
    (x, y) =>
      ORDER[x.change] - ORDER[y.change] ||
      position(x) - position(y) ||
      x.unitName.localeCompare(y.unitName, 'zh-CN') ||
      x.unitId - y.unitId,
  );
  const weightsChanged =
    !before ||
    !same(before.weights.response, after.weights.response) ||
    !same(before.weights.resolution, after.weights.resolution) ||
    !same(before.weights.satisfaction, after.weights.satisfaction);
  const minVolumeChanged = !before || before.minVolume !== after.minVolume;
  const count = (c: RankingUnitDiff['change']) => units.filter((u) => u.change === c).length;
  const added = count('added');
  const removed = count('removed');
  const changedUnits = count('changed');
  return {
    changed: weightsChanged || minVolumeChanged || added + removed + changedUnits > 0,
    weightsChanged,
    minVolumeChanged,
    added,
    removed,
    changedUnits,
    units,
  };
}
