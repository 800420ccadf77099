/**
 * One browser per run, launched lazily, shared through a bounded pool of
 * reusable pages. A page is always returned or closed; a browser that dies is
 * replaced and the work that was on it is retried.
 */
import type { Browser, Page } from 'puppeteer-core';
import { BrowserError, RenderError } from '../errors.js';
import { browserIdentity, findChrome, locateBrowser } from './find-chrome.js';
import { killBrowserProcess } from './launched-browsers.js';
import { connectBrowser, launchBrowser, startTimeoutFromEnv, type StartOptions } from './start-browser.js';

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
  /** Milliseconds to start the browser or connect to it (default 30 s, or STUDYGUIDE_BROWSER_START_TIMEOUT seconds). */
  startTimeoutMs?: number;
  /** Browser deaths in a row (no document printed between them) the pool survives; after that every print fails at once (default: attempts). */
  crashLimit?: number;
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

/** Milliseconds a browser gets to exit once asked to close. */
const CLOSE_GRACE_MS = 5_000;

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
  /** How many of them died (or went away) while the pool was open. */
  crashes = 0;
  /** Deaths since a document last printed: a browser that keeps dying is given up on, one that died once an hour is not. */
  private crashesInARow = 0;
  /** Aborted by close(): a browser still starting is given up (and killed). */
  private readonly closing = new AbortController();

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

  get startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? startTimeoutFromEnv();
  }

  private get crashLimit(): number {
    return this.options.crashLimit ?? this.options.attempts ?? 3;
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
          this.crashesInARow = 0;
          this.idle.push(page);
          page = undefined;
          return result;
        } catch (error) {
          if (page) await page.close().catch(() => undefined);
          if (isTimeout(error)) throw this.timeoutError(error);
          if (isNavigatedAway(error)) throw navigatedAwayError(error);
          // Our own (a browser that did not start, or the crash limit reached): already says it all.
          if (error instanceof BrowserError) throw error;
          if (this.closed || !isBrowserGone(error)) throw error;
          await this.discardIfDead();
          if (attempt >= attempts || this.crashesInARow >= this.crashLimit) throw this.crashedError(error, attempt);
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
    // Past the limit, the documents still waiting fail at once instead of starting browser after browser.
    if (this.crashesInARow >= this.crashLimit) throw this.crashedError(undefined, 0);
    this.browser ??= this.start();
    const current = this.browser;
    const browser = await current;
    if (!browser.connected) {
      // It died between two documents.
      if (this.browser === current) this.forget(browser);
      return this.getBrowser();
    }
    return browser;
  }

  private async start(): Promise<Browser> {
    this.launches++;
    let browser: Browser;
    try {
      const { browserWSEndpoint } = this.options;
      const start = {
        timeoutMs: this.startTimeoutMs,
        protocolTimeoutMs: this.protocolTimeoutMs,
        signal: this.closing.signal,
      };
      browser = await (browserWSEndpoint ? connectBrowser(browserWSEndpoint, start) : this.launch(start));
    } catch (error) {
      this.browser = undefined;
      throw error;
    }
    browser.on('disconnected', () => {
      this.idle = [];
    });
    return browser;
  }

  private launch(start: StartOptions): Promise<Browser> {
    const choice = locateBrowser({ executablePath: this.options.executablePath });
    if (choice.kind !== 'local') throw new BrowserError('no browser to launch');
    const args = [...CHROME_ARGS];
    if (process.getuid?.() === 0 || process.env.STUDYGUIDE_NO_SANDBOX === '1') args.push('--no-sandbox');
    return launchBrowser({ ...start, executablePath: choice.path, args });
  }

  /** The browser died under the document being printed once too often: a message, not a stack. */
  private crashedError(cause: unknown, attempts: number): BrowserError {
    const n = Math.max(this.crashesInARow, attempts);
    const times = n === 1 ? 'once' : `${n} times in a row`;
    const endpoint = this.options.browserWSEndpoint;
    if (endpoint) {
      return new BrowserError(`the browser at ${endpoint} went away ${times}; this document was not printed`, {
        hint: 'check that the browser keeps running and has memory to spare; print fewer pages at once (--concurrency 1); "studyguide doctor --browser-ws-endpoint ..." tries the connection.',
        cause,
      });
    }
    const file = findChrome({ executablePath: this.options.executablePath }).path;
    const which = file ? ` at ${file}` : '';
    return new BrowserError(`the browser${which} crashed ${times}; this document was not printed`, {
      hint: 'try another browser (STUDYGUIDE_CHROME=/path/to/chrome), print fewer pages at once (--concurrency 1), or free some memory (a browser short of memory is killed); "studyguide doctor" checks that the browser starts.',
      cause,
    });
  }

  private async discardIfDead(): Promise<void> {
    const current = this.browser;
    if (!current) return;
    const browser = await current.catch(() => undefined);
    if (browser?.connected) return;
    if (this.browser === current) this.forget(browser);
  }

  /** Drop the current browser; one that had started and is gone now crashed (or was killed, or went away). */
  private forget(dead: Browser | undefined): void {
    this.browser = undefined;
    this.idle = [];
    if (dead && !this.closed) {
      this.crashes++;
      this.crashesInARow++;
    }
  }

  /** The browser's process id, when this pool launched it (for tests and the benchmark). */
  async browserPid(): Promise<number | undefined> {
    const browser = await this.browser?.catch(() => undefined);
    return browser?.process()?.pid ?? undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    const pages = this.idle;
    this.idle = [];
    const current = this.browser;
    this.browser = undefined;
    const browser = await current?.catch(() => undefined);
    if (!browser) return;
    const child = browser.process();
    const closing = this.options.browserWSEndpoint
      ? Promise.all(pages.map((p) => p.close().catch(() => undefined))).then(() => browser.disconnect())
      : browser.close();
    // A browser that takes the request to close and then does not exit (or a pipe nobody reads) must
    // not hold the build: after a grace period it is killed with its process group.
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      closing.then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (!closed && child) killBrowserProcess(child);
  }
}
