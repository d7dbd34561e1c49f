import { defineConfig } from 'vitest/config';

// The whole suite runs on PGlite, and again on a real PostgreSQL when TEST_DATABASE_URL is set
// (CI sets it). Each leg is a vitest project, so the output names the engine of every file.
const leg = (engine: 'pglite' | 'postgres') => ({
  // NOTE: one graphql module for everyone. Without the alias vitest loads graphql's ESM build for
  // our code while Apollo and Pothos load the CommonJS one, and graphql refuses the mixed realm.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    name: engine,
    include: ['test/**/*.test.ts'],
    // NOTE: the browser tests on one leg: the pages read the public API, which both engines answer
    // alike (every other file checks that), and a file with no test on a leg fails that leg.
    exclude: engine === 'postgres' ? ['test/browser.test.ts'] : [],
    globalSetup: ['test/helpers/global-setup.ts'],
    env: { HUB_TEST_ENGINE: engine },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [leg('pglite'), ...(process.env.TEST_DATABASE_URL ? [leg('postgres')] : [])],
  },
});
