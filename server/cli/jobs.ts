import type { Command } from 'commander';
import { scheduledJobs } from '../jobs.js';
import { runJobOnce } from '../platform/jobs/index.js';
import { CliError, withDeps } from './cli-support.js';

/** The CLI's short names for the scheduled jobs. */
const JOB_NAMES: Record<string, string> = {
  escalation: 'requests.escalation',
  'close-unrated': 'requests.close-unrated',
  sms: 'platform.sms-outbox',
};

/** `lianxin jobs run <escalation|close-unrated|sms>`: one pass of a scheduled job now, under its lease. */
export function registerJobsCommands(program: Command): void {
  const jobs = program.command('jobs').description('Scheduled jobs / 定时任务');
  jobs
    .command('run')
    .argument('<job>', Object.keys(JOB_NAMES).join(' | '))
    .description(
      'Run one pass of a scheduled job now (escalation ladder, closing unrated requests, SMS outbox) / 立即执行一次定时任务',
    )
    .action(async (short: string) => {
      const name = JOB_NAMES[short];
      if (!name) throw new CliError(`Unknown job ${short}: one of ${Object.keys(JOB_NAMES).join(', ')}. 未知任务。`);
      await withDeps({ migrate: false }, async (deps) => {
        const job = scheduledJobs(deps.config).find((j) => j.name === name)!;
        const outcome = await runJobOnce(deps, job);
        if (!outcome.ran) {
          throw new CliError(`Another server holds the lease of ${name} and runs it. 其他服务器正在执行该任务。`);
        }
        console.log(`${name}: ${JSON.stringify(outcome.result)}`);
      });
    });
}
