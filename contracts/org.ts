import { z } from 'zod';

/** Administrative division levels (行政区划). */
export const DIVISION_LEVELS = ['province', 'city', 'county', 'township', 'village', 'grid'] as const;
export const divisionLevelSchema = z.enum(DIVISION_LEVELS);
export type DivisionLevel = z.infer<typeof divisionLevelSchema>;

/** Kinds of units (部门, 乡镇, 村委会, 社区, 党支部, 企事业单位). */
export const UNIT_KINDS = [
  'government', // 人民政府 (county or township government)
  'department', // 部门
  'township', // 乡镇 / 街道
  'village_committee', // 村委会
  'community', // 社区居委会
  'party_branch', // 党支部
  'enterprise', // 企事业单位
] as const;
export const unitKindSchema = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof unitKindSchema>;

/** Cadre ranks: county-level 县级, section-level 科级, ordinary 一般干部, village cadre 村干部. */
export const PERSON_RANKS = ['county', 'section', 'ordinary', 'village'] as const;
export const personRankSchema = z.enum(PERSON_RANKS);
export type PersonRank = z.infer<typeof personRankSchema>;

export const divisionCodeSchema = z.string().regex(/^\d{12}$/, 'must be a 12-digit division code');

// ---------------------------------------------------------------------------------------------
// HTTP shapes of the org module (server routes and web forms share them).

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
/** Query-string booleans: 'true' / 'false' (z.coerce.boolean would read 'false' as true). */
const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
const positiveId = z.coerce.number().int().positive();

/** A division as the API returns it. */
export const divisionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: divisionLevelSchema,
  parentCode: z.string().nullable(),
  parentName: z.string().nullable(),
  path: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Division = z.infer<typeof divisionSchema>;

export const DIVISION_SORTS = ['code', 'name', 'level', 'createdAt'] as const;
export const divisionListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z
    .string()
    .regex(/^-?[a-zA-Z]+$/, 'sort: a field name, prefixed with - for descending')
    .optional(),
  parentCode: divisionCodeSchema.optional(),
  level: divisionLevelSchema.optional(),
  q: z.string().trim().max(100).optional(),
});
export type DivisionListQuery = z.infer<typeof divisionListQuerySchema>;
export type DivisionFilters = Omit<DivisionListQuery, 'page' | 'pageSize'>;

export const divisionTreeQuerySchema = z.object({
  root: divisionCodeSchema.optional(),
  /** Levels below the root to include: 0 is the root alone. */
  depth: z.coerce.number().int().min(0).max(6).default(1),
});

/** A node of the division tree (or the category tree): code, name, level and children. */
export interface TreeNode {
  code: string;
  name: string;
  level: string | number;
  children: TreeNode[];
}
export const treeNodeSchema: z.ZodType<TreeNode> = z.lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    level: z.union([z.string(), z.number()]),
    children: z.array(treeNodeSchema),
  }),
);

export const divisionCreateSchema = z.object({
  code: divisionCodeSchema,
  name: trimmed(100),
  level: divisionLevelSchema,
  parentCode: divisionCodeSchema.nullable().optional(),
});
export type DivisionCreate = z.infer<typeof divisionCreateSchema>;

export const divisionPatchSchema = z.object({ name: trimmed(100) });
export type DivisionPatch = z.infer<typeof divisionPatchSchema>;

/** A request category (诉求分类) as administrators see it: active or deactivated, with its place among its siblings. */
export const categoryAdminSchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  level: z.number().int().min(1).max(3),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type CategoryAdmin = z.infer<typeof categoryAdminSchema>;

/** Category codes are dotted, one part per level ('A', 'A.01', 'A.01.03'), three levels at most. */
export const categoryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{1,12}(\.[A-Z0-9]{1,6}){0,2}$/, 'upper-case letters or digits, one dotted part per level');

export const categoryCreateSchema = z.object({
  /** null or absent: a new top-level area. */
  parentCode: categoryCodeSchema.nullable().optional(),
  name: trimmed(50),
  /** Generated when absent: the parent's code + '.' + the next two-digit suffix (a letter for a top-level area). */
  code: categoryCodeSchema.optional(),
});
export type CategoryCreate = z.infer<typeof categoryCreateSchema>;

export const categoryPatchSchema = z
  .object({ name: trimmed(50).optional(), active: z.boolean().optional() })
  .refine((p) => p.name !== undefined || p.active !== undefined, { message: 'name or active', path: ['name'] });
export type CategoryPatch = z.infer<typeof categoryPatchSchema>;

/** The new order of all the children of one parent (null: the top level). */
export const categoryReorderSchema = z.object({
  parentCode: categoryCodeSchema.nullable(),
  codes: z.array(categoryCodeSchema).min(1).max(200),
});
export type CategoryReorder = z.infer<typeof categoryReorderSchema>;

/** A unit as the API returns it, with the names of its parent and division. */
export const unitSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: unitKindSchema,
  parentId: z.number().int().nullable(),
  parentName: z.string().nullable(),
  divisionCode: z.string(),
  divisionName: z.string(),
  path: z.string(),
  unitClass: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof unitSchema>;
export const unitDetailSchema = unitSchema.extend({ categoryCodes: z.array(z.string()) });
export type UnitDetail = z.infer<typeof unitDetailSchema>;

export const UNIT_SORTS = ['name', 'kind', 'createdAt', 'id'] as const;
export const unitListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z
    .string()
    .regex(/^-?[a-zA-Z]+$/, 'sort: a field name, prefixed with - for descending')
    .optional(),
  q: z.string().trim().max(100).optional(),
  kind: unitKindSchema.optional(),
  /** Units whose jurisdiction lies in this division's subtree. */
  divisionCode: divisionCodeSchema.optional(),
  /** Direct children of this unit. */
  parentId: positiveId.optional(),
  categoryCode: z.string().trim().min(1).max(40).optional(),
});
export type UnitListQuery = z.infer<typeof unitListQuerySchema>;
export type UnitFilters = Omit<UnitListQuery, 'page' | 'pageSize'>;

export const unitCreateSchema = z.object({
  name: trimmed(100),
  shortName: optionalText(50),
  kind: unitKindSchema,
  parentId: z.number().int().positive().nullable().optional(),
  divisionCode: divisionCodeSchema,
  unitClass: optionalText(50),
  phone: optionalText(40),
});
export type UnitCreate = z.infer<typeof unitCreateSchema>;

export const unitPatchSchema = z
  .object({
    name: trimmed(100),
    shortName: optionalText(50),
    kind: unitKindSchema,
    parentId: z.number().int().positive().nullable(),
    divisionCode: divisionCodeSchema,
    unitClass: optionalText(50),
    phone: optionalText(40),
  })
  .partial();
export type UnitPatch = z.infer<typeof unitPatchSchema>;

/** The responsibility catalogue (职责清单) of a unit: the request categories it owns. */
export const unitCategoriesSchema = z.object({
  categoryCodes: z.array(z.string().trim().min(1).max(40)).max(500),
});
export type UnitCategories = z.infer<typeof unitCategoriesSchema>;

/** A person as lists, details and exports show them: personal data masked only. */
export const personSchema = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']).nullable(),
  rank: personRankSchema,
  position: z.string().nullable(),
  partyMember: z.boolean(),
  phoneMask: z.string().nullable(),
  idNumberMask: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof personSchema>;

export const PERSON_SORTS = ['name', 'rank', 'createdAt', 'id'] as const;
export const personListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z
    .string()
    .regex(/^-?[a-zA-Z]+$/, 'sort: a field name, prefixed with - for descending')
    .optional(),
  /** Name, full pinyin (zhangsan), pinyin initials (zs) or a substring; traditional input is normalised. */
  q: z.string().trim().max(100).optional(),
  /** People of this unit and its sub-units. */
  unitId: positiveId.optional(),
  rank: personRankSchema.optional(),
  partyMember: queryBoolean.optional(),
  /** 'true' (default): active people only; 'false': removed ones; 'all': both. */
  active: z.enum(['true', 'false', 'all']).default('true'),
});
export type PersonListQuery = z.infer<typeof personListQuerySchema>;
export type PersonFilters = Omit<PersonListQuery, 'page' | 'pageSize'>;

const phoneInput = z
  .string()
  .trim()
  .max(30)
  .regex(/^[0-9+\-\s()（）－０-９]*$/, 'must be a mobile or landline number');
const idNumberInput = z.string().trim().max(30);

export const personCreateSchema = z.object({
  unitId: z.number().int().positive(),
  name: trimmed(50),
  gender: z.enum(['male', 'female']).nullable().optional(),
  rank: personRankSchema,
  position: optionalText(100),
  partyMember: z.boolean().optional(),
  phone: phoneInput.nullable().optional(),
  idNumber: idNumberInput.nullable().optional(),
});
export type PersonCreate = z.infer<typeof personCreateSchema>;

export const personPatchSchema = z
  .object({
    unitId: z.number().int().positive(),
    name: trimmed(50),
    gender: z.enum(['male', 'female']).nullable(),
    rank: personRankSchema,
    position: optionalText(100),
    partyMember: z.boolean(),
    phone: phoneInput.nullable(),
    idNumber: idNumberInput.nullable(),
    active: z.boolean(),
  })
  .partial();
export type PersonPatch = z.infer<typeof personPatchSchema>;

export const REVEAL_FIELDS = ['phone', 'idNumber'] as const;
export const revealRequestSchema = z.object({
  field: z.enum(REVEAL_FIELDS),
  reason: z.string().trim().max(200).optional(),
});
export type RevealRequest = z.infer<typeof revealRequestSchema>;
export const revealResponseSchema = z.object({ value: z.string() });

/** What an import or export file holds. */
export const ORG_FILE_KINDS = ['divisions', 'units', 'people'] as const;
export const orgFileKindSchema = z.enum(ORG_FILE_KINDS);
export type OrgFileKind = z.infer<typeof orgFileKindSchema>;

export const importQuerySchema = z.object({ dryRun: queryBoolean.default(false) });
export const importResultSchema = z.object({
  dryRun: z.boolean(),
  /** Data rows read from the file. */
  rows: z.number().int(),
  /** Records written (0 on a dry run). */
  imported: z.number().int(),
  /** On a dry run: the first 20 parsed rows, personal data masked. */
  preview: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** Chinese labels of levels, kinds and ranks, for forms, templates and exports. */
export const DIVISION_LEVEL_LABELS: Record<DivisionLevel, string> = {
  province: '省',
  city: '市',
  county: '县',
  township: '乡镇',
  village: '村',
  grid: '网格',
};
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  government: '人民政府',
  department: '部门',
  township: '乡镇',
  village_committee: '村委会',
  community: '社区',
  party_branch: '党支部',
  enterprise: '企事业单位',
};
export const PERSON_RANK_LABELS: Record<PersonRank, string> = {
  county: '县级',
  section: '科级',
  ordinary: '一般干部',
  village: '村干部',
};
