/** Print one HTML document to PDF bytes on a pooled page. */
import { RenderError } from '../errors.js';
import { DOCUMENT_PATH, ORIGIN, interceptRequests, type PageAssets } from './asset-server.js';
import type { Page, PDFOptions } from 'puppeteer-core';
import type { BrowserPool } from './browser-pool.js';

export interface PrintResult {
  pdf: Uint8Array;
  /** Requests the page made that were refused (remote URLs, local files...). */
  refused: string[];
}

/**
 * Called after each print with the PDF and the still-loaded page. It may change
 * the page in place (through page.evaluate) and return true to print again, or
 * return false to keep this PDF.
 */
export type Revise = (pdf: Uint8Array, page: Page, pass: number) => Promise<boolean>;

/** How every document is printed (the benchmark's floor prints with the same options). */
export const PDF_OPTIONS = {
  preferCSSPageSize: true,
  printBackground: true,
  tagged: true,
  outline: true,
  displayHeaderFooter: false,
  waitForFonts: true,
} as const satisfies PDFOptions;

export async function printPdf(
  pool: BrowserPool,
  assets: PageAssets,
  revise?: Revise,
  maxPasses = 3,
): Promise<PrintResult> {
  return pool.withPage(async (page) => {
    const log = { refused: [] as string[] };
    const handler = interceptRequests(page, assets, log);
    try {
      if (page.url() === `${ORIGIN}${DOCUMENT_PATH}`) {
        // A pooled page that printed before: replace its document in place. The URL (and so the
        // interception rules) stay the same, and the fonts come from Chromium's memory cache
        // instead of crossing the DevTools connection again for every document.
        await page.setContent(assets.html, { waitUntil: 'load', timeout: pool.timeoutMs });
      } else {
        const response = await page.goto(`${ORIGIN}${DOCUMENT_PATH}`, { waitUntil: 'load', timeout: pool.timeoutMs });
        if (!response?.ok()) {
          throw new RenderError(`the document did not load (HTTP ${response?.status() ?? 'none'})`);
        }
      }
      // A later pass prints the same loaded page after a small change (the booklet's page numbers):
      // no reload, no refetching of fonts and styles.
      for (let pass = 1; ; pass++) {
        const pdf = await page.pdf({ ...PDF_OPTIONS, timeout: pool.timeoutMs });
        if (!revise || pass >= maxPasses || !(await revise(pdf, page, pass))) return { pdf, refused: log.refused };
      }
    } finally {
      page.off('request', handler);
    }
  });
}
