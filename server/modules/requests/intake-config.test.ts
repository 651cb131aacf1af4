import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../platform/testing/test-context.js';
import { DEFAULT_TIME_LIMIT_RULES } from './domain/time-limits.js';
import { intakeConfig } from './intake-config.js';
import { DEFAULT_REQUEST_SETTINGS, saveRequestSettings } from './settings.repository.js';
import { deleteTimeLimitRule, insertTimeLimitRules, listStoredTimeLimitRules } from './time-limit-rules.repository.js';

// The intake keeps a county's settings and time-limit rules in memory for a moment (intake-config.ts): a change
// saved through this server must reach the very next intake, even one that follows an intake a moment before.

let ctx: TestContext;
const county = '999977000000';
const by = { name: 'admin', at: new Date('2026-11-20T02:00:00Z') };

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe("the intake's settings and rules", () => {
  it('are the defaults while the county has configured nothing', async () => {
    const config = await intakeConfig(ctx.deps.db, county);
    expect(config.settings).toEqual(DEFAULT_REQUEST_SETTINGS);
    expect(config.rules).toEqual(DEFAULT_TIME_LIMIT_RULES);
  });

  it('a saved change reaches the next intake at once, in and out of a transaction', async () => {
    const db = ctx.deps.db;
    expect((await intakeConfig(db, county)).settings.ratingWindowDays).toBe(7);
    await db.transaction().execute(async (trx) => {
      await saveRequestSettings(trx, county, { ...DEFAULT_REQUEST_SETTINGS, ratingWindowDays: 12 }, by);
    });
    expect((await intakeConfig(db, county)).settings.ratingWindowDays).toBe(12);

    await insertTimeLimitRules(
      db,
      county,
      [{ label: '只此一条', resolution: { amount: 9, unit: 'working_days' } }],
      by,
    );
    expect((await intakeConfig(db, county)).rules.map((r) => r.label)).toEqual(['只此一条']);
    const [stored] = await listStoredTimeLimitRules(db, county);
    await deleteTimeLimitRule(db, county, stored?.id ?? 0);
    expect((await intakeConfig(db, county)).rules).toEqual(DEFAULT_TIME_LIMIT_RULES);
  });
});
