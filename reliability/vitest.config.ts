// The security battery's in-process parts (`npm run test:security` runs them through reliability/security.ts):
// the root config covers server/, contracts/ and web/ only, so these run on demand, with the same database setup.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  test: {
    include: ['reliability/**/*.test.ts'],
    globalSetup: ['server/platform/testing/global-setup.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 300_000,
    env: { TZ: 'UTC' },
  },
});
