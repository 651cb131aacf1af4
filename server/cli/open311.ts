import { type Command, InvalidArgumentError } from 'commander';
import { createOpen311Key } from '../modules/portal/index.js';
import { withDeps } from './cli-support.js';

/** `lianxin open311 create-key --name <client>`: an API key for one Open311 client, printed once. */
export function registerOpen311Commands(program: Command): void {
  const open311 = program.command('open311').description('Open311 GeoReport v2 API / Open311 接口');
  open311
    .command('create-key')
    .description('Create an API key for an Open311 client; printed once, only its hash is stored / 创建接口密钥')
    .requiredOption('--name <client>', 'who the key is for / 客户端名称', (v) => {
      const name = v.trim();
      if (name.length < 2 || name.length > 100) throw new InvalidArgumentError('2 to 100 characters');
      return name;
    })
    .action(async (opts: { name: string }) => {
      await withDeps({ migrate: true }, async (deps) => {
        const { id, key } = await createOpen311Key(deps, opts.name);
        console.log(`Open311 API key #${id} for ${opts.name} (shown once, keep it safe / 仅显示一次，请妥善保存):`);
        console.log(key);
      });
    });
}
