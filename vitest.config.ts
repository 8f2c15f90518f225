import { defineConfig } from 'vitest/config';

// DTS_STRICT=1 for every test, and for the CLI runs and worker threads they start (they inherit
// the environment): an error no catch expects fails the test instead of becoming an `errors`
// entry of the report (src/errors.ts). A test of how a scan survives such an error sets it to 0.
//
// Three projects: `unit` shares one module graph per thread (no isolation: most of a unit run was
// loading the same modules again for each file), `mocked` isolates the files that replace modules
// with vi.mock, and `slow` holds the end-to-end and security tests (built CLI, git, big inputs).
// `npm run test:unit` runs the first two; `npm test` runs all three.
const MOCKED = [
  'test/adapters/github-actions.test.ts',
  'test/adapters/gitlab-ci.test.ts',
  'test/adapters/tree-sitter-runtime.test.ts',
  'test/errors.test.ts',
  'test/reporters.test.ts',
];
const SLOW = ['test/**/*.e2e.test.ts', 'test/security/**', 'test/inventory-plan-fixtures.test.ts'];

export default defineConfig({
  test: {
    env: { DTS_STRICT: '1' },
    // Fixture cases are scanned from copies outside the work tree (test/helpers/fixture-cases.ts).
    globalSetup: ['test/helpers/fixture-copies-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...MOCKED, ...SLOW], pool: 'threads', isolate: false },
      },
      { extends: true, test: { name: 'mocked', include: MOCKED } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
