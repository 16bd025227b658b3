import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test tiers: `unit` is the pure core (seconds, the inner loop); `cli` runs commands against real
 * files, Git and local servers; `site` runs real `astro build`s; `e2e` drives a browser, the HTML
 * checker and the workflows. `npm test` runs them all.
 */
const tier = (name: string, timeout = 120_000) => ({
  extends: true as const,
  // The global setup makes the run's temporary root and builds the fixture sites the tier reads.
  test: { name, include: [`test/${name}/**/*.test.ts`], globalSetup: ['test/run-setup.ts'], testTimeout: timeout, hookTimeout: 2 * timeout },
});

export default defineConfig({
  test: {
    environment: 'node',
    // Most tests wait on the processes, servers and builds they start rather than on the CPU, so
    // more workers than cores keep both cores busy. Test files share a worker's loaded modules:
    // nothing in them keeps state between files.
    maxWorkers: Math.max(4, availableParallelism()),
    isolate: false,
    // Files run largest first, every time, as on a clean clone: that packs the two cores best. The
    // durations a run records (taken while four workers share two cores) would order them worse.
    cache: false,
    // Stops at once, naming what to install, when Chromium or Java is missing.
    globalSetup: ['test/setup/prerequisites.ts'],
    projects: [tier('unit', 30_000), tier('cli'), tier('site'), tier('e2e')],
  },
});
