/**
 * The booklet's table of contents finds each section by the id the template gives it,
 * never by its heading: a designer may rename every heading, and the contents still print
 * the page each section starts on. A section whose page cannot be found is an error.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build/build.js';
import { check } from '../../src/build/check.js';
import { describeError } from '../../src/cli/report.js';
import { TemplateError } from '../../src/errors.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/templates.js';
import { pdfBookmarkPages, pdfPagesText } from '../helpers/pdf.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';
/** Contents line (as the code lists it) → the heading the renamed templates print. */
const RENAMED: Record<string, string> = {
  'About this guide': 'Read me first',
  Synopsis: 'What happens in the film',
  Glossary: 'Words to know',
};
/** Every line of the student booklet's contents. */
const CONTENTS = [
  'About this guide',
  'Synopsis',
  'Timeline',
  'Character sheets',
  'Discussion questions',
  'Comparing the sources',
  'Source coverage',
  'Glossary',
  'The sources',
];

let root: string;
beforeAll(async () => {
  root = await tempDir();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A copy of the bundled templates with some files edited. */
async function templatesWith(name: string, edits: Record<string, (text: string) => string>): Promise<string> {
  const dir = path.join(root, name);
  await cp(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const full = path.join(dir, file);
    const before = await readFile(full, 'utf8');
    const after = edit(before);
    expect(after, `${file} was edited`).not.toBe(before);
    await writeFile(full, after);
  }
  return dir;
}

const renameHeading = (from: string, to: string) => (text: string) =>
  text.replace(`<h1>${from}</h1>`, `<h1>${to}</h1>`);

function booklet(templatesDir: string, out: string): BuildOptions {
  return {
    content: CONTENT,
    out: path.join(root, out),
    slugs: [SLUG],
    templatesDir,
    editions: ['student'],
    documents: ['booklet'],
    concurrency: 1,
    cache: false,
  };
}

/** The page number each contents line prints, read from the PDF's text. */
async function contentsPages(file: string): Promise<{ pages: string[]; listed: Record<string, number> }> {
  const pages = await pdfPagesText(file);
  const contents = (pages[1] ?? '').replace(/\s+/g, ' ');
  expect(contents).toContain('Contents');
  const listed: Record<string, number> = {};
  for (const title of CONTENTS) {
    const match = new RegExp(`${title} (\\d+)`).exec(contents);
    expect(match, `the contents list "${title}" with a page`).not.toBeNull();
    listed[title] = Number(match?.[1]);
  }
  return { pages, listed };
}

describe('table of contents page numbers', () => {
  it('a custom --templates copy with renamed headings still prints the true page of every section', async () => {
    const templates = await templatesWith('renamed', {
      'partials/section-about.hbs': renameHeading('About this guide', RENAMED['About this guide']!),
      'partials/section-synopsis.hbs': renameHeading('Synopsis', RENAMED.Synopsis!),
      'partials/section-glossary.hbs': renameHeading('Glossary', RENAMED.Glossary!),
    });
    const result = await build(booklet(templates, 'out-renamed'));
    expect(result.guides[0]?.errors.map(describeError)).toEqual([]);
    const file = path.join(root, 'out-renamed', SLUG, 'student', `${SLUG}.pdf`);
    const { pages, listed } = await contentsPages(file);
    const bookmarks = await pdfBookmarkPages(file);
    for (const title of CONTENTS) {
      const heading = RENAMED[title] ?? title;
      const page = listed[title] ?? 0;
      // Regression: sections were matched by heading text, so a renamed one printed page "0".
      expect(page, `"${title}"`).toBeGreaterThan(2);
      expect(bookmarks.find((b) => b.title === heading)?.page, `the bookmark "${heading}"`).toBe(page);
      expect(pages[page - 1], `"${heading}" starts on page ${page}`).toContain(heading);
    }
    expect(bookmarks.map((b) => b.title)).not.toContain('Synopsis');
  });

  it('a table of contents without links still gets its page numbers (sections are linked out of sight)', async () => {
    const templates = await templatesWith('unlinked', {
      'partials/toc.hbs': () =>
        '<nav class="section toc" id="contents" data-section="contents">\n  <h1>Contents</h1>\n' +
        '  <ol class="plain-toc">{{#each toc}}<li>{{title}} {{#if page}}{{page}}{{else}}?{{/if}}</li>{{/each}}</ol>\n</nav>\n',
    });
    const result = await build(booklet(templates, 'out-unlinked'));
    expect(result.guides[0]?.errors.map(describeError)).toEqual([]);
    const file = path.join(root, 'out-unlinked', SLUG, 'student', `${SLUG}.pdf`);
    const { pages, listed } = await contentsPages(file);
    for (const title of CONTENTS) expect(pages[(listed[title] ?? 0) - 1], title).toContain(title);
  });

  it('a section that lost its id is a template error in check and build, not a "0"', async () => {
    const templates = await templatesWith('no-id', {
      'partials/section-glossary.hbs': (t) => t.replace(' id="glossary"', ''),
    });
    const checked = await check({ content: CONTENT, slugs: [SLUG], templatesDir: templates });
    const error = checked.guides[0]?.errors[0];
    expect(error).toBeInstanceOf(TemplateError);
    expect(describeError(error!).split(`${templates}/`).join('')).toBe(
      'documents/booklet.hbs: error: the table of contents lists "Glossary", but no element of the booklet has id="glossary"\n' +
        '  fix: give the section\'s element id="glossary" (as the bundled templates/partials/ do); sections are found by id, not by their heading.',
    );
    const built = await build({ ...booklet(templates, 'out-no-id') });
    expect(built.failed).toBe(1);
    expect(built.guides[0]?.errors[0]?.message).toBe(error?.message);
  });

  it('a section hidden from print has no page: an error naming it', async () => {
    const templates = await templatesWith('hidden', {
      'partials/section-glossary.hbs': (t) => t.replace(' id="glossary"', ' id="glossary" style="display: none"'),
    });
    const built = await build(booklet(templates, 'out-hidden'));
    expect(built.failed).toBe(1);
    const errors = built.guides[0]?.errors ?? [];
    expect(errors.map(describeError).map((t) => t.split(`${templates}/`).join(''))).toEqual([
      'partials/toc.hbs: error: the table of contents lists "Glossary", but the printed booklet has no page for id="glossary"\n' +
        '  fix: sections are found by id, not by heading: keep id="glossary" on the section\'s element, and do not hide it (display: none).',
    ]);
    expect(errors[0]?.job).toEqual({ document: 'booklet', variant: 'student' });
  });
});
