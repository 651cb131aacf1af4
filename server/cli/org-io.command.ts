import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { ImportIssue } from '../../contracts/common.js';
import {
  divisionListQuerySchema,
  type OrgFileKind,
  personListQuerySchema,
  unitListQuerySchema,
} from '../../contracts/org.js';
import { exportOrgXlsx, importOrgFile, systemActor } from '../modules/org/index.js';
import { AppError } from '../platform/http/errors.js';
import { CliError, progressBar, withDeps } from './cli-support.js';

const KINDS: readonly OrgFileKind[] = ['divisions', 'units', 'people'];

function parseKind(value: string): OrgFileKind {
  if (!(KINDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${KINDS.join(', ')}`);
  }
  return value as OrgFileKind;
}

/** The list filters of a kind with their defaults (e.g. people: active only), as the export of the web app uses them. */
function defaultFilters(kind: OrgFileKind, q: string | undefined) {
  const schema = { divisions: divisionListQuerySchema, units: unitListQuerySchema, people: personListQuerySchema }[
    kind
  ];
  const { page: _page, pageSize: _pageSize, ...filters } = schema.parse(q ? { q } : {});
  return filters;
}

/** Display width in a terminal: CJK characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/** The row-by-row problems of a rejected import as an aligned table (row, column, problem). */
export function formatIssueTable(issues: readonly ImportIssue[]): string {
  const header = ['row 行', 'column 列', 'problem 问题'];
  const rows = issues.map((i) => [String(i.row), i.column, i.problem]);
  const widths = [0, 1].map((c) => Math.max(width(header[c] ?? ''), ...rows.map((r) => width(r[c] ?? ''))));
  const pad = (text: string, to: number) => `${text}${' '.repeat(Math.max(0, to - width(text)))}`;
  const line = (r: string[]) =>
    `  ${pad(r[0] ?? '', widths[0] ?? 0)}  ${pad(r[1] ?? '', widths[1] ?? 0)}  ${r[2] ?? ''}`;
  return [
    line(header),
    line([`${'-'.repeat(widths[0] ?? 0)}`, '-'.repeat(widths[1] ?? 0), '-'.repeat(12)]),
    ...rows.map(line),
  ].join('\n');
}

/** `lianxin import` and `lianxin export`: organisation data from and to CSV / XLSX files. */
export function registerOrgIoCommands(program: Command): void {
  program
    .command('import')
    .description('Import divisions, units or people from a CSV or XLSX file, all or nothing / 导入组织数据')
    .argument('<kind>', `what the file holds: ${KINDS.join(' | ')}`, parseKind)
    .argument('<file>', 'a .csv (UTF-8 or GB18030) or .xlsx file; headers in Chinese or English')
    .option('--dry-run', 'check every row and show a preview without writing anything')
    .addHelpText(
      'after',
      '\nAny bad row rejects the whole file: the problems are listed row by row and nothing is written (exit code 1).\n' +
        '任一行有误则整份文件不导入，并逐行列出问题。',
    )
    .action(async (kind: OrgFileKind, file: string, opts: { dryRun?: boolean }) => {
      const source = path.resolve(file);
      if (!fs.existsSync(source)) throw new CliError(`No such file 文件不存在: ${source}`);
      const buffer = fs.readFileSync(source);
      await withDeps({ migrate: true }, async (deps) => {
        const bar = progressBar(opts.dryRun ? 'Checking 校验' : 'Importing 导入');
        bar.update(0, 1, path.basename(source));
        let result: Awaited<ReturnType<typeof importOrgFile>>;
        try {
          result = await importOrgFile(deps, systemActor('cli'), kind, buffer, path.basename(source), {
            dryRun: opts.dryRun === true,
          });
          bar.update(1, 1, 'done');
        } catch (err) {
          bar.stop();
          if (err instanceof AppError && err.code === 'IMPORT_REJECTED') {
            const issues = (err.details as { issues?: ImportIssue[] } | undefined)?.issues ?? [];
            console.error(formatIssueTable(issues));
            throw new CliError(
              `Import rejected: ${issues.length} problem(s) in ${path.basename(source)}; nothing was imported. ` +
                `导入被拒绝：共 ${issues.length} 处问题，未导入任何数据。`,
            );
          }
          if (err instanceof AppError && err.code === 'IMPORT_BAD_FILE') {
            throw new CliError(`${path.basename(source)} is not a readable CSV or XLSX file. 无法读取该文件。`);
          }
          throw err;
        } finally {
          bar.stop();
        }
        if (result.dryRun) {
          console.log(`Dry run 试运行: ${result.rows} rows checked, no problems; nothing written. 校验通过，未写入。`);
          for (const row of result.preview ?? []) console.log(`  ${JSON.stringify(row)}`);
        } else {
          console.log(`Imported 已导入 ${result.imported} ${kind} from ${result.rows} rows.`);
        }
      });
    });

  program
    .command('export')
    .description('Export divisions, units or people to an XLSX file (personal data masked) / 导出组织数据')
    .argument('<kind>', `what to export: ${KINDS.join(' | ')}`, parseKind)
    .argument('<file>', 'the .xlsx file to write')
    .option('--q <text>', 'only rows whose name (or pinyin) contains this text')
    .action(async (kind: OrgFileKind, file: string, opts: { q?: string }) => {
      const target = path.resolve(file);
      if (!target.toLowerCase().endsWith('.xlsx')) throw new CliError('The export file name must end in .xlsx');
      await withDeps({ migrate: false }, async (deps) => {
        const bar = progressBar('Exporting 导出');
        bar.update(0, 2, kind);
        let xlsx: Buffer;
        try {
          xlsx = await exportOrgXlsx(deps, systemActor('cli'), kind, defaultFilters(kind, opts.q));
          bar.update(1, 2, 'writing');
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, xlsx, { mode: 0o600 });
          bar.update(2, 2, 'done');
        } finally {
          bar.stop();
        }
        console.log(`Exported 已导出 ${kind} to ${target}`);
      });
    });
}
