/**
 * Build the bundled guide with real Chromium and check the PDFs as a reader gets
 * them: text, metadata, bookmarks, tagging and embedded fonts.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/index.js';
import { pdfBookmarkPages, pdfFonts, pdfInfo, pdfIsTagged, pdfPagesText, pdfText } from '../helpers/pdf.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';
const DOCS = ['synopsis', 'characters', 'questions', 'comparison', SLUG];
const BUNDLED_FONTS = /^[A-Z]{6}\+(SourceSerif4|SourceSans3|NotoNaskhArabic|AtkinsonHyperlegible)/;

let out: string;
let result: BuildResult;
const pdf = (edition: string, doc: string) => path.join(out, SLUG, edition, `${doc}.pdf`);

beforeAll(async () => {
  out = await tempDir();
  result = await build({ content: CONTENT, out, slugs: [SLUG], concurrency: 2 });
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the bundled guide, printed', () => {
  it('builds every document of both editions', () => {
    expect(result.failed).toBe(0);
    expect(result.guides[0]?.errors).toEqual([]);
    for (const edition of ['student', 'teacher']) {
      for (const doc of DOCS) expect(existsSync(pdf(edition, doc)), `${edition}/${doc}.pdf`).toBe(true);
    }
  });

  it('gives every PDF a real title, author, subject, keywords and language, never a URL', async () => {
    for (const edition of ['student', 'teacher']) {
      for (const doc of DOCS) {
        const { info } = await pdfInfo(pdf(edition, doc));
        expect(String(info.Title)).toMatch(/^Last Men in Aleppo: /);
        expect(String(info.Author)).toBe('studyguide contributors');
        expect(String(info.Subject)).toContain('Last Men in Aleppo');
        expect(String(info.Keywords)).toContain('documentary');
        expect(String(info.Language)).toBe('en');
        expect(JSON.stringify(info)).not.toMatch(/localhost|studyguide\.invalid|https?:\/\//);
      }
    }
  });

  it('tags every PDF and declares its language', async () => {
    for (const doc of DOCS) {
      const tags = await pdfIsTagged(pdf('student', doc));
      expect(tags).toEqual({ marked: true, structTree: true, lang: 'en' });
    }
  });

  it('embeds every font, and only the bundled ones', async () => {
    for (const edition of ['student', 'teacher']) {
      for (const doc of DOCS) {
        const fonts = await pdfFonts(pdf(edition, doc));
        expect(fonts.length).toBeGreaterThan(0);
        for (const font of fonts) {
          expect(font.name, `${edition}/${doc}`).toMatch(BUNDLED_FONTS);
          expect(font.embedded, font.name).toBe(true);
        }
      }
    }
  });

  it('bookmarks every section of the booklet, with clean titles', async () => {
    const { outline } = await pdfInfo(pdf('teacher', SLUG));
    const titles = outline.map((o) => o.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Contents',
        'About this guide',
        'Synopsis',
        'Character sheets',
        'Discussion questions',
        'Answer key',
        'Comparing the sources',
        'Glossary',
        'The sources',
      ]),
    );
    // Regression: Chromium doubled titles of headings that open a page ("SynopsisSynopsis").
    for (const t of titles) expect(t).not.toMatch(/^(.+)\1$/);
  });

  it('prints answer lines and name fields for students, teacher notes for teachers only', async () => {
    const student = await pdfText(pdf('student', 'questions'));
    const teacher = await pdfText(pdf('teacher', 'questions'));
    expect(student).toContain('Name');
    expect(student).not.toMatch(/teacher notes/i);
    expect(student).not.toContain('Answer key');
    expect(teacher).toMatch(/teacher notes/i);
    expect(teacher).toContain('Answer key');
  });

  it('shows "Not mentioned" where a source is silent in the comparison', async () => {
    const text = await pdfText(pdf('student', 'comparison'));
    expect(text).toContain('Not mentioned');
    expect(text).toContain('Comparing the sources');
  });

  it('numbers pages "Page X of Y" and fills the table of contents with true page numbers', async () => {
    for (const edition of ['student', 'teacher']) {
      const file = pdf(edition, SLUG);
      const pages = await pdfPagesText(file);
      expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
      const bookmarks = await pdfBookmarkPages(file);
      const contents = (pages[1] ?? '').replace(/\s+/g, ' ');
      const sections = bookmarks.filter((b) => !['Last Men in Aleppo', 'Contents'].includes(b.title));
      const listed = sections.map((b) => ({
        title: b.title,
        page: Number(new RegExp(`${b.title} (\\d+)`).exec(contents)?.[1]),
      }));
      expect(listed.length).toBeGreaterThanOrEqual(7);
      for (const entry of listed) {
        const bookmark = bookmarks.find((b) => b.title === entry.title);
        expect(bookmark, entry.title).toBeDefined();
        expect(entry.page, `${edition}: "${entry.title}"`).toBe(bookmark?.page);
        expect(pages[entry.page - 1], `${entry.title} starts on page ${entry.page}`).toContain(entry.title);
      }
    }
  });
});
