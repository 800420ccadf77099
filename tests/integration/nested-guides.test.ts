/**
 * Guides in subfolders through the real commands, as HTML (no browser): outputs mirror the
 * folders, the build cache and --json know them, preview lists and serves them; and a content
 * folder with no guide is an error for build, check and preview, not "0 built".
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { ContentError } from '../../src/errors.js';
import { CACHE_FILE } from '../../src/output/build-cache.js';
import { startPreview } from '../../src/preview/preview-server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from '../hardening/guide-kit.js';
import { filesUnder } from '../hardening/process-kit.js';

let root: string;
let content: string;
let out: string;
const html = ['--format', 'html', '--edition', 'student'];

beforeAll(async () => {
  root = await tempDir('studyguide-nested-');
  content = path.join(root, 'content');
  out = path.join(root, 'output');
  await writeGuide(path.join(content, 'year-9'), 'first-guide');
  await writeGuide(path.join(content, 'year-10', 'term-2'), 'second-guide');
  await writeGuide(content, 'top-guide');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface JsonGuide {
  slug: string;
  folder: string;
  status: string;
  outputs: string[];
  errors?: Array<{ message: string; file: string | null }>;
}
const json = (stdout: string) => JSON.parse(stdout) as { guides: JsonGuide[]; rendered: number; failed: number };

describe('guides in subfolders', () => {
  it('builds them into output folders that mirror the content folders', async () => {
    const run = await runCli(['build', '--content', content, '--out', out, ...html, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect(report.guides.map((g) => [g.slug, g.folder, g.status])).toEqual([
      ['first-guide', 'year-9/first-guide', 'built'],
      ['second-guide', 'year-10/term-2/second-guide', 'built'],
      ['top-guide', 'top-guide', 'built'],
    ]);
    expect(report.guides[1]?.outputs).toContain(
      path.join(out, 'year-10', 'term-2', 'second-guide', 'student', 'second-guide.html'),
    );
    const written = (await filesUnder(out)).map((f) => path.relative(out, f).split(path.sep).join('/'));
    expect(written).toContain('year-9/first-guide/student/first-guide.html');
    expect(written).toContain('top-guide/student/questions.html');
    const manifest = JSON.parse(await readFile(path.join(out, CACHE_FILE), 'utf8')) as { guides: object };
    expect(Object.keys(manifest.guides)).toEqual(['top-guide', 'year-10/term-2/second-guide', 'year-9/first-guide']);
  });

  it('skips them when up to date, and rebuilds one moved to another folder into its new place', async () => {
    const again = await runCli(['build', '--content', content, '--out', out, ...html]);
    expect(again.stderr).toContain('- year-9/first-guide: up to date\n');
    expect(again.stderr).toContain('0 built, 3 up to date, 0 failed');
    await mkdir(path.join(content, 'year-11'));
    await rename(path.join(content, 'year-9', 'first-guide'), path.join(content, 'year-11', 'first-guide'));
    try {
      const moved = json((await runCli(['build', '--content', content, '--out', out, ...html, '--json'])).stdout);
      expect(moved.guides.map((g) => [g.folder, g.status])).toEqual([
        ['year-11/first-guide', 'built'],
        ['year-10/term-2/second-guide', 'skipped'],
        ['top-guide', 'skipped'],
      ]);
      expect(existsSync(path.join(out, 'year-11', 'first-guide', 'student', 'first-guide.html'))).toBe(true);
    } finally {
      await rename(path.join(content, 'year-11', 'first-guide'), path.join(content, 'year-9', 'first-guide'));
      await rm(path.join(content, 'year-11'), { recursive: true });
    }
  });

  it('builds one by slug or by folder', async () => {
    const bySlug = json(
      (await runCli(['build', 'second-guide', '--content', content, '--out', out, ...html, '--json', '--force']))
        .stdout,
    );
    expect(bySlug.guides.map((g) => g.folder)).toEqual(['year-10/term-2/second-guide']);
    const byFolder = await runCli([
      'build',
      'year-9/first-guide',
      '--content',
      content,
      '--out',
      out,
      ...html,
      '--force',
    ]);
    expect(byFolder.stderr).toContain('✓ year-9/first-guide: 5 files in');
    expect(byFolder.code).toBe(0);
  });

  it('check names guides by folder', async () => {
    const run = await runCli(['check', '--content', content]);
    expect(run.stderr).toContain('✓ year-10/term-2/second-guide: ok (');
    expect(run.code).toBe(0);
  });

  it('a slug two guides share fails those two guides; the others build', async () => {
    const clash = path.join(root, 'content-clash');
    await writeGuide(path.join(clash, 'year-9'), 'same');
    await writeGuide(path.join(clash, 'year-10'), 'same');
    await writeGuide(clash, 'other');
    const run = await runCli(['build', '--content', clash, '--out', path.join(root, 'out-clash'), ...html, '--json']);
    expect(run.code).toBe(1);
    const report = json(run.stdout);
    expect(report.guides.map((g) => [g.folder, g.status])).toEqual([
      ['other', 'built'],
      ['year-10/same', 'failed'],
      ['year-9/same', 'failed'],
    ]);
    expect(report.guides[2]?.errors?.[0]?.message).toBe(
      `the slug "same" is used by another guide too: ${path.join(clash, 'year-10', 'same')}`,
    );
    expect(existsSync(path.join(root, 'out-clash', 'year-9'))).toBe(false);
  });

  it('an output folder inside the content folder is not searched for guides', async () => {
    const inside = path.join(content, 'output');
    try {
      expect((await runCli(['build', '--content', content, '--out', inside, ...html])).code).toBe(0);
      // A copy of a guide folder under the output folder is not a guide.
      await writeGuide(path.join(inside, 'copies'), 'top-guide');
      const again = await runCli(['build', '--content', content, '--out', inside, ...html]);
      expect(again.stderr).toContain('0 built, 3 up to date, 0 failed');
      expect(again.code).toBe(0);
    } finally {
      await rm(inside, { recursive: true, force: true });
    }
  });

  it('preview lists them by folder and serves them at /<slug>/...', async () => {
    const server = await startPreview({ content, slug: 'year-10/term-2/second-guide' });
    try {
      expect(server.url).toBe(`${server.origin}/second-guide/student/second-guide.html`);
      const index = await (await fetch(`${server.origin}/`)).text();
      expect(index).toContain('<strong>year-10/term-2/second-guide</strong>');
      expect(index).toContain('href="/first-guide/student/first-guide.html"');
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('A Test Guide');
    } finally {
      await server.close();
    }
  });
});

describe('a content folder with no guide', () => {
  let empty: string;
  beforeAll(async () => {
    empty = path.join(root, 'empty');
    // Guides one level too deep for the folder given: --content names a guide itself.
    await writeGuide(empty, 'just-one');
  });

  for (const command of ['build', 'check', 'preview'] as const) {
    it(`${command} exits 1 naming the folder, and writes nothing`, async () => {
      const folder = path.join(empty, 'just-one');
      const extra = command === 'build' ? ['--out', path.join(root, 'never')] : [];
      const run = await runCli([command, '--content', folder, ...extra]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `^${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: no guides in this folder: none of its folders holds a guide\\.md\n`,
        ),
      );
      expect(run.stderr).toContain(`is itself a guide: did you mean --content ${path.relative(process.cwd(), empty)}?`);
      expect(existsSync(path.join(root, 'never'))).toBe(false);
    });
  }

  it('the API throws a ContentError (build) instead of building nothing', async () => {
    const none = path.join(root, 'none');
    await mkdir(none);
    await expect(build({ content: none, out: path.join(root, 'never') })).rejects.toThrow(ContentError);
    await expect(startPreview({ content: none })).rejects.toThrow(ContentError);
  });
});
