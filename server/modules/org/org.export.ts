import {
  DIVISION_LEVEL_LABELS,
  DIVISION_SORTS,
  type DivisionFilters,
  type OrgFileKind,
  PERSON_RANK_LABELS,
  PERSON_SORTS,
  type PersonFilters,
  UNIT_KIND_LABELS,
  UNIT_SORTS,
  type UnitFilters,
} from '../../../contracts/org.js';
import { appendAudit } from '../../platform/audit/audit.repository.js';
import type { Deps } from '../../platform/deps.js';
import { toXlsx as writeXlsx } from '../../platform/http/xlsx.js';
import { listDivisions } from './divisions.repository.js';
import { IMPORT_COLUMNS } from './domain/import-rows.js';
import type { OrgActor } from './org.policy.js';
import { auditActor, authorize, searchTerm, sortOrFail } from './org.service.js';
import { listPeople } from './people.repository.js';
import { categoryCodesOfUnits, listUnits } from './units.repository.js';

/** The most rows one export holds; a bigger organisation exports by division or unit. */
export const EXPORT_MAX_ROWS = 100_000;
const ALL = { offset: 0, limit: EXPORT_MAX_ROWS };

export type ExportFilters<K extends OrgFileKind> = K extends 'divisions'
  ? DivisionFilters
  : K extends 'units'
    ? UnitFilters
    : PersonFilters;

interface Sheet {
  columns: { header: string; key: string; width: number }[];
  rows: Record<string, unknown>[];
}

/** The platform workbook writer, fed this module's named sheets. */
const toXlsx = (title: string, sheets: { name: string; sheet: Sheet }[]) =>
  writeXlsx(
    title,
    sheets.map(({ name, sheet }) => ({ name, ...sheet })),
  );

const header = (kind: OrgFileKind, key: string) => IMPORT_COLUMNS[kind].find((c) => c.key === key)?.zh ?? key;

/**
 * Export the divisions, units or people the actor may see, with the same filters as the list, as XLSX whose headers
 * the importer reads back; personal data appears only masked, and a people export is recorded in the audit log.
 */
export async function exportOrgXlsx<K extends OrgFileKind>(
  deps: Deps,
  actor: OrgActor,
  kind: K,
  filters: ExportFilters<K>,
  requestId?: string,
): Promise<Buffer> {
  authorize(actor, 'export');
  if (kind === 'divisions') {
    const f = filters as DivisionFilters;
    const sort = sortOrFail(f.sort, DIVISION_SORTS, { field: 'code', direction: 'asc' });
    const { items } = await listDivisions(
      deps.db,
      actor.scope,
      { parentCode: f.parentCode, level: f.level, search: searchTerm(f.q) },
      sort,
      ALL,
    );
    return toXlsx('行政区划', [
      {
        name: '行政区划',
        sheet: {
          columns: [
            { header: header(kind, 'code'), key: 'code', width: 16 },
            { header: header(kind, 'name'), key: 'name', width: 24 },
            { header: header(kind, 'level'), key: 'level', width: 8 },
            { header: header(kind, 'parentCode'), key: 'parentCode', width: 16 },
            { header: '上级名称', key: 'parentName', width: 24 },
          ],
          rows: items.map((d) => ({ ...d, level: DIVISION_LEVEL_LABELS[d.level] })),
        },
      },
    ]);
  }
  if (kind === 'units') {
    const { q, sort: s, ...f } = filters as UnitFilters;
    const sort = sortOrFail(s, UNIT_SORTS, { field: 'name', direction: 'asc' });
    const { items } = await listUnits(deps.db, actor.scope, { ...f, search: searchTerm(q) }, sort, ALL);
    const catalogues = await categoryCodesOfUnits(
      deps.db,
      items.map((u) => u.id),
    );
    return toXlsx('单位', [
      {
        name: '单位',
        sheet: {
          columns: [
            { header: '编号', key: 'id', width: 8 },
            { header: header(kind, 'name'), key: 'name', width: 28 },
            { header: header(kind, 'kind'), key: 'kind', width: 12 },
            { header: header(kind, 'parent'), key: 'parentName', width: 28 },
            { header: header(kind, 'divisionCode'), key: 'divisionCode', width: 16 },
            { header: '区划名称', key: 'divisionName', width: 20 },
            { header: header(kind, 'categories'), key: 'categories', width: 30 },
            { header: header(kind, 'shortName'), key: 'shortName', width: 14 },
            { header: header(kind, 'phone'), key: 'phone', width: 16 },
          ],
          rows: items.map((u) => ({
            ...u,
            kind: UNIT_KIND_LABELS[u.kind],
            categories: (catalogues.get(u.id) ?? []).join(';'),
          })),
        },
      },
    ]);
  }
  const { q, sort: s, ...f } = filters as PersonFilters;
  const sort = sortOrFail(s, PERSON_SORTS, { field: 'name', direction: 'asc' });
  const { items } = await listPeople(deps.db, actor.scope, { ...f, search: searchTerm(q) }, sort, ALL);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) =>
    appendAudit(trx, {
      actor: auditActor(actor),
      action: 'person.export',
      objectType: 'person',
      detail: { filters, count: items.length },
      requestId: requestId ?? null,
      at: now,
    }),
  );
  return toXlsx('人员', [
    {
      name: '人员',
      sheet: {
        columns: [
          { header: '编号', key: 'id', width: 8 },
          { header: header('people', 'name'), key: 'name', width: 12 },
          { header: header('people', 'unit'), key: 'unitName', width: 28 },
          { header: header('people', 'rank'), key: 'rank', width: 10 },
          { header: header('people', 'partyMember'), key: 'partyMember', width: 6 },
          { header: header('people', 'phone'), key: 'phoneMask', width: 16 },
          { header: header('people', 'idNumber'), key: 'idNumberMask', width: 22 },
          { header: header('people', 'gender'), key: 'gender', width: 6 },
          { header: header('people', 'position'), key: 'position', width: 16 },
        ],
        rows: items.map((p) => ({
          ...p,
          rank: PERSON_RANK_LABELS[p.rank],
          partyMember: p.partyMember ? '是' : '否',
          gender: p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : '',
        })),
      },
    },
  ]);
}

const TEMPLATE_NOTES: Record<OrgFileKind, Record<string, string>> = {
  divisions: {
    code: '12位统计用区划代码，如 130102001000',
    name: '区划名称',
    level: `可留空（按代码判断）；或填：${Object.values(DIVISION_LEVEL_LABELS).join('、')}`,
    parentCode: '上级区划的12位代码；可以是本文件中的行或系统中已有的区划',
  },
  units: {
    name: '单位全称；同一上级单位下不能重名',
    kind: `填：${Object.values(UNIT_KIND_LABELS).join('、')}`,
    parent: '上级单位名称或编号；可以是本文件中的行',
    divisionCode: '单位管辖的行政区划代码（12位）',
    categories: '职责清单中的诉求分类代码，多个用 ; 或 、 分隔',
    shortName: '简称（可选）',
    phone: '办公电话（可选）',
  },
  people: {
    name: '姓名',
    unit: '所在单位名称或编号',
    rank: `填：${Object.values(PERSON_RANK_LABELS).join('、')}`,
    partyMember: '是 / 否（留空为否）',
    phone: '手机号或带区号的固定电话（可选，加密存储）',
    idNumber: '18位居民身份证号（可选，加密存储）',
    gender: '男 / 女（可选）',
    position: '职务（可选）',
  },
};

/** An empty import template: the header row in Chinese, and a sheet explaining each column (required, allowed values). */
export async function importTemplateXlsx(kind: OrgFileKind): Promise<Buffer> {
  const cols = IMPORT_COLUMNS[kind];
  return toXlsx(`导入模板-${kind}`, [
    {
      name: '数据',
      sheet: { columns: cols.map((c) => ({ header: c.zh, key: c.key, width: 18 })), rows: [] },
    },
    {
      name: '说明',
      sheet: {
        columns: [
          { header: '列名', key: 'zh', width: 14 },
          { header: '英文列名', key: 'en', width: 14 },
          { header: '必填', key: 'required', width: 6 },
          { header: '说明', key: 'note', width: 60 },
        ],
        rows: cols.map((c) => ({
          zh: c.zh,
          en: c.en,
          required: c.required ? '是' : '否',
          note: TEMPLATE_NOTES[kind][c.key] ?? '',
        })),
      },
    },
  ]);
}
