/*
 * Proposing the lead unit (主办) and assisting units (协办) of a request from its place (属地) and its category
 * (职能: the units whose responsibility catalogue 职责清单 owns it). The dispatcher confirms or changes the proposal;
 * the reasons explain it in both languages.
 *
 * The rule:
 * 1. Only government bodies lead: departments, township governments (乡镇/街道), people's governments and public
 *    service enterprises (供水、供电 companies). Village committees and communities (群众自治组织) and party branches
 *    may own categories but only ever assist.
 * 2. A candidate owns the category (the leaf or one of its parents) and its jurisdiction covers the place: its
 *    division is the place or one of the place's ancestors. A county department serves the whole county.
 * 3. Among candidates the most specific jurisdiction leads (属地优先): a township that lists the category in its
 *    catalogue leads for any place in the township — village-level or not — and the county department that owns the
 *    same category assists with its professional function. A township's catalogue lists only what it handles on
 *    the ground, so listing a category is the township's commitment to lead on it.
 * 4. Equally specific candidates: the one owning the more specific category (the leaf over a parent) leads; a
 *    remaining tie is overlapping functions (职能交叉): the lowest id leads, the others assist, and the reasons say
 *    so for the dispatcher to confirm.
 * 5. No candidate: the government of the place owns it (兜底) — the township government of the place, or the county
 *    government for a place without a township — with `fallback: true`.
 * 6. When a township-level unit leads a matter in a village or community, that village committee or community
 *    assists (村居协办), because the township works on the ground through it.
 * 7. Units that already returned the request (退回单位) are never proposed again, to lead or to assist: a
 *    re-dispatch after a return goes to the next candidate, or to the place's government (兜底) when none is left.
 */
import {
  DIVISION_LEVEL_LABELS,
  DIVISION_LEVELS,
  type DivisionLevel,
  type UnitKind,
} from '../../../../contracts/org.js';

export interface ProposalUnit {
  id: number;
  name: string;
  kind: UnitKind;
  /** The unit's jurisdiction. */
  divisionCode: string;
  /** The category in its catalogue that covers this request (the leaf or an ancestor), when known. */
  ownedCategoryCode?: string;
}

export interface DispatchProposalInput {
  categoryCode: string;
  /** The category's ancestors, root first (e.g. ['A', 'A.03']). */
  categoryAncestors: readonly string[];
  /** The place of the request. */
  divisionCode: string;
  /** The place's lineage, root first, as org's divisionAncestors gives it (the place itself last; added when missing). */
  divisionAncestors: readonly { code: string; level: DivisionLevel }[];
  /** Units whose catalogue owns the category or one of its ancestors. */
  unitsOwningCategory: readonly ProposalUnit[];
  /** The governments of the place's lineage: township governments, the county government, village committees and communities. */
  placeGovernments: readonly ProposalUnit[];
  /** Units that returned the request: left out of the proposal (a re-dispatch after a return). */
  excludedUnitIds?: readonly number[];
}

export interface Reason {
  zh: string;
  en: string;
}

export interface DispatchProposal {
  /** Null only when not even a government of the place is known: the dispatcher must choose. */
  leadUnitId: number | null;
  assistUnitIds: number[];
  reasons: Reason[];
  /** The place's government owns it because no unit's catalogue covers the matter there (兜底). */
  fallback: boolean;
}

const LEAD_KINDS: ReadonlySet<UnitKind> = new Set(['government', 'department', 'township', 'enterprise']);
const GOVERNMENT_KINDS: ReadonlySet<UnitKind> = new Set(['government', 'township']);
const GRASSROOTS_KINDS: ReadonlySet<UnitKind> = new Set(['village_committee', 'community']);

interface Candidate {
  unit: ProposalUnit;
  /** Index of the unit's division in the place's lineage (deeper = more specific). */
  coverDepth: number;
  /** Index of the owned category in the category's lineage (deeper = more specific); -1 when unknown. */
  categoryDepth: number;
}

/** Proposes the lead and assisting units of a request from place (属地) and function (职能) by the rule above, falling back to the place's township government (兜底) when no unit's catalogue covers the matter there. */
export function proposeLeadUnit(input: DispatchProposalInput): DispatchProposal {
  const lineage = placeLineage(input);
  const depthOf = new Map(lineage.map((d, i) => [d.code, i]));
  const categoryPath = [...input.categoryAncestors.filter((c) => c !== input.categoryCode), input.categoryCode];
  const levelOf = (unit: ProposalUnit) => lineage[depthOf.get(unit.divisionCode) ?? -1]?.level;
  const levelLabel = (unit: ProposalUnit) => {
    const level = levelOf(unit);
    return level ? { zh: DIVISION_LEVEL_LABELS[level], en: level } : { zh: '辖区', en: 'jurisdiction' };
  };

  const excluded = new Set(input.excludedUnitIds ?? []);
  // A unit listing several levels of the category (the leaf and a parent) is one candidate, by its most specific one.
  const owners = new Map<number, ProposalUnit>();
  for (const unit of input.unitsOwningCategory) {
    const known = owners.get(unit.id);
    const depth = (u: ProposalUnit) => (u.ownedCategoryCode ? categoryPath.indexOf(u.ownedCategoryCode) : -1);
    if (!known || depth(unit) > depth(known)) owners.set(unit.id, unit);
  }
  const covering: Candidate[] = [...owners.values()]
    .filter((unit) => !excluded.has(unit.id))
    .map((unit) => ({
      unit,
      coverDepth: depthOf.get(unit.divisionCode) ?? -1,
      categoryDepth: unit.ownedCategoryCode ? categoryPath.indexOf(unit.ownedCategoryCode) : -1,
    }))
    .filter((c) => c.coverDepth >= 0)
    .sort((a, b) => b.coverDepth - a.coverDepth || b.categoryDepth - a.categoryDepth || a.unit.id - b.unit.id);
  const leaders = covering.filter((c) => LEAD_KINDS.has(c.unit.kind));
  const reasons: Reason[] = [];
  const assist: number[] = [];
  const addAssist = (id: number, lead: number | null) => {
    if (id !== lead && !assist.includes(id)) assist.push(id);
  };

  let lead: ProposalUnit | null = null;
  let fallback = false;
  const top = leaders[0];
  if (top) {
    lead = top.unit;
    const where = levelLabel(lead);
    reasons.push({
      zh: `${lead.name}的职责清单包含该类诉求，管辖范围（${where.zh}）覆盖诉求发生地`,
      en: `${lead.name} owns this category in its responsibility catalogue and its jurisdiction (${where.en}) covers the place`,
    });
    for (const other of leaders.slice(1)) {
      addAssist(other.unit.id, lead.id);
      if (other.coverDepth === top.coverDepth && other.categoryDepth === top.categoryDepth) {
        reasons.push({
          zh: `职能交叉：${other.unit.name}同样负责该类诉求，建议协办，请派单员确认主办单位`,
          en: `Overlapping functions: ${other.unit.name} owns the same category; proposed as assisting unit — the dispatcher should confirm the lead`,
        });
      } else if (other.coverDepth < top.coverDepth) {
        const otherWhere = levelLabel(other.unit);
        reasons.push({
          zh: `属地优先：${lead.name}的管辖范围（${where.zh}）比${other.unit.name}（${otherWhere.zh}）更具体，${other.unit.name}协办`,
          en: `Place first: ${lead.name}'s jurisdiction (${where.en}) is more specific than ${other.unit.name}'s (${otherWhere.en}), which assists`,
        });
      } else {
        reasons.push({
          zh: `${lead.name}负责的类别更具体，${other.unit.name}协办`,
          en: `${lead.name} owns a more specific category; ${other.unit.name} assists`,
        });
      }
    }
  } else {
    fallback = true;
    lead = placeGovernment(
      lineage,
      input.placeGovernments.filter((u) => !excluded.has(u.id)),
    );
    if (lead) {
      reasons.push({
        zh: `没有单位的职责清单在诉求发生地覆盖该类诉求，按属地兜底原则由${lead.name}主办`,
        en: `No unit's responsibility catalogue covers this category at the place, so the place's government, ${lead.name}, owns it (fallback)`,
      });
    } else {
      reasons.push({
        zh: '没有单位的职责清单覆盖该类诉求，也未找到发生地的乡镇政府，请派单员指定主办单位',
        en: "No unit owns this category and the place's township government is unknown: the dispatcher must choose the lead unit",
      });
    }
  }

  // Village committees and communities owning the category assist where they cover the place.
  for (const c of covering) if (GRASSROOTS_KINDS.has(c.unit.kind)) addAssist(c.unit.id, lead?.id ?? null);

  if (lead && GOVERNMENT_KINDS.has(lead.kind) && levelOf(lead) === 'township') {
    const village = [...lineage].reverse().find((d) => d.level === 'village');
    const grassroots = village
      ? input.placeGovernments.find((u) => GRASSROOTS_KINDS.has(u.kind) && u.divisionCode === village.code)
      : undefined;
    if (grassroots && !excluded.has(grassroots.id) && !assist.includes(grassroots.id)) {
      addAssist(grassroots.id, lead.id);
      reasons.push({
        zh: `诉求发生在${grassroots.name}辖区，由其协办`,
        en: `The matter is in ${grassroots.name}'s area, which assists`,
      });
    }
  }

  const returned = [...input.unitsOwningCategory, ...input.placeGovernments].filter(
    (u, i, all) => excluded.has(u.id) && all.findIndex((x) => x.id === u.id) === i,
  );
  for (const unit of returned) {
    reasons.push({
      zh: `${unit.name}已退回本件，不再建议`,
      en: `${unit.name} returned this request and is not proposed again`,
    });
  }
  return { leadUnitId: lead?.id ?? null, assistUnitIds: assist, reasons, fallback };
}

/** The place's lineage root first, ending with the place (added one level below the last ancestor when missing). */
function placeLineage(input: DispatchProposalInput): { code: string; level: DivisionLevel }[] {
  const lineage = [...input.divisionAncestors];
  const last = lineage.at(-1);
  if (last?.code !== input.divisionCode) {
    const nextLevel = last ? DIVISION_LEVELS[DIVISION_LEVELS.indexOf(last.level) + 1] : undefined;
    lineage.push({ code: input.divisionCode, level: nextLevel ?? 'village' });
  }
  return lineage;
}

/** The government that owns an unowned matter: the township government of the place, else the county government. */
function placeGovernment(
  lineage: readonly { code: string; level: DivisionLevel }[],
  governments: readonly ProposalUnit[],
): ProposalUnit | null {
  for (const level of ['township', 'county'] as const) {
    const division = lineage.find((d) => d.level === level);
    if (!division) continue;
    const found = governments
      .filter((u) => GOVERNMENT_KINDS.has(u.kind) && u.divisionCode === division.code)
      .sort((a, b) => a.id - b.id)[0];
    if (found) return found;
  }
  return null;
}
