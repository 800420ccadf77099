/**
 * `studyguide init` on documents of our own about subjects unrelated to the
 * bundled guide (a novel's plot summary, a film review with front matter,
 * lesson notes with BOM and CRLF): the draft checks and prints, groups
 * spelling variants, and owes nothing to the bundled guide.
 */
import { readdirSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, loadGuide, type InitResult, type LoadedGuide } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { pdfText } from '../helpers/pdf.js';
import { FIXTURES, ROOT, tempDir } from '../helpers/paths.js';
import { hashFolder } from './hash-folder.js';

const FIX = path.join(FIXTURES, 'init');
const FILES = ['novel-plot-summary.txt', 'film-review.md', 'lesson-notes.txt'].map((f) => path.join(FIX, f));
const SLUG = 'three-genres';

let content: string;
let result: InitResult;
let guide: LoadedGuide;

beforeAll(async () => {
  content = await tempDir('studyguide-init-');
  result = await init({ slug: SLUG, from: FILES, content });
  const loaded = await loadGuide({ slug: SLUG, dir: result.dir, file: result.guideFile });
  expect(loaded.errors).toEqual([]);
  guide = loaded.guide as LoadedGuide;
});
afterAll(async () => {
  await rm(content, { recursive: true, force: true });
});

describe('init on documents of three genres', () => {
  it('reports what it made', () => {
    expect(result.sources.map((s) => [s.id, s.kind])).toEqual([
      ['novel-plot-summary', 'summary'],
      ['film-review', 'review'],
      ['lesson-notes', 'other'],
    ]);
    expect(result.replaced).toBe(false);
    expect(result.summary.people).toBe(guide.meta.people.length);
    expect(guide.meta.title).toBe('Three Genres');
  });

  it('groups spelling variants in each genre', () => {
    const spellings = Object.fromEntries(guide.meta.people.map((p) => [p.name, p.aliases]));
    expect(spellings).toMatchObject({
      'Victor Halloran': ['Victor', 'Viktor'],
      'Elena Markova': ['Elena'],
      'Oskar Brandt': ['Oskar'],
      Tomas: ['Tomás'],
      'Amara Okafor': ['Okafor'],
      'Margaret Ellison': ['Ellison', 'Margret Ellison', 'Mrs Ellison'],
      'Samuel Pryce': ['Pryce'],
    });
    expect(Object.keys(spellings)).not.toEqual(
      expect.arrayContaining(['Merrow Vale', 'Agadez', 'Harrow Point', 'Salt Roads']),
    );
  });

  it('drafts figures, years and quoted speech from each source', () => {
    const topics = guide.meta.comparison.map((t) => t.topic);
    expect(topics).toEqual(
      expect.arrayContaining(['Figure: 3,000 panes', 'Figure: 600 camels', 'Figure: 1,200 tons', 'Figure: 37 ships']),
    );
    expect(guide.meta.timeline.map((e) => e.when)).toEqual(['1840', '1850', '1851', '1856']);
    const elena = guide.meta.people.find((p) => p.name === 'Elena Markova');
    expect(elena?.facts.map((f) => f.citations[0]?.quote)).toContain(
      'Elena says, "We can cut new glass, but we cannot cut a new Pim."',
    );
  });

  it('owes nothing to the bundled guide', async () => {
    const text = await readFile(result.guideFile, 'utf8');
    for (const word of ['Aleppo', 'Khaled', 'Khalid', 'Fayyad', 'White Helmets', 'Syria', 'Subhi', 'Sundance']) {
      expect(text).not.toContain(word);
    }
  });

  it('passes check and prints the student edition', async () => {
    const checked = await runCli(['check', '--content', content]);
    expect(checked.stderr).toContain('No problems found.');
    expect(checked.code).toBe(0);
    const out = await tempDir('studyguide-init-out-');
    try {
      const built = await runCli(['build', '--content', content, '--out', out, '--edition', 'student']);
      expect(built.code).toBe(0);
      const text = await pdfText(path.join(out, SLUG, 'student', 'comparison.pdf'));
      for (const words of ['Victor Halloran', 'Margaret Ellison', 'Not mentioned', 'Figure: 600 camels'])
        expect(text).toContain(words);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('with --force, leaves the old guide in place when the new draft does not render', async () => {
    const templates = await tempDir('studyguide-init-templates-');
    await cp(path.join(ROOT, 'templates'), templates, { recursive: true });
    await writeFile(path.join(templates, 'documents', 'questions.hbs'), '{{#each questions}}{{prompt}}\n');
    const before = await hashFolder(content);
    const failed = await runCli([
      'init',
      SLUG,
      '--force',
      '--from',
      FILES[0] as string,
      '--content',
      content,
      '--templates',
      templates,
    ]);
    await rm(templates, { recursive: true, force: true });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('the drafted guide did not pass its own check, so nothing was written');
    expect(await hashFolder(content)).toBe(before);
  });
});

describe('init usage errors', () => {
  it('refuses a bad slug, a missing --from and a file given twice, before writing anything', async () => {
    const dir = await tempDir('studyguide-init-');
    try {
      const badSlug = await runCli(['init', 'Bad Slug', '--from', FILES[0] as string, '--content', dir]);
      expect(badSlug.code).toBe(2);
      expect(badSlug.stderr).toContain('"Bad Slug" is not a valid guide slug');
      const noFrom = await runCli(['init', 'x', '--content', dir]);
      expect(noFrom.code).toBe(2);
      // yargs refuses it before init runs (it used to run init anyway and print init's own message).
      expect(noFrom.stderr).toContain(
        'error: Missing required argument: from\nRun "studyguide init --help" for usage.',
      );
      const twice = await runCli(['init', 'x', '--from', FILES[0] as string, FILES[0] as string, '--content', dir]);
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain(`"${FILES[0]}" is given twice to --from`);
      const missing = await runCli(['init', 'x', '--from', path.join(dir, 'nope.txt'), '--content', dir]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`cannot read "${path.join(dir, 'nope.txt')}"`);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses front matter in a language other than YAML, and never runs it', async () => {
    const dir = await tempDir('studyguide-init-');
    try {
      const js = path.join(dir, 'evil.md');
      await writeFile(js, '---js\n{ title: (() => { globalThis.pwned = true; return "x"; })() }\n---\nText.\n');
      const result = await runCli(['init', 'x', '--from', js, '--content', path.join(dir, 'content')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('front matter in "js" is not allowed; only YAML is read');
      expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
      expect(readdirSync(dir)).toEqual(['evil.md']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints one JSON report with --json', async () => {
    const dir = await tempDir('studyguide-init-');
    try {
      const result = await runCli(['init', 'review-only', '--from', FILES[1] as string, '--content', dir, '--json']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({
        slug: 'review-only',
        dir: path.join(dir, 'review-only'),
        guideFile: path.join(dir, 'review-only', 'guide.md'),
        sources: [
          {
            id: 'film-review',
            file: path.join(dir, 'review-only', 'sources', 'film-review.md'),
            from: FILES[1],
            kind: 'review',
          },
        ],
        replaced: false,
        summary: { people: 6, figures: 4, quotations: 2, questions: 7 },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports an output error, and changes nothing, when the slug is taken by a file', async () => {
    const dir = await tempDir('studyguide-init-');
    try {
      await writeFile(path.join(dir, 'taken'), 'a file, not a folder');
      const before = await hashFolder(dir);
      const result = await runCli(['init', 'taken', '--from', FILES[0] as string, '--content', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`could not write the guide to ${path.join(dir, 'taken')}; nothing was changed`);
      expect(await hashFolder(dir)).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
