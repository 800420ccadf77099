/** Build every document of one guide, in every variant asked for. */
import type { LoadedGuide } from '../content/load-guide.js';
import { DOCUMENTS, type DocumentKind, type Format, type RenderVariant } from '../options.js';
import { outputPath } from '../output/paths.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import type { BrowserPool } from '../pdf/browser-pool.js';
import { finishPdf } from '../pdf/finish-pdf.js';
import { printPdf } from '../pdf/print-pdf.js';
import { readOutline } from '../pdf/read-outline.js';
import { inlineAssets } from '../render/inline-assets.js';
import { renderDocumentHtml, type RenderedDocument } from '../render/render-html.js';
import { TOOL_NAME_VERSION } from '../version.js';

export interface DocumentJob {
  guide: LoadedGuide;
  document: DocumentKind;
  variant: RenderVariant;
}

export interface JobContext {
  outDir: string;
  format: Format;
  templatesDir?: string;
  pool: () => BrowserPool;
}

export function jobsFor(guide: LoadedGuide, variants: readonly RenderVariant[], documents: readonly DocumentKind[] = DOCUMENTS): DocumentJob[] {
  return variants.flatMap((variant) => documents.map((document) => ({ guide, document, variant })));
}

/** Render, print and write one document. Returns the files written. */
export async function runJob(job: DocumentJob, context: JobContext): Promise<string[]> {
  const { guide, document, variant } = job;
  const render = (pageNumbers?: Record<string, number>) =>
    renderDocumentHtml(guide, document, variant, { templatesDir: context.templatesDir, pageNumbers });
  let rendered = render();
  const written: string[] = [];
  if (context.format !== 'pdf') {
    const file = outputPath(context.outDir, guide.slug, variant, document, 'html');
    await writeFileAtomic(file, await inlineAssets(rendered.html, context.templatesDir));
    written.push(file);
  }
  if (context.format === 'html') return written;
  const print = (doc: RenderedDocument) =>
    printPdf(context.pool(), { html: doc.html, guideDir: guide.dir, templatesDir: context.templatesDir });
  let { pdf } = await print(rendered);
  if (document === 'booklet') {
    // Chromium has no target-counter(): print once, read where each section landed, fill the
    // page numbers into the table of contents and print again.
    const pages = await sectionPages(pdf, rendered);
    rendered = render(pages);
    pdf = (await print(rendered)).pdf;
    const check = await sectionPages(pdf, rendered);
    if (JSON.stringify(check) !== JSON.stringify(pages)) {
      rendered = render(check);
      pdf = (await print(rendered)).pdf;
    }
  }
  const finished = await finishPdf(pdf, { ...rendered, creator: TOOL_NAME_VERSION });
  const file = outputPath(context.outDir, guide.slug, variant, document, 'pdf');
  await writeFileAtomic(file, finished);
  written.push(file);
  return written;
}

export async function sectionPages(pdf: Uint8Array, rendered: RenderedDocument): Promise<Record<string, number>> {
  const outline = await readOutline(pdf);
  const pages: Record<string, number> = {};
  for (const entry of rendered.toc) {
    // Chromium may double a bookmark title (see fixDoubledBookmarkTitles); match either form.
    const hit = outline.find(
      (item) => item.page !== undefined && [entry.title, entry.title + entry.title].includes(item.title.trim()),
    );
    if (hit?.page !== undefined) pages[entry.id] = hit.page;
  }
  return pages;
}
