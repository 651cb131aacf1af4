import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createDeps, prepareDatabase, ROOT_DIR, serve } from '../main.js';
import { migrateAllDown, migrateDown } from '../platform/db/migrate.js';
import { registerAdminCommand } from './admin.command.js';
import { registerAuditCommands } from './audit.command.js';
import { registerBackupCommands } from './backup.command.js';
import { registerClassifyCommands } from './classify.js';
import { progressBar } from './cli-support.js';
import { registerDemoCommand } from './demo.command.js';
import { registerJobsCommands } from './jobs.js';
import { registerMetricsCommands } from './metrics.js';
import { registerOpen311Commands } from './open311.js';
import { registerOrgIoCommands } from './org-io.command.js';
import { registerTextCommands } from './text.js';
import { buildWebIfStale } from './web-build.js';

/** Register every `lianxin` sub-command. */
export function registerCommands(program: Command): void {
  program
    .command('serve')
    .description('Serve the API and web app (migrates, and loads the demo county on first run) / 启动服务')
    .option('--build-web', 'build the web app first when missing or stale')
    .option('--no-demo', 'do not load the demo county into an empty database')
    .action(async (opts: { buildWeb?: boolean; demo: boolean }) => {
      const config = loadConfig();
      if (opts.buildWeb) buildWebIfStale(ROOT_DIR, console.log);
      const seedDemo = config.demoSeed === 'auto' ? opts.demo : config.demoSeed;
      // First run: a progress bar while the demo county and its year of requests load (drawn on a terminal only).
      const bar = progressBar('Demo 演示数据');
      try {
        await serve(config, {
          seedDemoOnFirstRun: seedDemo,
          log: (line) => {
            bar.stop();
            console.log(line);
          },
          onSeedProgress: (p) => bar.update(p.done, p.total, p.step),
        });
      } finally {
        bar.stop();
      }
    });

  const migrate = program.command('migrate').description('Apply or roll back database migrations / 数据库迁移');
  migrate
    .command('up', { isDefault: true })
    .description('apply every pending migration')
    .action(async () => {
      const { handle } = await createDeps(loadConfig());
      try {
        const r = await prepareDatabase(handle.db);
        const applied = r.results?.map((m) => m.migrationName) ?? [];
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date. 已是最新。');
      } finally {
        await handle.close();
      }
    });
  migrate
    .command('down')
    .description('roll back migrations')
    .option('--steps <n>', 'how many to roll back', '1')
    .option('--all', 'roll back every migration (drops all data)')
    .action(async (opts: { steps: string; all?: boolean }) => {
      const { handle } = await createDeps(loadConfig());
      try {
        if (opts.all) await migrateAllDown(handle.db);
        else await migrateDown(handle.db, Number.parseInt(opts.steps, 10));
        console.log('Rolled back. 已回滚。');
      } finally {
        await handle.close();
      }
    });

  registerDemoCommand(program);
  registerAdminCommand(program);
  registerOrgIoCommands(program);
  registerAuditCommands(program);
  registerBackupCommands(program);
  registerJobsCommands(program);
  registerMetricsCommands(program);
  registerOpen311Commands(program);
  registerClassifyCommands(program);
  registerTextCommands(program);
}
