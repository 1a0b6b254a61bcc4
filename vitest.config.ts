import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // The build tests run a real `astro build`; on a 2-core machine that takes a while.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Build tests each run a full build; running them one file at a time keeps memory and timing predictable.
    fileParallelism: false,
  },
});
