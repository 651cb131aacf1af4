/*
 * The liaison figures per cadre, unit or township over a period — what the assessment and reports modules read
 * through this module's index, and the leader's page shows. Facts are read per cadre in the actor's scope and rolled
 * up by the pure domain function.
 */
import type { FigureRow, LiaisonFigures } from '../../../contracts/liaison.js';
import type { Scope } from '../../../contracts/roles.js';
import type { Deps } from '../../platform/deps.js';
import { findDivisionNames, listCadresInScope } from '../org/index.js';
import { findRequestStates } from '../requests/index.js';
import { type FigureGroup, localDay, rollUpFigures, townshipOf } from './domain/figures.js';
import { periodOf, UTC_OFFSET_MINUTES } from './liaison.common.js';
import { commitmentsDue, deedsDone, pairingsOpenAt, visitTotals } from './liaison.repository.js';

/** Request states that count a visit's problem as resolved: the unit has answered. */
const RESOLVED_STATES = new Set(['replied', 'rated', 'closed']);

/**
 * The liaison figures of the cadres in a scope for the local days [from, to], grouped by cadre, unit or township:
 * households paired at the period's end, paired households visited in it, visits, problems found and resolved,
 * commitments due in it and fulfilled on time, deeds and aid money (fen). Rows in key order, at most `limit`.
 */
export async function getLiaisonFigures(
  deps: Pick<Deps, 'db'>,
  scope: Scope,
  q: { groupBy: FigureGroup; from: string; to: string; limit: number },
): Promise<LiaisonFigures> {
  const period = periodOf(q.from, q.to);
  const cadres = await listCadresInScope(deps.db, scope);
  const ids = cadres.map((c) => c.id);
  const [paired, visits, commitments, deeds] = await Promise.all([
    pairingsOpenAt(deps.db, ids, period.to),
    visitTotals(deps.db, ids, period.from, period.to),
    commitmentsDue(deps.db, ids, q.from, q.to),
    deedsDone(deps.db, ids, q.from, q.to),
  ]);
  const requestIds = visits.flatMap((v) => v.requestIds);
  const states = await findRequestStates(deps.db, requestIds);
  const resolved = new Set(requestIds.filter((id) => RESOLVED_STATES.has(states.get(id)?.state ?? '')));
  const townships =
    q.groupBy === 'township'
      ? await findDivisionNames(deps.db, [
          ...new Set(
            [
              ...paired.map((p) => p.divisionCode),
              ...visits.map((v) => v.divisionCode),
              ...deeds.flatMap((d) => (d.divisionCode ? [d.divisionCode] : [])),
              ...cadres.map((c) => c.unitDivisionCode),
            ].map(townshipOf),
          ),
        ])
      : new Map<string, string>();
  const { rows, total } = rollUpFigures(
    {
      cadres,
      paired,
      visits,
      resolvedRequestIds: resolved,
      commitments: commitments.map((c) => ({
        cadrePersonId: c.cadrePersonId,
        deadline: c.deadline,
        fulfilledDay: c.fulfilledAt ? localDay(c.fulfilledAt.getTime(), UTC_OFFSET_MINUTES) : null,
      })),
      deeds,
      divisionNames: townships,
    },
    q.groupBy,
  );
  const shown: FigureRow[] = rows.slice(0, q.limit);
  return { groupBy: q.groupBy, from: q.from, to: q.to, rows: shown, total: { ...total, name: '合计 Total' } };
}
