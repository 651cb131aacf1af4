import type { Command } from 'commander';
import { backfillTextSignatures } from '../modules/requests/index.js';
import { progressBar, withDeps } from './cli-support.js';

/** `lianxin text backfill-signatures`: near-duplicate signatures for requests that have none. */
export function registerTextCommands(program: Command): void {
  const text = program.command('text').description('Chinese text tools / 中文文本工具');
  text
    .command('backfill-signatures')
    .description(
      'Compute the near-duplicate signatures (MinHash + LSH bands) of requests that have none, e.g. received before they existed / 补算诉求的查重签名',
    )
    .action(async () => {
      await withDeps({ migrate: true }, async (deps) => {
        const bar = progressBar('Signatures 签名');
        const started = Date.now();
        try {
          const done = await backfillTextSignatures(deps, { onProgress: (n) => bar.update(n, n, 'requests 诉求') });
          bar.stop();
          console.log(`Signed 已补算: ${done} requests in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        } finally {
          bar.stop();
        }
      });
    });
}
