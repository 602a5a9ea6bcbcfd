import { defineConfig } from 'vitest/config';

/**
 * `npm run test:quick`: the edit-test loop. Everything but ngspice, the real Slurm cluster, the
 * fuzzers, the long characterization grid, the packed-package install, process-level limits and
 * interrupt tests, the reports laid out in a browser, and the docs figures (which re-run bundled scenarios). `npm test` is the full
 * suite CI runs.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/spice/**',
      'test/sweep/slurm.test.ts',
      'test/sweep/interrupt.test.ts',
      'test/sweep/kill-resume.test.ts',
      'test/**/fuzz.test.ts',
      'test/devices/column-table.test.ts',
      'test/docs/figures.test.ts',
      'test/api/pack.test.ts',
      'test/cli/hostile-inputs.test.ts',
      'test/cli/cli.test.ts',
      'test/report/output-errors.test.ts',
      'test/report/browser.test.ts',
    ],
    testTimeout: 120_000,
  },
});
