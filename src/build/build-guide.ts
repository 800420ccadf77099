/** Render, print and write one document of a guide (the heavy modules: Puppeteer, pdf-lib). */
import path from 'node:path';
import { TemplateError } from '../errors.js';
import type { Format } from '../options.js';
import type { DocumentJob } from './jobs.js';
import { outputPath } from '../output/paths.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import type { Page } from 'puppeteer-core';
import type { BrowserPool } from '../pdf/browser-pool.js';
import { finishPdf } from '../pdf/finish-pdf.js';
import { printPdf } from '../pdf/print-pdf.js';
import { readDestinations } from '../pdf/read-outline.js';
import { inlineAssets } from '../render/inline-assets.js';
import { missingSections, renderDocumentHtml, type RenderedDocument, type TocEntry } from '../render/render-html.js';
import { DEFAULT_TEMPLATES_DIR } from '../render/template-dir.js';
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
  const assets = { html: printedHtml(rendered), guideDir: guide.dir, templates: context.templates };
  let pdf: Uint8Array;
  if (document === 'booklet') {
    // Chromium has no target-counter(): print once, read where each section landed (by its id,
    // from the PDF's named destinations), write the page numbers into the loaded page's table of
    // contents and print again; once more if the numbers moved a section. The result is the page
    // renderDocumentHtml(pageNumbers) gives.
    const templateFile = tocTemplateFile(context.templates);
    let numbers: Record<string, number> | undefined;
    let patched = true;
    ({ pdf } = await printPdf(context.pool(), assets, async (printed, page) => {
      const found = await sectionPages(printed, rendered, templateFile);
      if (numbers && JSON.stringify(found) === JSON.stringify(numbers)) return false;
      numbers = found;
      patched = (await fillTocPageNumbers(page, found)) === rendered.toc.length;
      return patched;
    }));
    if (numbers) rendered = render(numbers);
    if (!patched) {
      // Custom templates without the bundled .toc-page cells: print the re-rendered HTML instead.
      pdf = (await printPdf(context.pool(), { ...assets, html: printedHtml(rendered) })).pdf;
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
      if (!cell || target === undefined) continue;
      cell.textContent = String(target);
      filled++;
    }
    return filled;
  }, numbers);
}

function tocTemplateFile(templates?: Pick<TemplateSet, 'dir'>): string {
  return path.join(templates?.dir ?? DEFAULT_TEMPLATES_DIR, 'partials', 'toc.hbs');
}

/**
 * The HTML the browser prints. Chromium writes a named destination only for an element that
 * a link points to; the bundled table of contents links every section, and a custom one that
 * does not gets a hidden link for each section it leaves out (no annotation, nothing printed).
 */
export function printedHtml(rendered: Pick<RenderedDocument, 'html' | 'toc'>): string {
  const unlinked = rendered.toc.filter((e) => !rendered.html.includes(`href="#${e.id}"`));
  if (unlinked.length === 0) return rendered.html;
  const links = `<nav hidden data-studyguide-sections>${unlinked.map((e) => `<a href="#${e.id}"></a>`).join('')}</nav>`;
  const end = rendered.html.search(/<\/body>/i);
  return end < 0 ? rendered.html + links : rendered.html.slice(0, end) + links + rendered.html.slice(end);
}

/**
 * Where each section of the table of contents starts: found by the id the template gives
 * the section, never by its heading (which a designer or a translator may change). A
 * section with no page (removed from the template, or hidden) is an error, never a "0".
 */
export async function sectionPages(
  pdf: Uint8Array,
  rendered: { toc: readonly TocEntry[] },
  templateFile = tocTemplateFile(),
): Promise<Record<string, number>> {
  const destinations = await readDestinations(pdf);
  const toc = rendered.toc;
  const pages: Record<string, number> = {};
  const missing: TocEntry[] = [];
  for (const entry of toc) {
    const page = destinations.get(entry.id);
    if (page === undefined) missing.push(entry);
    else pages[entry.id] = page;
  }
  const first = missing[0];
  if (first) {
    const { titles, ids } = missingSections(missing);
    throw new TemplateError(`the table of contents lists ${titles}, but the printed booklet has no page for ${ids}`, {
      location: { file: templateFile },
      hint: `sections are found by id, not by heading: keep id="${first.id}" on the section's element, and do not hide it (display: none).`,
    });
  }
  return pages;
}
