/*
 * Published monthly rankings (issue #5 point 4): an administrator freezes a finished month's ranking of one class of
 * unit for a county — computed at that moment by the requests module's live ranking — as version 1; a correction is
 * the next version, with a reason, only when it differs. Versions are read back frozen, compared with the version
 * before, and the latest one of each month is public (the portal shows it).
 */
import type { UnitKind } from '../../../contracts/org.js';
import type {
  PublicRanking,
  PublicRankingMonths,
  PublishedRanking,
  PublishedRankingDiff,
  PublishedRankingSummary,
} from '../../../contracts/reports.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError, toFieldIssues } from '../../platform/http/errors.js';
import { divisionAncestors } from '../org/index.js';
import { getRanking } from '../requests/index.js';
import {
  decidePublication,
  freezeRanking,
  isMonthOver,
  monthEndMs,
  type PublicationRefusal,
} from './domain/publication.js';
import { diffRankings } from './domain/ranking-diff.js';
import {
  findLatestRanking,
  findPreviousRanking,
  findPublishingCounties,
  findRankingById,
  insertRanking,
  latestVersions,
  listPublishedMonths,
  listRankings,
  rankingKey,
  type StoredRanking,
} from './reports.repository.js';

export type ReportsActor = Pick<Actor, 'userId' | 'username' | 'displayName' | 'scope' | 'unitId' | 'permissions'>;

/** At most this many versions in one list answer (a year of every class for a few counties). */
const LIST_LIMIT = 500;

function fieldError(field: string, zh: string, en: string): AppError {
  const zhIssue = toFieldIssues([{ path: [field], message: zh }], 'zh')[0]!;
  const enIssue = toFieldIssues([{ path: [field], message: en }], 'en')[0]!;
  return new AppError('VALIDATION_FAILED', {
    issues: [{ ...zhIssue, messageZh: zhIssue.messageZh, messageEn: enIssue.messageEn }],
  });
}

/**
 * The county a publication is for: the one named, or the county of the publisher's division scope. The publisher's
 * scope must cover the whole county (all, or the county or a division above it): a township cannot publish for it.
 */
async function publishingCounty(
  deps: Pick<Deps, 'db'>,
  actor: ReportsActor,
  countyCode: string | undefined,
): Promise<{ code: string; name: string }> {
  const scope = actor.scope;
  const code = countyCode ?? (scope.kind === 'division' ? `${scope.divisionCode.slice(0, 6)}000000` : undefined);
  if (!code) throw fieldError('countyCode', '请选择县（区）', 'choose a county');
  const lineage = await divisionAncestors(deps.db, code);
  const county = lineage[lineage.length - 1];
  if (!county || county.code !== code || county.level !== 'county') {
    throw fieldError('countyCode', `县（区）${code} 不存在`, `county ${code} does not exist`);
  }
  if (scope.kind === 'all') return { code, name: county.name };
  if (scope.kind === 'division' && lineage.some((d) => d.code === scope.divisionCode)) {
    return { code, name: county.name };
  }
  throw new AppError('AUTH_OUT_OF_SCOPE');
}

function refusalError(refusal: PublicationRefusal): AppError {
  switch (refusal.type) {
    case 'MonthNotEnded':
      return new AppError('REPORTS_MONTH_NOT_ENDED', { endsAt: new Date(refusal.endsAtMs).toISOString() });
    case 'Empty':
      return new AppError('REPORTS_RANKING_EMPTY');
    case 'Unchanged':
      return new AppError('REPORTS_RANKING_UNCHANGED', { latestVersion: refusal.latestVersion });
    case 'ReasonRequired':
      return fieldError(
        'reason',
        `发布第 ${refusal.version} 版（更正）须填写更正原因`,
        `a correction (version ${refusal.version}) needs the reason for it`,
      );
  }
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/**
 * Publishes a finished month's ranking of one class of unit for a county: the requests module computes it now over
 * the whole county; it is stored frozen as version 1, or as the next version when it differs from the latest one
 * and a reason is given. Audited in the same transaction. Two publishers racing for the same version: one wins,
 * the other gets 409 CONFLICT.
 */
export async function publishRanking(
  deps: Deps,
  actor: ReportsActor,
  input: {
    countyCode?: string | undefined;
    month: string;
    unitKind: UnitKind;
    note?: string | undefined;
    reason?: string | undefined;
  },
  httpRequestId: string,
): Promise<PublishedRanking> {
  const now = deps.now();
  const county = await publishingCounty(deps, actor, input.countyCode);
  if (!isMonthOver(input.month, now.getTime())) {
    throw refusalError({ type: 'MonthNotEnded', endsAtMs: monthEndMs(input.month) });
  }
  // The ranking of the whole county, whatever part of it the publisher's own view covers.
  const live = await getRanking(
    deps,
    { ...actor, scope: { kind: 'all' } },
    { month: input.month, unitKind: input.unitKind, countyCode: county.code },
  );
  const candidate = freezeRanking(live);
  const key = { countyCode: county.code, month: input.month, unitKind: input.unitKind };
  const who = auditActorOf(actor);
  let id: number;
  try {
    id = await deps.db.transaction().execute(async (trx) => {
      const latest = await findLatestRanking(trx, key);
      const decision = decidePublication({
        month: input.month,
        nowMs: now.getTime(),
        candidate,
        latest: latest ? { version: latest.version, ranking: latest.ranking } : null,
        reason: input.reason,
      });
      if (!decision.ok) throw refusalError(decision.refusal);
      const reason = decision.version === 1 ? null : (input.reason ?? null);
      const newId = await insertRanking(trx, {
        ...key,
        countyName: county.name,
        version: decision.version,
        publishedAt: now,
        publishedByUserId: actor.userId,
        publishedBy: actor.displayName,
        note: input.note ?? null,
        reason,
        ranking: candidate,
      });
      await appendAudit(trx, {
        actor: who,
        action: decision.version === 1 ? 'reports.ranking.publish' : 'reports.ranking.correct',
        objectType: 'published_ranking',
        objectId: newId,
        after: {
          ...key,
          version: decision.version,
          note: input.note ?? null,
          reason,
          units: candidate.rows.length,
          redList: candidate.redListUnitIds,
          blackList: candidate.blackListUnitIds,
        },
        requestId: httpRequestId,
        at: now,
      });
      return newId;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT');
    throw err;
  }
  return getPublishedRanking(deps, id);
}

function summaryOf(r: StoredRanking, latestVersion: number): PublishedRankingSummary {
  return {
    id: r.id,
    countyCode: r.countyCode,
    countyName: r.countyName,
    month: r.month,
    unitKind: r.unitKind,
    version: r.version,
    publishedAt: r.publishedAt.toISOString(),
    publishedBy: r.publishedBy,
    note: r.note,
    reason: r.reason,
    rankedUnits: r.ranking.rows.filter((row) => row.rank !== null).length,
    units: r.ranking.rows.length,
    latest: r.version >= latestVersion,
  };
}

function withLists(r: StoredRanking) {
  const byId = new Map(r.ranking.rows.map((row) => [row.unitId, row]));
  const pick = (ids: number[]) => ids.flatMap((id) => byId.get(id) ?? []);
  return {
    weights: r.ranking.weights,
    minVolume: r.ranking.minVolume,
    rows: r.ranking.rows,
    redList: pick(r.ranking.redListUnitIds),
    blackList: pick(r.ranking.blackListUnitIds),
  };
}

/**
 * The published versions, newest month first and newest version first, optionally of one county, month and class.
 * Published rankings are public by design, so every reader sees every county's versions.
 */
export async function listPublishedRankings(
  deps: Pick<Deps, 'db'>,
  q: { countyCode?: string | undefined; month?: string | undefined; unitKind?: UnitKind | undefined },
): Promise<{ items: PublishedRankingSummary[] }> {
  const rows = await listRankings(deps.db, { ...q, limit: LIST_LIMIT });
  const latest = await latestVersions(deps.db, rows);
  return { items: rows.map((r) => summaryOf(r, latest.get(rankingKey(r)) ?? r.version)) };
}

async function rankingOrFail(deps: Pick<Deps, 'db'>, id: number): Promise<StoredRanking> {
  const r = await findRankingById(deps.db, id);
  if (!r) throw new AppError('REPORTS_RANKING_NOT_FOUND');
  return r;
}

async function latestVersionOf(deps: Pick<Deps, 'db'>, r: StoredRanking): Promise<number> {
  return (await findLatestRanking(deps.db, r))?.version ?? r.version;
}

/** One frozen version exactly as it was published, with its red and black lists. */
export async function getPublishedRanking(deps: Pick<Deps, 'db'>, id: number): Promise<PublishedRanking> {
  const r = await rankingOrFail(deps, id);
  return { ...summaryOf(r, await latestVersionOf(deps, r)), ...withLists(r) };
}

/** A version against the one before it (version 1: against nothing, every unit added). */
export async function getPublishedRankingDiff(deps: Pick<Deps, 'db'>, id: number): Promise<PublishedRankingDiff> {
  const r = await rankingOrFail(deps, id);
  const [previous, latest] = await Promise.all([findPreviousRanking(deps.db, r), latestVersionOf(deps, r)]);
  return {
    ...diffRankings(previous?.ranking ?? null, r.ranking),
    from: previous ? summaryOf(previous, latest) : null,
    to: summaryOf(r, latest),
    weightsBefore: previous?.ranking.weights ?? null,
    weightsAfter: r.ranking.weights,
  };
}

/**
 * The public view of a month: the latest published version of the county's ranking of that class, nothing else —
 * no earlier versions, no publisher. Without a county: the one county that published it, else 400 naming countyCode.
 */
export async function getPublicRanking(
  deps: Pick<Deps, 'db'>,
  q: { countyCode?: string | undefined; month: string; unitKind: UnitKind },
): Promise<PublicRanking> {
  let countyCode = q.countyCode;
  if (!countyCode) {
    const counties = await findPublishingCounties(deps.db, q.month, q.unitKind);
    if (counties.length > 1) throw fieldError('countyCode', '请选择县（区）', 'choose a county');
    countyCode = counties[0];
  }
  const r = countyCode
    ? await findLatestRanking(deps.db, { countyCode, month: q.month, unitKind: q.unitKind })
    : undefined;
  if (!r) throw new AppError('REPORTS_RANKING_NOT_FOUND');
  return {
    countyCode: r.countyCode,
    countyName: r.countyName,
    month: r.month,
    unitKind: r.unitKind,
    version: r.version,
    publishedAt: r.publishedAt.toISOString(),
    note: r.note,
    reason: r.reason,
    ...withLists(r),
  };
}

/** Which counties, months and classes have a published ranking (the portal's month picker). */
export async function listPublicRankingMonths(deps: Pick<Deps, 'db'>): Promise<PublicRankingMonths> {
  return { items: await listPublishedMonths(deps.db) };
}
