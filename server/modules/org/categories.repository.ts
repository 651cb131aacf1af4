import type { Db } from '../../platform/db/database.js';

/** The active request categories, ordered for display (parents are listed with their children by the caller). */
export async function listActiveCategories(
  db: Db,
): Promise<{ code: string; name: string; level: number; parentCode: string | null }[]> {
  return db
    .selectFrom('category')
    .select(['code', 'name', 'level', 'parentCode'])
    .where('active', '=', true)
    .orderBy('level')
    .orderBy('sortOrder')
    .orderBy('code')
    .execute();
}

/** Which of these codes name existing active categories. */
export async function existingCategoryCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('category')
    .select('code')
    .where('code', 'in', [...codes])
    .where('active', '=', true)
    .execute();
  return new Set(rows.map((r) => r.code));
}

/** Insert categories that do not exist yet (existing codes are left as they are). */
export async function insertCategories(
  db: Db,
  rows: readonly { code: string; name: string; parentCode: string | null; level: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('category')
    .values([...rows])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** A category's lineage, root first and the category itself last; undefined when the code is unknown or inactive. */
export async function findCategoryLineage(db: Db, code: string): Promise<string[] | undefined> {
  const lineage: string[] = [];
  let current: string | null = code;
  while (current !== null && lineage.length < 5) {
    const row: { code: string; parentCode: string | null } | undefined = await db
      .selectFrom('category')
      .select(['code', 'parentCode'])
      .where('code', '=', current)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!row) return lineage.length === 0 ? undefined : lineage.reverse();
    lineage.push(row.code);
    current = row.parentCode;
  }
  return lineage.reverse();
}
