/**
 * The real CLI, killed mid-build: SIGTERM and SIGINT close the browser, remove
 * temporary files and exit 143/130; SIGKILL leaves no truncated PDF at an output path and no browser.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
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

const isOutputPdf = (file: string) => file.endsWith('.pdf') && !path.basename(file).startsWith('.studyguide-tmp-');

async function interruptAfterFirstPdf(signal: NodeJS.Signals, out: string) {
  const run = spawnCli(['build', '--content', content, '--out', out, '--concurrency', '2', '--no-cache']);
  const watch = new DescendantWatch(run.child.pid ?? -1);
  // A finished PDF, not one still being written under its temporary name.
  const first = await waitFor(async () => (await filesUnder(out)).find(isOutputPdf), 60_000);
  expect(first, `no PDF appeared; output:\n${run.output()}`).toBeDefined();
  watch.scan();
  run.child.kill(signal);
  const exit = await run.exited;
  watch.scan();
  watch.stop();
  return { exit, watch, output: run.output() };
}

async function expectOnlyCompletePdfs(out: string) {
  const pdfs = (await filesUnder(out)).filter(isOutputPdf);
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
      const survivors = await waitFor(() => (watch.alive().length === 0 ? [] : undefined), 5_000);
      expect(survivors ?? watch.alive(), 'no process of the build survives it').toEqual([]);
      const files = await filesUnder(out);
      expect(files.filter((f) => path.basename(f).startsWith('.studyguide-tmp-'))).toEqual([]);
      await expectOnlyCompletePdfs(out);
    });
  }

  it('on a second SIGTERM: stops at once, still 143, no temporary file and no browser left', async () => {
    const out = path.join(root, 'out-twice');
    const run = spawnCli(['build', '--content', content, '--out', out, '--concurrency', '2', '--no-cache']);
    const watch = new DescendantWatch(run.child.pid ?? -1);
    const first = await waitFor(async () => (await filesUnder(out)).find(isOutputPdf), 60_000);
    expect(first, `no PDF appeared; output:\n${run.output()}`).toBeDefined();
    watch.scan();
    run.child.kill('SIGTERM');
    // Signals of one kind do not queue: send the second once the first has been handled.
    await waitFor(() => (run.output().includes('SIGTERM received') ? true : undefined), 10_000);
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    watch.stop();
    expect(exit.code, run.output()).toBe(143);
    // Usually the second signal lands while the first is still winding down (the forced path);
    // if the graceful path won the race, the same guarantees must hold all the same.
    if (!run.output().includes('Interrupted: files already written are complete')) {
      expect(run.output()).toContain('SIGTERM again: stopping now.');
    }
    const survivors = await waitFor(() => (watch.alive().length === 0 ? [] : undefined), 5_000);
    expect(survivors ?? watch.alive()).toEqual([]);
    expect((await filesUnder(out)).filter((f) => path.basename(f).startsWith('.studyguide-tmp-'))).toEqual([]);
    await expectOnlyCompletePdfs(out);
  });

  it('on SIGKILL: every PDF at an output path is complete', async () => {
    const out = path.join(root, 'out-SIGKILL');
    const { exit, watch } = await interruptAfterFirstPdf('SIGKILL', out);
    expect(exit.signal).toBe('SIGKILL');
    // No handler runs after SIGKILL, but Chromium talks to the tool over a pipe: when the pipe
    // closes it exits by itself instead of living on as an orphan.
    const survivors = await waitFor(() => (watch.alive().length === 0 ? [] : undefined), 10_000);
    const orphans = watch.alive();
    for (const pid of orphans) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    expect(survivors ?? orphans, 'no browser outlives a killed build').toEqual([]);
    await expectOnlyCompletePdfs(out);
  });

  it('after SIGKILL, the next build skips the guides the killed one finished', async () => {
    const out = path.join(root, 'out-resume');
    const run = spawnCli(['build', '--content', content, '--out', out, '--concurrency', '2']);
    const watch = new DescendantWatch(run.child.pid ?? -1);
    // The manifest is saved as guides finish, not only at the end.
    const manifest = path.join(out, '.studyguide-cache.json');
    const finished = await waitFor(async () => {
      const text = await readFile(manifest, 'utf8').catch(() => '');
      return text.includes('"guide-a"') ? text : undefined;
    }, 60_000);
    expect(finished, `no guide was recorded; output:\n${run.output()}`).toBeDefined();
    watch.scan();
    run.child.kill('SIGKILL');
    // Killed mid-build, not after it ended.
    expect((await run.exited).signal).toBe('SIGKILL');
    await waitFor(() => (watch.alive().length === 0 ? [] : undefined), 10_000);
    for (const pid of watch.alive()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');

    const again = await runCli(['build', '--content', content, '--out', out, '--concurrency', '2', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { guides: Array<{ slug: string; status: string }> };
    expect(report.guides.find((g) => g.slug === 'guide-a')?.status).toBe('skipped');
    expect(report.guides.every((g) => g.status === 'skipped' || g.status === 'built')).toBe(true);
    expect(
      report.guides.some((g) => g.status === 'built'),
      'the killed build had work left',
    ).toBe(true);
    await expectOnlyCompletePdfs(out);
  });
});
