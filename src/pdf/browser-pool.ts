/**
 * One browser per run, launched lazily, shared through a bounded pool of
 * reusable pages. A page is always returned or closed; a browser that dies is
 * replaced and the work that was on it is retried.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { BrowserError, RenderError } from '../errors.js';
import { browserIdentity, locateBrowser } from './find-chrome.js';
import { trackLaunchedBrowser } from './launched-browsers.js';

export interface BrowserPoolOptions {
  /** Pages printing at once. */
  concurrency: number;
  /** Connect to this DevTools WebSocket instead of launching a browser. */
  browserWSEndpoint?: string;
  executablePath?: string;
  /** Milliseconds for one page to load and print. */
  timeoutMs?: number;
  /** Attempts for a job whose browser died under it. */
  attempts?: number;
}

/** Flags for a quiet, offline, reproducible headless Chromium. */
export const CHROME_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--font-render-hinting=none',
  '--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication',
  // Nothing this tool prints needs a name server; refuse every lookup as a second line of defence.
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

class Semaphore {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

export { killLaunchedBrowsers } from './launched-browsers.js';

export function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown })?.name === 'TimeoutError';
}

/** The page left the document while printing (a template with a meta refresh, say). */
export function isNavigatedAway(error: unknown): boolean {
  return /Execution context was destroyed/i.test(String((error as { message?: unknown })?.message ?? error));
}

function navigatedAwayError(cause: unknown): RenderError {
  return new RenderError('the page navigated away from the document while printing', {
    hint: 'templates must not navigate: remove any <meta http-equiv="refresh"> (nothing outside the document is ever loaded).',
    cause,
  });
}

export function isBrowserGone(error: unknown): boolean {
  const message = String((error as { message?: unknown })?.message ?? error);
  return /Target closed|Session closed|Connection closed|Protocol error|browser has disconnected|Browser closed|detached|crashed|Navigating frame was detached|ECONNRESET|WebSocket is not open/i.test(
    message,
  );
}

export class BrowserPool {
  private browser: Promise<Browser> | undefined;
  private idle: Page[] = [];
  private readonly slots: Semaphore;
  private closed = false;
  /** How many browsers were started or connected (more than 1 means one was replaced). */
  launches = 0;

  constructor(readonly options: BrowserPoolOptions) {
    this.slots = new Semaphore(Math.max(1, options.concurrency));
  }

  /** What identifies this pool's browser, found without starting it (the build cache keys on it). */
  get identity(): string {
    return browserIdentity(this.options);
  }

  get timeoutMs(): number {
    return this.options.timeoutMs ?? 60_000;
  }

  /** For each DevTools call: generous, so that a short --timeout bounds printing, not starting the browser. */
  private get protocolTimeoutMs(): number {
    return Math.max(30_000, this.timeoutMs * 2);
  }

  /** Run `work` on a pooled page; retried on a fresh browser if the browser dies under it. */
  async withPage<T>(work: (page: Page) => Promise<T>): Promise<T> {
    const attempts = this.options.attempts ?? 3;
    await this.slots.acquire();
    try {
      for (let attempt = 1; ; attempt++) {
        let page: Page | undefined;
        try {
          page = await this.takePage();
          const result = await work(page);
          this.idle.push(page);
          page = undefined;
          return result;
        } catch (error) {
          if (page) await page.close().catch(() => undefined);
          if (isTimeout(error)) throw this.timeoutError(error);
          if (isNavigatedAway(error)) throw navigatedAwayError(error);
          if (this.closed || attempt >= attempts || !isBrowserGone(error)) throw error;
          await this.discardIfDead();
        }
      }
    } finally {
      this.slots.release();
    }
  }

  private timeoutError(cause: unknown): RenderError {
    const seconds = this.timeoutMs / 1000;
    return new RenderError(`the document did not print within the ${seconds} s timeout`, {
      hint: 'raise --timeout (seconds), or make the guide smaller (split very long sources or lists).',
      cause,
    });
  }

  private async takePage(): Promise<Page> {
    const browser = await this.getBrowser();
    for (let page = this.idle.pop(); page; page = this.idle.pop()) {
      if (!page.isClosed()) return page;
    }
    const page = await browser.newPage();
    page.setDefaultTimeout(this.timeoutMs);
    page.setDefaultNavigationTimeout(this.timeoutMs);
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    return page;
  }

  private async getBrowser(): Promise<Browser> {
    if (this.closed) throw new BrowserError('the browser pool is closed');
    this.browser ??= this.start();
    const browser = await this.browser;
    if (!browser.connected) {
      this.browser = undefined;
      this.idle = [];
      return this.getBrowser();
    }
    return browser;
  }

  private async start(): Promise<Browser> {
    this.launches++;
    let browser: Browser;
    try {
      browser = await (this.options.browserWSEndpoint ? this.connect(this.options.browserWSEndpoint) : this.launch());
    } catch (error) {
      this.browser = undefined;
      throw error;
    }
    browser.on('disconnected', () => {
      this.idle = [];
    });
    const child = browser.process();
    if (child) trackLaunchedBrowser(child);
    return browser;
  }

  private async connect(endpoint: string): Promise<Browser> {
    try {
      return await puppeteer.connect({ browserWSEndpoint: endpoint, protocolTimeout: this.protocolTimeoutMs });
    } catch (cause) {
      throw new BrowserError(`could not connect to the browser at ${endpoint}`, {
        hint: 'check that the browser is running and that the address (ws://host:port/devtools/browser/...) is right.',
        cause,
      });
    }
  }

  private async launch(): Promise<Browser> {
    const choice = locateBrowser({ executablePath: this.options.executablePath });
    if (choice.kind !== 'local') throw new BrowserError('no browser to launch');
    const lookup = { path: choice.path };
    const args = [...CHROME_ARGS];
    if (process.getuid?.() === 0 || process.env.STUDYGUIDE_NO_SANDBOX === '1') args.push('--no-sandbox');
    try {
      return await puppeteer.launch({
        executablePath: lookup.path,
        headless: true,
        args,
        // Talk over a pipe, not a WebSocket: when this process dies, even by SIGKILL, the pipe
        // closes and Chromium exits instead of living on as an orphan.
        pipe: true,
        protocolTimeout: this.protocolTimeoutMs,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (cause) {
      throw new BrowserError(`the browser at ${lookup.path} did not start`, {
        hint: `check that it runs ("${lookup.path}" --version), or name another with STUDYGUIDE_CHROME; "studyguide doctor" tries it. On Linux as root it needs --no-sandbox, which studyguide adds (STUDYGUIDE_NO_SANDBOX=1 adds it for any user).`,
        cause,
      });
    }
  }

  private async discardIfDead(): Promise<void> {
    const current = this.browser;
    if (!current) return;
    const browser = await current.catch(() => undefined);
    if (browser?.connected) return;
    if (this.browser === current) {
      this.browser = undefined;
      this.idle = [];
    }
  }

  /** The browser's process id, when this pool launched it (for tests and the benchmark). */
  async browserPid(): Promise<number | undefined> {
    const browser = await this.browser?.catch(() => undefined);
    return browser?.process()?.pid ?? undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pages = this.idle;
    this.idle = [];
    const current = this.browser;
    this.browser = undefined;
    const browser = await current?.catch(() => undefined);
    if (!browser) return;
    if (this.options.browserWSEndpoint) {
      await Promise.all(pages.map((p) => p.close().catch(() => undefined)));
      await browser.disconnect().catch(() => undefined);
    } else {
      await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
    }
  }
}
