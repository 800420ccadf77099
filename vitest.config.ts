import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Integration tests share one machine's Chromium; keep files from starving each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
