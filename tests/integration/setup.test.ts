/**
 * scripts/setup.mjs, which `npm start` and `npm test` run first: it compiles when a source is
 * newer than the last compile, and passes through quickly when nothing changed. Run on a copy
 * of the project (sharing node_modules) so that the working tree's dist/ is not touched.
 */
import { spawnSync } from 'node:child_process';
import { cp, rm, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/paths.js';

let copy: string;

beforeAll(async () => {
  copy = await tempDir('studyguide-setup-');
  for (const entry of ['src', 'scripts', 'templates', 'tsconfig.json', 'package.json', 'package-lock.json']) {
    await cp(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

function setup(): string {
  const run = spawnSync(process.execPath, [path.join(copy, 'scripts', 'setup.mjs')], { cwd: copy, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr;
}

describe('npm start / npm test set-up', () => {
  it('compiles once, then passes through until a source changes', () => {
    expect(setup()).toContain('setup: compiling TypeScript...');
    expect(setup()).not.toContain('compiling');
  });

  it('still compiles a changed source after a type check (tsc --noEmit) wrote its build info', async () => {
    const file = path.join(copy, 'src', 'version.ts');
    const now = new Date();
    await utimes(file, now, now);
    const tsc = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'],
      { cwd: copy, encoding: 'utf8' },
    );
    expect(tsc.status, tsc.stdout).toBe(0);
    expect(setup()).toContain('setup: compiling TypeScript...');
    expect(setup()).not.toContain('compiling');
  });
});
