/**
 * THE ACCESS MATRIX (issue #9): who may do what to which record — the single source of truth that
 * `npm run test:access` (reliability/access/run.ts) exercises cell by cell over HTTP against seeded fixtures.
 *
 * Roles (principals): the public (no session, with or without a receipt) and one signed-in user per staff role, with
 * the data scope that role usually has. Township A's handler works for A's government; "own township" below is A.
 * Resources: the records of the fixtures (reliability/access/world.ts). Actions: list (the paged list), search (the
 * list's `q`), read (one record by id), reveal (read unmasked personal data), update, dispatch, return, close,
 * export (XLSX), aggregate (figures that count the record).
 *
 * Outcomes:
 *   allow  — the role gets the record (list/search/export: it is among the rows; aggregate: it is counted);
 *            for reveal: the plaintext personal data is in the answer (only where the role holds the right);
 *   masked — the role reads the record but its personal data only masked (138****5678) — the expectation of
 *            every reveal cell whose role may read but holds no reveal right;
 *   deny   — 401/403, or the record is absent from the answer (lists, exports, counts), or 404 exactly as for an id
 *            that does not exist (status, error code and body shape compared with a probe on an absent id);
 *   n/a    — no route offers this action on this resource; the reason says why.
 * Any role not named in a row is expected to be denied.
 */

export const PRINCIPALS = [
  'anonymous', // no session, no receipt
  'citizen', // no session; holds the receipt code of township A's request (request A)
  'reporter', // no session; holds the receipt of the anonymous misconduct report
  'operator', // 话务员, county-wide
  'dispatcher', // 派单员, county-wide
  'handlerA', // 承办人 of township A's government (unit scope)
  'handlerB', // 承办人 of township B's government (unit scope)
  'handlerDept', // 承办人 of the county department 城管局 (unit scope)
  'cadreA', // 干部 of township A, paired with household A
  'inspectorA', // 督查员 scoped to township A (division scope)
  'leader', // 领导, county-wide
  'discipline', // 纪检监察, county-wide
  'systemAdmin', // 系统管理员 (also the liaison organiser)
  'securityAdmin', // 安全管理员
  'auditAdmin', // 审计管理员
] as const;
export type Principal = (typeof PRINCIPALS)[number];

export const RESOURCES = [
  'requestA', // township A's request, dispatched to A's government
  'requestB', // township B's request, dispatched to B's government
  'requestDept', // a request located in B, dispatched to the county department
  'misconduct', // an anonymous misconduct report (举报) in A with the reporter's identity
  'householdA', // a household in a village of A (contact phone encrypted)
  'householdB',
  'visitA', // cadre A's visit to household A
  'visitB',
  'person', // a cadre of A's government with phone and ID number (org people)
  'audit', // the audit log
  'accounts', // user accounts and roles
  'ranking', // the published November ranking of departments
] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = [
  'list',
  'search',
  'read',
  'reveal',
  'update',
  'dispatch',
  'return',
  'close',
  'export',
  'aggregate',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Outcome = 'allow' | 'masked' | 'deny';

/** A row: the roles allowed, the roles that read it masked; every other role denied. Or n/a with the reason. */
export type Row = { allow?: readonly Principal[]; masked?: readonly Principal[]; note?: string } | { na: string };

const countyReaders = ['operator', 'dispatcher', 'leader'] as const;

/** The readers of a request: county-wide staff with requests:read, the lead unit's handler, a division-scoped inspector. */
function requestRows(
  lead: Principal,
  inspectorSees: boolean,
  scorecardStaff: readonly Principal[],
): Record<Action, Row> {
  const readers: Principal[] = [...countyReaders, lead, ...(inspectorSees ? (['inspectorA'] as const) : [])];
  const publicReader: Principal[] = lead === 'handlerA' ? ['citizen'] : [];
  return {
    list: { allow: readers },
    search: { allow: readers },
    // The citizen reads their own request by number and receipt code on the public tracking page.
    read: { allow: [...readers, ...publicReader] },
    // requests:reveal (operators, dispatchers, the lead unit's handler: they call the citizen back) shows the phone in
    // full, audited; the leader, the inspector and the citizen's tracking page show it masked.
    reveal: {
      allow: ['operator', 'dispatcher', lead],
      masked: ['leader', ...(inspectorSees ? (['inspectorA'] as const) : []), ...publicReader],
    },
    // update = accept (签收): only the lead unit's handler.
    update: { allow: [lead] },
    dispatch: { allow: ['dispatcher'], note: 'a request awaiting dispatch; the dispatcher names the lead unit' },
    return: { allow: [lead], note: 'the lead unit returns a mis-sent request with a reason' },
    close: { allow: ['dispatcher'], note: 'a replied request is closed by the hotline office' },
    export: { allow: readers, note: 'the list as XLSX; phones masked' },
    // The lead unit's scorecard counts the request: metrics:read within scope, or any staff of the unit itself
    // (a cadre of A's government too: the scorecard is the unit's own, shown to its people).
    aggregate: {
      allow: [
        'dispatcher',
        'leader',
        'discipline',
        ...scorecardStaff,
        ...(inspectorSees ? (['inspectorA'] as const) : []),
      ],
    },
  };
}

const NA_DISPATCH = { na: 'only citizens’ requests are dispatched, returned and closed' };
const livingReaders = ['inspectorA', 'leader', 'systemAdmin'] as const;

/**
 * The people directory's readers of A's cadre: staff with org:read whose scope holds A's government (county-wide
 * staff, A's handler and cadre, A's inspector, the security administrator who links accounts to people). Listed, not
 * derived from the grant table, so that a change of grants shows up here as a mismatch.
 */
const peopleReaders: readonly Principal[] = [
  'operator',
  'dispatcher',
  'handlerA',
  'cadreA',
  'inspectorA',
  'leader',
  'discipline',
  'systemAdmin',
  'securityAdmin',
];

export const MATRIX: Record<Resource, Record<Action, Row>> = {
  requestA: requestRows('handlerA', true, ['handlerA', 'cadreA']),
  requestB: requestRows('handlerB', false, ['handlerB']),
  requestDept: requestRows('handlerDept', false, ['handlerDept']),

  misconduct: {
    list: { allow: ['discipline'] },
    search: { na: 'the misconduct list has no text search (state filter only)' },
    // The reporter reads the report (and the questions asked) with the receipt, nobody else without misconduct:read.
    read: { allow: ['discipline', 'reporter'] },
    // The identity is readable by discipline inspection only, with a recorded reason; the reporter's view omits it.
    reveal: { allow: ['discipline'], masked: ['reporter'] },
    update: { allow: ['discipline'], note: 'state new → in review' },
    dispatch: { na: 'misconduct reports are not dispatched: discipline inspection handles them itself' },
    return: { na: 'misconduct reports are not dispatched, so not returned' },
    close: { allow: ['discipline'], note: 'state → closed' },
    export: { na: 'no export of misconduct reports exists (by design: identities stay in the system)' },
    aggregate: { na: 'no figures count misconduct reports yet' },
  },

  householdA: {
    list: {
      allow: [...livingReaders, 'cadreA'],
      note: 'cadre A sees the households paired with them (/api/liaison/my)',
    },
    search: { allow: livingReaders },
    read: { allow: livingReaders },
    reveal: { masked: livingReaders, note: 'no route reveals a household contact phone; the list and detail mask it' },
    update: { allow: ['systemAdmin'], note: 'the liaison organiser (liaison:manage) edits household details' },
    dispatch: NA_DISPATCH,
    return: NA_DISPATCH,
    close: NA_DISPATCH,
    export: { na: 'no household export exists (only the empty import template)' },
    aggregate: { allow: livingReaders, note: 'the coverage figures count the household' },
  },
  householdB: {
    list: { allow: ['leader', 'systemAdmin'] },
    search: { allow: ['leader', 'systemAdmin'] },
    read: { allow: ['leader', 'systemAdmin'] },
    reveal: { masked: ['leader', 'systemAdmin'] },
    update: { allow: ['systemAdmin'] },
    dispatch: NA_DISPATCH,
    return: NA_DISPATCH,
    close: NA_DISPATCH,
    export: { na: 'no household export exists' },
    aggregate: { allow: ['leader', 'systemAdmin'] },
  },
  visitA: {
    list: { allow: [...livingReaders, 'cadreA'], note: 'cadre A lists their own visits (/api/liaison/my/visits)' },
    search: { na: 'the visit list filters by household, cadre and date, not by text' },
    read: { na: 'visits are read in lists; there is no single-visit route' },
    reveal: { na: 'a visit holds no phone or ID number' },
    // update = record a visit on the visited household: only the cadre paired with it.
    update: { allow: ['cadreA'], note: 'recording a visit to the household (POST /api/liaison/visits)' },
    dispatch: NA_DISPATCH,
    return: NA_DISPATCH,
    close: NA_DISPATCH,
    export: { na: 'no visit export exists' },
    aggregate: { na: 'visit counts are per household and are covered by the households’ coverage cells' },
  },
  visitB: {
    list: { allow: ['leader', 'systemAdmin'] },
    search: { na: 'the visit list filters by household, cadre and date, not by text' },
    read: { na: 'visits are read in lists; there is no single-visit route' },
    reveal: { na: 'a visit holds no phone or ID number' },
    update: { allow: [], note: 'nobody among the principals is paired with household B' },
    dispatch: NA_DISPATCH,
    return: NA_DISPATCH,
    close: NA_DISPATCH,
    export: { na: 'no visit export exists' },
    aggregate: { na: 'covered by the households’ coverage cells' },
  },

  person: {
    // The people directory (org:read) within the reader's scope: names, units, ranks; phone and ID number masked.
    // Handlers of B's government and of the department are scoped to their own unit, so A's cadre is not theirs.
    list: { allow: peopleReaders },
    search: { allow: peopleReaders },
    read: { allow: peopleReaders },
    // people:reveal (inspector, discipline, leader) reads the ID number, with a recorded reason.
    reveal: {
      allow: ['inspectorA', 'leader', 'discipline'],
      masked: peopleReaders.filter((p) => !['inspectorA', 'leader', 'discipline'].includes(p)),
    },
    update: { allow: ['systemAdmin'] },
    dispatch: NA_DISPATCH,
    return: NA_DISPATCH,
    close: NA_DISPATCH,
    export: { allow: peopleReaders, note: 'the directory as XLSX; phone and ID number masked' },
    aggregate: { na: 'no figures count people' },
  },

  audit: {
    list: { allow: ['auditAdmin'] },
    search: { na: 'the audit list filters by actor, action and time, not free text' },
    read: { na: 'entries are read in the list; integrity is read through /api/audit/verify (checked as update n/a)' },
    reveal: { masked: ['auditAdmin'], note: 'audit entries never carry plaintext phones or ID numbers' },
    update: { na: 'the audit log is append-only: no route changes it' },
    dispatch: NA_DISPATCH,
    return: NA_DISPATCH,
    close: NA_DISPATCH,
    export: { allow: ['auditAdmin'] },
    aggregate: { na: 'no figures count audit entries' },
  },

  accounts: {
    list: { allow: ['securityAdmin'] },
    search: { allow: ['securityAdmin'] },
    read: { allow: ['securityAdmin'] },
    reveal: { na: 'accounts hold no phone or ID number' },
    update: { allow: ['securityAdmin'], note: 'display name changed (roles and scopes go the same route)' },
    dispatch: NA_DISPATCH,
    return: NA_DISPATCH,
    close: NA_DISPATCH,
    export: { allow: ['securityAdmin'] },
    aggregate: { na: 'no figures count accounts' },
  },

  ranking: {
    // Published rankings are public (portal); the internal list with versions needs reports:read.
    list: {
      allow: ['anonymous', 'citizen', 'reporter', 'dispatcher', 'inspectorA', 'leader', 'discipline', 'systemAdmin'],
    },
    search: { na: 'rankings are chosen by month, not searched' },
    read: {
      allow: ['anonymous', 'citizen', 'reporter', 'dispatcher', 'inspectorA', 'leader', 'discipline', 'systemAdmin'],
    },
    reveal: { na: 'a ranking holds no personal data' },
    update: { allow: ['systemAdmin'], note: 'publishing (reports:publish, county scope): November’s township ranking' },
    dispatch: NA_DISPATCH,
    return: NA_DISPATCH,
    close: NA_DISPATCH,
    export: {
      allow: ['dispatcher', 'leader', 'discipline'],
      note: 'the live ranking as XLSX (metrics:read, county scope)',
    },
    aggregate: {
      allow: ['dispatcher', 'leader', 'discipline'],
      note: 'the live monthly ranking lists the county department; inspector A’s township scope holds no department',
    },
  },
};

/** The expected outcome of one cell, or null when the cell is n/a. */
export function expected(resource: Resource, action: Action, who: Principal): Outcome | null {
  const row = MATRIX[resource][action];
  if ('na' in row) return null;
  if (row.allow?.includes(who)) return 'allow';
  if (row.masked?.includes(who)) return 'masked';
  return 'deny';
}
