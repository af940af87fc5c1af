import { defineConfig } from 'vitest/config';

/**
 * The production topology (`npm run test:cluster`, after scripts/cluster/setup.sh): the stores on a real
 * PostgreSQL, and the cluster test (Temporal built from go.temporal.io/server on PostgreSQL, two workers,
 * two API replicas). One file at a time: the cluster test alone keeps both cores busy.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
