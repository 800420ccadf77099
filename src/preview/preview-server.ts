/**
 * `studyguide preview`: serve a guide's HTML on 127.0.0.1 with the same
 * renderer and the same tool assets as printing, and reload the page when a
 * file under the content or templates folder changes. The reload is a tiny
 * script, injected only here, that listens to Server-Sent Events.
 *
 *   /                                         the guides, with links to every document
 *   /<slug>/<variant>/<document>.html         a document (variant: student, teacher-large-print...); by slug,
 *                                             nested guides (content/year-9/<slug>) included
 *   /<slug>/<variant>/<file>                  an image of the guide's folder, as printing serves it
 *   /assets/...                               stylesheets and fonts (toolAsset)
 *   /__studyguide/events                      Server-Sent Events: "reload" after each change
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findGuides, guideFolder, type GuideRef } from '../content/find-guides.js';
import { loadGuide } from '../content/load-guide.js';
import { formatUserError, isUserError, UsageError } from '../errors.js';
import {
  DOCUMENTS,
  EDITIONS,
  documentFileName,
  variantFolder,
  type DocumentKind,
  type Paper,
  type RenderVariant,
} from '../options.js';
import { answer, ORIGIN, toolAsset } from '../pdf/asset-server.js';
import { renderDocumentHtml } from '../render/render-html.js';
import { DEFAULT_TEMPLATES_DIR, loadTemplates, type TemplateSet } from '../render/templates.js';
import { resolvePreviewOptions } from '../resolve-options.js';
import { allowedHosts, assetHeaders, pageHeaders, refuseRequest, requestPath } from './request-guard.js';
import { watchFolders, type Watcher } from './watch-files.js';

export const EVENTS_PATH = '/__studyguide/events';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface PreviewOptions {
  content?: string;
  /** The guide to open first, by slug or folder ("year-9/<slug>") (default: the index of all guides). */
  slug?: string;
  paper?: Paper;
  templatesDir?: string;
  /** 0 (default) lets the system pick a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  debounceMs?: number;
  /** Called after each change with the changed files. */
  onChange?: (files: string[]) => void;
  /** Called with a bug met while answering a request (the browser gets a plain 500). */
  onError?: (error: unknown) => void;
  /** Told when part of the folders cannot be watched (say, the system's limit of watched files). */
  onWatchError?: (message: string) => void;
}

export interface PreviewServer {
  /** The address to open: the guide's booklet when a slug was given, else the index. */
  url: string;
  origin: string;
  /** Goes up by one on every change. */
  version(): number;
  close(): Promise<void>;
}

/**
 * Screen-only touches for the preview: the print stylesheet sets margins through @page, which a
 * screen ignores, so the document is shown as a sheet on a grey desk; page numbers exist only in
 * print, so the table of contents hides its placeholders.
 */
const PREVIEW_STYLE = `<style media="screen">
html { background: #d9dcdf; }
body { box-sizing: border-box; max-width: 210mm; margin: 1.5rem auto; padding: 18mm 20mm; background: #fff; box-shadow: 0 1px 6px rgb(0 0 0 / 0.25); }
.toc-page { visibility: hidden; }
</style>`;

const RELOAD_JS = `
(() => {
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('reload', () => location.reload());
})();
`;
const RELOAD_SCRIPT = `<script>${RELOAD_JS}</script>`;
/** The only script a preview page may run is the reload script (allowed by its hash). */
const PAGE_HEADERS = pageHeaders([RELOAD_JS]);

export async function startPreview(input: PreviewOptions = {}): Promise<PreviewServer> {
  if (input.host !== undefined && !LOOPBACK.has(input.host)) {
    throw new UsageError(`the preview serves on this computer only, not on "${input.host}"`, {
      hint: 'leave --host out (127.0.0.1) or use ::1; to share a guide, build it and send the PDF.',
    });
  }
  const options = resolvePreviewOptions(input);
  const { content, host } = options;
  const templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  // The templates as they are now, read when a page first needs them and again after each change.
  let templates: TemplateSet | undefined;
  const currentTemplates = () => (templates ??= loadTemplates(templatesDir));
  // A usage error (no such guide) or a content error (no guides at all) now, not a 404 later.
  const [first] = await findGuides(content, options.slug ? [options.slug] : []);
  let version = 0;
  const clients = new Set<ServerResponse>();

  let hosts: ReadonlySet<string> = new Set();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug: the teacher's terminal gets the stack, the browser never does.
      options.onError?.(error);
      if (!res.headersSent)
        send(res, 500, 'text/plain; charset=utf-8', 'internal error: see the terminal running the preview');
      else res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const refusal = refuseRequest(req, hosts);
    if (refusal) return send(res, refusal.status, 'text/plain; charset=utf-8', refusal.message);
    const pathname = requestPath(req.url);
    if (pathname === undefined) return send(res, 400, 'text/plain; charset=utf-8', 'malformed address');
    if (pathname === EVENTS_PATH) return events(res);
    if (pathname === '/') return send(res, 200, 'text/html; charset=utf-8', await indexPage(content));
    if (pathname.startsWith('/assets/')) {
      const asset = await toolAsset(pathname, currentTemplates());
      return asset ? send(res, 200, asset.contentType, asset.body) : notFound(res);
    }
    const parts = /^\/([a-z0-9-]+)\/([a-z-]+)\/(.+)$/.exec(pathname);
    const ref = parts && (await findGuides(content).catch(() => [] as GuideRef[])).find((g) => g.slug === parts[1]);
    if (!parts || !ref) return notFound(res);
    const variant = parseVariant(parts[2] ?? '', options.paper);
    const document = DOCUMENTS.find((d) => `${documentFileName(d, ref.slug)}.html` === parts[3]);
    if (variant && document)
      return send(res, 200, 'text/html; charset=utf-8', await documentPage(ref, document, variant));
    // Images beside the guide: the same rules as printing (inside the guide folder, image types only).
    const image = await answer(`${ORIGIN}/guide/${encodeURI(parts[3] ?? '')}`, { html: '', guideDir: ref.dir });
    return image ? send(res, 200, image.contentType, image.body) : notFound(res);
  };

  const documentPage = async (ref: GuideRef, document: DocumentKind, variant: RenderVariant) => {
    try {
      const result = await loadGuide(ref);
      if (!result.guide)
        return errorPage(
          ref.slug,
          result.errors.map((e) => formatUserError(e)),
        );
      const html = renderDocumentHtml(result.guide, document, variant, { templates: currentTemplates() }).html;
      return injectReload(html);
    } catch (error) {
      if (isUserError(error)) return errorPage(ref.slug, [formatUserError(error)]);
      throw error;
    }
  };

  const events = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', ...assetHeaders(), connection: 'keep-alive' });
    res.write(`retry: 500\nevent: hello\ndata: ${version}\n\n`);
    clients.add(res);
    res.on('close', () => clients.delete(res));
  };

  // Watching before the server answers: a save made once the page is open is seen.
  const watcher: Watcher = await watchFolders(
    [content, templatesDir],
    (files) => {
      templates = undefined;
      version++;
      for (const client of clients) client.write(`event: reload\ndata: ${version}\n\n`);
      options.onChange?.(files);
    },
    { debounceMs: options.debounceMs ?? 100, onError: options.onWatchError },
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  }).catch(async (cause: unknown) => {
    await watcher.close();
    throw new UsageError(`could not serve the preview on ${host}:${options.port}`, {
      hint: 'pick another --port, or leave it out to use a free one.',
      cause,
    });
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(port);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    url: options.slug && first ? `${origin}/${first.slug}/student/${first.slug}.html` : `${origin}/`,
    version: () => version,
    async close() {
      await watcher.close();
      for (const client of clients) client.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseVariant(folder: string, paper: Paper): RenderVariant | undefined {
  for (const edition of EDITIONS) {
    for (const largePrint of [false, true]) {
      if (variantFolder({ edition, largePrint }) === folder) return { edition, paper, largePrint };
    }
  }
  return undefined;
}

function injectReload(html: string): string {
  const head = html.indexOf('</head>');
  const styled = head === -1 ? html : html.slice(0, head) + PREVIEW_STYLE + html.slice(head);
  const at = styled.lastIndexOf('</body>');
  return at === -1 ? styled + RELOAD_SCRIPT : styled.slice(0, at) + RELOAD_SCRIPT + styled.slice(at);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function errorPage(slug: string, messages: string[]): string {
  const items = messages.map((m) => `<pre>${escapeHtml(m)}</pre>`).join('\n');
  return injectReload(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(slug)}: errors</title></head>` +
      `<body><h1>${escapeHtml(slug)} has ${messages.length} problem${messages.length === 1 ? '' : 's'}</h1>\n${items}\n` +
      '<p>Fix the file and save: this page reloads by itself.</p></body></html>',
  );
}

async function indexPage(content: string): Promise<string> {
  let refs: GuideRef[];
  try {
    refs = await findGuides(content);
  } catch (error) {
    // The guides were moved or deleted while previewing: say so, and reload once they are back.
    if (isUserError(error)) return errorPage(content, [formatUserError(error)]);
    throw error;
  }
  const variants = EDITIONS.flatMap((edition) =>
    [false, true].map((largePrint) => variantFolder({ edition, largePrint })),
  );
  const rows = refs
    .map((ref) => {
      const links = variants
        .map(
          (v) =>
            `${v}: ${DOCUMENTS.map((d) => `<a href="/${ref.slug}/${v}/${documentFileName(d, ref.slug)}.html">${d}</a>`).join(' · ')}`,
        )
        .join('<br>');
      return `<li><strong>${escapeHtml(guideFolder(ref))}</strong><br>${links}</li>`;
    })
    .join('\n');
  return injectReload(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>studyguide preview</title></head>` +
      `<body style="font: 16px/1.6 system-ui, sans-serif"><h1>Guides in ${escapeHtml(content)}</h1><ul>\n${rows}\n</ul></body></html>`,
  );
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  const headers = type.startsWith('text/html') ? PAGE_HEADERS : assetHeaders();
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}

function notFound(res: ServerResponse): void {
  send(res, 404, 'text/plain; charset=utf-8', 'not found');
}
