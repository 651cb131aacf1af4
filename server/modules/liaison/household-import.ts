/*
 * Household import from XLSX (or CSV saved as XLSX): one household per row under a header row. All rows are checked
 * first; any problem rejects the whole file with a row-by-row report (422 IMPORT_REJECTED) and nothing is written;
 * a dry run only reports. Columns: 区划代码, 地址, 户主, 联系人, 联系电话, 标签, 家庭成员, 备注.
 */
import ExcelJS from 'exceljs';
import type { ImportIssue } from '../../../contracts/common.js';
import {
  HOUSEHOLD_TAGS,
  type HouseholdImportResult,
  type HouseholdInput,
  type HouseholdTag,
  householdInputSchema,
} from '../../../contracts/liaison.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, type Lang } from '../../platform/http/errors.js';
import { findDivisionInScope } from '../org/index.js';
import { storedHousehold } from './households.service.js';
import type { LiaisonActor } from './liaison.common.js';
import { insertHouseholds } from './liaison.repository.js';

export const HOUSEHOLD_TAG_LABELS: Record<HouseholdTag, { zh: string; en: string }> = {
  difficult: { zh: '困难户', en: 'Difficult' },
  low_income: { zh: '低保户', en: 'Low income' },
  elderly_alone: { zh: '独居老人', en: 'Elderly alone' },
  party_member: { zh: '党员户', en: 'Party member' },
  poor_party_member: { zh: '困难党员', en: 'Poor party member' },
  disabled: { zh: '残疾人家庭', en: 'Disabled member' },
  left_behind_child: { zh: '留守儿童', en: 'Left-behind child' },
  veteran: { zh: '退役军人', en: 'Veteran' },
};

export const HOUSEHOLD_COLUMNS = [
  { key: 'divisionCode', zh: '区划代码', en: 'Division code' },
  { key: 'address', zh: '地址', en: 'Address' },
  { key: 'headName', zh: '户主', en: 'Head of household' },
  { key: 'contactName', zh: '联系人', en: 'Contact' },
  { key: 'contactPhone', zh: '联系电话', en: 'Phone' },
  { key: 'tags', zh: '标签', en: 'Tags' },
  { key: 'members', zh: '家庭成员', en: 'Members' },
  { key: 'note', zh: '备注', en: 'Note' },
] as const;

const MAX_ROWS = 20_000;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === 'object' && 'richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text.trim();
  if (typeof value === 'object' && 'result' in value) return cellText((value.result ?? '') as ExcelJS.CellValue);
  return String(value).trim();
}

const tagByLabel = new Map<string, HouseholdTag>(
  HOUSEHOLD_TAGS.flatMap((t) => [
    [HOUSEHOLD_TAG_LABELS[t].zh, t],
    [t, t],
    [HOUSEHOLD_TAG_LABELS[t].en.toLowerCase(), t],
  ]),
);

/** "张三/户主；李四/妻子" → members. */
function parseMembers(text: string) {
  return text
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [name, relation] = s.split(/[/／]/).map((x) => x.trim());
      return { name: name ?? '', relation: relation ?? '' };
    });
}

/** Reads, checks and (unless a dry run, and only when every row is right) files the households of a workbook. */
export async function importHouseholds(
  deps: Deps,
  actor: LiaisonActor,
  buffer: Buffer,
  opts: { dryRun: boolean; lang: Lang; requestId: string },
): Promise<HouseholdImportResult> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('IMPORT_BAD_FILE');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('IMPORT_BAD_FILE');
  const issues: ImportIssue[] = [];
  const inputs: HouseholdInput[] = [];
  const say = (zh: string, en: string) => (opts.lang === 'zh' ? zh : en);
  const divisions = new Map<string, { exists: boolean; inScope: boolean }>();
  const rows: { row: number; cells: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const cells = HOUSEHOLD_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value));
    if (cells.some(Boolean)) rows.push({ row: n, cells });
  });
  if (rows.length > MAX_ROWS) throw new AppError('IMPORT_BAD_FILE', { maxRows: MAX_ROWS });
  for (const { row, cells } of rows) {
    const [divisionCode, address, headName, contactName, contactPhone, tagText, memberText, note] = cells as string[];
    const tags: HouseholdTag[] = [];
    for (const label of (tagText ?? '').split(/[,，、;；\s]+/).filter(Boolean)) {
      const tag = tagByLabel.get(label.toLowerCase()) ?? tagByLabel.get(label);
      if (tag) tags.push(tag);
      else issues.push({ row, column: '标签', problem: say(`未知标签「${label}」`, `unknown tag "${label}"`) });
    }
    const parsed = householdInputSchema.safeParse({
      divisionCode,
      address,
      headName,
      contactName: contactName || null,
      contactPhone: contactPhone || null,
      tags,
      members: parseMembers(memberText ?? ''),
      note: note || null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const col = HOUSEHOLD_COLUMNS.find((c) => c.key === key);
        issues.push({ row, column: col ? col.zh : key, problem: issue.message });
      }
      continue;
    }
    const code = parsed.data.divisionCode;
    if (!divisions.has(code)) divisions.set(code, await findDivisionInScope(deps.db, actor.scope, code));
    const d = divisions.get(code)!;
    if (!d.exists || !d.inScope) {
      issues.push({
        row,
        column: '区划代码',
        problem: d.exists
          ? say(`区划 ${code} 不在您的数据范围内`, `division ${code} is outside your scope`)
          : say(`区划 ${code} 不存在`, `division ${code} does not exist`),
      });
      continue;
    }
    inputs.push(parsed.data);
  }
  if (issues.length > 0 && !opts.dryRun) throw new AppError('IMPORT_REJECTED', { issues });
  if (opts.dryRun) return { dryRun: true, rows: rows.length, created: 0, issues };
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const ids = await insertHouseholds(
      trx,
      inputs.map((i) => storedHousehold(deps, i, now)),
    );
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'liaison.household.import',
      objectType: 'liaison_household',
      after: { rows: rows.length, created: ids.length, firstId: ids[0], lastId: ids[ids.length - 1] },
      requestId: opts.requestId,
      at: now,
    });
  });
  return { dryRun: false, rows: rows.length, created: inputs.length, issues: [] };
}

/** An empty workbook with the header row and one example row. */
export async function householdTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('农户 households');
  ws.columns = HOUSEHOLD_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: 18, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  ws.addRow({
    divisionCode: '510101001001',
    address: '幸福村3组12号',
    headName: '王大山',
    contactName: '王小明',
    contactPhone: '13812345678',
    tags: '困难户、独居老人',
    members: '王大山/户主；李秀英/妻子',
    note: '',
  });
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
