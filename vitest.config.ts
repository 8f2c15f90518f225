import { defineConfig } from 'vitest/config';

// DTS_STRICT=1 for every test, and for the CLI runs and worker threads they start (they inherit
// the environment): an error no catch expects fails the test instead of becoming an `errors`
// entry of the report (src/errors.ts). A test of how a scan survives such an error sets it to 0.
export default defineConfig({
  test: {
    env: { DTS_STRICT: '1' },
  },
});
