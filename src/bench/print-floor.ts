/**
 * The floor the benchmark compares against: the same final HTML our build
 * printed, printed by bare Puppeteer. One browser, warmed up before the clock
 * starts; the same number of pages at once; each document loaded once from an
 * in-memory map of responses and printed once with the same page.pdf options;
 * no post-processing, nothing written.
 */
import puppeteer, { type HTTPRequest, type Page } from 'puppeteer-core';
import { runQueue } from '../build/run-queue.js';
import { DOCUMENT_PATH, ORIGIN, toolAsset } from '../pdf/asset-server.js';
import { CHROME_ARGS } from '../pdf/browser-pool.js';
import { findChrome } from '../pdf/find-chrome.js';
import { PDF_OPTIONS } from '../pdf/print-pdf.js';
import { loadTemplates } from '../render/templates.js';

export interface FloorResult {
  pdfs: number;
  wallMs: number;
  browserPid: number | undefined;
}

interface Body {
  status: number;
  contentType: string;
  body: Buffer | string;
}

/**
 * `reuse`: load later documents with page.setContent on a page already at the
 * origin and let fonts be cached, as our build does (a stricter floor, reported
 * beside the plain one).
 */
export async function printFloor(
  htmls: readonly string[],
  concurrency: number,
  onBrowser: (pid: number | undefined) => void = () => undefined,
  reuse = false,
): Promise<FloorResult> {
  const executablePath = findChrome().path;
  if (!executablePath) throw new Error('no Chromium found for the floor measurement');
  const args = [...CHROME_ARGS];
  if (process.getuid?.() === 0 || process.env.STUDYGUIDE_NO_SANDBOX === '1') args.push('--no-sandbox');
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onBrowser(browser.process()?.pid);
  try {
    // Every asset answered from memory: read once, before the clock starts (see warm-up below).
    const assets = new Map<string, Body | undefined>();
    const templates = loadTemplates();
    const pages: Page[] = [];
    const current = new Map<Page, string>();
    for (let i = 0; i < Math.max(1, concurrency); i++) {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => void serve(request, page));
      pages.push(page);
    }
    const serve = async (request: HTTPRequest, page: Page) => {
      const url = new URL(request.url());
      if (url.origin === ORIGIN && url.pathname === DOCUMENT_PATH) {
        return request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: current.get(page) ?? '' });
      }
      if (!assets.has(url.pathname))
        assets.set(url.pathname, url.origin === ORIGIN ? await toolAsset(url.pathname, templates) : undefined);
      const hit = assets.get(url.pathname);
      const cache = reuse && hit?.contentType === 'font/woff2' ? 'public, max-age=31536000, immutable' : 'no-store';
      return hit ? request.respond({ ...hit, headers: { 'cache-control': cache } }) : request.abort('blockedbyclient');
    };
    const print = async (page: Page, html: string) => {
      current.set(page, html);
      if (reuse && page.url() === `${ORIGIN}${DOCUMENT_PATH}`) await page.setContent(html, { waitUntil: 'load' });
      else await page.goto(`${ORIGIN}${DOCUMENT_PATH}`, { waitUntil: 'load' });
      await page.pdf(PDF_OPTIONS);
    };
    // Warm-up: every page prints a few documents, so fonts and styles are cached in memory like ours are.
    await Promise.all(pages.map((page, i) => print(page, htmls[i % htmls.length] ?? '')));
    const free = [...pages];
    const started = performance.now();
    await runQueue(htmls, concurrency, async (html) => {
      const page = free.pop() as Page;
      try {
        await print(page, html);
      } finally {
        free.push(page);
      }
    });
    return { pdfs: htmls.length, wallMs: performance.now() - started, browserPid: browser.process()?.pid };
  } finally {
    await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
  }
}
