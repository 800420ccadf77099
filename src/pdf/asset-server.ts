/**
 * The printing page is loaded from an origin that does not exist
 * (http://studyguide.invalid/) and every request it makes is intercepted and
 * answered from memory: the document, the tool's stylesheets and fonts, and
 * images inside the guide's own folder. Anything else (the network, other
 * file:// paths, other origins) is refused, so hostile content can neither
 * read local files into a PDF nor call home.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { FONT_STACKS, fontFaceCss, fontFaces } from '../render/fonts.js';
import type { TemplateSet } from '../render/templates.js';

export const ORIGIN = 'http://studyguide.invalid';
export const DOCUMENT_PATH = '/guide/document.html';

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

export interface PageAssets {
  html: string;
  /** The guide folder: images inside it may be shown. */
  guideDir: string;
  /** The build's templates (stylesheets are read from them); without them, only fonts are served. */
  templates?: TemplateSet;
}

interface Response {
  status: number;
  contentType: string;
  body: Buffer | string;
}

const fontCache = new Map<string, Buffer>();

/** A tool asset by URL path (stylesheets and fonts), or undefined. Shared by printing and HTML output. */
export async function toolAsset(urlPath: string, templates?: TemplateSet): Promise<Response | undefined> {
  if (urlPath === '/assets/fonts-regular.css') return css(fontFaceCss(FONT_STACKS.regular));
  if (urlPath === '/assets/fonts-large-print.css') return css(fontFaceCss(FONT_STACKS.largePrint));
  const style = /^\/assets\/styles\/([a-z0-9-]+\.css)$/.exec(urlPath)?.[1];
  if (style) return templates ? css(templates.style(style)) : undefined;
  const face = fontFaces().find((f) => f.url === urlPath);
  if (face) {
    let body = fontCache.get(face.file);
    if (!body) {
      body = await readFile(face.file);
      fontCache.set(face.file, body);
    }
    return { status: 200, contentType: 'font/woff2', body };
  }
  return undefined;
}

function css(body: string): Response {
  return { status: 200, contentType: 'text/css; charset=utf-8', body };
}

async function guideImage(urlPath: string, guideDir: string): Promise<Response | undefined> {
  if (!urlPath.startsWith('/guide/')) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.slice('/guide/'.length));
  } catch {
    return undefined;
  }
  const type = IMAGE_TYPES[path.extname(relative).toLowerCase()];
  if (!type || relative.includes('\0')) return undefined;
  try {
    const root = await realpath(guideDir);
    const file = await realpath(path.resolve(root, relative));
    if (!file.startsWith(root + path.sep)) return undefined;
    return { status: 200, contentType: type, body: await readFile(file) };
  } catch {
    return undefined;
  }
}

export async function answer(url: string, assets: PageAssets): Promise<Response | undefined> {
  if (url.startsWith('data:')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.origin !== ORIGIN) return undefined;
  if (parsed.pathname === DOCUMENT_PATH)
    return { status: 200, contentType: 'text/html; charset=utf-8', body: assets.html };
  return (await toolAsset(parsed.pathname, assets.templates)) ?? (await guideImage(parsed.pathname, assets.guideDir));
}

export interface InterceptionLog {
  refused: string[];
}

/** Serve one document to a page. Returns the handler so it can be removed afterwards. */
export function interceptRequests(
  page: Page,
  assets: PageAssets,
  log: InterceptionLog,
): (request: HTTPRequest) => void {
  const handler = (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith('data:')) {
      void request.continue().catch(() => undefined);
      return;
    }
    answer(url, assets)
      .then((response) => {
        // Font files never change under a URL (it names the fontsource file): Chromium may keep them in
        // its memory cache across documents printed on the same page. Everything else is asked for anew.
        const cache = response?.contentType === 'font/woff2' ? 'public, max-age=31536000, immutable' : 'no-store';
        if (response) return request.respond({ ...response, headers: { 'cache-control': cache } });
        log.refused.push(url.length > 200 ? `${url.slice(0, 200)}...` : url);
        return request.abort('blockedbyclient');
      })
      .catch(() => undefined);
  };
  page.on('request', handler);
  return handler;
}
