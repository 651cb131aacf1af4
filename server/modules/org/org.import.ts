import ExcelJS from 'exceljs';
import type { ImportIssue } from '../../../contracts/common.js';
import type { ImportResult, OrgFileKind } from '../../../contracts/org.js';
import { appendAudit } from '../../platform/audit/audit.repository.js';
import { isValidChineseIdNumber, maskIdNumber, maskPhone } from '../../platform/crypto/mask.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, type Lang } from '../../platform/http/errors.js';
import { normaliseText } from '../../platform/text/index.js';
import { existingCategoryCodes } from './categories.repository.js';
import { findDivisionsByCodes, insertDivisions } from './divisions.repository.js';
import { divisionSearchText } from './divisions.service.js';
import { parseCsv } from './domain/csv.js';
import {
  describeProblem,
  type KnownUnit,
  type ParsedSheet,
  planDivisionImport,
  planPersonImport,
  planUnitImport,
  type RowIssue,
  readSheet,
  type SheetRow,
  type UnitInsert,
  type UnitLookup,
} from './domain/import-rows.js';
import { can, type OrgActor } from './org.policy.js';
import { auditActor, authorize } from './org.service.js';
import { insertPeople, takenIdNumberHashes } from './people.repository.js';
import { isValidPhone, storedPerson } from './people.service.js';
import { addUnitCategories, findUnitsByIdsOrNames, insertUnits } from './units.repository.js';
import { unitSearchText } from './units.service.js';

const PREVIEW_ROWS = 20;

/** Options of an import: a dry run validates and previews without writing; the language of the problems. */
export interface ImportOptions {
  dryRun?: boolean;
  lang?: Lang;
  requestId?: string;
}

/** Whether bytes are an XLSX (zip) file rather than text. */
function isZip(buffer: Uint8Array): boolean {
  return buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
}

/** Decode CSV bytes: UTF-8 (with or without BOM), falling back to GB18030 as saved by Chinese Excel. */
export function decodeCsv(buffer: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText((value.result ?? '') as ExcelJS.CellValue);
  if ('text' in value && typeof value.text === 'string') return value.text;
  return '';
}

/**
 * Read the first sheet of an XLSX file or a CSV file into rows of text cells with the row numbers the user sees;
 * an unreadable file is a 400 IMPORT_BAD_FILE.
 */
export async function readTable(buffer: Uint8Array, filename: string): Promise<SheetRow[]> {
  const lower = filename.toLowerCase();
  if (isZip(buffer) || lower.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    } catch {
      throw new AppError('IMPORT_BAD_FILE', { filename });
    }
    const ws = wb.worksheets[0];
    if (!ws) return [];
    const rows: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
      rows.push({ row: rowNumber, cells });
    });
    return rows;
  }
  if (lower.endsWith('.xls') || buffer.includes(0)) throw new AppError('IMPORT_BAD_FILE', { filename });
  return parseCsv(decodeCsv(buffer)).map((r) => ({ row: r.line, cells: r.cells }));
}

function reject(issues: RowIssue[], lang: Lang): never {
  const out: ImportIssue[] = issues.map((i) => ({
    row: i.row,
    column: i.column,
    problem: describeProblem(i.problem, lang),
  }));
  throw new AppError('IMPORT_REJECTED', { issues: out });
}

function unitLookup(rows: { id: number; name: string; parentId: number | null; inScope: boolean }[]): UnitLookup {
  const byId = new Map<number, KnownUnit>();
  const byName = new Map<string, KnownUnit[]>();
  for (const r of rows) {
    byId.set(r.id, r);
    byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  }
  return { byId, byName };
}

function refsOf(sheet: ParsedSheet, key: string): { ids: number[]; names: string[] } {
  const refs = sheet.rows.map((r) => r.values[key] ?? '').filter(Boolean);
  return {
    ids: refs.filter((r) => /^\d{1,9}$/.test(r)).map(Number),
    names: refs.filter((r) => !/^\d+$/.test(r)),
  };
}

/**
 * Import divisions, units or people from a CSV or XLSX file, all or nothing: every row is checked (formats,
 * references, duplicates, the actor's scope) and any problem rejects the whole file with a row-by-row report;
 * otherwise everything is written in one transaction with one audit entry. A dry run only validates and previews.
 */
export async function importOrgFile(
  deps: Deps,
  actor: OrgActor,
  kind: OrgFileKind,
  buffer: Uint8Array,
  filename: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  authorize(actor, 'import');
  const lang = opts.lang ?? 'zh';
  const table = await readTable(buffer, filename);
  const sheet = readSheet(kind, table, lang);
  if (sheet.issues.length) reject(sheet.issues, lang);
  const now = deps.now();
  const base = { normalise: normaliseText, lang };
  return deps.db.transaction().execute(async (trx): Promise<ImportResult> => {
    const audit = async (count: number, ids: readonly (string | number)[]) =>
      appendAudit(trx, {
        actor: auditActor(actor),
        action: `${kind === 'divisions' ? 'division' : kind === 'units' ? 'unit' : 'person'}.import`,
        objectType: kind === 'divisions' ? 'division' : kind === 'units' ? 'unit' : 'person',
        after: { count, ids },
        detail: { filename, rows: sheet.rows.length },
        requestId: opts.requestId ?? null,
        at: now,
      });
    const rows = sheet.rows.length;
    if (kind === 'divisions') {
      const codes = sheet.rows
        .flatMap((r) => [r.values.code ?? '', r.values.parentCode ?? ''])
        .filter((c) => /^\d{12}$/.test(c));
      const known = new Map(
        (await findDivisionsByCodes(trx, actor.scope, [...new Set(codes)])).map((d) => [d.code, d]),
      );
      const plan = planDivisionImport(sheet, {
        ...base,
        known,
        rootAllowed: can(actor, 'createRoot', { rootOf: 'division' }),
      });
      if (plan.issues.length) reject(plan.issues, lang);
      if (opts.dryRun)
        return { dryRun: true, rows, imported: 0, preview: plan.inserts.slice(0, PREVIEW_ROWS).map((d) => ({ ...d })) };
      await insertDivisions(
        trx,
        plan.inserts.map(({ row: _r, ...d }) => ({ ...d, searchText: divisionSearchText(d.name) })),
        now,
      );
      await audit(
        plan.inserts.length,
        plan.inserts.map((d) => d.code),
      );
      return { dryRun: false, rows, imported: plan.inserts.length };
    }
    if (kind === 'units') {
      const refs = refsOf(sheet, 'parent');
      const names = [...new Set([...refs.names, ...sheet.rows.map((r) => r.values.name ?? '').filter(Boolean)])];
      const units = unitLookup(await findUnitsByIdsOrNames(trx, actor.scope, refs.ids, names));
      const codes = [...new Set(sheet.rows.map((r) => r.values.divisionCode ?? '').filter((c) => /^\d{12}$/.test(c)))];
      const divisions = new Map((await findDivisionsByCodes(trx, actor.scope, codes)).map((d) => [d.code, d]));
      const categoryCodes = sheet.rows.flatMap((r) =>
        (r.values.categories ?? '').split(/[;；、,，\s]+/).filter(Boolean),
      );
      const categories = await existingCategoryCodes(trx, [...new Set(categoryCodes)]);
      const plan = planUnitImport(sheet, {
        ...base,
        units,
        divisions,
        categories,
        rootAllowed: can(actor, 'createRoot', { rootOf: 'unit' }),
      });
      if (plan.issues.length) reject(plan.issues, lang);
      if (opts.dryRun) {
        const preview = plan.inserts.slice(0, PREVIEW_ROWS).map((u) => ({
          row: u.row,
          name: u.name,
          kind: u.kind,
          parent: sheet.rows.find((r) => r.row === u.row)?.values.parent || null,
          divisionCode: u.divisionCode,
          categoryCodes: u.categoryCodes,
        }));
        return { dryRun: true, rows, imported: 0, preview };
      }
      const ids = await insertUnitPlan(trx, plan.inserts, now);
      await audit(ids.length, ids);
      return { dryRun: false, rows, imported: ids.length };
    }
    const refs = refsOf(sheet, 'unit');
    const units = unitLookup(await findUnitsByIdsOrNames(trx, actor.scope, refs.ids, [...new Set(refs.names)]));
    const plan = planPersonImport(sheet, { ...base, units, isValidPhone, isValidIdNumber: isValidChineseIdNumber });
    const stored = plan.inserts.map((p) => ({ row: p.row, person: storedPerson(deps.cipher, p) }));
    const hashes = stored.map((s) => s.person.idNumberHash).filter((h): h is string => !!h);
    const taken = await takenIdNumberHashes(trx, hashes);
    const issues = [...plan.issues];
    for (const s of stored) {
      if (s.person.idNumberHash && taken.has(s.person.idNumberHash)) {
        issues.push({ row: s.row, column: sheet.labels.idNumber ?? 'idNumber', problem: { type: 'AlreadyExists' } });
      }
    }
    if (issues.length)
      reject(
        issues.sort((a, b) => a.row - b.row),
        lang,
      );
    if (opts.dryRun) {
      const preview = plan.inserts.slice(0, PREVIEW_ROWS).map((p) => ({
        row: p.row,
        name: p.name,
        unitId: p.unitId,
        rank: p.rank,
        partyMember: p.partyMember,
        phone: p.phone ? maskPhone(p.phone) : null,
        idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null,
        gender: p.gender,
        position: p.position,
      }));
      return { dryRun: true, rows, imported: 0, preview };
    }
    const ids = await insertPeople(
      trx,
      stored.map((s) => s.person),
      now,
    );
    await audit(ids.length, ids);
    return { dryRun: false, rows, imported: ids.length };
  });
}

/** Insert planned units parents-first, resolving parents that are rows of the same file to their new ids. */
async function insertUnitPlan(trx: Db, inserts: readonly UnitInsert[], now: Date): Promise<number[]> {
  const idOfRow = new Map<number, number>();
  const all: number[] = [];
  let batch: UnitInsert[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const ids = await insertUnits(
      trx,
      batch.map((u) => ({
        name: u.name,
        shortName: u.shortName,
        kind: u.kind,
        parentId: u.parent === null ? null : u.parent.kind === 'db' ? u.parent.id : idOfRow.get(u.parent.row)!,
        divisionCode: u.divisionCode,
        unitClass: null,
        phone: u.phone,
        searchText: unitSearchText(u.name, u.shortName),
      })),
      now,
    );
    for (const [i, u] of batch.entries()) idOfRow.set(u.row, ids[i]!);
    all.push(...ids);
    batch = [];
  };
  for (const u of inserts) {
    if (u.parent?.kind === 'file' && !idOfRow.has(u.parent.row)) await flush();
    batch.push(u);
  }
  await flush();
  await addUnitCategories(
    trx,
    inserts.flatMap((u) => u.categoryCodes.map((categoryCode) => ({ unitId: idOfRow.get(u.row)!, categoryCode }))),
  );
  return all;
}
