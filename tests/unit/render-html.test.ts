/** Templates and the view model, without a browser. */
import { describe, expect, it } from 'vitest';
import { findGuides } from '../../src/content/find-guides.js';
import { loadGuide, type LoadedGuide } from '../../src/content/load-guide.js';
import { RenderError } from '../../src/errors.js';
import { renderDocumentHtml, visibleText } from '../../src/render/render-html.js';
import { cssString } from '../../src/render/helpers.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { CONTENT } from '../helpers/paths.js';

async function bundled(): Promise<LoadedGuide> {
  const [ref] = await findGuides(CONTENT, ['last-men-in-aleppo']);
  const { guide } = await loadGuide(ref!);
  return guide!;
}

const student = { edition: 'student', paper: 'a4', largePrint: false } as const;
const teacher = { edition: 'teacher', paper: 'a4', largePrint: false } as const;

describe('rendered HTML', () => {
  it('gives students answer lines and name fields, and teachers notes and an answer key', async () => {
    const guide = await bundled();
    const s = renderDocumentHtml(guide, 'questions', student).html;
    const t = renderDocumentHtml(guide, 'questions', teacher).html;
    expect(s).toContain('class="answer-line"');
    expect(s).toContain('Name</span>');
    expect(s).not.toContain('teacher-notes');
    expect(t).toContain('class="teacher-notes"');
    expect(t).toContain('Answer key');
    expect(t).not.toContain('class="answer-line"');
    const firstNote = guide.meta.questions[0]!.teacher_notes.split(/\s+/).slice(0, 4).join(' ');
    expect(visibleText(t).replace(/\s+/g, ' ')).toContain(firstNote.replace(/[*_`]/g, ''));
  });

  it('prints "Not mentioned" for each source a comparison topic leaves out', async () => {
    const guide = await bundled();
    const html = renderDocumentHtml(guide, 'comparison', student).html;
    const silent = guide.meta.comparison.reduce((n, t) => n + guide.sources.length - t.sources.length, 0);
    expect(silent).toBeGreaterThan(0);
    expect(html.match(/>Not mentioned</g)?.length).toBe(silent);
  });

  it('sets the document language, title and paper size from the content and options', async () => {
    const guide = await bundled();
    const doc = renderDocumentHtml(guide, 'synopsis', { ...student, paper: 'letter' });
    expect(doc.html).toContain('<html lang="en"');
    expect(doc.html).toContain('size: letter;');
    expect(doc.title).toBe('Last Men in Aleppo: Synopsis (Student edition)');
    expect(doc.keywords).toContain('documentary');
  });

  it('lists the booklet sections for the table of contents, the answer key for teachers only', async () => {
    const guide = await bundled();
    const s = renderDocumentHtml(guide, 'booklet', student).toc.map((e) => e.id);
    const t = renderDocumentHtml(guide, 'booklet', teacher).toc.map((e) => e.id);
    expect(s).toEqual(
      expect.arrayContaining(['about', 'synopsis', 'characters', 'questions', 'comparison', 'sources']),
    );
    expect(s).not.toContain('answer-key');
    expect(t).toContain('answer-key');
  });

  it('escapes raw HTML in content and Markdown', async () => {
    const guide = await bundled();
    const hostile = {
      ...guide,
      body: '<script>alert(1)</script> <img src="file:///etc/passwd"> [x](javascript:alert(1)) [@news-feature "Khaled is the main character"]',
      meta: { ...guide.meta, title: 'A </title><script>x</script> "title"' },
    };
    const html = renderDocumentHtml(hostile, 'synopsis', student).html;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src="file:');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<sup class="cite">1</sup>');
  });

  it('reports a character no bundled font covers, naming the guide', async () => {
    const guide = await bundled();
    const odd = { ...guide, meta: { ...guide.meta, subtitle: 'Music 𝄞 and 漢字' } };
    expect(() => renderDocumentHtml(odd, 'booklet', student)).toThrow(RenderError);
    expect(() => renderDocumentHtml(odd, 'booklet', student)).toThrow(
      /no bundled font has the characters "𝄞" \(U\+1D11E\)/,
    );
  });
});

describe('helpers', () => {
  it('escapes CSS strings so that content cannot end them', () => {
    expect(cssString('Plain title')).toBe('"Plain title"');
    expect(cssString('a"b</style>')).toBe('"a\\22 b\\3c \\2f style\\3e "');
  });

  it('prints images from the guide folder only, and local links as text', () => {
    const html = renderMarkdown(
      '![map](images/map.png) ![x](http://127.0.0.1:9/x.png) ![y](file:///etc/passwd) ![z](../up.png) [notes](notes.md) [web](https://example.org)',
    );
    expect(html).toContain('<img src="images/map.png" alt="map">');
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).toContain("[x: image not included, only images in the guide's folder print]");
    expect(html).toContain('<span class="link-local">notes</span>');
    expect(html).toContain('<a href="https://example.org">web</a>');
  });

  it('numbers inline citations and keeps raw HTML escaped', () => {
    const env = { citations: [] as Array<{ n: number; source: string; quote: string }> };
    const html = renderMarkdown('One [@a "x y"] two [@b “z”] <b>bold</b>', env);
    expect(html).toContain('<sup class="cite">1</sup>');
    expect(env.citations.map((c) => c.source)).toEqual(['a']);
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });
});
