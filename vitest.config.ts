import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Integration tests share one machine's Chromium; keep files from starving each other.
    maxWorkers: 2,
    // The suite runs in CI (GitHub Actions, GitLab): tests that want annotations or shards ask for
    // them; none inherits them from the machine that runs the suite.
    env: { GITHUB_ACTIONS: '', GITHUB_WORKSPACE: '', CI_NODE_INDEX: '', CI_NODE_TOTAL: '' },
    reporters: ['default'],
  },
});
