import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  Open311Create,
  Open311ListQuery,
  Open311Request,
  Open311Service,
  Open311ServiceDefinition,
} from '../../../contracts/open311.js';
import { REQUEST_STATES, type RequestState } from '../../../contracts/requests.js';
import { appendAudit } from '../../platform/audit/index.js';
import type { Deps } from '../../platform/deps.js';
import { divisionAncestors, findCategoryLineage, findUnitNames, listActiveCategories } from '../org/index.js';
import { findRequest, findRequestReceipt, intakeRequest, listRequestsPage } from '../requests/index.js';
import { hintForArea } from './domain/category-hints.js';
import { open311Status, statesOfStatus } from './domain/open311.js';
import {
  findOpen311Key,
  findOpen311Token,
  insertOpen311Key,
  insertOpen311Request,
  listOpen311RequestIds,
} from './portal.repository.js';
import { portalActor } from './portal.service.js';

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services from the request taxonomy, requests created by
// API-key holders through the requests module's intake (channel 'open311'), and a public read of requests. Citizens
// who came through other channels did not publish their words: their requests are listed without description and
// address.

/** An Open311 problem: the HTTP status and the spec's error description. */
export class Open311Problem extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Requests of the last 90 days when no date is given, and at most 1000 in one answer (the spec's defaults). */
const DEFAULT_DAYS = 90;
const MAX_RESULTS = 1000;

/**
 * Creates an API key for one Open311 client (`lianxin open311 create-key --name <client>`): the key is returned once,
 * only its SHA-256 is stored (it has 192 random bits, so a fast hash suffices); audited.
 */
export async function createOpen311Key(
  deps: Pick<Deps, 'db' | 'now'>,
  name: string,
): Promise<{ id: number; key: string }> {
  const key = `lx311_${randomBytes(24).toString('base64url')}`;
  const now = deps.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertOpen311Key(trx, { name, keyHash: sha256(key), createdAt: now });
    await appendAudit(trx, {
      actor: { userId: null, name: 'lianxin open311 create-key' },
      action: 'open311.key_create',
      objectType: 'open311_api_key',
      objectId: id,
      after: { name },
      at: now,
    });
    return id;
  });
  return { id, key };
}

interface Leaf {
  code: string;
  name: string;
  path: string[];
}

/** The leaves of the deployment's active taxonomy (as administrators edited it), with their paths. */
async function taxonomyLeaves(db: Deps['db']): Promise<Leaf[]> {
  const rows = await listActiveCategories(db);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const parents = new Set(rows.map((r) => r.parentCode).filter((c): c is string => c !== null));
  return rows
    .filter((r) => !parents.has(r.code))
    .map((r) => {
      const path: string[] = [];
      for (let c: string | null = r.code; c; c = byCode.get(c)?.parentCode ?? null) path.unshift(byCode.get(c)!.name);
      return { code: r.code, name: r.name, path };
    });
}

/** GET services: every leaf of the taxonomy as a service, grouped by its top-level area, with everyday keywords. */
export async function listOpen311Services(deps: Pick<Deps, 'db'>): Promise<Open311Service[]> {
  return (await taxonomyLeaves(deps.db)).map((l) => ({
    service_code: l.code,
    service_name: l.name,
    description: l.path.join(' / '),
    metadata: false,
    type: 'realtime',
    keywords: hintForArea(l.path[0] ?? '').zh.replace(/、/g, ','),
    group: l.path[0] ?? '',
  }));
}

/** GET services/:code: the definition (no extra attributes); an unknown code is a 404. */
export async function getOpen311ServiceDefinition(
  deps: Pick<Deps, 'db'>,
  code: string,
): Promise<Open311ServiceDefinition> {
  if (!(await taxonomyLeaves(deps.db)).some((l) => l.code === code))
    throw new Open311Problem(404, `service_code ${code} not found`);
  return { service_code: code, attributes: [] };
}

/**
 * POST requests: checks the API key, the service code and the place (address_id: our 12-digit division code; else
 * jurisdiction_id), takes the request in through the requests module (channel 'open311', name and phone sealed) and
 * records its token. Answers the new request's id (its number) at once.
 */
export async function createOpen311Request(
  deps: Deps,
  input: Open311Create,
  httpRequestId: string,
): Promise<{ service_request_id: string; token: string; service_notice: string; account_id: string | null }[]> {
  const key = await findOpen311Key(deps.db, sha256(input.api_key));
  if (!key) throw new Open311Problem(403, 'api_key is not valid');
  if (!(await findCategoryLineage(deps.db, input.service_code))) {
    throw new Open311Problem(400, `service_code ${input.service_code} not found`);
  }
  const hasLocation =
    (input.lat !== undefined && input.long !== undefined) || !!input.address_string || !!input.address_id;
  if (!hasLocation) throw new Open311Problem(400, 'a location is required: lat and long, address_string or address_id');
  const place = input.address_id ?? input.jurisdiction_id;
  const known = place && /^\d{12}$/.test(place) ? await divisionAncestors(deps.db, place) : [];
  if (known.length === 0) {
    throw new Open311Problem(
      400,
      'address_id (or jurisdiction_id) must be a 12-digit division code of this jurisdiction',
    );
  }
  const coordinates = input.lat !== undefined && input.long !== undefined ? `(${input.lat},${input.long})` : '';
  const address = [input.address_string, coordinates].filter(Boolean).join(' ') || undefined;
  const name = [input.last_name, input.first_name].filter(Boolean).join('') || undefined;
  const actor = await portalActor(deps);
  const { result } = await intakeRequest(
    deps,
    actor,
    {
      channel: 'open311',
      type: 'help',
      body: input.description,
      divisionCode: place!,
      categoryCode: input.service_code,
      ...(address ? { address } : {}),
      ...(name ? { citizenName: name } : {}),
      ...(input.phone ? { citizenPhone: input.phone } : {}),
    },
    httpRequestId,
  );
  const token = randomUUID();
  await insertOpen311Request(deps.db, { token, requestId: result.id, apiKeyId: key.id, createdAt: deps.now() });
  return [
    {
      service_request_id: result.number,
      token,
      service_notice: '已受理，将按时限办理。Received; it will be handled within the time limit.',
      account_id: input.account_id ?? null,
    },
  ];
}

interface Row {
  id: number;
  number: string;
  state: RequestState;
  categoryCode: string | null;
  divisionCode: string;
  address: string | null;
  body: string | null;
  leadUnitId: number | null;
  times: (string | Date | null)[];
  receivedAt: string | Date;
  resolutionDeadline: string | Date | null;
}

const iso = (d: string | Date | null | undefined) => (d ? new Date(d).toISOString() : null);

async function toOpen311(deps: Pick<Deps, 'db'>, rows: readonly Row[]): Promise<Open311Request[]> {
  const fromOpen311 = await listOpen311RequestIds(
    deps.db,
    rows.map((r) => r.id),
  );
  const names = new Map(
    (
      await findUnitNames(deps.db, [...new Set(rows.map((r) => r.leadUnitId).filter((u): u is number => u !== null))])
    ).map((u) => [u.id, u.name]),
  );
  const services = new Map((await listActiveCategories(deps.db)).map((c) => [c.code, c.name]));
  return rows.map((r) => {
    const published = fromOpen311.has(r.id);
    const times = [r.receivedAt, ...r.times].map((t) => (t ? new Date(t).getTime() : 0));
    return {
      service_request_id: r.number,
      status: open311Status(r.state),
      status_notes: null,
      service_name: r.categoryCode ? (services.get(r.categoryCode) ?? null) : null,
      service_code: r.categoryCode,
      description: published ? r.body : null,
      agency_responsible: r.leadUnitId !== null ? (names.get(r.leadUnitId) ?? null) : null,
      service_notice: null,
      requested_datetime: iso(r.receivedAt)!,
      updated_datetime: new Date(Math.max(...times)).toISOString(),
      expected_datetime: open311Status(r.state) === 'open' ? iso(r.resolutionDeadline) : null,
      address: published ? r.address : null,
      address_id: r.divisionCode,
      zipcode: null,
      lat: null,
      long: null,
      media_url: null,
    };
  });
}

async function rowByNumber(deps: Pick<Deps, 'db'>, number: string): Promise<Row | undefined> {
  const receipt = /^\d{13}$/.test(number) ? await findRequestReceipt(deps.db, number) : undefined;
  const r = receipt ? await findRequest(deps.db, { kind: 'all' }, 0, receipt.id) : undefined;
  if (!r) return undefined;
  return {
    id: r.id,
    number: r.number,
    state: r.state as RequestState,
    categoryCode: r.categoryCode,
    divisionCode: r.divisionCode,
    address: r.address,
    body: r.body,
    leadUnitId: r.leadUnitId,
    times: [r.acceptedAt, r.repliedAt, r.closedAt],
    receivedAt: r.receivedAt,
    resolutionDeadline: r.resolutionDeadline,
  };
}

/** GET requests/:id: the request as a one-element list; an unknown id is a 404. */
export async function getOpen311Request(deps: Deps, number: string): Promise<Open311Request[]> {
  const row = await rowByNumber(deps, number);
  if (!row) throw new Open311Problem(404, `service_request_id ${number} not found`);
  return toOpen311(deps, [row]);
}

/** GET tokens/:token: the request id the token stands for. */
export async function getOpen311Token(deps: Deps, token: string) {
  const found = /^[0-9a-f-]{36}$/i.test(token) ? await findOpen311Token(deps.db, token) : undefined;
  const row = found ? await findRequest(deps.db, { kind: 'all' }, 0, found.requestId) : undefined;
  if (!row) throw new Open311Problem(404, `token ${token} not found`);
  return [{ service_request_id: row.number, token: found!.token }];
}

/**
 * GET requests with the standard filters: service_request_id (comma-separated, then the others are ignored as the
 * spec says), service_code, start_date/end_date (default: the last 90 days), status (open, closed); newest first, at
 * most 1000.
 */
export async function listOpen311Requests(deps: Deps, q: Open311ListQuery): Promise<Open311Request[]> {
  if (q.service_request_id) {
    const rows: Row[] = [];
    for (const n of q.service_request_id
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, MAX_RESULTS)) {
      const row = await rowByNumber(deps, n);
      if (row) rows.push(row);
    }
    return toOpen311(deps, rows);
  }
  const states = statesOfStatus(q.status, REQUEST_STATES);
  if (!states) throw new Open311Problem(400, 'status must be open or closed');
  const now = deps.now();
  // The list's upper bound is exclusive: one second past now includes what was received this instant.
  const to = q.end_date ? new Date(q.end_date) : new Date(now.getTime() + 1000);
  const from = q.start_date ? new Date(q.start_date) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  if (from > to) throw new Open311Problem(400, 'start_date must be before end_date');
  const actor = { ...(await portalActor(deps)), permissions: new Set(['requests:read'] as const) };
  const wanted = new Set(states);
  const rows: Row[] = [];
  for (let page = 1; rows.length < MAX_RESULTS; page++) {
    const result = await listRequestsPage(deps, actor, {
      page,
      pageSize: 200,
      from: from.toISOString(),
      to: to.toISOString(),
      sort: '-receivedAt',
      ...(q.service_code ? { categoryCode: q.service_code } : {}),
      ...(q.jurisdiction_id && /^\d{12}$/.test(q.jurisdiction_id) ? { divisionCode: q.jurisdiction_id } : {}),
    });
    for (const s of result.items) {
      if (!wanted.has(s.state)) continue;
      rows.push({
        id: s.id,
        number: s.number,
        state: s.state,
        categoryCode: s.categoryCode,
        divisionCode: s.divisionCode,
        address: s.address,
        body: null,
        leadUnitId: s.leadUnitId,
        times: [s.acceptedAt, s.repliedAt, s.closedAt],
        receivedAt: s.receivedAt,
        resolutionDeadline: s.resolutionDeadline,
      });
    }
    if (page * 200 >= result.total) break;
  }
  const limited = rows.slice(0, MAX_RESULTS);
  // The words of requests created through Open311 are public: read them for those only.
  const published = await listOpen311RequestIds(
    deps.db,
    limited.map((r) => r.id),
  );
  for (const r of limited) {
    if (published.has(r.id)) r.body = (await findRequest(deps.db, { kind: 'all' }, 0, r.id))?.body ?? null;
  }
  return toOpen311(deps, limited);
}
