import { type Command, Option } from 'commander';
import { ADMIN_ROLES, ROLE_LABELS, type Role } from '../../contracts/roles.js';
import { appendAudit } from '../platform/audit/index.js';
import { createAccountRecord, generateTemporaryPassword, generateTotpSecret, totpUri } from '../platform/auth/index.js';
import type { Deps } from '../platform/deps.js';
import { CliError, withDeps } from './cli-support.js';

const USERNAME = /^[a-z0-9._-]{3,40}$/;

export interface CreatedAdmin {
  userId: number;
  password: string;
  totpSecret: string;
}

/**
 * Create an administrator (三员分立: system, security or audit administrator, one role per account)
 * with a random temporary password that must be changed at first sign-in and a TOTP secret, since
 * administrators always need a second factor. Audited as done by the CLI.
 */
export async function createAdminAccount(
  deps: Deps,
  opts: { username: string; role: Role; displayName?: string | undefined },
): Promise<CreatedAdmin> {
  const username = opts.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new CliError(
      `Invalid username "${opts.username}": use 3–40 characters a-z, 0-9, '.', '_' or '-'. 用户名须为 3–40 位小写字母、数字或 . _ -。`,
    );
  }
  if (!ADMIN_ROLES.includes(opts.role)) {
    throw new CliError(`--role must be one of ${ADMIN_ROLES.join(', ')}.`);
  }
  const displayName = opts.displayName?.trim() || ROLE_LABELS[opts.role].zh;
  const password = generateTemporaryPassword(deps.config.passwordPolicy, username);
  const totpSecret = generateTotpSecret();
  const now = deps.now();
  const userId = await deps.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('userAccount').select('id').where('username', '=', username).executeTakeFirst();
    if (taken) throw new CliError(`The username "${username}" is already taken. 用户名 ${username} 已存在。`);
    const id = await createAccountRecord(
      trx,
      deps.cipher,
      {
        username,
        displayName,
        password,
        roles: [opts.role],
        scope: { kind: 'all' },
        unitId: null,
        personId: null,
        mustChangePassword: true,
        totpSecret,
      },
      now,
    );
    await appendAudit(trx, {
      actor: { userId: null, name: 'cli' },
      action: 'account.created',
      objectType: 'user_account',
      objectId: id,
      after: { username, displayName, roles: [opts.role], scope: { kind: 'all' }, totpEnabled: true },
      detail: { via: 'lianxin create-admin' },
      at: now,
    });
    return id;
  });
  return { userId, password, totpSecret };
}

/** `lianxin create-admin`: the way in on a fresh installation without the demo. */
export function registerAdminCommand(program: Command): void {
  program
    .command('create-admin')
    .description(
      'Create an administrator account and print its temporary password and TOTP secret once / 创建管理员账号',
    )
    .requiredOption('--username <name>', 'login name: 3–40 of a-z 0-9 . _ -')
    .addOption(
      new Option(
        '--role <role>',
        'system_admin (organisation, configuration), security_admin (accounts), audit_admin (audit log)',
      )
        .choices([...ADMIN_ROLES])
        .makeOptionMandatory(),
    )
    .option('--display-name <name>', 'the name shown in the app (default: the role name)')
    .addHelpText(
      'after',
      '\nThe password is shown only once and must be changed at first sign-in; add the TOTP secret to an\n' +
        'authenticator app (administrators always need the second factor). 密码仅显示一次，首次登录须修改。',
    )
    .action(async (opts: { username: string; role: Role; displayName?: string }) => {
      await withDeps({ migrate: true }, async (deps) => {
        const username = opts.username.trim().toLowerCase();
        const created = await createAdminAccount(deps, opts);
        console.log(`Created ${opts.role} "${username}" (id ${created.userId}). 已创建管理员账号。`);
        console.log(`  Temporary password 临时密码: ${created.password}`);
        console.log(`  TOTP secret 动态口令密钥:   ${created.totpSecret}`);
        console.log(`  ${totpUri(created.totpSecret, username)}`);
        console.log(
          'Shown once: write them down now. The password must be changed at first sign-in. 仅显示一次，请立即记录。',
        );
      });
    });
}
