// The benchmark's own tests (`npx vitest run --config bench/vitest.config.ts`): the root config covers server/,
// contracts/ and web/ only, so the bench's generator test runs on demand, with the same database setup.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  test: {
    include: ['bench/**/*.test.ts'],
    globalSetup: ['server/platform/testing/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
  },
});
