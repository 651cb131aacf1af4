import type { TimeLimitRule } from '../../../contracts/requests.js';
import type { Db } from '../../platform/db/database.js';
import { requestConfigChanges } from './config-changes.js';
import { DEFAULT_TIME_LIMIT_RULES } from './domain/time-limits.js';
import { loadTimeLimitRules } from './requests.repository.js';
import { loadRequestSettings, type RequestSettings } from './settings.repository.js';

/*
 * The intake reads its county's settings and time-limit rules from this cache instead of the database on every
 * request (two statements an intake; `npx tsx bench/intake-cpu.ts` measures what they cost). An entry lives
 * CONFIG_TTL_MS. A change made through this process (settings.repository.ts, time-limit-rules.repository.ts note it
 * in config-changes.ts) drops the county's entry at once, and for QUIET_AFTER_CHANGE_MS after it nothing is cached
 * for that county, so an intake that starts after the change's commit reads it. A change made by another server
 * process on the same database reaches this one's intakes within CONFIG_TTL_MS. Every other use case reads the
 * database as before.
 */

/** The longest an intake in this process may use settings or rules that another process has since changed (ms). */
export const CONFIG_TTL_MS = 2000;

export interface IntakeConfig {
  settings: RequestSettings;
  rules: readonly TimeLimitRule[];
}

interface Entry {
  value: Promise<IntakeConfig>;
  loadedAt: number;
  generation: number;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

async function load(db: Db, tenantCode: string): Promise<IntakeConfig> {
  const [settings, rules] = await Promise.all([
    loadRequestSettings(db, tenantCode),
    loadTimeLimitRules(db, tenantCode),
  ]);
  return { settings, rules: rules.length > 0 ? rules : DEFAULT_TIME_LIMIT_RULES };
}

/** A county's settings and time-limit rules for an intake (the built-in rules while none are configured). */
export function intakeConfig(db: Db, tenantCode: string): Promise<IntakeConfig> {
  const changes = requestConfigChanges(tenantCode);
  if (changes.quiet) return load(db, tenantCode);
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const now = performance.now();
  const hit = cache.get(tenantCode);
  if (hit && hit.generation === changes.generation && now - hit.loadedAt < CONFIG_TTL_MS) return hit.value;
  const entry: Entry = { value: load(db, tenantCode), loadedAt: now, generation: changes.generation };
  const byDb = cache;
  entry.value.catch(() => {
    if (byDb.get(tenantCode) === entry) byDb.delete(tenantCode);
  });
  cache.set(tenantCode, entry);
  return entry.value;
}
