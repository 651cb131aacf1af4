// The accounts' public surface: the demo seed and the CLI create accounts through these.
export { accountsRoutes } from './accounts.routes.js';
export { type AccountRecordInput, createAccountRecord } from './accounts.service.js';
export { authRoutes } from './auth.routes.js';
export {
  characterClassesOf,
  checkPassword,
  isCommonPassword,
  type PasswordPolicy,
  passwordProblemMessage,
} from './domain/password-policy.js';
export { generateTemporaryPassword, hashPassword, verifyPassword } from './passwords.js';
export { listAccountsWithPermission, type NoticeRecipient } from './recipients.repository.js';
export { generateTotpSecret, TOTP_ISSUER, totpCodeAt, totpUri } from './totp.js';
