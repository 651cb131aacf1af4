import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { DataDirLockedError, lockDataDir } from '../platform/db/data-dir-lock.js';
import { openDatabase } from '../platform/db/database.js';
import { attachmentsDir } from '../platform/files/index.js';
import { CliError, progressBar } from './cli-support.js';

/** The PGlite folder inside DATA_DIR (as createDeps in server/main.ts opens it). */
export function embeddedDataDir(config: Config): string {
  return path.join(config.dataDir, 'pgdata');
}

const hasDatabase = (dir: string) => fs.existsSync(path.join(dir, 'PG_VERSION'));

function lockedHint(err: DataDirLockedError, what: string): CliError {
  return new CliError(
    `${err.message}\n${what} needs the embedded database to itself: stop the server (Ctrl+C or SIGTERM), run it, ` +
      `then start the server again. ${what === 'Backup' ? '备份' : '恢复'}需要独占数据库：请先停止服务，完成后再启动。`,
  );
}

/** `lianxin backup <file>` and `lianxin restore <file>`: embedded data folder or pg_dump format. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'Back up the database to a file (embedded: .tar.gz of the data folder; PostgreSQL: pg_dump) / 备份数据库',
    )
    .argument('<file>', 'the backup file to write (e.g. lianxin-2026-11-22.tar.gz, or .dump on PostgreSQL)')
    .addHelpText(
      'after',
      '\nEmbedded: the server must be stopped (the data folder is locked by one process); the copy is consistent.\n' +
        'PostgreSQL: runs pg_dump --format=custom (needs the PostgreSQL client tools on PATH); the server may keep running.\n' +
        'Attachments (files under DATA_DIR/attachments) are copied beside it into <file>.attachments/ (content-addressed:\n' +
        'files already there are kept, so a repeated backup to the same name copies only new files).\n' +
        'The encryption key file is NOT in the backup: back it up separately, or personal data cannot be read after a restore.\n' +
        '备份不含加密密钥文件，请另行妥善备份，否则恢复后无法读取个人信息。',
    )
    .action(async (file: string) => {
      const config = loadConfig();
      const target = path.resolve(file);
      if (config.databaseUrl) {
        await runPgTool('pg_dump', ['--format=custom', '--file', target], config.databaseUrl);
      } else {
        await backupEmbedded(config, target);
      }
      const size = fs.statSync(target).size;
      console.log(`Backup written 已备份: ${target} (${(size / 1024 / 1024).toFixed(1)} MB)`);
      const files = copyAttachments(attachmentsDir(config.dataDir), `${target}.attachments`);
      if (files > 0) console.log(`Attachments 附件: ${files} files in ${target}.attachments`);
      console.log(
        `Remember the encryption key ${config.keyFile}: it is not in the backup. 加密密钥 ${config.keyFile} 不在备份中，请另行备份。`,
      );
    });

  program
    .command('restore')
    .description('Restore the database from a backup made by `lianxin backup` / 从备份恢复数据库')
    .argument('<file>', 'the backup file')
    .option('--force', 'replace an existing database (embedded: the old data folder is kept aside, not deleted)')
    .addHelpText(
      'after',
      '\nEmbedded: the server must be stopped. Without --force, refuses when the data folder already holds a database.\n' +
        'PostgreSQL: runs pg_restore --clean --if-exists into DATABASE_URL.\n' +
        'Attachments are copied back from <file>.attachments/ when that folder is there.\n' +
        'Put the encryption key file that belongs to the backup in place (LIANXIN_KEY_FILE or <DATA_DIR>/lianxin.key).',
    )
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      const source = path.resolve(file);
      if (!fs.existsSync(source)) throw new CliError(`No such backup file 备份文件不存在: ${source}`);
      if (config.databaseUrl) {
        await restoreServer(config.databaseUrl, source, opts.force === true);
      } else {
        await restoreEmbedded(config, source, opts.force === true);
      }
      console.log(`Restored from 已恢复自 ${source}`);
      const files = copyAttachments(`${source}.attachments`, attachmentsDir(config.dataDir));
      if (files > 0) console.log(`Attachments 附件: ${files} files restored`);
      if (!fs.existsSync(config.keyFile)) {
        console.error(
          `Warning: no encryption key at ${config.keyFile}. Copy the key that belongs to this backup there before starting ` +
            `the server, or encrypted personal data stays unreadable. 警告：未找到加密密钥，请先放回与该备份对应的密钥文件。`,
        );
      }
    });
}

/**
 * Copies the content-addressed attachment files from one folder tree to another (missing folder: nothing to do);
 * a file already at the destination has the same content by construction and is left alone. Returns the number of
 * files in the source.
 */
export function copyAttachments(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0;
  let count = 0;
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const source = path.join(dir, entry.name);
      const relative = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        walk(source, relative);
      } else if (entry.isFile() && !entry.name.startsWith('.tmp-')) {
        count += 1;
        const target = path.join(to, relative);
        if (fs.existsSync(target)) continue;
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        const partial = `${target}.partial`;
        fs.copyFileSync(source, partial);
        fs.renameSync(partial, target);
      }
    }
  };
  walk(from, '');
  return count;
}

async function backupEmbedded(config: Config, target: string): Promise<void> {
  const dataDir = embeddedDataDir(config);
  if (!hasDatabase(dataDir)) throw new CliError(`No embedded database in ${dataDir}. 该目录中没有数据库。`);
  const bar = progressBar('Backup 备份');
  let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    bar.update(0, 3, 'opening');
    handle = await openDatabase({ dataDir });
    bar.update(1, 3, 'copying');
    const dump = await handle.dumpDataDir?.();
    if (!dump) throw new CliError('This database cannot be dumped.');
    bar.update(2, 3, 'writing');
    const tmp = `${target}.partial`;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    fs.renameSync(tmp, target);
    bar.update(3, 3, 'done');
  } catch (err) {
    if (err instanceof DataDirLockedError) throw lockedHint(err, 'Backup');
    throw err;
  } finally {
    bar.stop();
    await handle?.close();
  }
}

/**
 * Unpack the backup into a fresh folder beside the data folder, check that it opens, then swap it in;
 * a database already there is moved aside (never deleted) so a wrong restore can be undone.
 */
async function restoreEmbedded(config: Config, source: string, force: boolean): Promise<void> {
  const dataDir = embeddedDataDir(config);
  const exists = hasDatabase(dataDir);
  if (exists && !force) {
    throw new CliError(
      `${dataDir} already holds a database. Stop the server and run again with --force to replace it ` +
        '(the current folder is kept beside it). 数据目录中已有数据库；如确需覆盖，请停止服务后加 --force 重试（原目录会保留）。',
    );
  }
  const head = Buffer.alloc(2);
  const fd = fs.openSync(source, 'r');
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    throw new CliError(
      `${source} is not an embedded backup (.tar.gz made by \`lianxin backup\`). 不是有效的备份文件。`,
    );
  }
  if (fs.existsSync(dataDir)) {
    // Fail fast, before unpacking anything, when a server has the folder open.
    try {
      lockDataDir(dataDir)();
    } catch (err) {
      if (err instanceof DataDirLockedError) throw lockedHint(err, 'Restore');
      throw err;
    }
  }
  const bar = progressBar('Restore 恢复');
  const staging = `${dataDir}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    bar.update(0, 3, 'unpacking');
    const blob = new Blob([fs.readFileSync(source)]);
    const handle = await openDatabase({ dataDir: staging, loadDataDir: blob });
    try {
      bar.update(1, 3, 'checking');
      await handle.db.introspection.getTables();
    } finally {
      await handle.close();
    }
    bar.update(2, 3, 'swapping');
    if (fs.existsSync(dataDir)) {
      // Taking the lock proves no server has the folder open; the old folder (and our lock in it) moves aside.
      let release: () => void;
      try {
        release = lockDataDir(dataDir);
      } catch (err) {
        if (err instanceof DataDirLockedError) throw lockedHint(err, 'Restore');
        throw err;
      }
      const aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        fs.renameSync(dataDir, aside);
        fs.renameSync(staging, dataDir);
      } finally {
        release();
        fs.rmSync(path.join(aside, 'lianxin.lock'), { force: true });
      }
      if (exists) console.error(`The previous database was kept in 原数据库已保留于 ${aside}`);
      else fs.rmSync(aside, { recursive: true, force: true });
    } else {
      fs.renameSync(staging, dataDir);
    }
    bar.update(3, 3, 'done');
  } finally {
    bar.stop();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function restoreServer(databaseUrl: string, source: string, force: boolean): Promise<void> {
  const handle = await openDatabase({ databaseUrl, poolSize: 1 });
  let tables: number;
  try {
    tables = (await handle.db.introspection.getTables()).length;
  } finally {
    await handle.close();
  }
  if (tables > 0 && !force) {
    throw new CliError(
      `The database already has ${tables} tables. Run again with --force to replace its contents with the backup. ` +
        '数据库中已有数据表；如确需覆盖，请加 --force 重试。',
    );
  }
  await runPgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--exit-on-error'], databaseUrl, [source]);
}

/**
 * Run pg_dump or pg_restore against DATABASE_URL. The password travels in PGPASSWORD, not on the
 * command line where other users could read it in the process list.
 */
function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], databaseUrl: string, trailing: string[] = []) {
  const url = new URL(databaseUrl);
  const env = { ...process.env };
  if (url.password) {
    env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
  }
  const bar = progressBar(tool);
  bar.update(0, 1, 'running');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(tool, [...args, '--dbname', url.toString(), ...trailing], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      bar.stop();
      reject(
        err.code === 'ENOENT'
          ? new CliError(
              `${tool} was not found on PATH. Install the PostgreSQL client tools of the server's major version ` +
                `(e.g. apt-get install postgresql-client). 未找到 ${tool}，请安装与服务器版本一致的 PostgreSQL 客户端工具。`,
            )
          : err,
      );
    });
    child.on('close', (code) => {
      bar.update(1, 1, 'done');
      bar.stop();
      if (code === 0) resolve();
      else reject(new CliError(`${tool} failed with exit code ${code}. ${tool} 执行失败。`));
    });
  });
}
