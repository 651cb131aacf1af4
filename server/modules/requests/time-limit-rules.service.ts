/*
 * Administration of a county's time limits (限时办结规则): list the rules in force, add, change and remove one, and
 * preview the limits and deadlines a request would get. While a county has no configured rule the built-in defaults
 * (DEFAULT_TIME_LIMIT_RULES) apply; the first change copies them into the county's table so that the table is the
 * complete rule set from then on. Removing every rule returns the county to the defaults.
 */
import type {
  TimeLimitPreview,
  TimeLimitRule,
  TimeLimitRuleInput,
  TimeLimitRuleList,
  TimeLimitRuleView,
} from '../../../contracts/requests.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, toFieldIssues } from '../../platform/http/errors.js';
import { findCategoryLineage } from '../org/index.js';
import { addLimit, DEFAULT_TIME_LIMIT_RULES, resolveTimeLimit } from './domain/time-limits.js';
import { loadWorkingTime, rulesFor } from './requests.service.js';
import { countyOrFail, type SettingsActor } from './settings.service.js';
import {
  deleteTimeLimitRule,
  insertTimeLimitRules,
  listStoredTimeLimitRules,
  lockTimeLimitRules,
  type StoredTimeLimitRule,
  updateTimeLimitRule,
} from './time-limit-rules.repository.js';

const keyOf = (r: TimeLimitRule) => `${r.categoryCode ?? '*'}|${r.type ?? '*'}|${r.urgency ?? '*'}`;

/** Drops unset keys so that a rule's stored shape and its audit entry are the same whatever the client sent. */
function normalised(rule: TimeLimitRuleInput): TimeLimitRule {
  return {
    label: rule.label,
    categoryCode: rule.categoryCode ?? null,
    type: rule.type ?? null,
    urgency: rule.urgency ?? null,
    ...(rule.response ? { response: rule.response } : {}),
    ...(rule.resolution ? { resolution: rule.resolution } : {}),
    ...(rule.returnWindow ? { returnWindow: rule.returnWindow } : {}),
  };
}

function categoryUnknown(code: string): AppError {
  const zh = toFieldIssues([{ path: ['categoryCode'], message: `诉求分类 ${code} 不存在或已停用` }], 'zh')[0]!;
  const en = toFieldIssues([{ path: ['categoryCode'], message: `unknown or inactive category ${code}` }], 'en')[0]!;
  return new AppError('REQUEST_CATEGORY_UNKNOWN', {
    issues: [{ ...zh, messageZh: zh.messageZh, messageEn: en.messageEn }],
  });
}

async function categoryLineageOrFail(db: Db, code: string | null | undefined): Promise<string[] | undefined> {
  if (!code) return undefined;
  const lineage = await findCategoryLineage(db, code);
  if (!lineage) throw categoryUnknown(code);
  return lineage;
}

const storedView = (r: StoredTimeLimitRule): TimeLimitRuleView => {
  const { id, updatedAt, updatedBy, ...rule } = r;
  return { ...rule, id, isDefault: false, updatedAt: updatedAt.toISOString(), updatedBy };
};

/** The rules in force for a county: its configured rules, or the built-in defaults marked as such. */
export async function listTimeLimitRules(
  deps: Pick<Deps, 'db'>,
  actor: SettingsActor,
  countyCode: string,
): Promise<TimeLimitRuleList> {
  await countyOrFail(deps.db, actor, countyCode);
  const stored = await listStoredTimeLimitRules(deps.db, countyCode);
  if (stored.length > 0) return { countyCode, configured: true, rules: stored.map(storedView) };
  return {
    countyCode,
    configured: false,
    rules: DEFAULT_TIME_LIMIT_RULES.map((rule) => ({
      ...rule,
      id: null,
      isDefault: true,
      updatedAt: null,
      updatedBy: null,
    })),
  };
}

type RuleChange =
  | { kind: 'create'; rule: TimeLimitRule }
  | { kind: 'update'; id: number; rule: TimeLimitRule }
  | { kind: 'delete'; id: number };

/**
 * Applies one change to a county's rules in one transaction with its audit entry. Rules of one county change one at
 * a time (advisory lock). On a county still on the defaults, the defaults are first copied into the table — minus a
 * default with the new rule's key, which the new rule replaces — so that adding one rule never drops the rest.
 */
async function changeRules(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: SettingsActor,
  countyCode: string,
  change: RuleChange,
  httpRequestId: string,
): Promise<number | null> {
  const now = deps.now();
  await countyOrFail(deps.db, actor, countyCode);
  if (change.kind !== 'delete') await categoryLineageOrFail(deps.db, change.rule.categoryCode);
  const who = auditActorOf(actor);
  const by = { name: who.name, at: now };
  return deps.db.transaction().execute(async (trx) => {
    await lockTimeLimitRules(trx, countyCode);
    const stored = await listStoredTimeLimitRules(trx, countyCode);
    let copiedDefaults = 0;
    let resultId: number | null = null;
    let before: TimeLimitRule | null = null;
    if (change.kind === 'create') {
      if (stored.some((r) => keyOf(r) === keyOf(change.rule))) throw new AppError('REQUEST_TIME_LIMIT_RULE_EXISTS');
      if (stored.length === 0) {
        const defaults = DEFAULT_TIME_LIMIT_RULES.filter((r) => keyOf(r) !== keyOf(change.rule));
        before = DEFAULT_TIME_LIMIT_RULES.find((r) => keyOf(r) === keyOf(change.rule)) ?? null;
        copiedDefaults = (await insertTimeLimitRules(trx, countyCode, defaults, by)).length;
      }
      resultId = (await insertTimeLimitRules(trx, countyCode, [change.rule], by))[0] ?? null;
    } else {
      const current = stored.find((r) => r.id === change.id);
      if (!current) throw new AppError('REQUEST_TIME_LIMIT_RULE_NOT_FOUND');
      const { id: _id, updatedAt: _at, updatedBy: _by, ...rule } = current;
      before = rule;
      if (change.kind === 'update') {
        if (stored.some((r) => r.id !== change.id && keyOf(r) === keyOf(change.rule))) {
          throw new AppError('REQUEST_TIME_LIMIT_RULE_EXISTS');
        }
        await updateTimeLimitRule(trx, countyCode, change.id, change.rule, by);
        resultId = change.id;
      } else {
        await deleteTimeLimitRule(trx, countyCode, change.id);
      }
    }
    await appendAudit(trx, {
      actor: who,
      action: `request.time_limit_rule.${change.kind}`,
      objectType: 'request_time_limit_rule',
      objectId: resultId ?? (change.kind === 'delete' ? change.id : null),
      before,
      after: change.kind === 'delete' ? null : change.rule,
      detail: { countyCode, ...(copiedDefaults > 0 ? { copiedDefaults } : {}) },
      requestId: httpRequestId,
      at: now,
    });
    return resultId;
  });
}

async function viewOf(db: Db, countyCode: string, id: number): Promise<TimeLimitRuleView> {
  const found = (await listStoredTimeLimitRules(db, countyCode)).find((r) => r.id === id);
  if (!found) throw new AppError('REQUEST_TIME_LIMIT_RULE_NOT_FOUND');
  return storedView(found);
}

/**
 * Adds a rule for a county (category optional = every category, type and urgency optional = any). The category must
 * exist and be active (400 naming `categoryCode`); a rule with the same key is a 409. New limits apply to requests
 * written from now on: a request's stored deadlines follow the rules at its next write (see the module README).
 */
export async function createTimeLimitRule(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: SettingsActor,
  countyCode: string,
  input: TimeLimitRuleInput,
  httpRequestId: string,
): Promise<TimeLimitRuleView> {
  const id = await changeRules(deps, actor, countyCode, { kind: 'create', rule: normalised(input) }, httpRequestId);
  return viewOf(deps.db, countyCode, id!);
}

/** Replaces one configured rule of a county (key and limits). */
export async function updateTimeLimitRuleById(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: SettingsActor,
  countyCode: string,
  id: number,
  input: TimeLimitRuleInput,
  httpRequestId: string,
): Promise<TimeLimitRuleView> {
  await changeRules(deps, actor, countyCode, { kind: 'update', id, rule: normalised(input) }, httpRequestId);
  return viewOf(deps.db, countyCode, id);
}

/** Removes one configured rule of a county; with the last one gone, the county is back on the built-in defaults. */
export async function deleteTimeLimitRuleById(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: SettingsActor,
  countyCode: string,
  id: number,
  httpRequestId: string,
): Promise<void> {
  await changeRules(deps, actor, countyCode, { kind: 'delete', id }, httpRequestId);
}

/**
 * What a request would get in a county: the limits that apply (with the rule each came from) and the deadlines they
 * give when it is dispatched at `receivedAt`, counted with the working calendar (holidays and adjusted working
 * weekends included) — the check administrators make around a holiday.
 */
export async function previewTimeLimits(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: SettingsActor,
  query: {
    countyCode: string;
    categoryCode?: string | undefined;
    type: TimeLimitRule['type'] & string;
    urgency: NonNullable<TimeLimitRule['urgency']>;
    receivedAt: string;
  },
): Promise<TimeLimitPreview> {
  await countyOrFail(deps.db, actor, query.countyCode);
  const lineage = await categoryLineageOrFail(deps.db, query.categoryCode);
  const workingTime = await loadWorkingTime(deps);
  const rules = await rulesFor(deps.db, query.countyCode);
  const limits = resolveTimeLimit(rules, {
    categoryCode: query.categoryCode ?? null,
    ...(lineage ? { categoryAncestors: lineage.slice(0, -1) } : {}),
    type: query.type,
    urgency: query.urgency,
  });
  const at = new Date(query.receivedAt);
  const responseDueAt = addLimit(workingTime, at, limits.response);
  return {
    limits,
    responseDueAt: responseDueAt.toISOString(),
    returnWindowEndsAt: addLimit(workingTime, at, limits.returnWindow).toISOString(),
    resolutionDueAtIfAcceptedAtOnce: addLimit(workingTime, at, limits.resolution).toISOString(),
    resolutionDueAtIfAcceptedLast: addLimit(workingTime, responseDueAt, limits.resolution).toISOString(),
  };
}
