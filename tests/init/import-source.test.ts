import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../../src/content/load-source.js';
import { guessKind, importSource, renderSourceFile, slugify, titleOf } from '../../src/init/import-source.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';

const FIX = path.join(FIXTURES, 'init');

/** Import a file, write it as a source, and load it back the way check does. */
async function roundTrip(file: string, taken = new Set<string>()) {
  const imported = await importSource(file, taken);
  const dir = await tempDir('studyguide-import-');
  const out = path.join(dir, `${imported.id}.md`);
  const text = renderSourceFile(imported);
  await writeFile(out, text);
  const { source, errors } = await loadSource(out);
  return { imported, text, source, errors };
}

describe('importSource', () => {
  it('strips a BOM, keeps CRLF line endings in the body and writes the front matter with them too', async () => {
    const { imported, text, source, errors } = await roundTrip(path.join(FIX, 'lesson-notes.txt'));
    expect(errors).toEqual([]);
    expect(text.startsWith('---\r\n#')).toBe(true);
    expect(text).not.toContain('\uFEFF');
    expect(imported.eol).toBe('\r\n');
    expect(source?.body).toBe(imported.body);
    expect(source?.body).toContain('\r\n- In 1851 the harbour board hired the engineer Margaret Ellison');
    expect(source?.meta).toMatchObject({
      id: 'lesson-notes',
      title: 'History 8B - Lesson notes: The Harrow Point lighthouse (1851-1856)',
      kind: 'other',
    });
    // A quote that spans a CRLF verifies once whitespace is folded.
    expect(source?.text.contains('Main points - Between 1840 and 1850')).toBe(true);
  });

  it('keeps existing front matter: known fields and synonyms mapped, the rest as comments, the body verbatim', async () => {
    const { text, source, errors } = await roundTrip(path.join(FIX, 'film-review.md'));
    expect(errors).toEqual([]);
    expect(source?.meta).toEqual({
      id: 'film-review',
      title: 'Review: Salt Roads',
      kind: 'review',
      author: 'Dana Whitfield',
      published: '2024-03-14',
    });
    expect(text).toContain('#   rating: 4/5\n');
    expect(text).toContain('# url: https://… (the web address, if any)\n');
    expect(text).not.toContain('# author:');
    expect(source?.body.startsWith('# Salt Roads is a quiet triumph\n\nAmara Okafor')).toBe(true);
  });

  it('reads a Markdown file with BOM, CRLF and front matter', async () => {
    const dir = await tempDir('studyguide-import-');
    const file = path.join(dir, 'Interview Élodie.md');
    await writeFile(
      file,
      '\uFEFF---\r\ntitle: An interview\r\nkind: Interview\r\nlink: not a url\r\n---\r\nQ: Why?\r\nA: "Because."\r\n',
    );
    const { imported, text, source, errors } = await roundTrip(file);
    expect(errors).toEqual([]);
    expect(imported.id).toBe('interview-elodie');
    expect(source?.meta).toEqual({ id: 'interview-elodie', title: 'An interview', kind: 'interview' });
    expect(source?.body).toBe('Q: Why?\r\nA: "Because."\r\n');
    expect(text).toContain('#   link: not a url\r\n');
    expect(source?.text.contains('Why? A: "Because."')).toBe(true);
  });

  it('takes the id from the file name and makes it unique', async () => {
    const taken = new Set<string>();
    const a = await importSource(path.join(FIX, 'novel-plot-summary.txt'), taken);
    const b = await importSource(path.join(FIX, 'novel-plot-summary.txt'), taken);
    expect([a.id, b.id]).toEqual(['novel-plot-summary', 'novel-plot-summary-2']);
    expect(a.meta.title).toBe('The Glass Orchard: a plot summary');
    expect(a.meta.kind).toBe('summary');
  });

  it('refuses files that are not UTF-8 text, and other extensions', async () => {
    const dir = await tempDir('studyguide-import-');
    const latin1 = path.join(dir, 'notes.txt');
    await writeFile(latin1, Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]));
    await expect(importSource(latin1, new Set())).rejects.toThrow('the file is not UTF-8 text');
    const docx = path.join(dir, 'notes.docx');
    await writeFile(docx, 'x');
    await expect(importSource(docx, new Set())).rejects.toThrow(
      `cannot import "${docx}": only .txt, .md, .markdown files are read`,
    );
    const empty = path.join(dir, 'empty.md');
    await writeFile(empty, '---\ntitle: Nothing\n---\n\n');
    await expect(importSource(empty, new Set())).rejects.toThrow('the file has no text to import');
  });
});

describe('helpers', () => {
  it('slugifies file names into source ids', () => {
    expect(slugify('000_1caa1a12f277bfc4')).toBe('000-1caa1a12f277bfc4');
    expect(slugify('Critique Élodie Sørensen (2019)')).toBe('critique-elodie-sorensen-2019');
    expect(slugify('***')).toBe('source');
  });

  it('takes the title from the first heading, else the first line, shortened', () => {
    expect(titleOf('Intro line\n\n## The *real* title\n', 'f.txt')).toBe('The real title');
    expect(titleOf('\n\nFirst line here\nsecond', 'f.txt')).toBe('First line here');
    expect(titleOf(`${'word '.repeat(40)}\n`, 'f.txt').length).toBeLessThanOrEqual(72);
  });

  it('guesses the kind from words in the name and opening, else other', () => {
    expect(guessKind('film-review.md Review: Salt Roads')).toBe('review');
    expect(guessKind('interview.txt Q: Why did you make the film?')).toBe('interview');
    expect(guessKind('notes.txt History lesson')).toBe('other');
  });
});
