/**
 * The real CLI, killed mid-build: SIGTERM and SIGINT close the browser, remove
 * temporary files and exit 143/130; SIGKILL leaves no truncated PDF at an output path.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';
import { DescendantWatch, filesUnder, isAlive, isCompletePdf, spawnCli, waitFor } from './process-kit.js';

let root: string;
let content: string;

beforeAll(async () => {
  root = await tempDir('studyguide-signals-');
  content = path.join(root, 'content');
  for (const slug of ['guide-a', 'guide-b', 'guide-c']) await writeGuide(content, slug);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function interruptAfterFirstPdf(signal: NodeJS.Signals, out: string) {
  const run = spawnCli(['build', '--content', content, '--out', out, '--concurrency', '2', '--no-cache']);
  const watch = new DescendantWatch(run.child.pid ?? -1);
  const first = await waitFor(async () => (await filesUnder(out)).find((f) => f.endsWith('.pdf')), 60_000);
  expect(first, `no PDF appeared; output:\n${run.output()}`).toBeDefined();
  watch.scan();
  run.child.kill(signal);
  const exit = await run.exited;
  watch.scan();
  watch.stop();
  return { exit, watch, output: run.output() };
}

async function expectOnlyCompletePdfs(out: string) {
  const pdfs = (await filesUnder(out)).filter((f) => f.endsWith('.pdf') && !path.basename(f).startsWith('.studyguide-tmp-'));
  expect(pdfs.length).toBeGreaterThan(0);
  for (const file of pdfs) expect(await isCompletePdf(file), file).toBe(true);
}

describe('a build stopped by a signal', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`on ${signal}: exits ${code}, leaves no temporary file, no browser and no broken PDF`, async () => {
      const out = path.join(root, `out-${signal}`);
      const { exit, watch, output } = await interruptAfterFirstPdf(signal, out);
      expect(exit.code, output).toBe(code);
      expect(output).toContain(`${signal} received: stopping (closing the browser, removing temporary files)...`);
      expect(watch.seen.size, 'the build started a browser').toBeGreaterThan(0);
      // Renderers may take a moment to notice their browser is gone.
      const survivors = await waitFor(async () => (watch.alive().length === 0 ? [] : undefined), 5_000);
      expect(survivors ?? watch.alive(), 'no process of the build survives it').toEqual([]);
      const files = await filesUnder(out);
      expect(files.filter((f) => path.basename(f).startsWith('.studyguide-tmp-'))).toEqual([]);
      await expectOnlyCompletePdfs(out);
    });
  }

  it('on SIGKILL: every PDF at an output path is complete', async () => {
    const out = path.join(root, 'out-SIGKILL');
    const { exit, watch } = await interruptAfterFirstPdf('SIGKILL', out);
    expect(exit.signal).toBe('SIGKILL');
    // Nothing in the tool can run after SIGKILL; clean up what it started, then look at what it left.
    for (const pid of watch.alive()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await expectOnlyCompletePdfs(out);
  });
});
