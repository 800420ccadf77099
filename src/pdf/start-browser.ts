/**
 * Starting a browser, or connecting to one, within a time limit. A browser that never comes up is
 * killed (with its process group) and its profile folder removed; an endpoint that never answers
 * is let go, its socket closed. Either ends in a BrowserError that names the browser, never in a
 * hang and never with a process or a socket left behind to keep studyguide from exiting.
 */
import { randomBytes } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import type { Socket } from 'node:net';
import https from 'node:https';
import puppeteer, { type Browser, type ConnectionTransport } from 'puppeteer-core';
import { NodeWebSocketTransport } from 'puppeteer-core/internal/node/NodeWebSocketTransport.js';
import { BrowserError } from '../errors.js';
import { makeProfileDir, removeProfileDir, sweepStaleProfilesOnce } from './browser-profiles.js';
import { trackLaunchedBrowser } from './launched-browsers.js';

/** Seconds a browser gets to start or a remote one to answer, unless STUDYGUIDE_BROWSER_START_TIMEOUT says otherwise. */
export const DEFAULT_START_TIMEOUT_MS = 30_000;

export function startTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.STUDYGUIDE_BROWSER_START_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_START_TIMEOUT_MS;
}

export interface StartOptions {
  /** Milliseconds to start (or connect) and answer a first request. */
  timeoutMs: number;
  /** Milliseconds for each DevTools call once started. */
  protocolTimeoutMs: number;
  /** Aborted when the pool closes: a start under way is given up at once. */
  signal?: AbortSignal;
}

class StartTimeout extends Error {}

/** `work`, or a rejection once `timeoutMs` passes or `signal` aborts (then `onGiveUp` runs). */
async function within<T>(
  work: Promise<T>,
  options: Pick<StartOptions, 'timeoutMs' | 'signal'>,
  onGiveUp: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    const stop = (reason: Error) => {
      onGiveUp();
      reject(reason);
    };
    timer = setTimeout(() => stop(new StartTimeout()), options.timeoutMs);
    onAbort = () => stop(new BrowserError('the browser pool was closed while the browser was starting'));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

const START_HINT = (file: string) =>
  `check that it runs ("${file}" --version), or name another with STUDYGUIDE_CHROME; "studyguide doctor" tries it. On Linux as root it needs --no-sandbox, which studyguide adds (STUDYGUIDE_NO_SANDBOX=1 adds it for any user).`;

export interface LaunchOptions extends StartOptions {
  executablePath: string;
  args: string[];
}

/** Launch a local browser with a profile folder of our own (see browser-profiles.ts). */
export async function launchBrowser(options: LaunchOptions): Promise<Browser> {
  await sweepStaleProfilesOnce();
  const profileDir = await makeProfileDir();
  // Aborting this kills the browser process group (puppeteer's launch honours the signal).
  const kill = new AbortController();
  const launching = puppeteer.launch({
    executablePath: options.executablePath,
    headless: true,
    args: options.args,
    userDataDir: profileDir,
    // Talk over a pipe, not a WebSocket: when this process dies, even by SIGKILL, the pipe
    // closes and Chromium exits instead of living on as an orphan.
    pipe: true,
    timeout: options.timeoutMs,
    protocolTimeout: options.protocolTimeoutMs,
    signal: kill.signal,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  let browser: Browser;
  try {
    browser = await within(launching, options, () => kill.abort());
  } catch (cause) {
    const timedOut = cause instanceof StartTimeout;
    kill.abort();
    // A launch that still succeeds after we gave up is closed at once.
    void launching.then((late) => late.close()).catch(() => undefined);
    void removeProfileDir(profileDir);
    if (cause instanceof BrowserError) throw cause;
    const file = options.executablePath;
    if (timedOut) {
      throw new BrowserError(
        `the browser at ${file} did not start within ${seconds(options.timeoutMs)}; it was stopped`,
        {
          hint: `${START_HINT(file)} A slow machine may need more time: STUDYGUIDE_BROWSER_START_TIMEOUT=<seconds>.`,
        },
      );
    }
    const exited = /Target closed|Connection closed/i.test(String((cause as Error)?.message));
    throw new BrowserError(`the browser at ${file} did not start${exited ? ': it exited as soon as it started' : ''}`, {
      hint: START_HINT(file),
      cause,
    });
  }
  const child = browser.process();
  if (child) trackLaunchedBrowser(child, profileDir);
  else void removeProfileDir(profileDir);
  return browser;
}

const CONNECT_HINT =
  'check that the browser is running, that the address is the one it printed (ws://HOST:PORT/devtools/browser/ID, from "DevTools listening on ..." or http://HOST:PORT/json/version), and that nothing between blocks it; or leave --browser-ws-endpoint out to let studyguide start a browser.';

/** Connect to a running browser's DevTools WebSocket: the handshake and the first exchange are bounded. */
export async function connectBrowser(endpoint: string, options: StartOptions): Promise<Browser> {
  const fail = (what: string, cause?: unknown) =>
    new BrowserError(`could not connect to the browser at ${endpoint}: ${what}`, { hint: CONNECT_HINT, cause });
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw fail('it is not a ws:// address', cause);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw fail('it is not a ws:// or wss:// address');
  // Puppeteer's WebSocket has no handshake timeout: an endpoint that accepts the connection and
  // never answers would hold it (and this process) forever. Ask once ourselves, bounded.
  await probeHandshake(url, options, fail);
  let transport: ConnectionTransport | undefined;
  // Puppeteer's transport closes politely, waiting up to 30 s for the other side's close frame: a
  // mute endpoint would keep this process alive that long. Its sockets are destroyed instead.
  const sockets = socketsOpenedBy(() => NodeWebSocketTransport.create(endpoint));
  const opening = sockets.result;
  const giveUp = () => {
    transport?.close();
    void opening.then((late) => late.close()).catch(() => undefined);
    sockets.destroy(url);
  };
  try {
    transport = await within(opening, options, giveUp);
    const connected = transport;
    return await within(
      puppeteer.connect({ transport: connected, protocolTimeout: options.protocolTimeoutMs }),
      options,
      giveUp,
    );
  } catch (cause) {
    giveUp();
    if (cause instanceof BrowserError) throw cause;
    if (cause instanceof StartTimeout) throw fail(`it did not answer within ${seconds(options.timeoutMs)}`);
    throw fail(describeSocketError(cause), cause);
  }
}

/** Run `open`, noting the client sockets it creates synchronously (Node's net.client.socket channel). */
function socketsOpenedBy<T>(open: () => Promise<T>): { result: Promise<T>; destroy: (url: URL) => void } {
  const seen: Socket[] = [];
  const note = (message: unknown) => {
    const socket = (message as { socket?: Socket }).socket;
    if (socket) seen.push(socket);
  };
  diagnostics.subscribe('net.client.socket', note);
  let result: Promise<T>;
  try {
    result = open();
  } finally {
    diagnostics.unsubscribe('net.client.socket', note);
  }
  return {
    result,
    destroy: (url) => {
      const wanted = Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
      for (const socket of seen) if (socket.remotePort === undefined || socket.remotePort === wanted) socket.destroy();
    },
  };
}

function describeSocketError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ECONNREFUSED') return 'it refused the connection (is the browser running, on that port?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its host name is not known';
  if (code === 'ECONNRESET' || /socket hang up|closed/i.test(String((error as Error)?.message)))
    return 'it closed the connection without answering';
  if (typeof code === 'string' && code.startsWith('HPE_')) return 'it answered with something that is not HTTP';
  return `it did not open a DevTools WebSocket (${String((error as Error)?.message ?? error)})`;
}

/** One WebSocket opening handshake, within the time limit; nothing is kept open afterwards. */
function probeHandshake(
  url: URL,
  options: StartOptions,
  fail: (what: string, cause?: unknown) => BrowserError,
): Promise<void> {
  const client = url.protocol === 'wss:' ? https : http;
  return new Promise<void>((resolve, reject) => {
    const request = client.request({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (url.protocol === 'wss:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
      signal: options.signal,
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(fail(`it did not answer within ${seconds(options.timeoutMs)}`));
    }, options.timeoutMs);
    const settle = (error?: BrowserError) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      settle(response.statusCode === 101 ? undefined : fail(`it answered HTTP ${response.statusCode}`));
    });
    request.on('response', (response) => {
      response.resume();
      request.destroy();
      settle(
        fail(
          `it answered HTTP ${response.statusCode} instead of opening a WebSocket (is the path /devtools/browser/ID right?)`,
        ),
      );
    });
    request.on('error', (error) => settle(fail(describeSocketError(error), error)));
    request.end();
  });
}
