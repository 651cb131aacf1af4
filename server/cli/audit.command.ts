import type { Command } from 'commander';
import { verifyAuditChain } from '../platform/audit/index.js';
import { CliError, progressBar, withDeps } from './cli-support.js';

const REASONS: Record<string, string> = {
  hash_mismatch: 'its content no longer matches its hash (the row was changed) 内容与哈希不符（记录被篡改）',
  link_mismatch: 'it does not link to the previous entry 与上一条记录的链接不符',
  missing_entry: 'the entry before it is missing (a row was removed) 前一条记录缺失（记录被删除）',
  unsealed_entry: 'it is still not sealed into the chain long after it was written 记录长时间未封入哈希链',
};

/** `lianxin audit verify`: walk the hash chain of the audit log and report the first broken link. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Audit log tools / 审计日志');
  audit
    .command('verify')
    .description('Check the hash chain of the audit log; exits 1 at the first broken link / 校验审计日志哈希链')
    .action(async () => {
      await withDeps({ migrate: false }, async (deps) => {
        const { total } = await deps.db
          .selectFrom('auditEntry')
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .executeTakeFirstOrThrow();
        const bar = progressBar('Verifying 校验');
        bar.update(0, Number(total), 'entries');
        let result: Awaited<ReturnType<typeof verifyAuditChain>>;
        try {
          result = await verifyAuditChain(deps.db, (checked) => bar.update(checked, Number(total), 'entries'));
        } finally {
          bar.stop();
        }
        if (!result.ok) {
          const broken = result.firstBroken;
          throw new CliError(
            `Audit chain BROKEN 审计链已损坏: entry ${broken?.id ?? '?'}: ${REASONS[broken?.reason ?? ''] ?? broken?.reason}. ` +
              `${result.checked} entries before it are intact.`,
          );
        }
        console.log(`Audit chain intact 审计链完整: ${result.checked} entries verified.`);
      });
    });
}
