/** `studyguide doctor` for real: it starts the machine's Chromium and reads its version; without a browser it says what to install. */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../hardening/process-kit.js';
import { noBrowserEnv, tempDir } from '../helpers/paths.js';

let work: string;
beforeAll(async () => {
  work = await tempDir('studyguide-doctor-run-');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function doctor(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [BIN, 'doctor', ...args], {
    cwd: work,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

interface Report {
  ok: boolean;
  checks: Array<{ id: string; status: string; detail: string }>;
  install?: Record<string, string[]>;
}

describe('studyguide doctor', () => {
  it('starts the browser and reads its version; all is well, exit 0', async () => {
    const run = await doctor(['--json', '--out', path.join(work, 'output')]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      'node',
      'browser',
      'browser-start',
      'fonts',
      'templates',
      'output',
    ]);
    expect(report.checks.find((c) => c.id === 'browser-start')?.detail).toMatch(/Chrom(e|ium)\/\d+\.\d+/);
    expect(report.install).toBeUndefined();
  });

  it('without a browser: exit 1, the reason, and what to install on each system', async () => {
    const env = noBrowserEnv(path.join(work, 'none'));
    const run = await doctor([], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ Browser         no Chrome or Chromium was found to print with');
    expect(run.stderr).toContain('- Browser starts  no browser to start');
    expect(run.stderr).toContain('What to install:');
    expect(run.stderr).toContain('Debian/Ubuntu: sudo apt-get install chromium');
    expect(run.stderr).toContain('1 problem: a build needs it fixed.');
  });
});
