import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The production-topology suites need PostgreSQL and the built Temporal server: `npm run test:cluster`.
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    pool: 'forks',
    // Integration suites each start their own Temporal server; two at a time fits 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
