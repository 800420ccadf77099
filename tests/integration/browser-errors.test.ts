/**
 * A browser that is missing or misnamed is one error for the whole build, said once, before
 * anything prints, with what to install; and a build with nothing to print needs no browser.
 * Real CLI runs in child processes, with an environment that hides or misnames the browser.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { BrowserError } from '../../src/errors.js';
import { findChrome, locateBrowser } from '../../src/pdf/find-chrome.js';
import { writeGuide } from '../hardening/guide-kit.js';
import { BIN, filesUnder } from '../hardening/process-kit.js';
import { noBrowserEnv as noBrowser, tempDir } from '../helpers/paths.js';

let work: string;
let content: string;
const SLUGS = ['one', 'two', 'three', 'four', 'five', 'six'];

beforeAll(async () => {
  work = await tempDir('studyguide-browser-errors-');
  content = path.join(work, 'content');
  for (const slug of SLUGS) await writeGuide(content, slug, { title: `Guide ${slug}` });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The environment of a machine with no browser (see tests/helpers/paths.ts). */
function noBrowserEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return noBrowser(path.join(work, 'no-puppeteer-cache'), extra);
}

/** The CLI in a child process (asynchronously: a browser this test holds must keep being served). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const errorLines = (text: string) => text.split('\n').filter((line) => /(^|: )error: /.test(line));

describe('no browser', () => {
  it('is one error for a six-guide build, not two per guide, and says what to install', async () => {
    const out = path.join(work, 'out-none');
    const run = await cli(['build', '--content', content, '--out', out], noBrowserEnv({ GITHUB_ACTIONS: 'true' }));
    expect(run.code, run.stderr).toBe(1);
    expect(errorLines(run.stderr)).toEqual(['error: no Chrome or Chromium was found to print with']);
    expect(run.stderr).not.toContain('guide.md');
    // One annotation for the one error, and none blamed on a guide.
    expect(run.stderr.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
      expect.stringMatching(
        /^::error title=studyguide%3A browser error::no Chrome or Chromium was found to print with/,
      ),
    ]);
    if (process.platform === 'linux') {
      expect(run.stderr).toContain('Debian/Ubuntu: sudo apt-get install chromium');
      expect(run.stderr).toContain('Fedora: sudo dnf install chromium');
    }
    expect(run.stderr).toContain('npx @puppeteer/browsers install chrome-headless-shell@stable');
    expect(run.stderr).toContain('STUDYGUIDE_CHROME');
    expect(run.stderr).toContain('--browser-ws-endpoint');
    // Nothing started printing: no PDF and no progress line for any guide.
    expect((await filesUnder(out)).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    expect(run.stderr).not.toMatch(/[✓✗]|failed/);
  });

  it('does not stop an HTML-only build, which prints nothing', async () => {
    const out = path.join(work, 'out-html');
    const run = await cli(['build', 'one', '--content', content, '--out', out, '--format', 'html'], noBrowserEnv());
    expect(run.code, run.stderr).toBe(0);
    expect((await filesUnder(out)).some((f) => f.endsWith('.html'))).toBe(true);
  });

  it('does not stop `check`, which prints nothing', async () => {
    const run = await cli(['check', '--content', content], noBrowserEnv());
    expect(run.code, run.stderr).toBe(0);
  });

  it('is a BrowserError from the API, thrown before any guide is reported', async () => {
    const events: string[] = [];
    const saved = { ...process.env };
    Object.assign(process.env, noBrowserEnv());
    delete process.env.STUDYGUIDE_CHROME;
    delete process.env.PUPPETEER_EXECUTABLE_PATH;
    delete process.env.CHROME_PATH;
    try {
      const error = await build({
        content,
        out: path.join(work, 'out-api'),
        onEvent: (e) => events.push(e.type),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BrowserError);
      expect(events).toEqual([]);
    } finally {
      process.env = saved;
    }
  });
});

describe('a browser named explicitly that is not there', () => {
  it('STUDYGUIDE_CHROME=/nonexistent is an error naming the path (it used to be silently ignored)', async () => {
    const missing = path.join(work, 'nonexistent', 'chrome');
    const run = await cli(['build', '--content', content, '--out', path.join(work, 'out-env')], {
      ...process.env,
      STUDYGUIDE_CHROME: missing,
    });
    expect(run.code, run.stderr).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `error: the browser STUDYGUIDE_CHROME names cannot be started: ${missing}: it does not exist`,
    ]);
    expect(run.stderr).toContain('fix: set STUDYGUIDE_CHROME to the path of a Chrome or Chromium program');
  });

  it('a folder or a file that is not executable is refused with the reason', async () => {
    const dir = path.join(work, 'not-a-browser');
    await mkdir(dir, { recursive: true });
    expect(findChrome({ executablePath: dir }).unusable?.reason).toBe('it is a folder, not a program');
    if (process.platform !== 'win32') {
      const file = path.join(dir, 'chrome');
      await writeFile(file, '#!/bin/sh\n');
      await chmod(file, 0o644);
      expect(findChrome({ executablePath: file }).unusable?.reason).toBe('it is not executable');
    }
  });

  it("the API's executablePath that does not exist is a BrowserError naming it", async () => {
    const missing = path.join(work, 'no-such-chrome');
    expect(() => locateBrowser({ executablePath: missing })).toThrow(
      `the browser executablePath names cannot be started: ${missing}: it does not exist`,
    );
    const error = await build({ content, out: path.join(work, 'out-api-path'), executablePath: missing }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BrowserError);
    expect((error as BrowserError).message).toContain(missing);
  });
});

describe('a build with nothing to print', () => {
  it('needs no browser: an up-to-date build with its remote browser gone skips every guide, exit 0', async () => {
    const executablePath = locateBrowser({}).kind === 'local' ? findChrome().path : undefined;
    expect(executablePath).toBeDefined();
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    const endpoint = browser.wsEndpoint();
    const out = path.join(work, 'out-remote');
    const args = ['build', 'one', '--content', content, '--out', out, '--browser-ws-endpoint', endpoint];
    try {
      const first = await cli(args, process.env);
      expect(first.code, first.stderr).toBe(0);
    } finally {
      await browser.close();
    }
    expect(existsSync(path.join(out, 'one', 'student', 'one.pdf'))).toBe(true);
    const again = await cli([...args, '--json'], noBrowserEnv());
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ skipped: 1, rendered: 0, failed: 0 });
  });
});
