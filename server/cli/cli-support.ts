import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { type Config, loadConfig } from '../config.js';
import { createDeps } from '../main.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { migrateToLatest, migrationStatus } from '../platform/db/migrate.js';
import type { Deps } from '../platform/deps.js';

/** A failure the CLI explains in its own words; server/cli.ts prints the message and exits 1. */
export class CliError extends Error {}

export interface Progress {
  update(done: number, total: number, step?: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr for long work (so stdout stays clean for scripts); drawn only on a
 * terminal, silent when piped or run by tests.
 */
export function progressBar(label: string): Progress {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} {step}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: false,
    stream: process.stderr,
    etaBuffer: 50,
  });
  let started = false;
  return {
    update(done, total, step = '') {
      if (!started) {
        bar.start(total, done, { step });
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, { step });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/**
 * Open the configured database for one command and always close it (releasing the embedded folder
 * lock). `migrate: true` brings the schema up to date first, as `serve` does; otherwise pending
 * migrations are refused with a hint.
 */
export async function withDeps<T>(
  opts: { migrate: boolean; config?: Config },
  work: (deps: Deps, handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const config = opts.config ?? loadConfig();
  if (!opts.migrate && !config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pgdata', 'PG_VERSION'))) {
    // Opening would create an empty database (and a new key) where the user expected theirs.
    throw new CliError(
      `No embedded database in ${config.dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL). ` +
        `${config.dataDir} 中没有数据库（请设置 DATA_DIR，或用 DATABASE_URL 连接 PostgreSQL）。`,
    );
  }
  const { deps, handle } = await createDeps(config);
  try {
    if (opts.migrate) {
      const r = await migrateToLatest(handle.db);
      const applied = r.results?.map((m) => m.migrationName) ?? [];
      if (applied.length) console.error(`Applied migrations 已执行迁移: ${applied.join(', ')}`);
    } else {
      const status = await migrationStatus(handle.db);
      if (status.pending.length) {
        throw new CliError(
          `The database is not migrated (${status.pending.length} pending): run \`lianxin migrate up\` first. ` +
            '数据库尚未迁移，请先运行 lianxin migrate up。',
        );
      }
    }
    return await work(deps, handle);
  } finally {
    await handle.close();
  }
}
