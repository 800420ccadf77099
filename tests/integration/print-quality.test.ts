/**
 * What a reader holds: the bundled guide printed regular (A4), large print and on
 * US Letter, measured from the PDFs: type size, columns, alignment, page size,
 * Arabic text, the structure tree (headings, figures, language) and link text.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/index.js';
import { pdfBookmarkPages, pdfFonts, pdfIsTagged, pdfPagesText, loadPdfjs } from '../helpers/pdf.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';
let out: string;
let letterOut: string;
const pdf = (folder: string, doc: string, root = out) => path.join(root, SLUG, folder, `${doc}.pdf`);

beforeAll(async () => {
  out = await tempDir();
  letterOut = await tempDir();
  const common = { content: CONTENT, slugs: [SLUG], concurrency: 2, cache: false };
  const results = [
    await build({ ...common, out, documents: ['synopsis', 'characters', 'questions', 'booklet'], format: 'both' }),
    await build({ ...common, out, largePrint: true, documents: ['synopsis', 'questions', 'booklet'] }),
    await build({ ...common, out: letterOut, editions: ['student'], paper: 'letter', documents: ['booklet'] }),
  ];
  for (const r of results) expect(r.guides[0]?.errors ?? []).toEqual([]);
}, 240_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
  await rm(letterOut, { recursive: true, force: true });
});

interface Item {
  page: number;
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  dir: string;
  font: string;
}

async function textItems(file: string): Promise<{ items: Item[]; sizes: Array<[number, number]> }> {
  const doc = await loadPdfjs(file);
  const items: Item[] = [];
  const sizes: Array<[number, number]> = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    sizes.push([page.view[2] ?? 0, page.view[3] ?? 0]);
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [, , , d = 0, e = 0, f = 0] = item.transform as number[];
      items.push({
        page: p,
        str: item.str,
        x: e,
        y: f,
        width: item.width,
        size: Math.abs(d),
        dir: item.dir,
        font: item.fontName,
      });
    }
  }
  await doc.destroy();
  return { items, sizes };
}

/** The synopsis prose of the bundled guide, citations and Markdown marks removed. */
async function synopsisProse(): Promise<string> {
  const raw = await readFile(path.join(CONTENT, SLUG, 'guide.md'), 'utf8');
  const body = raw.slice(raw.indexOf('\n---', 4) + 4);
  return body
    .replace(/\[@[^\]]*\]/g, ' ')
    .replace(/[*_#]/g, '')
    .replace(/\s+/g, ' ');
}

/** The size the synopsis prose is set in: the median over its characters (notes, headings and labels left out). */
function bodySize(items: Item[], prose: string): number {
  const body = items.filter((i) => i.str.trim().length >= 12 && prose.includes(i.str.trim()));
  const sizes = body
    .flatMap((i) => Array<number>([...i.str].length).fill(Math.round(i.size * 100) / 100))
    .sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)] ?? 0;
}

/** Text lines (items sharing a baseline on a page), left to right. */
function lines(items: Item[]): Item[][] {
  const byLine = new Map<string, Item[]>();
  for (const item of items) {
    const key = `${item.page}:${Math.round(item.y)}`;
    byLine.set(key, [...(byLine.get(key) ?? []), item]);
  }
  return [...byLine.values()].map((l) => l.sort((a, b) => a.x - b.x));
}

/** The widest horizontal gap between neighbouring items of a line (two columns leave a wide one). */
function widestGap(line: Item[]): number {
  let gap = 0;
  for (let i = 1; i < line.length; i++) {
    const prev = line[i - 1] as Item;
    gap = Math.max(gap, (line[i] as Item).x - (prev.x + prev.width));
  }
  return gap;
}

/** Share of full lines whose right edge meets the right margin (near 1 for justified text). */
function flushRightShare(items: Item[], prose: string): number {
  const full = lines(items).filter((l) => {
    const text = l.map((i) => i.str).join('');
    return text.length >= 30 && l.every((i) => prose.includes(i.str.trim()));
  });
  const right = (l: Item[]) => Math.max(...l.map((i) => i.x + i.width));
  const margin = Math.max(...full.map(right));
  return full.filter((l) => margin - right(l) < 1.5).length / full.length;
}

/** A font's ToUnicode CMap: glyph code (hex) → text. */
function toUnicode(doc: PDFDocument, font: PDFDict): Map<string, string> {
  const map = new Map<string, string>();
  const stream = font.lookup(PDFName.of('ToUnicode'));
  if (!(stream instanceof PDFRawStream)) return map;
  const cmap = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
  const text = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, to] of (body ?? '').matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi))
      map.set((code ?? '').toUpperCase(), text(to ?? ''));
  }
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, start] of (body ?? '').matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) {
      const first = parseInt(from ?? '0', 16);
      for (let code = first; code <= parseInt(to ?? '0', 16); code++) {
        const cp = parseInt(start ?? '0', 16) + code - first;
        map.set(
          code
            .toString(16)
            .toUpperCase()
            .padStart(from?.length ?? 4, '0'),
          String.fromCodePoint(cp),
        );
      }
    }
  }
  return map;
}

/**
 * Right-to-left runs as a PDF reader gets them. Chromium draws an RTL run in visual
 * order inside a /ReversedChars marked-content sequence, which ISO 32000-1
 * (14.8.2.3.3) says to read backwards. A glyph's text is its /ActualText where it
 * has one (Naskh draws some letters as a base glyph plus a dot, which ToUnicode
 * alone cannot name), else the font's ToUnicode.
 */
async function reversedRuns(file: string): Promise<string[]> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const runs: string[] = [];
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    const cmaps = new Map<string, Map<string, string>>();
    const cmapOf = (name: string) => {
      if (!cmaps.has(name)) {
        const font = fonts?.lookupMaybe(PDFName.of(name), PDFDict);
        cmaps.set(name, font ? toUnicode(doc, font) : new Map<string, string>());
      }
      return cmaps.get(name) ?? new Map<string, string>();
    };
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const ops = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      const tokens = ops.matchAll(
        /\/(\w+) [\d.]+ Tf|\/ReversedChars BMC|\/ActualText <([0-9a-f]+)> >> BDC|<([0-9a-f]+)> Tj|\bBDC\b|\bBMC\b|\bEMC\b/gi,
      );
      let font = '';
      const stack: Array<'reversed' | 'actual' | 'other'> = [];
      let run: string[] = [];
      for (const [token, fontName, actual, glyphs] of tokens) {
        if (fontName !== undefined) font = fontName;
        else if (token.startsWith('/ReversedChars')) {
          stack.push('reversed');
          run = [];
        } else if (actual !== undefined) {
          stack.push('actual');
          if (stack.includes('reversed')) run.push(Buffer.from(actual.slice(4), 'hex').swap16().toString('utf16le'));
        } else if (glyphs !== undefined) {
          if (!stack.includes('reversed') || stack.includes('actual')) continue;
          const cmap = cmapOf(font);
          for (let i = 0; i < glyphs.length; i += 4)
            run.push(cmap.get(glyphs.slice(i, i + 4).toUpperCase()) ?? '\ufffd');
        } else if (token === 'EMC') {
          if (stack.pop() === 'reversed') runs.push(run.reverse().join(''));
        } else stack.push('other');
      }
    }
  }
  return runs;
}

/**
 * The spacing of the answer lines in millimetres: the median distance between
 * neighbouring rules (thin filled rectangles of the same x and width, at least
 * 250 CSS px long) in the page content, which Chromium writes in CSS pixels.
 */
async function answerLineSpacing(file: string): Promise<number> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const gaps: number[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const ops = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      let prev: { x: number; y: number; w: number } | undefined;
      for (const [, x, y, w, h] of ops.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re\s+f\b/g)) {
        const rule = { x: Number(x), y: Number(y), w: Number(w) };
        if (Number(h) > 1.5 || rule.w < 250) continue;
        if (prev && prev.x === rule.x && prev.w === rule.w && rule.y > prev.y) gaps.push(rule.y - prev.y);
        prev = rule;
      }
    }
  }
  gaps.sort((a, b) => a - b);
  expect(gaps.length, file).toBeGreaterThan(30);
  return ((gaps[Math.floor(gaps.length / 2)] ?? 0) * 25.4) / 96;
}

interface StructNode {
  role?: string;
  alt?: string;
  lang?: string;
  children?: StructNode[];
}

async function structNodes(file: string): Promise<Array<StructNode & { page: number }>> {
  const doc = await loadPdfjs(file);
  const nodes: Array<StructNode & { page: number }> = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const walk = (node: StructNode | null | undefined) => {
      if (!node) return;
      if (node.role) nodes.push({ ...node, page: p });
      for (const child of node.children ?? []) walk(child);
    };
    walk((await (await doc.getPage(p)).getStructTree()) as StructNode);
  }
  await doc.destroy();
  return nodes;
}

describe('large print', () => {
  it('sets body text in 18 pt, at least 1.4 times the height of the regular edition', async () => {
    const prose = await synopsisProse();
    const regular = bodySize((await textItems(pdf('student', 'synopsis'))).items, prose);
    const large = bodySize((await textItems(pdf('student-large-print', 'synopsis'))).items, prose);
    expect(regular).toBeCloseTo(10.5, 0);
    expect(large).toBeCloseTo(18, 0);
    expect(large / regular).toBeGreaterThanOrEqual(1.4);
    const booklet = bodySize((await textItems(pdf('teacher-large-print', SLUG))).items, prose);
    expect(booklet).toBeCloseTo(18, 0);
  });

  it('uses Atkinson Hyperlegible for the text', async () => {
    const fonts = (await pdfFonts(pdf('student-large-print', 'synopsis'))).map((f) => f.name);
    expect(fonts.some((f) => /AtkinsonHyperlegible/.test(f))).toBe(true);
    expect(fonts.filter((f) => /SourceSerif4|SourceSans3/.test(f))).toEqual([]);
  });

  it('is set in one column: teacher notes go under the question, not beside it', async () => {
    const regular = lines((await textItems(pdf('teacher', 'questions'))).items);
    const large = lines((await textItems(pdf('teacher-large-print', 'questions'))).items);
    // The check sees the regular edition's two columns...
    expect(regular.filter((l) => widestGap(l) > 40).length).toBeGreaterThan(10);
    // ...and none in large print (running header and footer aside: title left, section right).
    const wide = large.filter((l) => widestGap(l) > 40 && !/^Last Men in Aleppo/.test(l[0]?.str ?? ''));
    expect(wide.map((l) => l.map((i) => i.str).join(' '))).toEqual([]);
  });

  it('is left-aligned: a ragged right edge where the regular synopsis is justified', async () => {
    const prose = await synopsisProse();
    const regular = flushRightShare((await textItems(pdf('student', 'synopsis'))).items, prose);
    const large = flushRightShare((await textItems(pdf('student-large-print', 'synopsis'))).items, prose);
    expect(regular).toBeGreaterThan(0.5);
    expect(large).toBeLessThan(0.25);
  });

  it('gives students wider answer lines', async () => {
    const regular = await answerLineSpacing(pdf('student', 'questions'));
    const large = await answerLineSpacing(pdf('student-large-print', 'questions'));
    expect(regular).toBeCloseTo(9.5, 0);
    expect(large / regular).toBeGreaterThanOrEqual(1.4);
  });
});

describe('pictures in the booklet', () => {
  it('lists the timeline and the coverage matrix in the contents, at the pages they start on', async () => {
    for (const folder of ['student', 'teacher', 'student-large-print']) {
      const file = pdf(folder, SLUG);
      const pages = await pdfPagesText(file);
      const bookmarks = await pdfBookmarkPages(file);
      const contentsPage = bookmarks.find((b) => b.title === 'Contents')?.page ?? 0;
      const contents = (pages[contentsPage - 1] ?? '').replace(/\s+/g, ' ');
      for (const title of ['Timeline', 'Source coverage']) {
        const page = bookmarks.find((b) => b.title === title)?.page;
        expect(page, `${folder}: ${title}`).toBeGreaterThan(2);
        expect(contents).toContain(`${title} ${page}`);
        expect(pages[(page ?? 0) - 1]).toContain(title);
      }
    }
  });

  it('gives the timeline a text alternative that lists its events, and a caption', async () => {
    const nodes = await structNodes(pdf('student', SLUG));
    const figures = nodes.filter((n) => n.role === 'Figure' && n.alt?.startsWith('Timeline of Last Men in Aleppo'));
    expect(figures).toHaveLength(1);
    expect(figures[0]?.alt).toContain(
      '2013: Volunteers in Aleppo begin the Syrian Civil Defense, known as the White Helmets.',
    );
    expect(figures[0]?.alt).toContain('At the time of the interview: Fayyad lives in exile');
    expect(nodes.some((n) => n.role === 'Caption' && n.page === figures[0]?.page)).toBe(true);
    // Large print splits the timeline into parts; each has its own alternative.
    const large = (await structNodes(pdf('student-large-print', SLUG))).filter(
      (n) => n.role === 'Figure' && n.alt?.startsWith('Timeline of'),
    );
    expect(large.length).toBeGreaterThan(1);
    for (const part of large) expect(part.alt).toMatch(/\(part \d of \d\) \S+/);
  });

  it('draws a mark for every source in every row of the coverage matrix, with words for screen readers', async () => {
    const pages = await pdfPagesText(pdf('student', SLUG));
    const bookmarks = await pdfBookmarkPages(pdf('student', SLUG));
    const start = bookmarks.find((b) => b.title === 'Source coverage')?.page ?? 0;
    const end = bookmarks.find((b) => b.title === 'Glossary')?.page ?? 0;
    const text = pages.slice(start - 1, end - 1).join('\n');
    const counts = [...text.matchAll(/(\d) of 3/g)].map((m) => Number(m[1]));
    const mentioned = (text.match(/(?<!Not )Mentioned/g) ?? []).length;
    const silent = (text.match(/Not mentioned/g) ?? []).length;
    // 10 people and 16 comparison topics, 3 sources each.
    expect(counts).toHaveLength(26);
    expect(mentioned + silent).toBe(26 * 3);
    expect(mentioned).toBe(counts.reduce((a, b) => a + b, 0));
    // Khaled is named in all three sources (the plot summary's "Khalid"); Subhi only in the festival synopsis.
    expect(text).toMatch(/Khaled\s*Mentioned\s*Mentioned\s*Mentioned\s*3 of 3/);
    expect(text).toMatch(/Subhi\s*Mentioned\s*Not mentioned\s*Not mentioned\s*1 of 3/);
  });
});

describe('Arabic names', () => {
  it('are printed shaped, right to left, with the embedded Noto Naskh Arabic', async () => {
    const file = pdf('student', 'characters');
    const { items } = await textItems(file);
    const arabic = items.filter((i) => /[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefe]/u.test(i.str));
    expect(arabic.length).toBeGreaterThan(10);
    // Shaped: the glyphs are contextual forms (initial, medial, final), which pdfjs names by presentation-form code points.
    expect(arabic.filter((i) => /[\ufe70-\ufefe]/u.test(i.str)).length).toBeGreaterThan(10);
    const runs = await reversedRuns(file);
    // Chromium writes each word of a name as its own run.
    for (const word of ['خالد', 'صبحي', 'محمود', 'أبو', 'يوسف', 'فراس', 'فياض', 'بشار', 'الأسد'])
      expect(runs, word).toContain(word);
    expect(runs.join('')).not.toContain('\ufffd');
    const fonts = await pdfFonts(file);
    const naskh = fonts.filter((f) => /NotoNaskhArabic/.test(f.name));
    expect(naskh.length).toBeGreaterThan(0);
    for (const f of naskh) expect(f.embedded).toBe(true);
    // The page marks them as Arabic (Chromium 14x writes no /Lang below the document, so the PDF cannot say it).
    const html = await readFile(file.replace(/\.pdf$/, '.html'), 'utf8');
    expect(html).toContain('<span class="alias" lang="ar" dir="rtl">خالد</span>');
  });
});

describe('accessibility of the tagged PDF', () => {
  it('never skips a heading level, from the cover to the last page', async () => {
    for (const file of [
      pdf('student', SLUG),
      pdf('teacher', SLUG),
      pdf('teacher-large-print', SLUG),
      pdf('student', 'questions'),
    ]) {
      const levels = (await structNodes(file)).flatMap((n) =>
        /^H[1-6]$/.test(n.role ?? '') ? [Number(n.role?.slice(1))] : [],
      );
      expect(levels[0], file).toBe(1);
      expect(levels.length, file).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < levels.length; i++) {
        expect((levels[i] ?? 0) - (levels[i - 1] ?? 0), `${path.basename(file)}: heading ${i}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('declares the document language in every variant', async () => {
    for (const file of [
      pdf('student-large-print', SLUG),
      pdf('student', SLUG, letterOut),
      pdf('teacher', 'characters'),
    ]) {
      expect(await pdfIsTagged(file)).toEqual({ marked: true, structTree: true, lang: 'en' });
    }
  });

  it('gives every link text that says where it goes, and every in-document link a target', async () => {
    const html = await readFile(path.join(out, SLUG, 'student', `${SLUG}.html`), 'utf8');
    const links = [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => ({
      href: /href="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '',
      text: (m[2] ?? '')
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    }));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      expect(link.text.length, link.href).toBeGreaterThan(3);
      expect(link.text.toLowerCase()).not.toMatch(/^(here|click here|link|more|read more)$/);
      if (link.href.startsWith('#')) expect(html).toContain(`id="${link.href.slice(1)}"`);
    }
  });
});

describe('paper sizes', () => {
  const A4: [number, number] = [595.28, 841.89];
  for (const [name, file, size] of [
    ['A4', () => pdf('teacher', SLUG), A4],
    ['Letter', () => pdf('student', SLUG, letterOut), [612, 792]],
  ] as const) {
    it(`${name}: every page has the paper's size and all text inside the margins`, async () => {
      const { items, sizes } = await textItems(file());
      for (const [w, h] of sizes) {
        // Chromium rounds the page box to whole CSS pixels.
        expect(Math.abs(w - size[0])).toBeLessThan(1);
        expect(Math.abs(h - size[1])).toBeLessThan(1);
      }
      for (const item of items) {
        const where = `page ${item.page}: "${item.str}"`;
        expect(item.x, where).toBeGreaterThanOrEqual(36);
        expect(item.x + item.width, where).toBeLessThanOrEqual(size[0] - 36);
        expect(item.y, where).toBeGreaterThanOrEqual(20);
        expect(item.y, where).toBeLessThanOrEqual(size[1] - 20);
      }
    });
  }

  it('Letter: the booklet keeps its sections and contents', async () => {
    const pages = await pdfPagesText(pdf('student', SLUG, letterOut));
    expect(pages[0]).toContain('Last Men in Aleppo');
    expect(pages[1]).toContain('Contents');
    const bookmarks = await pdfBookmarkPages(pdf('student', SLUG, letterOut));
    for (const b of bookmarks.filter((x) => !['Last Men in Aleppo', 'Contents'].includes(x.title))) {
      expect(pages[b.page - 1], b.title).toContain(b.title);
    }
  });
});
