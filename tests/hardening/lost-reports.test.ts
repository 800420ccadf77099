/**
 * What a build found is never lost: a build cache that cannot be saved is one more error (an
 * OutputError, exit 1) after the guides' own, and `--json` still prints. An output folder that
 * would feed the build its own outputs (the content folder, a folder above it, one inside a guide's
 * folder) is refused before anything is read or written (exit 2).
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { OutputError } from '../../src/errors.js';
import { CACHE_FILE } from '../../src/output/build-cache.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';
import { filesUnder } from './process-kit.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-lost-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A good guide, a guide whose citation is wrong, and an output folder whose manifest cannot be written. */
async function unsavable(name: string) {
  const base = path.join(root, name);
  const content = path.join(base, 'content');
  const out = path.join(base, 'out');
  await writeGuide(content, 'good');
  await writeGuide(content, 'wrong', { body: 'A claim [@notes "words that are not in the source"].\n' });
  // A folder where the manifest goes: renaming the new manifest over it fails, every time.
  await mkdir(path.join(out, CACHE_FILE), { recursive: true });
  return { content, out, manifest: path.join(out, CACHE_FILE) };
}

const html = ['--format', 'html', '--edition', 'student'];

interface JsonReport {
  guides: Array<{ slug: string; status: string; errors: Array<{ kind: string; message: string }> }>;
  failed: number;
  errors: Array<{ kind: string; message: string; file: string | null; internal: boolean }>;
}

describe('a build cache that cannot be saved', () => {
  it('keeps the guides’ errors and the summary, and is reported after them (exit 1)', async () => {
    const s = await unsavable('text');
    const run = await runCli(['build', '--content', s.content, '--out', s.out, ...html]);
    expect(run.code, run.stderr).toBe(1);
    const summary = run.stderr.indexOf('1 built, 0 up to date, 1 failed in ');
    const guideError = run.stderr.indexOf('error: the quote "words that are not in the source" is not in source');
    const cacheError = run.stderr.indexOf(`${s.manifest}: error: could not save the build cache ${s.manifest}`);
    expect(summary, run.stderr).toBeGreaterThanOrEqual(0);
    expect(run.stderr).toContain('; 1 more error (below)');
    expect(guideError, run.stderr).toBeGreaterThan(summary);
    expect(cacheError, run.stderr).toBeGreaterThan(guideError);
    expect(run.stderr).toContain('the next build builds them again');
    // The good guide's outputs are there: only the record of them is missing.
    expect((await filesUnder(path.join(s.out, 'good'))).length).toBe(5);
  });

  it('still prints the --json report, with the cache error in its own list', async () => {
    const s = await unsavable('json');
    const run = await runCli(['build', '--content', s.content, '--out', s.out, ...html, '--json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.guides.map((g) => [g.slug, g.status])).toEqual([
      ['good', 'built'],
      ['wrong', 'failed'],
    ]);
    expect(report.guides[1]?.errors[0]?.kind).toBe('citation');
    expect(report.errors).toMatchObject([
      { kind: 'output', message: `could not save the build cache ${s.manifest}`, file: s.manifest, internal: false },
    ]);
  });

  it('fails a build whose every guide built (exit 1, not 0), and build() returns the error', async () => {
    const s = await unsavable('all-good');
    await rm(path.join(s.content, 'wrong'), { recursive: true });
    const result = await build({ content: s.content, out: s.out, format: 'html', editions: ['student'] });
    expect(result.failed).toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(OutputError);
    const run = await runCli(['build', '--content', s.content, '--out', s.out, ...html]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('could not save the build cache');
  });
});

describe('an output folder that would feed the build its own outputs', () => {
  async function scene(name: string) {
    const base = path.join(root, name);
    const content = path.join(base, 'content');
    await writeGuide(content, 'good');
    await writeGuide(content, path.join('year-9', 'nested'));
    return { base, content };
  }

  const refused: Array<[string, (s: { base: string; content: string }) => string, string]> = [
    ['is the content folder', (s) => s.content, 'is the content folder'],
    ['is the content folder, spelt another way', (s) => `${s.content}/./`, 'is the content folder'],
    ['holds the content folder', (s) => s.base, 'holds the content folder'],
    ['is inside a guide folder', (s) => path.join(s.content, 'good', 'out'), 'is inside the guide folder'],
    ['is a guide folder', (s) => path.join(s.content, 'good'), 'is inside the guide folder'],
    ['is inside a nested guide', (s) => path.join(s.content, 'year-9', 'nested', 'pdf'), 'is inside the guide folder'],
  ];
  for (const [what, out, message] of refused) {
    it(`is refused before anything is written when it ${what} (exit 2)`, async () => {
      const s = await scene(what.replace(/\W+/g, '-'));
      const before = (await filesUnder(s.base)).sort();
      const run = await runCli(['build', '--content', s.content, '--out', out(s), ...html]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('fix: ');
      expect((await filesUnder(s.base)).sort()).toEqual(before);
    });
  }

  it('is refused before watching starts with --watch (exit 2)', async () => {
    const s = await scene('watch');
    const run = await runCli(['build', '--watch', '--content', s.content, '--out', s.content, ...html]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('is the content folder');
    expect(run.stderr).not.toContain('watching');
  });

  it('is allowed inside the content folder beside the guides, and the next build skips them all', async () => {
    const s = await scene('beside');
    const out = path.join(s.content, 'output');
    const first = await runCli(['build', '--content', s.content, '--out', out, ...html]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('2 built, 0 up to date, 0 failed');
    const second = await runCli(['build', '--content', s.content, '--out', out, ...html]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('0 built, 2 up to date, 0 failed');
    expect(await readdir(out)).toContain(CACHE_FILE);
  });
});
