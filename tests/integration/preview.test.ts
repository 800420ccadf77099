/**
 * The preview in real Chromium: open the page, edit a copy of the guide, and
 * watch the page reload with the new text; a template change reloads it too.
 */
import { cp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChrome } from '../../src/pdf/find-chrome.js';
import { EVENTS_PATH, startPreview, type PreviewServer } from '../../src/preview/preview-server.js';
import { UsageError } from '../../src/errors.js';
import { CONTENT, ROOT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';

let work: string;
let content: string;
let templates: string;
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  work = await tempDir();
  content = path.join(work, 'content');
  templates = path.join(work, 'templates');
  await cp(path.join(CONTENT, SLUG), path.join(content, SLUG), { recursive: true });
  await cp(path.join(ROOT, 'templates'), templates, { recursive: true });
  server = await startPreview({ content, slug: SLUG, templatesDir: templates, debounceMs: 50 });
  const executablePath = findChrome().path;
  if (!executablePath) throw new Error('no Chromium for the preview test');
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage();
});

afterAll(async () => {
  try {
    await browser?.close();
    await server?.close();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

/** The preview's Server-Sent Events as text, read as a second page would. */
function listenForEvents() {
  let received = '';
  const request = get(`${server?.origin}${EVENTS_PATH}`, (res) =>
    res.on('data', (d: Buffer) => (received += d.toString())),
  );
  request.on('error', () => undefined);
  return {
    async until(text: string): Promise<void> {
      for (let i = 0; i < 200 && !received.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
      expect(received, 'the events sent').toContain(text);
    },
    close: () => request.destroy(),
  };
}

/** Resolves once the page has loaded again (after a reload the old document is gone). */
async function waitForReload(change: () => Promise<void>): Promise<void> {
  const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 20_000 });
  await change();
  await reloaded;
}

describe('studyguide preview', () => {
  it('serves on loopback only', () => {
    expect(server?.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${SLUG}/student/${SLUG}\\.html$`));
  });

  it('refuses any address that is not this computer', async () => {
    await expect(startPreview({ content, host: '0.0.0.0' })).rejects.toThrow(UsageError);
    await expect(startPreview({ content, host: '0.0.0.0' })).rejects.toThrow(
      'the preview serves on this computer only, not on "0.0.0.0"',
    );
  });

  it('shows the guide with the tool’s stylesheets and fonts', async () => {
    const response = await page.goto(server?.url ?? '', { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.$eval('h1', (h) => h.textContent)).toContain('Last Men in Aleppo');
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).toContain('Source Serif 4');
    expect(await page.evaluate(() => document.fonts.check('16px "Source Serif 4"'))).toBe(true);
  });

  it('reloads with the new text when the guide changes', async () => {
    const file = path.join(content, SLUG, 'guide.md');
    const text = await readFile(file, 'utf8');
    const marker = 'A sentence added while the preview was open.';
    expect(await page.content()).not.toContain(marker);
    await waitForReload(() => writeFile(file, text.replace(/\n---\n/, `\n---\n\n${marker}\n`)));
    expect(await page.evaluate(() => document.body.innerText)).toContain(marker);
  });

  it('serves the new text after each of three rename-saves in a row and a write after them, with a reload event each time (it went deaf after the first)', async () => {
    const file = path.join(content, SLUG, 'guide.md');
    const text = await readFile(file, 'utf8');
    const events = listenForEvents();
    try {
      for (const n of [1, 2, 3]) {
        const marker = `Rename-save number ${n} while the preview was open.`;
        const version = server?.version() ?? 0;
        // As vim, JetBrains IDEs and sync tools save: a temporary file renamed over guide.md.
        await waitForReload(async () => {
          await writeFile(`${file}.tmp`, text.replace(/\n---\n/, `\n---\n\n${marker}\n`));
          await rename(`${file}.tmp`, file);
        });
        await page.waitForFunction((m) => document.body.innerText.includes(m), { timeout: 20_000 }, marker);
        expect(server?.version()).toBeGreaterThan(version);
        await events.until(`event: reload\ndata: ${server?.version()}\n`);
      }
      // And an ordinary write after them, to the file that now has a new inode.
      const marker = 'Written in place after the rename-saves.';
      await waitForReload(() => writeFile(file, text.replace(/\n---\n/, `\n---\n\n${marker}\n`)));
      await page.waitForFunction((m) => document.body.innerText.includes(m), { timeout: 20_000 }, marker);
    } finally {
      events.close();
    }
  });

  it('reloads when a template changes', async () => {
    const file = path.join(templates, 'partials', 'toc.hbs');
    const text = await readFile(file, 'utf8');
    await waitForReload(() =>
      writeFile(file, text.replace('<h1 id="toc-heading">Contents</h1>', '<h1 id="toc-heading">In this guide</h1>')),
    );
    expect(await page.$eval('#toc-heading', (h) => h.textContent)).toBe('In this guide');
  });

  it('shows content errors in the page and recovers when they are fixed', async () => {
    const file = path.join(content, SLUG, 'guide.md');
    const text = await readFile(file, 'utf8');
    await waitForReload(() => writeFile(file, text.replace(/^title: .*$/m, 'title: ""')));
    expect(await page.$eval('h1', (h) => h.textContent)).toBe(`${SLUG} has 1 problem`);
    expect(await page.evaluate(() => document.body.innerText)).toContain('title');
    await waitForReload(() => writeFile(file, text));
    expect(await page.$eval('h1', (h) => h.textContent)).toContain('Last Men in Aleppo');
  });
});
