/** Read PDFs the way a reader gets them, with npm libraries only (pdfjs-dist, pdf-lib). */
import { readFile } from 'node:fs/promises';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function loadPdfjs(file: string) {
  const data = new Uint8Array(await readFile(file));
  return getDocument({ data, useSystemFonts: false, disableFontFace: true, isEvalSupported: false, verbosity: 0 })
    .promise;
}

/** The text of every page, in reading order. */
export async function pdfPagesText(file: string): Promise<string[]> {
  const doc = await loadPdfjs(file);
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

export async function pdfText(file: string): Promise<string> {
  return (await pdfPagesText(file)).join('\n');
}

export async function pdfInfo(file: string) {
  const doc = await loadPdfjs(file);
  const { info, metadata } = (await doc.getMetadata()) as { info: Record<string, unknown>; metadata: unknown };
  const outline = (await doc.getOutline()) ?? [];
  const markInfo = await doc.getMarkInfo();
  const numPages = doc.numPages;
  await doc.destroy();
  return { info, metadata, outline, markInfo, numPages };
}

export interface EmbeddedFont {
  name: string;
  embedded: boolean;
}

/** Every font the PDF uses, and whether its program is embedded. */
export async function pdfFonts(file: string): Promise<EmbeddedFont[]> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const fonts = new Map<string, EmbeddedFont>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const base = object.get(PDFName.of('BaseFont'));
    if (!base) continue;
    const name = base.toString().replace(/^\//, '');
    const subtype = object.get(PDFName.of('Subtype'));
    let descriptorHolder: PDFDict | undefined = object;
    if (subtype === PDFName.of('Type0')) {
      const kids = object.lookup(PDFName.of('DescendantFonts'));
      const first = kids instanceof PDFArray ? kids.lookup(0) : undefined;
      descriptorHolder = first instanceof PDFDict ? first : undefined;
    }
    const descriptor = descriptorHolder?.lookup(PDFName.of('FontDescriptor'));
    const embedded =
      descriptor instanceof PDFDict &&
      ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.get(PDFName.of(k)) instanceof PDFRef);
    const prev = fonts.get(name);
    fonts.set(name, { name, embedded: (prev?.embedded ?? true) && embedded });
  }
  return [...fonts.values()];
}

/** Whether the document declares a structure tree (a tagged PDF). */
export async function pdfIsTagged(
  file: string,
): Promise<{ marked: boolean; structTree: boolean; lang: string | undefined }> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const markInfo = doc.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const marked = markInfo?.get(PDFName.of('Marked'))?.toString() === 'true';
  const structTree = doc.catalog.get(PDFName.of('StructTreeRoot')) !== undefined;
  const lang = doc.catalog.lookup(PDFName.of('Lang'))?.toString();
  return { marked, structTree, lang: lang?.replace(/^\(|\)$/g, '') };
}

/** Top-level bookmarks with the 1-based page each opens, read with pdfjs-dist. */
export async function pdfBookmarkPages(file: string): Promise<Array<{ title: string; page: number }>> {
  const doc = await loadPdfjs(file);
  const out: Array<{ title: string; page: number }> = [];
  for (const item of (await doc.getOutline()) ?? []) {
    const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
    const ref: unknown = dest?.[0];
    const page = ref && typeof ref === 'object' ? (await doc.getPageIndex(ref as never)) + 1 : -1;
    out.push({ title: item.title, page });
  }
  await doc.destroy();
  return out;
}
