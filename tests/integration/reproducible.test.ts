/**
 * With SOURCE_DATE_EPOCH set, two builds of the same input give byte-identical
 * PDFs (the point of this test is the bytes). Without it, dates are the build time.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/index.js';
import { finishPdf } from '../../src/pdf/finish-pdf.js';
import { pdfInfo } from '../helpers/pdf.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';
const EPOCH = '1700000000';
let first: string;
let second: string;
const saved = process.env.SOURCE_DATE_EPOCH;

async function pdfsUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => e.endsWith('.pdf')).sort();
}

beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = EPOCH;
  first = await tempDir();
  second = await tempDir();
  // Every document of the student edition: the comparison table is where Chromium's
  // structure element ids (DOM node numbers) used to differ from run to run.
  for (const out of [first, second]) {
    const result = await build({
      content: CONTENT,
      out,
      slugs: [SLUG],
      editions: ['student'],
      concurrency: 2,
      cache: false,
    });
    expect(result.guides[0]?.errors ?? []).toEqual([]);
  }
}, 240_000);
afterAll(async () => {
  if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = saved;
  await rm(first, { recursive: true, force: true });
  await rm(second, { recursive: true, force: true });
});

describe('reproducible PDFs', () => {
  it('two builds with SOURCE_DATE_EPOCH give byte-identical files', async () => {
    const files = await pdfsUnder(first);
    expect(files).toEqual(await pdfsUnder(second));
    expect(files).toHaveLength(5);
    for (const file of files) {
      const [a, b] = await Promise.all([readFile(path.join(first, file)), readFile(path.join(second, file))]);
      expect(a.length, file).toBe(b.length);
      const differsAt = a.findIndex((byte, i) => byte !== b[i]);
      expect(differsAt, `${file} differs at byte ${differsAt}`).toBe(-1);
    }
  });

  it('dates the files SOURCE_DATE_EPOCH and drops the XMP packet with its instance id', async () => {
    const file = path.join(first, SLUG, 'student', `${SLUG}.pdf`);
    const { info, metadata } = await pdfInfo(file);
    expect(info.CreationDate).toBe('D:20231114221320Z');
    expect(info.ModDate).toBe('D:20231114221320Z');
    expect(metadata).toBeNull();
  });

  it('renumbers the structure element ids in reading order (regression: DOM node numbers leaked into the PDF)', async () => {
    const doc = await PDFDocument.load(await readFile(path.join(first, SLUG, 'student', 'comparison.pdf')), {
      updateMetadata: false,
    });
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const names = root.lookup(PDFName.of('IDTree'), PDFDict).lookup(PDFName.of('Names'));
    const ids = (names?.toString().match(/\(node\d+\)/g) ?? []).map((s) => s.slice(1, -1));
    expect(ids.length).toBeGreaterThan(5);
    expect(ids).toEqual(ids.map((_, i) => `node${String(i + 1).padStart(8, '0')}`));
  });
});

describe('finishPdf dates', () => {
  const meta = { title: 'T', author: 'A', subject: 'S', keywords: ['k'], language: 'en', creator: 'studyguide test' };
  const blank = async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]);
    return doc.save();
  };

  it('uses the build time when SOURCE_DATE_EPOCH is not set', async () => {
    const before = Date.now();
    const finished = await PDFDocument.load(await finishPdf(await blank(), meta, {}), { updateMetadata: false });
    const created = finished.getCreationDate()?.getTime() ?? 0;
    // PDF dates keep whole seconds.
    expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(created).toBeLessThanOrEqual(Date.now());
    expect(finished.getModificationDate()?.getTime()).toBe(created);
  });

  it('gives equal input equal bytes and a document ID derived from them', async () => {
    const input = await blank();
    const env = { SOURCE_DATE_EPOCH: EPOCH };
    const [a, b] = [await finishPdf(input, meta, env), await finishPdf(input, meta, env)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const other = await finishPdf(input, { ...meta, title: 'Another title' }, env);
    const id = (bytes: Uint8Array) => /\/ID \[ <([0-9A-F]+)>/i.exec(Buffer.from(bytes).toString('latin1'))?.[1];
    expect(id(a)).toMatch(/^[0-9A-F]{32}$/i);
    expect(id(other)).not.toBe(id(a));
  });
});
