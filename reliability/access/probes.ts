/**
 * How each cell of the matrix is tried over HTTP (fastify.inject on the in-process app): one probe per resource ×
 * action, called once per principal. A probe answers the observed outcome (allow / masked / deny, or 'error' for an
 * answer that is none of these, e.g. a 400 or a 500) and, for a by-id probe that was denied, whether the same call on
 * an id that does not exist answered the same (status, error code, body shape).
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { multipart } from '../../server/modules/portal/portal.factories.js';
import type { Action, Outcome, Principal, Resource } from './matrix.js';
import { LAMP_REPLY, LAMP_TEXT, type RequestFixture, SECRETS, type Session, type World } from './world.js';

export interface Observed {
  outcome: Outcome | 'error';
  status: number;
  detail?: string;
  /** For a denied by-id probe: whether an absent id answered identically (null when not compared). */
  sameAsAbsent?: boolean | null;
  absent?: { status: number; code?: string };
}

/** Every answer the runner saw, for the privacy scan: the text, who saw it, and whether plaintext was allowed there. */
export interface Seen {
  who: Principal;
  cell: string;
  url: string;
  status: number;
  text: string;
  mayHoldPlaintext: boolean;
}

export interface RunContext {
  world: World;
  sessions: Record<Principal, Session | null>;
  seen: Seen[];
  cell: string;
  mayHoldPlaintext: boolean;
  /** The cell's expectation: write cells expected to be allowed get a fresh record (a denied write changes nothing). */
  expect: Outcome;
}

const PUBLIC: readonly Principal[] = ['anonymous', 'citizen', 'reporter'];
const ABSENT_ID = 987654321;
let remote = 0;

export interface Answer {
  status: number;
  text: string;
  json: () => unknown;
}

/** One HTTP call as a principal (public ones without a session, each from its own loopback address). */
export async function http(
  rc: RunContext,
  who: Principal,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  body?: unknown,
): Promise<Answer> {
  const session = rc.sessions[who];
  const res: LightMyRequestResponse = await rc.world.app.inject({
    method,
    url,
    remoteAddress: `127.0.${1 + ((remote >> 8) % 250)}.${1 + (remote++ % 250)}`,
    ...(session ? { headers: session.headers } : {}),
    ...(body !== undefined ? { payload: body as Record<string, unknown> } : method === 'GET' ? {} : { payload: {} }),
  });
  let text = res.body;
  if ((res.headers['content-type'] ?? '').toString().includes('spreadsheetml')) text = await xlsxText(res.rawPayload);
  rc.seen.push({ who, cell: rc.cell, url, status: res.statusCode, text, mayHoldPlaintext: rc.mayHoldPlaintext });
  return { status: res.statusCode, text, json: () => JSON.parse(res.body) };
}

async function xlsxText(buffer: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) => {
      row.eachCell((c) => {
        out.push(String(c.text ?? ''));
      });
    }),
  );
  return out.join('\t');
}

const isDeny = (s: number) => s === 401 || s === 403 || s === 404;
const errorOf = (a: Answer): string | undefined => {
  try {
    return (a.json() as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};
const shapeOf = (a: Answer): string => {
  try {
    const v = a.json() as Record<string, unknown>;
    const err = (v.error ?? {}) as Record<string, unknown>;
    return `${Object.keys(v).sort().join(',')}|${Object.keys(err).sort().join(',')}`;
  } catch {
    return 'not-json';
  }
};

/** 2xx allow, 401/403/404 deny, anything else an error. */
function byStatus(a: Answer): Observed {
  if (a.status >= 200 && a.status < 300) return { outcome: 'allow', status: a.status };
  if (isDeny(a.status)) return { outcome: 'deny', status: a.status, detail: errorOf(a) ?? '' };
  return { outcome: 'error', status: a.status, detail: a.text.slice(0, 300) };
}

/** A list: allowed when the record is among the rows. */
function listed(a: Answer, present: (text: string) => boolean): Observed {
  if (a.status >= 200 && a.status < 300) {
    return present(a.text)
      ? { outcome: 'allow', status: a.status }
      : { outcome: 'deny', status: a.status, detail: 'not in the answer' };
  }
  return byStatus(a);
}

const hasId = (id: number) => (text: string) => {
  try {
    const v = JSON.parse(text) as { items?: { id: number }[]; households?: { id: number }[] };
    return (v.items ?? v.households ?? []).some((i) => i.id === id);
  } catch {
    return false;
  }
};

/** Search: the module list's `q` and the global search (/api/search, one kind) must agree, and both count. */
async function searched(
  rc: RunContext,
  who: Principal,
  listUrl: string,
  kind: 'requests' | 'households' | 'people',
  q: string,
  id: number,
  inList: (text: string) => boolean,
): Promise<Observed> {
  const list = listed(await http(rc, who, 'GET', listUrl), inList);
  const global = listed(
    await http(rc, who, 'GET', `/api/search?q=${encodeURIComponent(q)}&kind=${kind}&pageSize=50`),
    (t) => {
      const groups = (JSON.parse(t) as { groups: { items: { id: number }[] }[] }).groups;
      return groups.some((g) => g.items.some((i) => i.id === id));
    },
  );
  if (list.outcome === global.outcome) return { ...list, detail: `list ${list.status}, /api/search ${global.status}` };
  return {
    outcome: 'error',
    status: global.status,
    detail: `the list's q says ${list.outcome} (${list.status}), /api/search says ${global.outcome} (${global.status})`,
  };
}

/** A by-id probe: when denied, the same call on an absent id must answer the same. */
async function byId(forbidden: Answer, absent: () => Promise<Answer>): Promise<Observed> {
  const observed = byStatus(forbidden);
  if (observed.outcome !== 'deny') return observed;
  const other = await absent();
  const same =
    other.status === forbidden.status && errorOf(other) === errorOf(forbidden) && shapeOf(other) === shapeOf(forbidden);
  return {
    ...observed,
    sameAsAbsent: same,
    absent: { status: other.status, ...(errorOf(other) ? { code: errorOf(other)! } : {}) },
  };
}

/** Reveal: allowed when the plaintext is in the answer; masked when the record is read without it. */
function revealed(a: Answer, plaintext: readonly string[]): Observed {
  const o = byStatus(a);
  if (o.outcome !== 'allow') return o;
  return plaintext.some((p) => a.text.includes(p))
    ? { outcome: 'allow', status: a.status }
    : { outcome: 'masked', status: a.status };
}

// ---------------------------------------------------------------------------------------------------------- requests

const wrongCode = (code: string) => (code[0] === 'A' ? 'B' : 'A') + code.slice(1);

/** A fresh request in the same place as a fixture, brought to a state (for write cells, so no cell changes another). */
async function freshRequest(
  rc: RunContext,
  r: RequestFixture,
  state: 'classified' | 'dispatched' | 'replied',
): Promise<number> {
  const w = rc.world;
  const inject = async (who: Session, method: 'POST', url: string, payload: Record<string, unknown>) => {
    const res = await w.app.inject({ method, url, headers: who.headers, payload });
    if (res.statusCode >= 300) throw new Error(`fresh request ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json() as { id: number };
  };
  const created = await inject(w.setup.operator, 'POST', '/api/requests', {
    channel: 'hotline',
    type: 'help',
    body: LAMP_TEXT,
    divisionCode: r.divisionCode === w.requests.requestA.divisionCode ? w.villageA : w.villageB,
    address: '幸福小区东门',
    citizenName: '王小明',
    citizenPhone: r.phone,
    categoryCode: w.category,
  });
  if (state === 'classified') return created.id;
  await inject(w.setup.dispatcher, 'POST', `/api/requests/${created.id}/actions/dispatch`, {
    leadUnitId: r.leadUnitId,
    reason: '属地职责',
  });
  if (state === 'dispatched') return created.id;
  const lead =
    r.leadUnitId === w.governmentA
      ? w.setup.handlerA
      : r.leadUnitId === w.governmentB
        ? w.setup.handlerB
        : w.setup.handlerDept;
  await inject(lead, 'POST', `/api/requests/${created.id}/actions/accept`, {});
  await inject(lead, 'POST', `/api/requests/${created.id}/actions/reply`, { text: LAMP_REPLY });
  return created.id;
}

function requestProbes(key: 'requestA' | 'requestB' | 'requestDept'): Partial<Record<Action, Probe>> {
  const r = (rc: RunContext) => rc.world.requests[key];
  const track = (rc: RunContext, who: Principal, number: string) => {
    const code = who === 'citizen' ? rc.world.requests.requestA.receiptCode : wrongCode(r(rc).receiptCode);
    return http(rc, who, 'GET', `/api/public/requests/track?number=${number}&code=${code}`);
  };
  const read = async (rc: RunContext, who: Principal) =>
    PUBLIC.includes(who)
      ? byId(await track(rc, who, r(rc).number), () => track(rc, who, '2099123199999'))
      : byId(await http(rc, who, 'GET', `/api/requests/${r(rc).id}`), () =>
          http(rc, who, 'GET', `/api/requests/${ABSENT_ID}`),
        );
  const write =
    (action: string, state: 'classified' | 'dispatched' | 'replied', body: (rc: RunContext) => unknown) =>
    async (rc: RunContext, who: Principal) => {
      const id = rc.expect === 'allow' ? await freshRequest(rc, r(rc), state) : r(rc).id;
      const res = await http(rc, who, 'POST', `/api/requests/${id}/actions/${action}`, body(rc));
      return byId(res, () => http(rc, who, 'POST', `/api/requests/${ABSENT_ID}/actions/${action}`, body(rc)));
    };
  return {
    list: async (rc, who) =>
      listed(await http(rc, who, 'GET', '/api/requests?pageSize=200'), (t) => t.includes(r(rc).number)),
    search: async (rc, who) =>
      searched(rc, who, `/api/requests?q=${r(rc).number}`, 'requests', r(rc).number, r(rc).id, (t) =>
        t.includes(r(rc).number),
      ),
    read,
    reveal: async (rc, who) => {
      if (PUBLIC.includes(who)) {
        const o = await read(rc, who);
        return o.outcome === 'allow' ? revealed(await track(rc, who, r(rc).number), [r(rc).phone]) : o;
      }
      // requests:reveal (to call the citizen back) shows the phone in full, audited; whoever else reads the request
      // must see it masked.
      const body = { field: 'phone', reason: '回访核实' };
      const res = await http(rc, who, 'POST', `/api/requests/${r(rc).id}/reveal-contact`, body);
      if (res.status < 300) return revealed(res, [r(rc).phone]);
      const again = await http(rc, who, 'GET', `/api/requests/${r(rc).id}`);
      if (again.status < 300) return revealed(again, [r(rc).phone]);
      return byId(res, () => http(rc, who, 'POST', `/api/requests/${ABSENT_ID}/reveal-contact`, body));
    },
    update: write('accept', 'dispatched', () => ({})),
    dispatch: write('dispatch', 'classified', (rc) => ({ leadUnitId: r(rc).leadUnitId, reason: '属地职责' })),
    return: write('return', 'dispatched', () => ({
      reason: 'wrong_place',
      explanation: '该地点不在本单位辖区范围内，请改派',
    })),
    close: write('close', 'replied', () => ({})),
    export: async (rc, who) =>
      listed(await http(rc, who, 'GET', '/api/requests/export.xlsx'), (t) => t.includes(r(rc).number)),
    aggregate: async (rc, who) => {
      const url = (unit: number) => `/api/metrics/scorecard/${unit}?from=2026-11&to=2026-12&pageSize=200`;
      const res = await http(rc, who, 'GET', url(r(rc).leadUnitId));
      const o = listed(res, (t) => t.includes(r(rc).number));
      if (o.outcome !== 'deny' || res.status < 400) return o;
      return byId(res, () => http(rc, who, 'GET', url(ABSENT_ID)));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------- misconduct

const wrongReceipt = (receipt: string) => receipt.slice(0, -1) + (receipt.endsWith('A') ? 'B' : 'A');
/** A well-formed receipt of no report: another lookup part and another secret. */
const absentReceipt = (receipt: string) => receipt.replace(/[A-Z2-7]/g, (c) => (c === 'Q' ? 'R' : 'Q'));

async function freshMisconduct(rc: RunContext): Promise<number> {
  const form = multipart({
    subject: '某镇工作人员',
    body: '办事时吃拿卡要，群众反映强烈。',
    divisionCode: rc.world.townshipA,
  });
  const res = await rc.world.app.inject({
    method: 'POST',
    url: '/api/public/portal/misconduct',
    payload: form.payload,
    headers: form.headers,
    remoteAddress: `10.9.${remote % 250}.${1 + (remote++ % 250)}`,
  });
  if (res.statusCode !== 201) throw new Error(`fresh misconduct: ${res.statusCode} ${res.body}`);
  return (
    await rc.world.deps.db.selectFrom('misconductReport').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
  ).id;
}

const misconductProbes: Partial<Record<Action, Probe>> = {
  list: async (rc, who) =>
    listed(await http(rc, who, 'GET', '/api/misconduct?pageSize=200'), hasId(rc.world.misconduct.id)),
  read: async (rc, who) => {
    const m = rc.world.misconduct;
    if (PUBLIC.includes(who)) {
      const receipt = who === 'reporter' ? m.receipt : wrongReceipt(m.receipt);
      const res = await http(rc, who, 'POST', '/api/public/portal/misconduct/view', { receipt });
      return byId(res, () =>
        http(rc, who, 'POST', '/api/public/portal/misconduct/view', { receipt: absentReceipt(m.receipt) }),
      );
    }
    return byId(await http(rc, who, 'GET', `/api/misconduct/${m.id}`), () =>
      http(rc, who, 'GET', `/api/misconduct/${ABSENT_ID}`),
    );
  },
  reveal: async (rc, who) => {
    const m = rc.world.misconduct;
    const plain = [SECRETS.whistleblowerPhone, SECRETS.whistleblowerIdNumber];
    if (who === 'reporter') {
      return revealed(await http(rc, who, 'POST', '/api/public/portal/misconduct/view', { receipt: m.receipt }), plain);
    }
    const body = { reason: '核实举报人身份以便当面了解情况' };
    const res = await http(rc, who, 'POST', `/api/misconduct/${m.id}/reveal`, body);
    if (res.status < 300) return revealed(res, plain);
    return byId(res, () => http(rc, who, 'POST', `/api/misconduct/${ABSENT_ID}/reveal`, body));
  },
  update: async (rc, who) => {
    const id = rc.expect === 'allow' ? await freshMisconduct(rc) : rc.world.misconduct.id;
    const res = await http(rc, who, 'POST', `/api/misconduct/${id}/state`, { state: 'in_review' });
    return byId(res, () => http(rc, who, 'POST', `/api/misconduct/${ABSENT_ID}/state`, { state: 'in_review' }));
  },
  close: async (rc, who) => {
    const id = rc.expect === 'allow' ? await freshMisconduct(rc) : rc.world.misconduct.id;
    const res = await http(rc, who, 'POST', `/api/misconduct/${id}/state`, { state: 'closed' });
    return byId(res, () => http(rc, who, 'POST', `/api/misconduct/${ABSENT_ID}/state`, { state: 'closed' }));
  },
};

// ---------------------------------------------------------------------------------------------------------- liaison

function householdProbes(key: 'householdA' | 'householdB'): Partial<Record<Action, Probe>> {
  const h = (rc: RunContext) => rc.world.households[key];
  const phone = key === 'householdA' ? SECRETS.householdPhoneA : SECRETS.householdPhoneB;
  const read = async (rc: RunContext, who: Principal) =>
    byId(await http(rc, who, 'GET', `/api/liaison/households/${h(rc).id}`), () =>
      http(rc, who, 'GET', `/api/liaison/households/${ABSENT_ID}`),
    );
  return {
    list: async (rc, who) =>
      who === 'cadreA'
        ? listed(await http(rc, who, 'GET', '/api/liaison/my'), hasId(h(rc).id))
        : listed(await http(rc, who, 'GET', '/api/liaison/households?pageSize=200'), hasId(h(rc).id)),
    search: async (rc, who) =>
      searched(
        rc,
        who,
        `/api/liaison/households?q=${encodeURIComponent(h(rc).headName)}`,
        'households',
        h(rc).headName,
        h(rc).id,
        hasId(h(rc).id),
      ),
    read,
    reveal: async (rc, who) => {
      const o = await read(rc, who);
      if (o.outcome !== 'allow') return o;
      return revealed(await http(rc, who, 'GET', `/api/liaison/households/${h(rc).id}`), [phone]);
    },
    update: async (rc, who) => {
      const body = { note: '门前道路不平，注意安全' };
      return byId(await http(rc, who, 'PATCH', `/api/liaison/households/${h(rc).id}`, body), () =>
        http(rc, who, 'PATCH', `/api/liaison/households/${ABSENT_ID}`, body),
      );
    },
    aggregate: async (rc, who) => {
      const village = key === 'householdA' ? rc.world.villageA : rc.world.villageB;
      const res = await http(rc, who, 'GET', `/api/liaison/coverage?divisionCode=${village}`);
      return listed(res, (t) => (JSON.parse(t) as { households: number }).households > 0);
    },
  };
}

let visitSeq = 0;
function visitProbes(key: 'visitA' | 'visitB'): Partial<Record<Action, Probe>> {
  const v = (rc: RunContext) => rc.world.visits[key];
  const body = (householdId: number) => ({
    householdId,
    visitedAt: '2026-12-01T01:30:00.000Z',
    form: 'home',
    learned: '老人身体还好，儿子在外打工',
    needs: '希望修一下漏雨的屋顶',
    opinions: '对村里的路灯很满意',
    idempotencyKey: `access-probe-${++visitSeq}`,
  });
  return {
    list: async (rc, who) =>
      who === 'cadreA'
        ? listed(await http(rc, who, 'GET', '/api/liaison/my/visits?pageSize=100'), hasId(v(rc).id))
        : listed(await http(rc, who, 'GET', '/api/liaison/visits?pageSize=200'), hasId(v(rc).id)),
    update: async (rc, who) =>
      byId(await http(rc, who, 'POST', '/api/liaison/visits', body(v(rc).householdId)), () =>
        http(rc, who, 'POST', '/api/liaison/visits', body(ABSENT_ID)),
      ),
  };
}

// ---------------------------------------------------------------------------------------------------------- org people

const personProbes: Partial<Record<Action, Probe>> = {
  list: async (rc, who) =>
    listed(await http(rc, who, 'GET', '/api/org/people?pageSize=200'), hasId(rc.world.person.id)),
  search: async (rc, who) =>
    searched(
      rc,
      who,
      `/api/org/people?q=${encodeURIComponent(rc.world.person.name)}`,
      'people',
      rc.world.person.name,
      rc.world.person.id,
      hasId(rc.world.person.id),
    ),
  read: async (rc, who) =>
    byId(await http(rc, who, 'GET', `/api/org/people/${rc.world.person.id}`), () =>
      http(rc, who, 'GET', `/api/org/people/${ABSENT_ID}`),
    ),
  reveal: async (rc, who) => {
    const body = { field: 'idNumber', reason: '核实干部身份信息' };
    const res = await http(rc, who, 'POST', `/api/org/people/${rc.world.person.id}/reveal`, body);
    if (res.status < 300) return revealed(res, [SECRETS.cadreIdNumber]);
    // No reveal right: what the role reads of the person, if anything, must be masked.
    const read = await http(rc, who, 'GET', `/api/org/people/${rc.world.person.id}`);
    if (read.status < 300) return revealed(read, [SECRETS.cadreIdNumber, SECRETS.cadrePhone]);
    return byId(res, () => http(rc, who, 'POST', `/api/org/people/${ABSENT_ID}/reveal`, body));
  },
  update: async (rc, who) => {
    const body = { position: '科员' };
    return byId(await http(rc, who, 'PATCH', `/api/org/people/${rc.world.person.id}`, body), () =>
      http(rc, who, 'PATCH', `/api/org/people/${ABSENT_ID}`, body),
    );
  },
  export: async (rc, who) =>
    listed(await http(rc, who, 'GET', '/api/org/people/export.xlsx'), (t) => t.includes(rc.world.person.name)),
};

// ---------------------------------------------------------------------------------------------------------- audit

const auditProbes: Partial<Record<Action, Probe>> = {
  list: async (rc, who) => byStatus(await http(rc, who, 'GET', '/api/audit?pageSize=200')),
  reveal: async (rc, who) =>
    revealed(await http(rc, who, 'GET', '/api/audit?pageSize=200'), Object.values(SECRETS) as string[]),
  export: async (rc, who) => byStatus(await http(rc, who, 'GET', '/api/audit/export.xlsx')),
};

// ---------------------------------------------------------------------------------------------------------- accounts

const accountProbes: Partial<Record<Action, Probe>> = {
  list: async (rc, who) =>
    listed(await http(rc, who, 'GET', '/api/accounts?pageSize=200'), (t) => t.includes(rc.world.account.username)),
  search: async (rc, who) =>
    listed(await http(rc, who, 'GET', `/api/accounts?q=${rc.world.account.username}`), hasId(rc.world.account.id)),
  read: async (rc, who) =>
    byId(await http(rc, who, 'GET', `/api/accounts/${rc.world.account.id}`), () =>
      http(rc, who, 'GET', `/api/accounts/${ABSENT_ID}`),
    ),
  update: async (rc, who) => {
    const body = { displayName: 'B镇承办人' };
    return byId(await http(rc, who, 'PATCH', `/api/accounts/${rc.world.account.id}`, body), () =>
      http(rc, who, 'PATCH', `/api/accounts/${ABSENT_ID}`, body),
    );
  },
  export: async (rc, who) =>
    listed(await http(rc, who, 'GET', '/api/accounts/export.xlsx'), (t) => t.includes(rc.world.account.username)),
};

// ---------------------------------------------------------------------------------------------------------- rankings

const rankingProbes: Partial<Record<Action, Probe>> = {
  list: async (rc, who) =>
    PUBLIC.includes(who)
      ? listed(await http(rc, who, 'GET', '/api/public/rankings/months'), (t) => t.includes(rc.world.ranking.month))
      : listed(await http(rc, who, 'GET', '/api/reports/rankings'), (t) => t.includes(`"id":${rc.world.ranking.id}`)),
  read: async (rc, who) => {
    if (PUBLIC.includes(who)) {
      const q = (month: string) =>
        `/api/public/rankings?month=${month}&countyCode=${rc.world.county}&unitKind=department`;
      return byId(await http(rc, who, 'GET', q(rc.world.ranking.month)), () => http(rc, who, 'GET', q('2026-01')));
    }
    return byId(await http(rc, who, 'GET', `/api/reports/rankings/${rc.world.ranking.id}`), () =>
      http(rc, who, 'GET', `/api/reports/rankings/${ABSENT_ID}`),
    );
  },
  update: async (rc, who) =>
    byStatus(
      await http(rc, who, 'POST', '/api/reports/rankings', {
        countyCode: rc.world.county,
        month: rc.world.ranking.month,
        unitKind: 'township',
        note: '2026年11月乡镇接诉即办考核排名',
      }),
    ),
  export: async (rc, who) =>
    listed(
      await http(
        rc,
        who,
        'GET',
        `/api/metrics/ranking.xlsx?month=2026-11&unitKind=department&countyCode=${rc.world.county}`,
      ),
      (t) => t.includes('城管局'),
    ),
  aggregate: async (rc, who) =>
    listed(
      await http(
        rc,
        who,
        'GET',
        `/api/metrics/ranking?month=2026-11&unitKind=department&countyCode=${rc.world.county}`,
      ),
      (t) => t.includes('城管局'),
    ),
};

export type Probe = (rc: RunContext, who: Principal) => Promise<Observed>;

export const PROBES: Record<Resource, Partial<Record<Action, Probe>>> = {
  requestA: requestProbes('requestA'),
  requestB: requestProbes('requestB'),
  requestDept: requestProbes('requestDept'),
  misconduct: misconductProbes,
  householdA: householdProbes('householdA'),
  householdB: householdProbes('householdB'),
  visitA: visitProbes('visitA'),
  visitB: visitProbes('visitB'),
  person: personProbes,
  audit: auditProbes,
  accounts: accountProbes,
  ranking: rankingProbes,
};
