/** Print one HTML document to PDF bytes on a pooled page. */
import { RenderError } from '../errors.js';
import { DOCUMENT_PATH, ORIGIN, interceptRequests, type PageAssets } from './asset-server.js';
import type { BrowserPool } from './browser-pool.js';

export interface PrintResult {
  pdf: Uint8Array;
  /** Requests the page made that were refused (remote URLs, local files...). */
  refused: string[];
}

export async function printPdf(pool: BrowserPool, assets: PageAssets): Promise<PrintResult> {
  return pool.withPage(async (page) => {
    const log = { refused: [] as string[] };
    const handler = interceptRequests(page, assets, log);
    try {
      const response = await page.goto(`${ORIGIN}${DOCUMENT_PATH}`, { waitUntil: 'load', timeout: pool.timeoutMs });
      if (!response?.ok()) {
        throw new RenderError(`the document did not load (HTTP ${response?.status() ?? 'none'})`);
      }
      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        displayHeaderFooter: false,
        waitForFonts: true,
        timeout: pool.timeoutMs,
      });
      return { pdf, refused: log.refused };
    } finally {
      page.off('request', handler);
    }
  });
}
