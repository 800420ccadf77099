/**
 * --browser-ws-endpoint: print with a Chromium that somebody else started (a
 * browser fleet, browserless). The build connects, prints, and only
 * disconnects: the browser is still running afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { findChrome } from '../../src/pdf/find-chrome.js';
import { pdfText } from '../helpers/pdf.js';
import { runCli } from '../helpers/cli.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';

let work: string;
let chrome: ChildProcess | undefined;
let endpoint: string;

/** Start Chromium on loopback with a DevTools port the OS picks; resolve with its ws:// URL. */
function startChromium(userDataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const executable = findChrome().path;
  if (!executable) throw new Error('no Chromium to start for the remote-browser test');
  const child = spawn(
    executable,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--user-data-dir=${userDataDir}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address:\n${seen}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const url = /DevTools listening on (ws:\/\/\S+)/.exec(seen)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, endpoint: url });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before listening:\n${seen}`));
    });
  });
}

function isAlive(child: ChildProcess | undefined): boolean {
  if (!child?.pid || child.exitCode !== null) return false;
  try {
    process.kill(child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  work = await tempDir();
  const started = await startChromium(path.join(work, 'profile'));
  chrome = started.child;
  endpoint = started.endpoint;
});

afterAll(async () => {
  try {
    if (chrome && isAlive(chrome)) {
      const exited = new Promise((resolve) => chrome?.once('exit', resolve));
      chrome.kill('SIGKILL');
      await exited;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

describe('a remote browser', () => {
  it('listens on loopback only', () => {
    expect(endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/devtools\/browser\//);
  });

  it('builds a guide through --browser-ws-endpoint and leaves the browser running', async () => {
    const out = path.join(work, 'out-flag');
    const { code, stderr } = await runCli([
      'build',
      SLUG,
      '--content',
      CONTENT,
      '--out',
      out,
      '--edition',
      'student',
      '--browser-ws-endpoint',
      endpoint,
    ]);
    expect(stderr).toContain('1 built, 0 up to date, 0 failed');
    expect(code).toBe(0);
    const booklet = path.join(out, SLUG, 'student', `${SLUG}.pdf`);
    expect(existsSync(booklet)).toBe(true);
    expect(await pdfText(booklet)).toContain('Discussion questions');

    // Still alive and still answering: the pool disconnected, it did not close the browser.
    expect(isAlive(chrome)).toBe(true);
    const again = await puppeteer.connect({ browserWSEndpoint: endpoint });
    try {
      expect(again.connected).toBe(true);
      expect(await again.version()).toMatch(/Chrom/);
      // The pool closed the pages it opened.
      expect((await again.pages()).map((p) => p.url())).not.toContain('http://studyguide.invalid/guide/document.html');
    } finally {
      await again.disconnect();
    }
  });

  it('reads STUDYGUIDE_BROWSER_WS_ENDPOINT when the flag is absent', async () => {
    const out = path.join(work, 'out-env');
    const saved = process.env.STUDYGUIDE_BROWSER_WS_ENDPOINT;
    process.env.STUDYGUIDE_BROWSER_WS_ENDPOINT = endpoint;
    try {
      const { code } = await runCli(['build', SLUG, '--content', CONTENT, '--out', out, '--edition', 'teacher']);
      expect(code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.STUDYGUIDE_BROWSER_WS_ENDPOINT;
      else process.env.STUDYGUIDE_BROWSER_WS_ENDPOINT = saved;
    }
    expect(existsSync(path.join(out, SLUG, 'teacher', 'synopsis.pdf'))).toBe(true);
    expect(isAlive(chrome)).toBe(true);
  });

  it('says where it tried to connect when nothing listens there', async () => {
    const dead = endpoint.replace(/:\d+\//, ':9/');
    const result = await build({
      content: CONTENT,
      out: path.join(work, 'out-dead'),
      slugs: [SLUG],
      editions: ['student'],
      documents: ['synopsis'],
      browserWSEndpoint: dead,
      cache: false,
    });
    expect(result.failed).toBe(1);
    expect(result.guides[0]?.errors[0]?.message).toBe(
      `could not connect to the browser at ${dead}: it refused the connection (is the browser running, on that port?) (synopsis, student)`,
    );
  });
});
