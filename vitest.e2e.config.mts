import { defineConfig } from 'vitest/config';
import unit from './vitest.config.mts';

/** End-to-end, contract, compatibility and migration tests: real apps on SQLite and PostgreSQL. */
export default defineConfig({
  plugins: unit.plugins,
  resolve: unit.resolve,
  test: {
    include: ['test/**/*.e2e-spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
