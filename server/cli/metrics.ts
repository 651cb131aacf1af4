import { type Command, InvalidArgumentError } from 'commander';
import { rebuildMetricFacts } from '../modules/requests/index.js';
import { progressBar, withDeps } from './cli-support.js';

/** `lianxin metrics rebuild [--tenant <county code>]`: recount every request's figures from its event log. */
export function registerMetricsCommands(program: Command): void {
  const metrics = program.command('metrics').description('The figures of 接诉即办 / 接诉即办指标');
  metrics
    .command('rebuild')
    .description(
      'Recount every request’s figures (request_unit_fact) from its event log, page by page, one transaction per page / 从事件日志重算指标',
    )
    .option('--tenant <code>', 'only this county (12-digit county division code) / 仅重算该县', (v) => {
      if (!/^\d{6}000000$/.test(v)) throw new InvalidArgumentError('a county division code: 6 digits then 000000');
      return v;
    })
    .option('--page-size <n>', 'requests per transaction (default 500)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('an integer from 1 to 10000');
      return n;
    })
    .action(async (opts: { tenant?: string; pageSize?: number }) => {
      await withDeps({ migrate: false }, async (deps) => {
        const { total } = await deps.db
          .selectFrom('request')
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .$if(opts.tenant !== undefined, (q) => q.where('tenantCode', '=', opts.tenant as string))
          .executeTakeFirstOrThrow();
        const bar = progressBar('Rebuilding 重算');
        const started = Date.now();
        try {
          const result = await rebuildMetricFacts(deps, {
            tenantCode: opts.tenant,
            pageSize: opts.pageSize,
            onProgress: (p) => bar.update(p.requests, Number(total), 'requests 诉求'),
          });
          bar.stop();
          console.log(
            `Rebuilt 已重算: ${result.requests} requests, ${result.facts} facts in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
          );
        } finally {
          bar.stop();
        }
      });
    });
}
