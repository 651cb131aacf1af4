import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { openTestDatabase } from '../../platform/testing/test-context.js';
import { drawRequestSequence } from './number-drawer.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe('drawing request numbers for concurrent intakes', () => {
  it('hands out every sequence of the day once, in the order asked', async () => {
    const first = await drawRequestSequence(handle.db, '20261120');
    expect(first).toBe(1);
    const drawn = await Promise.all(Array.from({ length: 40 }, () => drawRequestSequence(handle.db, '20261120')));
    expect(drawn).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    const row = await handle.db
      .selectFrom('requestNumberSeq')
      .select('last')
      .where('day', '=', '20261120')
      .executeTakeFirstOrThrow();
    expect(Number(row.last)).toBe(41);
    // Another day counts from 1 again, beside the first.
    expect(await drawRequestSequence(handle.db, '20261121')).toBe(1);
  });
});
