import { Command } from 'commander';
import { registerCommands } from './cli/commands.js';
import { ConfigError } from './config.js';
import { DataDirLockedError } from './platform/db/data-dir-lock.js';

const program = new Command()
  .name('lianxin')
  .description('Lianxin 连心: citizen requests and work-style supervision / 接诉即办与作风建设平台')
  .showHelpAfterError();
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error(`lianxin: ${(err as Error).message}`);
    if (process.env.LIANXIN_DEBUG) console.error(err);
  }
  process.exit(1);
}
