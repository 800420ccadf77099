/** Render, print and write one document of a guide (the heavy modules: Puppeteer, pdf-lib). */
import type { Format } from '../options.js';
import type { DocumentJob } from './jobs.js';
import { outputPath } from '../output/paths.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import type { Page } from 'puppeteer-core';
import type { BrowserPool } from '../pdf/browser-pool.js';
import { finishPdf } from '../pdf/finish-pdf.js';
import { printPdf } from '../pdf/print-pdf.js';
import { readOutline } from '../pdf/read-outline.js';
import { inlineAssets } from '../render/inline-assets.js';
import { renderDocumentHtml, type RenderedDocument } from '../render/render-html.js';
import type { TemplateSet } from '../render/templates.js';
import { TOOL_NAME_VERSION } from '../version.js';

export interface JobContext {
  outDir: string;
  format: Format;
  /** The templates this build loaded: every document of the build renders with the same set. */
  templates: TemplateSet;
  pool: () => BrowserPool;
}

/** Render, print and write one document. Returns the files written. */
export async function runJob(job: DocumentJob, context: JobContext): Promise<string[]> {
  const { guide, document, variant } = job;
  const render = (pageNumbers?: Record<string, number>) =>
    renderDocumentHtml(guide, document, variant, { templates: context.templates, pageNumbers });
  let rendered = render();
  const written: string[] = [];
  if (context.format !== 'pdf') {
    const file = outputPath(context.outDir, guide, variant, document, 'html');
    await writeFileAtomic(file, await inlineAssets(rendered.html, context.templates), { root: context.outDir });
    written.push(file);
  }
  if (context.format === 'html') return written;
  const assets = { html: rendered.html, guideDir: guide.dir, templates: context.templates };
  let pdf: Uint8Array;
  if (document === 'booklet') {
    // Chromium has no target-counter(): print once, read where each section landed, write the
    // page numbers into the loaded page's table of contents and print again; once more if
    // the numbers moved a section. The result is the page renderDocumentHtml(pageNumbers) gives.
    let numbers: Record<string, number> | undefined;
    let patched = true;
    ({ pdf } = await printPdf(context.pool(), assets, async (printed, page) => {
      const found = await sectionPages(printed, rendered);
      if (numbers && JSON.stringify(found) === JSON.stringify(numbers)) return false;
      numbers = found;
      patched = (await fillTocPageNumbers(page, found)) === rendered.toc.length;
      return patched;
    }));
    if (numbers) rendered = render(numbers);
    if (!patched) {
      // Custom templates without the bundled .toc-page cells: print the re-rendered HTML instead.
      pdf = (await printPdf(context.pool(), { ...assets, html: rendered.html })).pdf;
    }
  } else {
    ({ pdf } = await printPdf(context.pool(), assets));
  }
  const finished = await finishPdf(pdf, { ...rendered, creator: TOOL_NAME_VERSION });
  const file = outputPath(context.outDir, guide, variant, document, 'pdf');
  await writeFileAtomic(file, finished, { root: context.outDir });
  written.push(file);
  return written;
}

/** Write page numbers into the table of contents of a loaded booklet, as the toc partial prints them. */
async function fillTocPageNumbers(page: Page, numbers: Record<string, number>): Promise<number> {
  return page.evaluate((pages: Record<string, number>) => {
    let filled = 0;
    for (const link of Array.from(document.querySelectorAll('.toc-list a[href^="#"]'))) {
      const target = pages[link.getAttribute('href')?.slice(1) ?? ''];
      const cell = link.querySelector('.toc-page');
      if (!cell) continue;
      cell.textContent = String(target ?? 0);
      filled++;
    }
    return filled;
  }, numbers);
}

export async function sectionPages(pdf: Uint8Array, rendered: RenderedDocument): Promise<Record<string, number>> {
  const outline = await readOutline(pdf);
  const pages: Record<string, number> = {};
  for (const entry of rendered.toc) {
    const hit = outline.find((item) => item.page !== undefined && item.title.trim() === entry.title);
    if (hit?.page !== undefined) pages[entry.id] = hit.page;
  }
  return pages;
}
