/**
 * Batch builds with real Chromium: shards, the build cache, the --json report
 * and GitHub annotations of the real CLI run as a child process, and the
 * progress display.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../src/bench/generate-corpus.js';
import { build, type BuildOptions } from '../../src/build/build.js';
import { Progress, wantsLiveProgress } from '../../src/cli/progress.js';
import type { ErrorJson } from '../../src/cli/report.js';
import { watchBuild } from '../../src/cli/watch-build.js';
import { CACHE_FILE } from '../../src/output/build-cache.js';
import { BrowserPool } from '../../src/pdf/browser-pool.js';
import { runCli } from '../helpers/cli.js';
import { ROOT, tempDir } from '../helpers/paths.js';

const run = promisify(execFile);
const BIN = path.join(ROOT, 'bin', 'studyguide.js');

let root: string;
let content: string;
let slugs: string[];
/** One edition, one document: enough to exercise the batch machinery at little cost. */
const small = (out: string): BuildOptions => ({
  content,
  out,
  editions: ['student'],
  documents: ['synopsis'],
  concurrency: 2,
});

beforeAll(async () => {
  root = await tempDir();
  content = path.join(root, 'content');
  slugs = await writeCorpus(content, 5);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('shards', () => {
  it('1/3, 2/3 and 3/3 together build each guide exactly once', async () => {
    const out = path.join(root, 'shards');
    const built: string[] = [];
    for (const index of [1, 2, 3]) {
      const result = await build({ ...small(out), shard: { index, total: 3 } });
      expect(result.failed).toBe(0);
      built.push(...result.guides.filter((g) => g.status === 'built').map((g) => g.slug));
    }
    expect([...built].sort()).toEqual(slugs);
    expect(new Set(built).size).toBe(slugs.length);
    for (const slug of slugs) expect(existsSync(path.join(out, slug, 'student', 'synopsis.pdf'))).toBe(true);
  });

  it('refuses a shard that does not exist, with exit code 2', async () => {
    for (const shard of ['0/3', '4/3', 'junk']) {
      const { code, stderr } = await runCli([
        'build',
        '--content',
        content,
        '--out',
        path.join(root, 'never'),
        '--shard',
        shard,
      ]);
      expect(code).toBe(2);
      expect(stderr).toContain(`--shard "${shard}" is not a shard like 2/3`);
    }
    expect(existsSync(path.join(root, 'never'))).toBe(false);
  });
});

describe('the build cache', () => {
  const out = () => path.join(root, 'cached');

  it('a first build renders every guide and writes the manifest', async () => {
    const result = await build(small(out()));
    expect(result.rendered).toBe(slugs.length);
    expect(existsSync(path.join(out(), CACHE_FILE))).toBe(true);
  });

  it('a no-op rebuild renders nothing and never launches a browser', async () => {
    const pool = new BrowserPool({ concurrency: 2 });
    try {
      const result = await build({ ...small(out()), pool });
      expect(result.rendered).toBe(0);
      expect(result.skipped).toBe(slugs.length);
      expect(result.guides.every((g) => g.status === 'skipped' && g.outputs.length === 1)).toBe(true);
      expect(pool.launches).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('changing one guide’s source rebuilds that guide only', async () => {
    const [first] = slugs;
    await appendFile(path.join(content, first as string, 'sources', 'source-1.md'), '\nOne more sentence.\n');
    const result = await build(small(out()));
    expect(result.guides.filter((g) => g.status === 'built').map((g) => g.slug)).toEqual([first]);
    expect(result.skipped).toBe(slugs.length - 1);
  });

  it('deleting an output file rebuilds that guide', async () => {
    const second = slugs[1] as string;
    await rm(path.join(out(), second, 'student', 'synopsis.pdf'));
    const result = await build(small(out()));
    expect(result.guides.filter((g) => g.status === 'built').map((g) => g.slug)).toEqual([second]);
    expect(existsSync(path.join(out(), second, 'student', 'synopsis.pdf'))).toBe(true);
  });

  it('other options are another build: a new paper size rebuilds all', async () => {
    const result = await build({ ...small(out()), paper: 'letter' });
    expect(result.rendered).toBe(slugs.length);
  });

  it('--force rebuilds everything', async () => {
    const result = await build({ ...small(out()), paper: 'letter', force: true });
    expect(result.rendered).toBe(slugs.length);
    expect(result.skipped).toBe(0);
  });

  it('a no-op rebuild of 100 guides renders 0 without a browser', async () => {
    const many = path.join(root, 'many');
    const manyOut = path.join(root, 'many-out');
    await writeCorpus(many, 100);
    // HTML output builds the cache entries without printing 100 PDFs.
    const first = await build({
      content: many,
      out: manyOut,
      editions: ['student'],
      documents: ['synopsis'],
      format: 'html',
    });
    expect(first.rendered).toBe(100);
    const pool = new BrowserPool({ concurrency: 2 });
    try {
      const again = await build({
        content: many,
        out: manyOut,
        editions: ['student'],
        documents: ['synopsis'],
        format: 'html',
        pool,
      });
      expect(again.rendered).toBe(0);
      expect(again.skipped).toBe(100);
      expect(pool.launches).toBe(0);
    } finally {
      await pool.close();
    }
  });
});

describe('the CLI in a pipeline', () => {
  let broken: string;

  beforeAll(async () => {
    // A copy of the corpus with one guide whose citation quotes text its source does not hold.
    broken = path.join(root, 'with-error');
    await writeCorpus(broken, 2);
    const guideFile = path.join(broken, slugs[1] as string, 'guide.md');
    const text = await readFile(guideFile, 'utf8');
    await writeFile(
      guideFile,
      text.replace(/\[@source-(\d) "[^"]*"\]/, '[@source-$1 "words that are in no source at all"]'),
    );
  });

  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: '', GITHUB_ACTIONS: '', ...env },
    }).then(
      (r) => ({ code: 0, ...r }),
      (error: unknown) => {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      },
    );

  it('--json prints exactly one JSON object on stdout', async () => {
    const out = path.join(root, 'json-out');
    const { code, stdout } = await cli(['build', '--json', '--content', broken, '--out', out, '--edition', 'student']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      guides: Array<{ slug: string; status: string; outputs: string[]; ms: number; errors: ErrorJson[] }>;
      rendered: number;
      skipped: number;
      failed: number;
      elapsed_ms: number;
      errors: ErrorJson[];
    };
    expect(Object.keys(report).sort()).toEqual(['elapsed_ms', 'errors', 'failed', 'guides', 'rendered', 'skipped']);
    expect(report).toMatchObject({ rendered: 1, skipped: 0, failed: 1, errors: [] });
    const [ok, bad] = report.guides;
    expect(ok).toMatchObject({ slug: slugs[0], status: 'built' });
    expect(ok?.outputs).toHaveLength(5);
    expect(ok?.errors).toEqual([]);
    expect(bad).toMatchObject({ slug: slugs[1], status: 'failed', outputs: [] });
    expect(bad?.errors).toHaveLength(1);
    expect(bad?.errors[0]).toMatchObject({
      kind: 'citation',
      internal: false,
      file: path.join(broken, slugs[1] as string, 'guide.md'),
    });
    expect(bad?.errors[0]?.message).toContain('words that are in no source at all');
    expect(typeof report.elapsed_ms).toBe('number');

    const again = await cli(['build', '--json', '--content', broken, '--out', out, '--edition', 'student']);
    const second = JSON.parse(again.stdout) as {
      guides: Array<{ status: string; outputs: string[] }>;
      skipped: number;
    };
    expect(second.skipped).toBe(1);
    expect(second.guides[0]).toMatchObject({ status: 'skipped', outputs: ok?.outputs });
  });

  it('prints plain lines, one per guide, when stderr is not a terminal, and ::error annotations under GitHub Actions', async () => {
    const { code, stdout, stderr } = await cli(
      ['build', '--content', broken, '--out', path.join(root, 'gha-out'), '--edition', 'student'],
      { GITHUB_ACTIONS: 'true', CI: 'true' },
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.split('\n');
    expect(lines).toContain(`✗ ${slugs[1]}: failed (1 problem)`);
    expect(lines.some((l) => new RegExp(`^✓ ${slugs[0]}: 5 files in \\d+\\.\\ds$`).test(l))).toBe(true);
    expect(stderr).not.toContain('\r');
    const guideFile = path.join(broken, slugs[1] as string, 'guide.md');
    const annotation = lines.find((l) => l.startsWith('::error '));
    expect(annotation).toMatch(
      // Outside the workspace (the temporary folder), the path stays absolute.
      new RegExp(
        `^::error file=${guideFile.replace(/[/.]/g, '\\$&')},line=\\d+(,col=\\d+)?,title=studyguide%3A citation error at [^:]+::`,
      ),
    );
    expect(annotation).toContain('words that are in no source at all');
  });

  it("builds GitLab's parallel shard from CI_NODE_INDEX / CI_NODE_TOTAL", async () => {
    const { code, stdout } = await cli(
      ['build', '--json', '--content', content, '--out', path.join(root, 'gitlab'), '--edition', 'student'],
      {
        CI_NODE_INDEX: '2',
        CI_NODE_TOTAL: '2',
      },
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { guides: Array<{ slug: string }> };
    expect(report.guides.map((g) => g.slug)).toEqual([slugs[1], slugs[3]]);
  });
});

describe('build --watch', () => {
  it('builds, then rebuilds only the guide whose file changed, until stopped', async () => {
    const out = path.join(root, 'watched');
    const lines: string[] = [];
    const seen = (pattern: RegExp) => lines.some((l) => pattern.test(l));
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 600 && !seen(pattern); i++) await new Promise((r) => setTimeout(r, 100));
      expect(seen(pattern), `no line matching ${pattern} in:\n${lines.join('\n')}`).toBe(true);
    };
    const controller = new AbortController();
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    const done = watchBuild(small(out), { io, signal: controller.signal, debounceMs: 50 });
    try {
      await until(new RegExp(`^${slugs.length} built, 0 up to date, 0 failed`));
      await appendFile(path.join(content, slugs[2] as string, 'guide.md'), '\nA paragraph added while watching.\n');
      await until(new RegExp(`^1 built, ${slugs.length - 1} up to date, 0 failed`));
      expect(seen(new RegExp(`^changed: .*${slugs[2]}.*guide\\.md`))).toBe(true);
    } finally {
      controller.abort();
      expect(await done).toBe(0);
    }
  });
});

describe('the progress display', () => {
  it('is live only on a terminal outside CI', () => {
    expect(wantsLiveProgress({ isTTY: true }, {})).toBe(true);
    expect(wantsLiveProgress({ isTTY: true }, { CI: 'true' })).toBe(false);
    expect(wantsLiveProgress({ isTTY: false }, {})).toBe(false);
    expect(wantsLiveProgress({}, {})).toBe(false);
  });

  it('redraws one line in place on a terminal: guides done of total, PDFs per second, time left', () => {
    let written = '';
    let now = 0;
    const progress = new Progress({ write: (t) => (written += t) }, { live: true, now: () => now });
    progress.onEvent({ type: 'start', guides: 2, documents: 4 });
    now = 1000;
    progress.onEvent({ type: 'document', slug: 'a', files: ['a.pdf'] });
    now = 2000;
    progress.onEvent({ type: 'document', slug: 'a', files: ['b.pdf'] });
    progress.onEvent({
      type: 'guide',
      report: { slug: 'a', status: 'built', outputs: ['a.pdf', 'b.pdf'], ms: 2000, errors: [] },
      unprinted: 0,
    });
    expect(written.split('\r\x1b[K').at(-1)).toBe('1/2 guides · 2/4 PDFs · 1.0 PDFs/s · ETA 0:02');
    expect(written).not.toContain('\n');
    progress.finish();
    expect(written.endsWith('\r\x1b[K')).toBe(true);
  });

  it('takes the documents of a guide that failed out of the total, so the time left stays true', () => {
    let written = '';
    let now = 0;
    const progress = new Progress({ write: (t) => (written += t) }, { live: true, now: () => now });
    progress.onEvent({ type: 'start', guides: 2, documents: 20 });
    now = 1000;
    progress.onEvent({
      type: 'guide',
      report: { slug: 'bad', status: 'failed', outputs: [], ms: 0, errors: [] },
      unprinted: 10,
    });
    expect(progress.status()).toBe('1/2 guides · 0/10 PDFs · 0.0 PDFs/s · ETA --:--');
    progress.finish();
  });

  it('writes one plain line per guide otherwise', () => {
    let written = '';
    const progress = new Progress({ write: (t) => (written += t) }, { live: false });
    progress.onEvent({ type: 'start', guides: 2, documents: 2 });
    progress.onEvent({ type: 'document', slug: 'a', files: ['a.pdf'] });
    progress.onEvent({
      type: 'guide',
      report: { slug: 'a', status: 'built', outputs: ['a.pdf'], ms: 1234, errors: [] },
      unprinted: 0,
    });
    progress.onEvent({
      type: 'guide',
      report: { slug: 'b', status: 'skipped', outputs: ['b.pdf'], ms: 0, errors: [] },
      unprinted: 0,
    });
    expect(written).toBe('✓ a: 1 files in 1.2s\n- b: up to date\n');
  });
});
