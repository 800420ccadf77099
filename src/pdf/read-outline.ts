/** Read a PDF's bookmarks (outline) and named destinations with the page each points to. */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';

export interface OutlineItem {
  title: string;
  /** 1-based page number, as a PDF viewer counts. */
  page: number | undefined;
  depth: number;
}

/**
 * Chromium (seen with 156) sometimes names the bookmark of a heading that opens a page
 * twice over ("SynopsisSynopsis") when web fonts and page breaks meet. The heading's text
 * in the page is right; only the bookmark title is doubled. This undoes it.
 */
export function undoubledTitle(title: string): string {
  const half = title.length / 2;
  return half >= 1 && Number.isInteger(half) && title.slice(0, half) === title.slice(half)
    ? title.slice(0, half)
    : title;
}

/** Bookmarks in order, titles as the headings read (see undoubledTitle). */
export async function readOutline(bytes: Uint8Array): Promise<OutlineItem[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const names = namedDestinations(doc);
  const items: OutlineItem[] = [];
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const walk = (first: PDFDict | undefined, depth: number) => {
    for (let node = first, guard = 0; node && guard < 10000; guard++) {
      const rawTitle = node.lookup(PDFName.of('Title'));
      const title = rawTitle instanceof PDFString || rawTitle instanceof PDFHexString ? rawTitle.decodeText() : '';
      let dest = node.lookup(PDFName.of('Dest'));
      if (!dest) {
        const action = node.lookupMaybe(PDFName.of('A'), PDFDict);
        dest = action?.lookup(PDFName.of('D'));
      }
      if (dest instanceof PDFString || dest instanceof PDFHexString) dest = names.get(dest.decodeText());
      if (dest instanceof PDFName) dest = names.get(dest.decodeText());
      let page: number | undefined;
      if (dest instanceof PDFArray) {
        const target = dest.get(0);
        if (target instanceof PDFRef) page = pageIndex.get(target.toString());
      }
      items.push({ title: undoubledTitle(title), page, depth });
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
      node = node.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return items;
}

/**
 * The page (1-based) of every named destination. Chromium writes one for each element
 * that a link in the page points to (`<a href="#synopsis">` → "synopsis", at the top of
 * the element with that id), so this finds a section by its id, whatever its heading says.
 */
export async function readDestinations(bytes: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const pages = new Map<string, number>();
  for (const [name, dest] of namedDestinations(doc)) {
    const target = dest.get(0);
    const page = target instanceof PDFRef ? pageIndex.get(target.toString()) : undefined;
    if (page !== undefined) pages.set(name, page);
  }
  return pages;
}

function namedDestinations(doc: PDFDocument): Map<string, PDFArray> {
  const out = new Map<string, PDFArray>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const dests = names?.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const visit = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 32) return;
    const list = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (list) {
      for (let i = 0; i + 1 < list.size(); i += 2) {
        const key = list.lookup(i);
        let value = list.lookup(i + 1);
        if (value instanceof PDFDict) value = value.lookup(PDFName.of('D'));
        if ((key instanceof PDFString || key instanceof PDFHexString) && value instanceof PDFArray) {
          out.set(key.decodeText(), value);
        }
      }
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    kids?.asArray().forEach((_, i) => visit(kids.lookupMaybe(i, PDFDict), depth + 1));
  };
  visit(dests, 0);
  const legacy = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  legacy?.entries().forEach(([key, value]) => {
    const resolved = doc.context.lookup(value);
    if (resolved instanceof PDFArray) out.set(key.decodeText(), resolved);
  });
  return out;
}
