/**
 * Find a Chrome or Chromium to print with. Puppeteer's own download is not
 * used: an installed browser is found instead, the same way for a clone of the
 * repository and for an installed package. A browser named explicitly
 * (STUDYGUIDE_CHROME, or the API's executablePath) must be there: it is never
 * silently replaced by another one.
 */
import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserError } from '../errors.js';
import { browserInstallAdvice, puppeteerCacheDir } from './browser-advice.js';

/** Read in this order; only STUDYGUIDE_CHROME is ours, the others are honoured when they point at a browser. */
export const CHROME_ENV_VARS = ['STUDYGUIDE_CHROME', 'PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const;

/** Why this browser was chosen. */
export type BrowserSource = (typeof CHROME_ENV_VARS)[number] | 'executablePath' | 'system' | 'puppeteer-cache';

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
    path.join(os.homedir(), 'Applications', 'Google Chrome.app', 'Contents', 'MacOS', 'Google Chrome'),
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
    path.join(
      process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'),
      'Google',
      'Chrome',
      'Application',
      'chrome.exe',
    ),
  ],
};

/**
 * The places a system browser is looked for. STUDYGUIDE_CHROME_CANDIDATES (paths separated by the
 * platform's path delimiter; empty for none) replaces the built-in list, for systems that keep
 * browsers elsewhere and for tests that need a machine without one.
 */
function systemCandidates(): string[] {
  const own = process.env.STUDYGUIDE_CHROME_CANDIDATES;
  if (own !== undefined) return own.split(path.delimiter).filter(Boolean);
  return SYSTEM_CANDIDATES[process.platform] ?? [];
}

/** Why `file` cannot be started, or undefined when it can. */
export function whyUnusable(file: string): string | undefined {
  let info;
  try {
    info = statSync(file);
  } catch {
    return 'it does not exist';
  }
  if (info.isDirectory()) {
    return file.endsWith('.app')
      ? 'it is an application bundle: name the program inside it (…/Contents/MacOS/…)'
      : 'it is a folder, not a program';
  }
  try {
    accessSync(file, process.platform === 'win32' ? constants.R_OK : constants.X_OK);
  } catch {
    return 'it is not executable';
  }
  return undefined;
}

/** The executable inside one installed build, per browser and platform (as @puppeteer/browsers lays them out). */
function cachedExecutable(product: string, folder: string): string {
  if (product === 'chrome-headless-shell') {
    return path.join(folder, process.platform === 'win32' ? 'chrome-headless-shell.exe' : 'chrome-headless-shell');
  }
  if (process.platform === 'darwin') {
    return path.join(folder, 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing');
  }
  return path.join(folder, process.platform === 'win32' ? 'chrome.exe' : 'chrome');
}

/** Browsers that `npx @puppeteer/browsers install` left in Puppeteer's cache, newest first. */
function puppeteerCacheCandidates(): string[] {
  const cache = puppeteerCacheDir();
  const out: string[] = [];
  for (const product of ['chrome-headless-shell', 'chrome']) {
    const dir = path.join(cache, product);
    let versions: string[];
    try {
      versions = readdirSync(dir);
    } catch {
      continue;
    }
    versions.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    for (const version of versions) {
      try {
        for (const sub of readdirSync(path.join(dir, version))) {
          out.push(cachedExecutable(product, path.join(dir, version, sub)));
        }
      } catch {
        // Not a folder: not a browser build.
      }
    }
  }
  return out;
}

export interface ChromeLookup {
  path?: string;
  /** Why `path` was chosen. */
  source?: BrowserSource;
  /** Where we looked, for the error message. */
  tried: string[];
  /** A browser named explicitly (STUDYGUIDE_CHROME or executablePath) that cannot be used, and why. */
  unusable?: { source: 'STUDYGUIDE_CHROME' | 'executablePath'; path: string; reason: string };
}

/** Find the browser to launch, without starting it. Never throws: see `locateBrowser` for the error. */
export function findChrome(options: { executablePath?: string } = {}): ChromeLookup {
  const explicit = options.executablePath
    ? { source: 'executablePath' as const, value: options.executablePath }
    : process.env.STUDYGUIDE_CHROME
      ? { source: 'STUDYGUIDE_CHROME' as const, value: process.env.STUDYGUIDE_CHROME }
      : undefined;
  if (explicit) {
    const tried = [explicit.source === 'executablePath' ? explicit.value : `$STUDYGUIDE_CHROME=${explicit.value}`];
    const reason = whyUnusable(explicit.value);
    if (reason) return { tried, unusable: { source: explicit.source, path: explicit.value, reason } };
    return { path: explicit.value, source: explicit.source, tried };
  }
  const tried: string[] = [];
  for (const name of CHROME_ENV_VARS) {
    const value = process.env[name];
    if (!value) continue;
    tried.push(`$${name}=${value}`);
    if (!whyUnusable(value)) return { path: value, source: name, tried };
  }
  for (const candidate of systemCandidates()) {
    tried.push(candidate);
    if (!whyUnusable(candidate)) return { path: candidate, source: 'system', tried };
  }
  const cached = puppeteerCacheCandidates();
  if (cached.length === 0) tried.push(`${puppeteerCacheDir()} (empty)`);
  for (const candidate of cached) {
    tried.push(candidate);
    if (!whyUnusable(candidate)) return { path: candidate, source: 'puppeteer-cache', tried };
  }
  return { tried };
}

export type BrowserChoice =
  { kind: 'remote'; endpoint: string } | { kind: 'local'; path: string; source: BrowserSource; tried: string[] };

/**
 * The browser a build prints with, or one BrowserError saying what is wrong and what to install.
 * The build calls it once, before printing anything, so a missing browser is one error, not one per guide.
 */
export function locateBrowser(options: { executablePath?: string; browserWSEndpoint?: string }): BrowserChoice {
  if (options.browserWSEndpoint) return { kind: 'remote', endpoint: options.browserWSEndpoint };
  const lookup = findChrome(options);
  if (lookup.unusable) throw unusableBrowserError(lookup.unusable);
  if (!lookup.path || !lookup.source) throw noBrowserError(lookup.tried);
  return { kind: 'local', path: lookup.path, source: lookup.source, tried: lookup.tried };
}

function unusableBrowserError(unusable: NonNullable<ChromeLookup['unusable']>): BrowserError {
  const named = unusable.source === 'executablePath' ? 'executablePath' : 'STUDYGUIDE_CHROME';
  return new BrowserError(`the browser ${named} names cannot be started: ${unusable.path}: ${unusable.reason}`, {
    hint:
      unusable.source === 'executablePath'
        ? 'pass the path of a Chrome or Chromium program, or leave executablePath out to let studyguide find one.'
        : 'set STUDYGUIDE_CHROME to the path of a Chrome or Chromium program (e.g. /usr/bin/chromium), or unset it to let studyguide find one.',
  });
}

function noBrowserError(tried: string[]): BrowserError {
  return new BrowserError('no Chrome or Chromium was found to print with', {
    hint: `install one, then build again:\n${browserInstallAdvice()
      .map((line) => `    ${line}`)
      .join('\n')}\n  looked in: ${tried.join(', ')}`,
  });
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
  const lookup = findChrome(options);
  if (lookup.unusable) return `unusable ${lookup.unusable.path}`;
  const file = lookup.path;
  if (!file) return 'no browser found';
  try {
    const real = realpathSync(file);
    const info = statSync(real);
    return `${real} ${info.size} ${Math.trunc(info.mtimeMs)}`;
  } catch {
    return `unreadable ${file}`;
  }
}
