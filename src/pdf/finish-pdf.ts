/**
 * Post-process Chromium's PDF: metadata from the content (never a URL),
 * the document language, and, under SOURCE_DATE_EPOCH, fixed dates and a
 * document ID derived from the bytes so that equal inputs give equal files.
 */
import { createHash } from 'node:crypto';
import { undoubledTitle } from './read-outline.js';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  language: string;
  creator: string;
}

/** The build date: SOURCE_DATE_EPOCH (seconds) when set, as Debian and Pandoc do; otherwise now. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): { date: Date; reproducible: boolean } {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw !== undefined && /^\d{1,12}$/.test(raw.trim())) {
    return { date: new Date(Number(raw.trim()) * 1000), reproducible: true };
  }
  return { date: new Date(), reproducible: false };
}

export async function finishPdf(
  bytes: Uint8Array,
  meta: PdfMetadata,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { date } = buildDate(env);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setLanguage(meta.language);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.creator);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  // Chromium's XMP packet repeats the dates and a random instance id; the Info dictionary says it all.
  doc.catalog.delete(PDFName.of('Metadata'));
  fixDoubledBookmarkTitles(doc);
  renumberElementIds(doc);
  // A stable ID: a digest of the finished content with a zero placeholder where the ID goes,
  // written over the placeholder afterwards (same length, so no offset moves): one save, not two.
  const placeholder = PDFHexString.of(ID_PLACEHOLDER);
  doc.context.trailerInfo.ID = PDFArray.withContext(doc.context);
  (doc.context.trailerInfo.ID as PDFArray).push(placeholder);
  (doc.context.trailerInfo.ID as PDFArray).push(placeholder);
  const saved = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  const digest = createHash('sha256').update(saved).digest('hex').slice(0, 32);
  return writeTrailerId(saved, digest);
}

const ID_PLACEHOLDER = '0'.repeat(32);

/** Replace the placeholder ID in the trailer (the last `/ID [ <0…> <0…> ]` of the file). */
function writeTrailerId(bytes: Uint8Array, digest: string): Uint8Array {
  const needle = Buffer.from(`/ID [ <${ID_PLACEHOLDER}> <${ID_PLACEHOLDER}> ]`, 'latin1');
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf(needle);
  if (at === -1) throw new Error('finishPdf: the trailer ID placeholder was not written as expected');
  bytes.set(Buffer.from(`/ID [ <${digest}> <${digest}> ]`, 'latin1'), at);
  return bytes;
}

/**
 * Chromium names structure elements after DOM node ids ("node00000691"), used in
 * the structure tree's IDTree and in table cells' /Headers. The numbers, and even
 * their order, depend on what the renderer did before, so they differ between
 * builds. Renumber them in the structure tree's reading order and rebuild the
 * IDTree, sorted, as one leaf.
 */
export function renumberElementIds(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const renamed = new Map<string, string>();
  const elements = new Map<string, PDFObject>();
  const seen = new Set<PDFDict>();
  const walk = (object: PDFObject | undefined, ref?: PDFObject) => {
    const value = object instanceof PDFRef ? doc.context.lookup(object) : object;
    if (value instanceof PDFArray) {
      for (let i = 0; i < value.size(); i++) walk(value.get(i), value.get(i));
    } else if (value instanceof PDFDict && !seen.has(value)) {
      seen.add(value);
      const id = value.get(PDFName.of('ID'));
      if ((id instanceof PDFString || id instanceof PDFHexString) && !renamed.has(id.decodeText())) {
        const next = `node${String(renamed.size + 1).padStart(8, '0')}`;
        renamed.set(id.decodeText(), next);
        if (ref instanceof PDFRef) elements.set(next, ref);
      }
      walk(value.get(PDFName.of('K')));
    }
  };
  walk(root.get(PDFName.of('K')));
  if (renamed.size === 0) return;
  const rename = (object: PDFObject | undefined): PDFObject | undefined => {
    if (object instanceof PDFString || object instanceof PDFHexString) {
      const next = renamed.get(object.decodeText());
      return next === undefined ? undefined : PDFString.of(next);
    }
    if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i++) {
        const replaced = rename(object.get(i));
        if (replaced) object.set(i, replaced);
      }
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) {
        const replaced = rename(value);
        if (replaced) object.set(key, replaced);
      }
    }
    return undefined;
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) rename(object);
  const names = PDFArray.withContext(doc.context);
  for (const id of [...elements.keys()].sort()) {
    names.push(PDFString.of(id));
    names.push(elements.get(id) as PDFObject);
  }
  // Drop the old tree's objects: pdf-lib writes unreferenced objects too, in their old order.
  const dropTree = (node: PDFObject | undefined) => {
    const dict = node instanceof PDFRef ? doc.context.lookup(node) : node;
    if (dict instanceof PDFDict) {
      const kids = dict.lookup(PDFName.of('Kids'));
      if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) dropTree(kids.get(i));
    }
    if (node instanceof PDFRef) doc.context.delete(node);
  };
  dropTree(root.get(PDFName.of('IDTree')));
  root.set(PDFName.of('IDTree'), doc.context.obj({ Names: names }));
}

/** Repair bookmark titles Chromium doubled (see undoubledTitle). */
export function fixDoubledBookmarkTitles(doc: PDFDocument): void {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const walk = (first: PDFDict | undefined) => {
    for (let node = first, guard = 0; node && guard < 100000; guard++) {
      const raw = node.lookup(PDFName.of('Title'));
      if (raw instanceof PDFString || raw instanceof PDFHexString) {
        const title = raw.decodeText();
        const fixed = undoubledTitle(title);
        if (fixed !== title) node.set(PDFName.of('Title'), PDFHexString.fromText(fixed));
      }
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict));
      node = node.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict));
}
