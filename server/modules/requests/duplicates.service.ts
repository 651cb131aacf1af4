import type {
  CallerHistory,
  DuplicateCandidate,
  HotClustersResponse,
  RequestState,
} from '../../../contracts/requests.js';
import { normalisePhone } from '../../platform/crypto/mask.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError } from '../../platform/http/errors.js';
import { bandKeys, periodClusters, signatureSimilarity, textSignature } from '../../platform/text/index.js';
import { findDivisionNames } from '../org/index.js';
import { DUPLICATE_WINDOW_DAYS, rankDuplicates } from './domain/duplicates.js';
import {
  countCallerRequests,
  findCallerOfRequest,
  findDuplicateCandidateRows,
  findRequestsWithoutSignature,
  insertTextSignatures,
  listSignedRequests,
} from './duplicates.repository.js';

/** Who is asking: their data scope decides which requests are seen. */
type RequestsActor = Pick<Actor, 'userId' | 'scope'>;

const DAY_MS = 86_400_000;
/** Candidates returned at intake. */
const DUPLICATE_LIMIT = 20;
/** Requests examined for hot-topic clusters per period (the current and the previous one), newest first. */
const CLUSTER_MAX_ROWS_PER_PERIOD = 10_000;

export interface SignedText {
  signature: number[];
  bandKeys: number[];
}

/** The MinHash signature and LSH band keys of a request's title and body (pure CPU; compute it outside a transaction). */
export function signText(title: string | null | undefined, body: string): SignedText {
  const signature = textSignature(title, body);
  return { signature, bandKeys: bandKeys(signature) };
}

/** Stores a new request's signature and band keys (one statement, in the intake's transaction). */
export async function storeTextSignature(
  trx: Db,
  requestId: number,
  receivedAt: Date,
  signed: SignedText,
): Promise<void> {
  await insertTextSignatures(trx, [{ requestId, receivedAt, ...signed }]);
}

/**
 * Possible duplicates of a request being typed (issue #7 point 3): requests of the last 90 days that share an LSH
 * band with the text, or come from the same caller; scored by text similarity, same place, same caller and recency
 * (domain/duplicates.ts), best first, with the reasons.
 */
export async function findDuplicates(
  deps: Pick<Deps, 'db' | 'now' | 'cipher'>,
  actor: RequestsActor,
  query: {
    phone?: string | undefined;
    divisionCode?: string | undefined;
    text?: string | undefined;
    title?: string | undefined;
  },
): Promise<DuplicateCandidate[]> {
  const now = deps.now();
  const phone = query.phone ? normalisePhone(query.phone) : '';
  const phoneHash = phone ? deps.cipher.lookupHash(phone) : undefined;
  const signed = query.text ? signText(query.title, query.text) : null;
  const rows = await findDuplicateCandidateRows(
    deps.db,
    actor.scope,
    actor.userId,
    { bandKeys: signed?.bandKeys ?? [], phoneHash },
    new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * DAY_MS),
  );
  const ranked = rankDuplicates(
    rows.map((r) => {
      const evidence = {
        similarity: signed && r.signature ? signatureSimilarity(signed.signature, r.signature) : 0,
        samePlace: !!query.divisionCode && r.divisionCode === query.divisionCode,
        sameCaller: r.samePhone,
        ageDays: Math.max(0, (now.getTime() - r.receivedAt.getTime()) / DAY_MS),
      };
      return { item: { row: r, evidence }, evidence };
    }),
    DUPLICATE_LIMIT,
  );
  return ranked.map(({ item: { row: r, evidence }, score, reasons }) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state as RequestState,
    divisionCode: r.divisionCode,
    receivedAt: r.receivedAt.toISOString(),
    samePhone: r.samePhone,
    similarity: Math.round(evidence.similarity * 1000) / 1000,
    samePlace: evidence.samePlace,
    score,
    reasons,
  }));
}

/**
 * Repeat callers (重复来电): how many other requests in scope the caller made in the 90 days before now (a phone
 * typed at intake) or before the request was received (a stored request; anonymous ones have no caller).
 */
export async function getCallerHistory(
  deps: Pick<Deps, 'db' | 'now' | 'cipher'>,
  actor: RequestsActor,
  query: { phone?: string | undefined; requestId?: number | undefined },
): Promise<CallerHistory> {
  let phoneHash: string | null;
  let until: Date;
  let excludeId: number | undefined;
  if (query.requestId !== undefined) {
    const caller = await findCallerOfRequest(deps.db, actor.scope, actor.userId, query.requestId);
    if (!caller) throw new AppError('REQUEST_NOT_FOUND');
    phoneHash = caller.phoneHash;
    until = caller.receivedAt; // the calls before this one
    excludeId = query.requestId;
  } else {
    const phone = normalisePhone(query.phone ?? '');
    phoneHash = phone ? deps.cipher.lookupHash(phone) : null;
    until = new Date(deps.now().getTime() + 1);
  }
  if (!phoneHash) return { count: 0, lastReceivedAt: null, windowDays: DUPLICATE_WINDOW_DAYS };
  const found = await countCallerRequests(
    deps.db,
    actor.scope,
    actor.userId,
    phoneHash,
    new Date(until.getTime() - DUPLICATE_WINDOW_DAYS * DAY_MS),
    until,
    excludeId,
  );
  return {
    count: found.count,
    lastReceivedAt: found.lastReceivedAt?.toISOString() ?? null,
    windowDays: DUPLICATE_WINDOW_DAYS,
  };
}

/**
 * Computes the signatures of requests that have none (received before the signatures existed, or loaded in bulk),
 * in batches, each batch in its own transaction. Idempotent; returns how many it filled.
 */
export async function backfillTextSignatures(
  deps: Pick<Deps, 'db'>,
  opts: { batch?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const batch = opts.batch ?? 2000;
  let afterId = 0;
  let done = 0;
  for (;;) {
    const rows = await findRequestsWithoutSignature(deps.db, afterId, batch);
    if (rows.length === 0) return done;
    const signed = rows.map((r) => ({ requestId: r.id, receivedAt: r.receivedAt, ...signText(r.title, r.body) }));
    await deps.db.transaction().execute((trx) => insertTextSignatures(trx, signed));
    done += rows.length;
    afterId = rows[rows.length - 1]?.id ?? afterId;
    opts.onProgress?.(done);
  }
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * Hot-topic clusters (热点, issue #7 point 4): requests in scope of the period (7 or 30 days from `from`, a Beijing
 * date; default the days ending now) clustered with those of the previous period of the same length — similar
 * text in the same division (platform/text/hot-clusters.ts) — and reported when at least 3 fall in the period,
 * biggest first, with growth against the previous period.
 */
export async function getHotClusters(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: RequestsActor,
  query: { period: 'week' | 'month'; from?: string | undefined },
): Promise<HotClustersResponse> {
  const days = query.period === 'week' ? 7 : 30;
  // Default: the days ending now (the current instant included).
  const to = query.from
    ? new Date(Date.parse(`${query.from}T00:00:00Z`) - BEIJING_OFFSET_MS + days * DAY_MS)
    : new Date(deps.now().getTime() + 1);
  const from = new Date(to.getTime() - days * DAY_MS);
  const previousFrom = new Date(from.getTime() - days * DAY_MS);
  // Each period capped on its own (newest first), so a busy current period does not crowd out the previous one.
  const rows = [
    ...(await listSignedRequests(deps.db, actor.scope, actor.userId, from, to, CLUSTER_MAX_ROWS_PER_PERIOD)),
    ...(await listSignedRequests(deps.db, actor.scope, actor.userId, previousFrom, from, CLUSTER_MAX_ROWS_PER_PERIOD)),
  ];
  const items = rows.map((r) => ({
    signature: r.signature,
    places: [r.divisionCode],
    inCurrent: r.receivedAt.getTime() >= from.getTime(),
  }));
  const clusters = periodClusters(items).slice(0, 20);
  const names = await findDivisionNames(deps.db, [
    ...new Set(clusters.map((c) => rows[c.members[0] as number]?.divisionCode ?? '')),
  ]);
  return {
    period: query.period,
    from: from.toISOString(),
    to: to.toISOString(),
    examined: rows.length,
    clusters: clusters.map((c) => {
      const members = c.members
        .map((i) => rows[i])
        .filter((r): r is NonNullable<typeof r> => !!r && r.receivedAt.getTime() >= from.getTime())
        .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
      const head = members[0];
      const divisionCode = head?.divisionCode ?? '';
      return {
        title: head?.title ?? head?.number ?? '',
        divisionCode,
        divisionName: names.get(divisionCode) ?? divisionCode,
        size: c.current,
        previous: c.previous,
        growth: c.growth === null ? null : Math.round(c.growth * 100) / 100,
        requests: members.slice(0, 20).map((r) => ({
          id: r.id,
          number: r.number,
          title: r.title,
          receivedAt: r.receivedAt.toISOString(),
        })),
      };
    }),
  };
}
