import {
  DIVISION_LEVEL_LABELS,
  type DivisionLevel,
  type OrgFileKind,
  PERSON_RANK_LABELS,
  type PersonRank,
  UNIT_KIND_LABELS,
  type UnitKind,
} from '../../../../contracts/org.js';
import {
  checkDivisionPlacement,
  type DivisionRuleViolation,
  divisionPath,
  isDivisionCode,
  levelOfCode,
  pathDepth,
} from './division-rules.js';

export type Lang = 'zh' | 'en';

/** One column of an import file: its key, its labels, the other names users give it, and whether it must be present. */
export interface ColumnSpec {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly aliases: readonly string[];
  readonly required: boolean;
}

const col = (key: string, zh: string, en: string, required: boolean, aliases: string[] = []): ColumnSpec => ({
  key,
  zh,
  en,
  required,
  aliases,
});

/** The columns of each import file, in template order; headers match in Chinese or English. */
export const IMPORT_COLUMNS: Readonly<Record<OrgFileKind, readonly ColumnSpec[]>> = {
  divisions: [
    col('code', '代码', 'code', true, ['区划代码', '行政区划代码', 'divisionCode']),
    col('name', '名称', 'name', true, ['区划名称']),
    col('level', '层级', 'level', false, ['级别']),
    col('parentCode', '上级代码', 'parentCode', false, ['上级区划代码', '上级区划', 'parent']),
  ],
  units: [
    col('name', '名称', 'name', true, ['单位名称']),
    col('kind', '类型', 'kind', true, ['单位类型']),
    col('parent', '上级单位', 'parent', false, ['上级单位名称', 'parentId', 'parentName']),
    col('divisionCode', '区划代码', 'divisionCode', true, ['所属区划', '所属区划代码', '行政区划代码', 'division']),
    col('categories', '职责分类', 'categories', false, ['职责清单', '诉求分类', 'categoryCodes']),
    col('shortName', '简称', 'shortName', false, ['单位简称']),
    col('phone', '电话', 'phone', false, ['办公电话', '联系电话']),
  ],
  people: [
    col('name', '姓名', 'name', true),
    col('unit', '单位', 'unit', true, ['所在单位', '工作单位', 'unitId', 'unitName']),
    col('rank', '职级', 'rank', true, ['级别']),
    col('partyMember', '党员', 'partyMember', false, ['是否党员', '中共党员', 'party']),
    col('phone', '手机', 'phone', false, ['手机号', '手机号码', '电话', '联系电话', 'mobile']),
    col('idNumber', '身份证号', 'idNumber', false, ['身份证号码', '身份证', 'idCard']),
    col('gender', '性别', 'gender', false, ['sex']),
    col('position', '职务', 'position', false, ['title']),
  ],
};

/** More data rows than this in one file are refused: split the file. */
export const MAX_IMPORT_ROWS = 20_000;

export type ImportProblem =
  | { type: 'EmptyFile' }
  | { type: 'TooManyRows'; max: number }
  | { type: 'MissingColumn' }
  | { type: 'DuplicateColumn' }
  | { type: 'Required' }
  | { type: 'TooLong'; max: number }
  | { type: 'BadDivisionCode' }
  | { type: 'BadChoice'; allowed: readonly string[] }
  | { type: 'BadPhone' }
  | { type: 'BadIdNumber' }
  | { type: 'DuplicateInFile'; firstRow: number }
  | { type: 'AlreadyExists' }
  | { type: 'DivisionRule'; violation: DivisionRuleViolation }
  | { type: 'NotFound'; ref: string }
  | { type: 'Ambiguous'; ref: string }
  | { type: 'OutOfScope' }
  | { type: 'RootNotAllowed' }
  | { type: 'Cycle' }
  | { type: 'CategoryNotFound'; codes: readonly string[] };

/** One problem of an import file: the row as the user sees it (the header is row 1), the column's header, what is wrong. */
export interface RowIssue {
  row: number;
  column: string;
  problem: ImportProblem;
}

/** A row of cells as read from the file, with its row number there. */
export interface SheetRow {
  row: number;
  cells: readonly string[];
}

/** The data rows of a file keyed by column, the header each column had, and problems with the header itself. */
export interface ParsedSheet {
  headerRow: number;
  rows: { row: number; values: Readonly<Record<string, string>> }[];
  labels: Readonly<Record<string, string>>;
  issues: RowIssue[];
}

const headerKey = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s*＊_\-:：]/g, '')
    .toLowerCase();

/** Label of a column in the user's language (used when the file lacks it). */
export function columnLabel(spec: ColumnSpec, lang: Lang): string {
  return lang === 'zh' ? spec.zh : spec.en;
}

/**
 * Read the header (the first row) and key each data row by column, accepting Chinese or English headers,
 * marks such as '*' or '(必填)', and skipping blank rows; a missing required column or a column given twice is
 * a problem of the header row.
 */
export function readSheet(kind: OrgFileKind, sheet: readonly SheetRow[], lang: Lang): ParsedSheet {
  const specs = IMPORT_COLUMNS[kind];
  const nonBlank = sheet.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonBlank[0];
  const labels: Record<string, string> = Object.fromEntries(specs.map((s) => [s.key, columnLabel(s, lang)]));
  if (!header)
    return { headerRow: 1, rows: [], labels, issues: [{ row: 1, column: '', problem: { type: 'EmptyFile' } }] };
  const issues: RowIssue[] = [];
  const keyAt: (string | null)[] = header.cells.map((cell) => {
    const k = headerKey(cell);
    if (!k) return null;
    return specs.find((s) => [s.key, s.zh, s.en, ...s.aliases].some((name) => headerKey(name) === k))?.key ?? null;
  });
  const seen = new Set<string>();
  keyAt.forEach((key, i) => {
    if (!key) return;
    if (seen.has(key)) {
      issues.push({ row: header.row, column: header.cells[i]!.trim(), problem: { type: 'DuplicateColumn' } });
      keyAt[i] = null;
      return;
    }
    seen.add(key);
    labels[key] = header.cells[i]!.trim();
  });
  for (const spec of specs) {
    if (spec.required && !seen.has(spec.key)) {
      issues.push({ row: header.row, column: columnLabel(spec, lang), problem: { type: 'MissingColumn' } });
    }
  }
  const data = nonBlank.slice(1);
  if (data.length > MAX_IMPORT_ROWS) {
    issues.push({ row: header.row, column: '', problem: { type: 'TooManyRows', max: MAX_IMPORT_ROWS } });
  }
  if (data.length === 0 && issues.length === 0)
    issues.push({ row: header.row + 1, column: '', problem: { type: 'EmptyFile' } });
  const rows = data.slice(0, MAX_IMPORT_ROWS).map((r) => {
    const values: Record<string, string> = {};
    keyAt.forEach((key, i) => {
      if (key) values[key] = (r.cells[i] ?? '').trim();
    });
    return { row: r.row, values };
  });
  return { headerRow: header.row, rows, labels, issues };
}

/** Parse a choice cell against labels and English keys (and extra synonyms); the cell is normalised first. */
function choice<T extends string>(
  raw: string,
  labels: Readonly<Record<T, string>>,
  synonyms: Readonly<Record<string, T>>,
  normalise: (s: string) => string,
): T | null {
  const v = normalise(raw).toLowerCase().replace(/\s/g, '');
  for (const [key, label] of Object.entries(labels) as [T, string][]) {
    if (v === key.toLowerCase() || v === label) return key;
  }
  return synonyms[v] ?? null;
}

const LEVEL_SYNONYMS: Record<string, DivisionLevel> = {
  省级: 'province',
  自治区: 'province',
  直辖市: 'province',
  地级: 'city',
  市级: 'city',
  州: 'city',
  县级: 'county',
  区: 'county',
  县区: 'county',
  乡: 'township',
  镇: 'township',
  街道: 'township',
  乡镇街道: 'township',
  社区: 'village',
  村社区: 'village',
  '村(社区)': 'village',
  行政村: 'village',
};
const KIND_SYNONYMS: Record<string, UnitKind> = {
  政府: 'government',
  县政府: 'government',
  乡: 'township',
  镇: 'township',
  街道: 'township',
  街道办事处: 'township',
  乡镇人民政府: 'township',
  村民委员会: 'village_committee',
  居委会: 'community',
  社区居委会: 'community',
  居民委员会: 'community',
  党组织: 'party_branch',
  党委: 'party_branch',
  企业: 'enterprise',
  事业单位: 'enterprise',
  villagecommittee: 'village_committee',
  partybranch: 'party_branch',
};
const RANK_SYNONYMS: Record<string, PersonRank> = {
  县处级: 'county',
  处级: 'county',
  乡科级: 'section',
  科员: 'ordinary',
  一般: 'ordinary',
  村: 'village',
  社区干部: 'village',
  村社区干部: 'village',
};
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '党员', '中共党员']);
const NO = new Set(['', '否', 'n', 'no', 'false', '0', '×', '群众', '非党员']);
const GENDERS: Record<string, 'male' | 'female'> = {
  男: 'male',
  女: 'female',
  m: 'male',
  f: 'female',
  male: 'male',
  female: 'female',
};

const labelsOf = <T extends string>(labels: Readonly<Record<T, string>>, lang: Lang): string[] =>
  Object.entries(labels).map(([k, v]) => (lang === 'zh' ? (v as string) : k));

/** Options every plan takes: the normaliser of text (traditional → simplified) and the user's language for choices. */
export interface PlanOptions {
  normalise: (s: string) => string;
  lang: Lang;
}

// ----------------------------------------------------------------------------------------- divisions

/** A division the database already holds, and whether the importing user may add children under it. */
export interface KnownDivision {
  code: string;
  level: DivisionLevel;
  path: string;
  inScope: boolean;
}

export interface DivisionImportContext extends PlanOptions {
  /** Existing divisions among the file's codes and parent codes. */
  known: ReadonlyMap<string, KnownDivision>;
  /** Whether the user may add a division without a parent (only with the whole organisation in scope). */
  rootAllowed: boolean;
}

export interface DivisionInsert {
  row: number;
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
  path: string;
}

/**
 * Validate every division row and order the new divisions parents-first: codes are 12 digits and unique, the level
 * (given or read from the code) fits the code, the parent exists in the file or in the user's scope, and the code
 * fits the parent; a file is imported only when it has no problem at all.
 */
export function planDivisionImport(
  sheet: ParsedSheet,
  ctx: DivisionImportContext,
): { inserts: DivisionInsert[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [...sheet.issues];
  const L = sheet.labels;
  const add = (row: number, key: string, problem: ImportProblem) =>
    issues.push({ row, column: L[key] ?? key, problem });
  interface Draft {
    row: number;
    code: string;
    name: string;
    level: DivisionLevel | null;
    parentCode: string | null;
    ok: boolean;
  }
  const drafts: Draft[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, values } of sheet.rows) {
    const before = issues.length;
    const code = (values.code ?? '').replace(/\s/g, '');
    const name = values.name ?? '';
    const parentCode = (values.parentCode ?? '').replace(/\s/g, '') || null;
    if (!code) add(row, 'code', { type: 'Required' });
    else if (!isDivisionCode(code)) add(row, 'code', { type: 'BadDivisionCode' });
    else if (firstRowOf.has(code)) add(row, 'code', { type: 'DuplicateInFile', firstRow: firstRowOf.get(code)! });
    else if (ctx.known.has(code)) add(row, 'code', { type: 'AlreadyExists' });
    if (isDivisionCode(code) && !firstRowOf.has(code)) firstRowOf.set(code, row);
    if (!name) add(row, 'name', { type: 'Required' });
    else if (name.length > 100) add(row, 'name', { type: 'TooLong', max: 100 });
    let level: DivisionLevel | null = null;
    if (values.level) {
      level = choice(values.level, DIVISION_LEVEL_LABELS, LEVEL_SYNONYMS, ctx.normalise);
      if (!level) add(row, 'level', { type: 'BadChoice', allowed: labelsOf(DIVISION_LEVEL_LABELS, ctx.lang) });
    } else if (isDivisionCode(code)) {
      level = levelOfCode(code);
      if (!level) add(row, 'level', { type: 'Required' });
    }
    if (parentCode && !isDivisionCode(parentCode)) add(row, 'parentCode', { type: 'BadDivisionCode' });
    drafts.push({ row, code, name, level, parentCode, ok: issues.length === before });
  }
  const inFile = new Map(drafts.filter((d) => firstRowOf.get(d.code) === d.row).map((d) => [d.code, d]));
  const paths = new Map<string, string | null>();
  // Resolve each row's path through parents in the file or the database; null marks an unresolvable chain.
  const pathOf = (d: Draft, visiting: Set<string>): string | null => {
    if (paths.has(d.code)) return paths.get(d.code)!;
    if (visiting.has(d.code)) return null;
    visiting.add(d.code);
    let parentPath: string | null = '/';
    if (d.parentCode) {
      const fileParent = inFile.get(d.parentCode);
      if (fileParent && fileParent !== d) parentPath = pathOf(fileParent, visiting);
      else parentPath = ctx.known.get(d.parentCode)?.path ?? null;
    }
    const path = parentPath === null ? null : divisionPath(parentPath === '/' ? null : parentPath, d.code);
    paths.set(d.code, path);
    return path;
  };
  const inserts: DivisionInsert[] = [];
  for (const d of drafts) {
    if (!d.ok || inFile.get(d.code) !== d || !d.level) continue;
    let parent: { code: string; level: DivisionLevel } | null = null;
    if (d.parentCode === d.code) {
      add(d.row, 'parentCode', { type: 'DivisionRule', violation: { type: 'SelfParent' } });
      continue;
    }
    if (d.parentCode) {
      const fileParent = inFile.get(d.parentCode);
      const dbParent = ctx.known.get(d.parentCode);
      if (fileParent) {
        if (!fileParent.level) continue; // its own row carries the problem
        parent = { code: fileParent.code, level: fileParent.level };
        if (pathOf(d, new Set()) === null) {
          add(d.row, 'parentCode', { type: 'Cycle' });
          continue;
        }
      } else if (dbParent) {
        if (!dbParent.inScope) {
          add(d.row, 'parentCode', { type: 'OutOfScope' });
          continue;
        }
        parent = { code: dbParent.code, level: dbParent.level };
      } else {
        add(d.row, 'parentCode', { type: 'NotFound', ref: d.parentCode });
        continue;
      }
    } else if (!ctx.rootAllowed) {
      add(d.row, 'parentCode', { type: 'RootNotAllowed' });
      continue;
    }
    const violations = checkDivisionPlacement({ code: d.code, level: d.level, parent });
    for (const v of violations) {
      const key =
        v.type === 'ParentLevelMismatch' || v.type === 'SelfParent'
          ? 'parentCode'
          : v.type === 'CodeLevelMismatch'
            ? 'level'
            : 'code';
      add(d.row, key, { type: 'DivisionRule', violation: v });
    }
    if (violations.length) continue;
    const path = pathOf(d, new Set());
    if (path) inserts.push({ row: d.row, code: d.code, name: d.name, level: d.level, parentCode: d.parentCode, path });
  }
  inserts.sort((a, b) => pathDepth(a.path) - pathDepth(b.path) || a.row - b.row);
  return { inserts, issues: sortIssues(issues) };
}

// ----------------------------------------------------------------------------------------- units

/** A unit the database already holds, and whether it lies in the importing user's scope. */
export interface KnownUnit {
  id: number;
  name: string;
  parentId: number | null;
  inScope: boolean;
}

/** Existing units a file may refer to: by id, and by name (names repeat across parents). */
export interface UnitLookup {
  byId: ReadonlyMap<number, KnownUnit>;
  byName: ReadonlyMap<string, readonly KnownUnit[]>;
}

export interface UnitImportContext extends PlanOptions {
  units: UnitLookup;
  /** Existing divisions among the file's codes, and whether each is in scope. */
  divisions: ReadonlyMap<string, { inScope: boolean }>;
  /** Known, active request category codes. */
  categories: ReadonlySet<string>;
  /** Whether the user may add a unit without a parent (not with a unit-subtree scope). */
  rootAllowed: boolean;
}

export type ParentRef = { kind: 'db'; id: number } | { kind: 'file'; row: number } | null;

export interface UnitInsert {
  row: number;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parent: ParentRef;
  divisionCode: string;
  categoryCodes: string[];
  phone: string | null;
}

type Resolved<T> = { ok: true; value: T } | { ok: false; problem: ImportProblem };

/** Resolve a reference to an existing unit by id (digits) or by exact name, within the user's scope. */
export function resolveUnitRef(ref: string, units: UnitLookup): Resolved<KnownUnit> {
  const candidates = /^\d+$/.test(ref)
    ? [units.byId.get(Number(ref))].filter((u): u is KnownUnit => !!u)
    : [...(units.byName.get(ref) ?? [])];
  const visible = candidates.filter((u) => u.inScope);
  if (visible.length === 1) return { ok: true, value: visible[0]! };
  if (visible.length > 1) return { ok: false, problem: { type: 'Ambiguous', ref } };
  return { ok: false, problem: candidates.length ? { type: 'OutOfScope' } : { type: 'NotFound', ref } };
}

const CATEGORY_SEPARATORS = /[;；、,，\s]+/;

/**
 * Validate every unit row and order the new units parents-first: name and kind given, the parent a row of the file
 * (by name) or an existing unit in scope (by name or id), the division in scope, every category code known, and no
 * two units of the same name under one parent (the database refuses those too).
 */
export function planUnitImport(
  sheet: ParsedSheet,
  ctx: UnitImportContext,
): { inserts: UnitInsert[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [...sheet.issues];
  const L = sheet.labels;
  const add = (row: number, key: string, problem: ImportProblem) =>
    issues.push({ row, column: L[key] ?? key, problem });
  const fileByName = new Map<string, number[]>();
  for (const { row, values } of sheet.rows) {
    if (values.name) fileByName.set(values.name, [...(fileByName.get(values.name) ?? []), row]);
  }
  const drafts: (UnitInsert & { ok: boolean })[] = [];
  for (const { row, values } of sheet.rows) {
    const before = issues.length;
    const name = values.name ?? '';
    if (!name) add(row, 'name', { type: 'Required' });
    else if (name.length > 100) add(row, 'name', { type: 'TooLong', max: 100 });
    let kind: UnitKind | null = null;
    if (!values.kind) add(row, 'kind', { type: 'Required' });
    else {
      kind = choice(values.kind, UNIT_KIND_LABELS, KIND_SYNONYMS, ctx.normalise);
      if (!kind) add(row, 'kind', { type: 'BadChoice', allowed: labelsOf(UNIT_KIND_LABELS, ctx.lang) });
    }
    let parent: ParentRef = null;
    const parentRef = values.parent ?? '';
    if (parentRef) {
      const fileRows = /^\d+$/.test(parentRef) ? [] : (fileByName.get(parentRef) ?? []).filter((r) => r !== row);
      if (fileRows.length === 1) parent = { kind: 'file', row: fileRows[0]! };
      else if (fileRows.length > 1) add(row, 'parent', { type: 'Ambiguous', ref: parentRef });
      else {
        const r = resolveUnitRef(parentRef, ctx.units);
        if (r.ok) parent = { kind: 'db', id: r.value.id };
        else add(row, 'parent', r.problem);
      }
    } else if (!ctx.rootAllowed) {
      add(row, 'parent', { type: 'RootNotAllowed' });
    }
    const divisionCode = (values.divisionCode ?? '').replace(/\s/g, '');
    if (!divisionCode) add(row, 'divisionCode', { type: 'Required' });
    else if (!isDivisionCode(divisionCode)) add(row, 'divisionCode', { type: 'BadDivisionCode' });
    else {
      const d = ctx.divisions.get(divisionCode);
      if (!d) add(row, 'divisionCode', { type: 'NotFound', ref: divisionCode });
      else if (!d.inScope) add(row, 'divisionCode', { type: 'OutOfScope' });
    }
    const categoryCodes = [...new Set((values.categories ?? '').split(CATEGORY_SEPARATORS).filter(Boolean))];
    const unknown = categoryCodes.filter((c) => !ctx.categories.has(c));
    if (unknown.length) add(row, 'categories', { type: 'CategoryNotFound', codes: unknown });
    const shortName = values.shortName || null;
    if (shortName && shortName.length > 50) add(row, 'shortName', { type: 'TooLong', max: 50 });
    const phone = values.phone || null;
    if (phone && phone.length > 40) add(row, 'phone', { type: 'TooLong', max: 40 });
    drafts.push({
      row,
      name,
      shortName,
      kind: kind ?? 'department',
      parent,
      divisionCode,
      categoryCodes,
      phone,
      ok: issues.length === before,
    });
  }
  // No two units of one name under one parent, in the file or against the database.
  const seen = new Map<string, number>();
  for (const d of drafts) {
    if (!d.name) continue;
    const parentKey =
      d.parent === null ? 'root' : `${d.parent.kind}:${d.parent.kind === 'db' ? d.parent.id : d.parent.row}`;
    const key = `${parentKey}|${d.name}`;
    if (seen.has(key)) {
      add(d.row, 'name', { type: 'DuplicateInFile', firstRow: seen.get(key)! });
      d.ok = false;
      continue;
    }
    seen.set(key, d.row);
    const parentId = d.parent === null ? null : d.parent.kind === 'db' ? d.parent.id : undefined;
    if (parentId !== undefined && (ctx.units.byName.get(d.name) ?? []).some((u) => u.parentId === parentId)) {
      add(d.row, 'name', { type: 'AlreadyExists' });
      d.ok = false;
    }
  }
  // Order parents first; a chain of file rows that loops back is a cycle.
  const byRow = new Map(drafts.map((d) => [d.row, d]));
  const depth = new Map<number, number | null>();
  const depthOf = (d: (typeof drafts)[number], visiting: Set<number>): number | null => {
    if (depth.has(d.row)) return depth.get(d.row)!;
    if (visiting.has(d.row)) return null;
    visiting.add(d.row);
    const p = d.parent?.kind === 'file' ? byRow.get(d.parent.row) : undefined;
    const value = p ? ((x) => (x === null ? null : x + 1))(depthOf(p, visiting)) : 0;
    depth.set(d.row, value);
    return value;
  };
  for (const d of drafts) {
    if (d.parent?.kind === 'file' && depthOf(d, new Set()) === null) {
      add(d.row, 'parent', { type: 'Cycle' });
      d.ok = false;
    }
  }
  const inserts = drafts
    .filter((d) => d.ok)
    .sort((a, b) => (depth.get(a.row) ?? 0) - (depth.get(b.row) ?? 0) || a.row - b.row)
    .map(({ ok: _ok, ...insert }) => insert);
  return { inserts, issues: sortIssues(issues) };
}

// ----------------------------------------------------------------------------------------- people

export interface PersonImportContext extends PlanOptions {
  units: UnitLookup;
  isValidPhone: (s: string) => boolean;
  isValidIdNumber: (s: string) => boolean;
}

export interface PersonInsert {
  row: number;
  name: string;
  unitId: number;
  rank: PersonRank;
  partyMember: boolean;
  phone: string | null;
  idNumber: string | null;
  gender: 'male' | 'female' | null;
  position: string | null;
}

/**
 * Validate every person row: name, a unit in scope (by name or id), a rank, a yes/no party membership, and — when
 * given — a valid mobile or landline and a valid resident ID number that no other row of the file repeats.
 */
export function planPersonImport(
  sheet: ParsedSheet,
  ctx: PersonImportContext,
): { inserts: PersonInsert[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [...sheet.issues];
  const L = sheet.labels;
  const add = (row: number, key: string, problem: ImportProblem) =>
    issues.push({ row, column: L[key] ?? key, problem });
  const inserts: PersonInsert[] = [];
  const idRows = new Map<string, number>();
  for (const { row, values } of sheet.rows) {
    const before = issues.length;
    const name = values.name ?? '';
    if (!name) add(row, 'name', { type: 'Required' });
    else if (name.length > 50) add(row, 'name', { type: 'TooLong', max: 50 });
    let unitId = 0;
    if (!values.unit) add(row, 'unit', { type: 'Required' });
    else {
      const r = resolveUnitRef(values.unit, ctx.units);
      if (r.ok) unitId = r.value.id;
      else add(row, 'unit', r.problem);
    }
    let rank: PersonRank | null = null;
    if (!values.rank) add(row, 'rank', { type: 'Required' });
    else {
      rank = choice(values.rank, PERSON_RANK_LABELS, RANK_SYNONYMS, ctx.normalise);
      if (!rank) add(row, 'rank', { type: 'BadChoice', allowed: labelsOf(PERSON_RANK_LABELS, ctx.lang) });
    }
    const partyRaw = ctx.normalise(values.partyMember ?? '').toLowerCase();
    const partyMember = YES.has(partyRaw);
    if (!partyMember && !NO.has(partyRaw)) {
      add(row, 'partyMember', { type: 'BadChoice', allowed: ctx.lang === 'zh' ? ['是', '否'] : ['yes', 'no'] });
    }
    const phone = values.phone || null;
    if (phone && !ctx.isValidPhone(phone)) add(row, 'phone', { type: 'BadPhone' });
    const idNumber = values.idNumber ? values.idNumber.replace(/\s/g, '').toUpperCase() : null;
    if (idNumber) {
      if (!ctx.isValidIdNumber(idNumber)) add(row, 'idNumber', { type: 'BadIdNumber' });
      else if (idRows.has(idNumber)) add(row, 'idNumber', { type: 'DuplicateInFile', firstRow: idRows.get(idNumber)! });
      else idRows.set(idNumber, row);
    }
    let gender: 'male' | 'female' | null = null;
    if (values.gender) {
      gender = GENDERS[ctx.normalise(values.gender).toLowerCase()] ?? null;
      if (!gender)
        add(row, 'gender', { type: 'BadChoice', allowed: ctx.lang === 'zh' ? ['男', '女'] : ['male', 'female'] });
    }
    const position = values.position || null;
    if (position && position.length > 100) add(row, 'position', { type: 'TooLong', max: 100 });
    if (issues.length === before && rank) {
      inserts.push({ row, name, unitId, rank, partyMember, phone, idNumber, gender, position });
    }
  }
  return { inserts, issues: sortIssues(issues) };
}

// ----------------------------------------------------------------------------------------- messages

function sortIssues(issues: RowIssue[]): RowIssue[] {
  return [...issues].sort((a, b) => a.row - b.row);
}

const LEVEL_NAMES = (level: DivisionLevel, lang: Lang) => (lang === 'zh' ? DIVISION_LEVEL_LABELS[level] : level);

function describeViolation(v: DivisionRuleViolation, lang: Lang): string {
  const zh = lang === 'zh';
  switch (v.type) {
    case 'CodeFormat':
      return zh ? '区划代码须为12位数字' : 'must be a 12-digit division code';
    case 'CodeLevelMismatch':
      return zh
        ? `代码与层级“${LEVEL_NAMES(v.level, lang)}”不符（各级代码末尾的0位数不同）`
        : `the code does not fit the level "${v.level}" (each level ends in its own number of zeros)`;
    case 'ParentLevelMismatch':
      return zh
        ? `上级区划的层级是“${LEVEL_NAMES(v.parentLevel, lang)}”，应为“${v.allowed.map((l) => LEVEL_NAMES(l, lang)).join('或')}”`
        : `the parent is a ${v.parentLevel}; it must be a ${v.allowed.join(' or ')}`;
    case 'ParentPrefixMismatch':
      return zh
        ? `代码须以上级区划 ${v.parentCode} 的代码开头`
        : `the code must start with its parent ${v.parentCode}'s digits`;
    case 'SelfParent':
      return zh ? '不能以自身为上级' : 'cannot be its own parent';
  }
}

/** The message of one import problem, in the user's language. */
export function describeProblem(p: ImportProblem, lang: Lang): string {
  const zh = lang === 'zh';
  switch (p.type) {
    case 'EmptyFile':
      return zh ? '文件中没有数据' : 'the file holds no data';
    case 'TooManyRows':
      return zh ? `超过${p.max}行，请拆分文件后分别导入` : `more than ${p.max} rows; split the file`;
    case 'MissingColumn':
      return zh ? '缺少此列' : 'this column is missing';
    case 'DuplicateColumn':
      return zh ? '此列重复出现' : 'this column appears twice';
    case 'Required':
      return zh ? '必填，不能为空' : 'required';
    case 'TooLong':
      return zh ? `不能超过${p.max}个字` : `at most ${p.max} characters`;
    case 'BadDivisionCode':
      return zh ? '区划代码须为12位数字' : 'must be a 12-digit division code';
    case 'BadChoice':
      return zh ? `应为以下之一：${p.allowed.join('、')}` : `must be one of: ${p.allowed.join(', ')}`;
    case 'BadPhone':
      return zh ? '不是有效的手机号或固定电话' : 'not a valid mobile or landline number';
    case 'BadIdNumber':
      return zh ? '不是有效的18位居民身份证号（出生日期或校验位不符）' : 'not a valid 18-character resident ID number';
    case 'DuplicateInFile':
      return zh ? `与第${p.firstRow}行重复` : `repeats row ${p.firstRow}`;
    case 'AlreadyExists':
      return zh ? '系统中已存在' : 'already exists';
    case 'DivisionRule':
      return describeViolation(p.violation, lang);
    case 'NotFound':
      return zh ? `找不到“${p.ref}”` : `"${p.ref}" not found`;
    case 'Ambiguous':
      return zh
        ? `“${p.ref}”对应多个单位，请改填单位编号`
        : `"${p.ref}" matches several units; give the unit id instead`;
    case 'OutOfScope':
      return zh ? '超出您的数据范围' : 'outside your data scope';
    case 'RootNotAllowed':
      return zh ? '必须填写您数据范围内的上级' : 'a parent inside your data scope is required';
    case 'Cycle':
      return zh ? '上级关系形成循环' : 'the parents form a cycle';
    case 'CategoryNotFound':
      return zh ? `诉求分类代码不存在：${p.codes.join('、')}` : `unknown category codes: ${p.codes.join(', ')}`;
  }
}
