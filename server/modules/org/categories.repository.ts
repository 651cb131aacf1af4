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
  rows: readonly { code: string; name: string; parentCode: string | null; level: number; sortOrder?: number }[],
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

/** How many categories exist, active or not. */
export async function countCategories(db: Db): Promise<number> {
  const row = await db
    .selectFrom('category')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CategoryRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  sortOrder: number;
  active: boolean;
}

/** Every category, active or not, parents before children and siblings in their order. */
export async function listAllCategories(db: Db): Promise<CategoryRow[]> {
  return db
    .selectFrom('category')
    .select(['code', 'name', 'parentCode', 'level', 'sortOrder', 'active'])
    .orderBy('level')
    .orderBy('sortOrder')
    .orderBy('code')
    .execute();
}

export async function findCategory(db: Db, code: string): Promise<CategoryRow | undefined> {
  return db
    .selectFrom('category')
    .select(['code', 'name', 'parentCode', 'level', 'sortOrder', 'active'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The children of a category (or the top level for null), in their order. */
export async function listChildCategories(db: Db, parentCode: string | null): Promise<CategoryRow[]> {
  return db
    .selectFrom('category')
    .select(['code', 'name', 'parentCode', 'level', 'sortOrder', 'active'])
    .where((eb) => (parentCode === null ? eb('parentCode', 'is', null) : eb('parentCode', '=', parentCode)))
    .orderBy('sortOrder')
    .orderBy('code')
    .execute();
}

/** A category and all its descendants (codes are dotted: 'A.01' covers 'A.01.03'). */
export async function categorySubtreeCodes(db: Db, code: string): Promise<string[]> {
  const rows = await db
    .selectFrom('category')
    .select('code')
    .where((eb) => eb.or([eb('code', '=', code), eb('code', 'like', `${code.replace(/[\\%_]/g, '\\$&')}.%`)]))
    .execute();
  return rows.map((r) => r.code);
}

export async function insertCategory(db: Db, row: Omit<CategoryRow, 'active'>): Promise<void> {
  await db.insertInto('category').values(row).execute();
}

export async function updateCategoryName(db: Db, code: string, name: string): Promise<void> {
  await db.updateTable('category').set({ name }).where('code', '=', code).execute();
}

export async function setCategoriesActive(db: Db, codes: readonly string[], active: boolean): Promise<void> {
  if (codes.length === 0) return;
  await db
    .updateTable('category')
    .set({ active })
    .where('code', 'in', [...codes])
    .execute();
}

export async function setCategorySortOrder(db: Db, code: string, sortOrder: number): Promise<void> {
  await db.updateTable('category').set({ sortOrder }).where('code', '=', code).execute();
}

/** How many unit catalogues (职责清单) list any of these categories. */
export async function countCatalogueEntries(db: Db, codes: readonly string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const row = await db
    .selectFrom('unitCategory')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('categoryCode', 'in', [...codes])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes a category; a row that refers to it (a request, a child, a catalogue) makes the foreign key refuse. */
export async function deleteCategoryRow(db: Db, code: string): Promise<void> {
  await db.deleteFrom('category').where('code', '=', code).execute();
}

/** Names of the given categories (code → name); unknown codes are left out. */
export async function findCategoryNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('category')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
