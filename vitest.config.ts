import { defineConfig } from 'vitest/config';

// Slow checks (test/slow) run only through `npm run test:slow`, which sets FRACTABLE_SLOW=1.
const slow = process.env.FRACTABLE_SLOW === '1';

export default defineConfig({
  test: {
    include: slow ? ['test/slow/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: slow ? [] : ['test/slow/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
