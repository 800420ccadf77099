/**
 * Find a Chrome or Chromium to print with. Puppeteer's own download is not
 * used: an installed browser is found instead (the set-up script installs
 * Debian's chromium when it may).
 */
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROME_ENV_VARS = ['STUDYGUIDE_CHROME', 'PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const;

const SYSTEM_CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    path.join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'),
    path.join(
      process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      'Google',
      'Chrome',
      'Application',
      'chrome.exe',
    ),
  ],
};

function isExecutable(file: string): boolean {
  try {
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Browsers that `npx @puppeteer/browsers install` left in Puppeteer's cache. */
function puppeteerCacheCandidates(): string[] {
  const cache = process.env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer');
  const out: string[] = [];
  for (const product of ['chrome', 'chrome-headless-shell']) {
    const dir = path.join(cache, product);
    if (!existsSync(dir)) continue;
    for (const version of readdirSync(dir).sort().reverse()) {
      for (const sub of readdirSync(path.join(dir, version))) {
        out.push(path.join(dir, version, sub, product === 'chrome' ? 'chrome' : 'chrome-headless-shell'));
      }
    }
  }
  return out;
}

export interface ChromeLookup {
  path?: string;
  /** Where we looked, for the error message. */
  tried: string[];
}

export function findChrome(): ChromeLookup {
  const tried: string[] = [];
  for (const name of CHROME_ENV_VARS) {
    const value = process.env[name];
    if (value) {
      tried.push(`$${name}=${value}`);
      if (isExecutable(value)) return { path: value, tried };
    }
  }
  for (const candidate of [...(SYSTEM_CANDIDATES[process.platform] ?? []), ...safeCache()]) {
    tried.push(candidate);
    if (isExecutable(candidate)) return { path: candidate, tried };
  }
  return { tried };
}

function safeCache(): string[] {
  try {
    return puppeteerCacheCandidates();
  } catch {
    return [];
  }
}

/**
 * What identifies the browser a build would print with, found without starting it: the
 * executable's real path, size and modification time (a browser update replaces the file;
 * Debian's /usr/bin/chromium wrapper is replaced with it). The build cache keys on it, so
 * outputs printed by another browser are printed again. A remote browser cannot be identified
 * without connecting: it counts as one and the same browser.
 */
export function browserIdentity(options: { executablePath?: string; browserWSEndpoint?: string }): string {
  if (options.browserWSEndpoint) return 'remote browser';
  const file = options.executablePath ?? findChrome().path;
  if (!file) return 'no browser found';
  try {
    const real = realpathSync(file);
    const info = statSync(real);
    return `${real} ${info.size} ${Math.trunc(info.mtimeMs)}`;
  } catch {
    return `unreadable ${file}`;
  }
}
