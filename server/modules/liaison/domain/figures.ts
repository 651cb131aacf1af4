// The liaison figures (per cadre, unit or township) rolled up from per-cadre facts: households paired, visit coverage
// in a period, problems found and resolved, commitments fulfilled on time, deeds and aid money. Pure.
import type { FigureRow } from '../../../../contracts/liaison.js';

export type FigureGroup = 'cadre' | 'unit' | 'township';

export interface FigureFacts {
  cadres: { id: number; name: string; unitId: number; unitName: string; unitDivisionCode: string }[];
  /** Pairings open at the end of the period. */
  paired: { cadrePersonId: number; householdId: number; divisionCode: string }[];
  /** Per cadre and household: visits in the period and the requests they started. */
  visits: { cadrePersonId: number; householdId: number; divisionCode: string; visits: number; requestIds: number[] }[];
  resolvedRequestIds: ReadonlySet<number>;
  /** Commitments due in the period: deadline day and the local day fulfilled (null while open). */
  commitments: { cadrePersonId: number; deadline: string; fulfilledDay: string | null }[];
  deeds: { cadrePersonId: number; divisionCode: string | null; aidFen: number }[];
  /** Township (or county, for county-level places) name by code. */
  divisionNames: ReadonlyMap<string, string>;
}

/** The township a place belongs to: its first nine digits; a county-level place stands for itself. */
export function townshipOf(divisionCode: string): string {
  return `${divisionCode.slice(0, 9)}000`;
}

/** The local calendar day of an instant in a fixed-offset zone ('YYYY-MM-DD'). */
export function localDay(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

interface Acc {
  key: string;
  name: string;
  cadres: Set<number>;
  paired: Set<number>;
  visited: Set<number>;
  visits: number;
  problems: number;
  resolved: number;
  due: number;
  onTime: number;
  deeds: number;
  aidFen: number;
}

const emptyAcc = (key: string, name: string): Acc => ({
  key,
  name,
  cadres: new Set(),
  paired: new Set(),
  visited: new Set(),
  visits: 0,
  problems: 0,
  resolved: 0,
  due: 0,
  onTime: 0,
  deeds: 0,
  aidFen: 0,
});

function toRow(a: Acc): FigureRow {
  return {
    key: a.key,
    name: a.name,
    cadres: a.cadres.size,
    householdsPaired: a.paired.size,
    householdsVisited: a.visited.size,
    visitCoverage: a.paired.size === 0 ? null : a.visited.size / a.paired.size,
    visits: a.visits,
    problemsFound: a.problems,
    problemsResolved: a.resolved,
    commitmentsDue: a.due,
    commitmentsOnTime: a.onTime,
    deeds: a.deeds,
    aidFen: a.aidFen,
  };
}

/**
 * Rolls the facts up by cadre, by the cadre's unit, or by township. By township, paired households and visits count
 * where the household lives, deeds where their household lives (else the cadre's unit's place), commitments at the
 * cadre's unit's place. Visit coverage counts only paired households visited. The total is the same roll-up over
 * everything (a household paired with two cadres counts once in it).
 */
export function rollUpFigures(facts: FigureFacts, group: FigureGroup): { rows: FigureRow[]; total: FigureRow } {
  const cadreById = new Map(facts.cadres.map((c) => [c.id, c]));
  const groups = new Map<string, Acc>();
  const total = emptyAcc('total', '');
  const keyOf = (cadreId: number, divisionCode: string | null): { key: string; name: string } | null => {
    const c = cadreById.get(cadreId);
    if (!c) return null;
    if (group === 'cadre') return { key: String(c.id), name: c.name };
    if (group === 'unit') return { key: String(c.unitId), name: c.unitName };
    const t = townshipOf(divisionCode ?? c.unitDivisionCode);
    return { key: t, name: facts.divisionNames.get(t) ?? t };
  };
  const accOf = (cadreId: number, divisionCode: string | null): Acc[] => {
    const k = keyOf(cadreId, divisionCode);
    if (!k) return [];
    let a = groups.get(k.key);
    if (!a) {
      a = emptyAcc(k.key, k.name);
      groups.set(k.key, a);
    }
    return [a, total];
  };
  const pairedSet = new Set(facts.paired.map((p) => `${p.cadrePersonId}:${p.householdId}`));
  for (const p of facts.paired) {
    for (const a of accOf(p.cadrePersonId, p.divisionCode)) {
      a.cadres.add(p.cadrePersonId);
      a.paired.add(p.householdId);
    }
  }
  for (const v of facts.visits) {
    const resolved = v.requestIds.filter((id) => facts.resolvedRequestIds.has(id)).length;
    for (const a of accOf(v.cadrePersonId, v.divisionCode)) {
      a.cadres.add(v.cadrePersonId);
      if (pairedSet.has(`${v.cadrePersonId}:${v.householdId}`)) a.visited.add(v.householdId);
      a.visits += v.visits;
      a.problems += v.requestIds.length;
      a.resolved += resolved;
    }
  }
  for (const c of facts.commitments) {
    for (const a of accOf(c.cadrePersonId, null)) {
      a.due += 1;
      if (c.fulfilledDay !== null && c.fulfilledDay <= c.deadline) a.onTime += 1;
    }
  }
  for (const d of facts.deeds) {
    for (const a of accOf(d.cadrePersonId, d.divisionCode)) {
      a.deeds += 1;
      a.aidFen += d.aidFen;
    }
  }
  const rows = [...groups.values()].map(toRow).sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
  return { rows, total: toRow(total) };
}
