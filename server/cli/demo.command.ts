import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { DemoDataExistsError, isOrgEmpty, seedDemo } from '../seeds/demo-county.js';
import { CliError, progressBar, withDeps } from './cli-support.js';

/** `lianxin seed-demo`: load the fictional demo county into an empty database. */
export function registerDemoCommand(program: Command): void {
  program
    .command('seed-demo')
    .description('Load the demo county 示范县 (fictional) into an empty database and print its logins / 载入演示数据')
    .option('--logins-file <file>', 'where to write the demo logins as JSON (default: <DATA_DIR>/demo-logins.json)')
    .option(
      '--requests <n>',
      'requests of the demo year to generate (default: DEMO_REQUESTS, 50000; 0 = none) / 演示诉求数量',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 200_000) throw new InvalidArgumentError('an integer from 0 to 200000');
        return n;
      },
    )
    .addHelpText(
      'after',
      '\nRefuses when the database already holds divisions, units or people. The demo accounts have published\n' +
        'passwords: never load the demo into a database with real data. 已有数据时拒绝执行。',
    )
    .action(async (opts: { loginsFile?: string; requests?: number }) => {
      const config = loadConfig();
      const loginsFile = path.resolve(opts.loginsFile ?? path.join(config.dataDir, 'demo-logins.json'));
      await withDeps({ migrate: true, config }, async (deps) => {
        if (!(await isOrgEmpty(deps.db))) throw new CliError(new DemoDataExistsError().message);
        const bar = progressBar('Seeding 载入');
        try {
          await seedDemo(deps, {
            log: (line) => {
              bar.stop();
              console.log(line);
            },
            loginsFile,
            requests: opts.requests ?? config.demoRequests,
            onProgress: (p) => bar.update(p.done, p.total, p.step),
          });
        } catch (err) {
          if (err instanceof DemoDataExistsError) throw new CliError(err.message);
          throw err;
        } finally {
          bar.stop();
        }
      });
    });
}
