import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Site tests run real `astro build`s; give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
