import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/** The most rows one platform export (accounts, audit log) holds; a bigger log is exported by time range. */
export const EXPORT_MAX_ROWS = 100_000;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface XlsxSheet {
  name: string;
  columns: { header: string; key: string; width: number }[];
  rows: Record<string, unknown>[];
}

/** A workbook with one sheet per entry: bold, frozen header row, every cell text so codes keep their leading zeros. */
export async function toXlsx(title: string, sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lianxin 连心';
  wb.title = title;
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ ...c, style: { numFmt: '@' } }));
    ws.getRow(1).font = { bold: true };
    ws.addRows(sheet.rows);
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Send an XLSX as a download whose (Chinese) file name survives every browser. */
export function sendXlsx(reply: FastifyReply, filename: string, body: Buffer) {
  const name = encodeURIComponent(filename);
  return reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${name}`)
    .send(body);
}

const beijing = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** A timestamp as exported: Beijing time 'YYYY-MM-DD HH:mm:ss', the way users read it; empty when absent. */
export function beijingTime(at: Date | string | null | undefined): string {
  if (at === null || at === undefined) return '';
  return beijing.format(typeof at === 'string' ? new Date(at) : at);
}
