/** What to install when there is no browser, for the platform at hand (the build's error and `doctor` print it). */
import os from 'node:os';
import path from 'node:path';

/** Where Puppeteer keeps browsers, and where `npx @puppeteer/browsers install --path …` should put one for us to find. */
export function puppeteerCacheDir(): string {
  return process.env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer');
}

export function browserInstallAdvice(platform: NodeJS.Platform = process.platform): string[] {
  const lines: string[] = [];
  if (platform === 'linux') {
    lines.push('Debian/Ubuntu: sudo apt-get install chromium', 'Fedora: sudo dnf install chromium');
  } else if (platform === 'darwin') {
    lines.push('macOS: install Google Chrome (https://www.google.com/chrome/, or "brew install --cask google-chrome")');
  } else if (platform === 'win32') {
    lines.push('Windows: install Google Chrome (https://www.google.com/chrome/, or "winget install Google.Chrome")');
  }
  lines.push(
    `any system: npx @puppeteer/browsers install chrome-headless-shell@stable --path "${puppeteerCacheDir()}"`,
    'or set STUDYGUIDE_CHROME to the path of a Chrome or Chromium program',
    'or print with a browser that is already running: --browser-ws-endpoint ws://HOST:PORT/devtools/browser/ID (or STUDYGUIDE_BROWSER_WS_ENDPOINT)',
  );
  return lines;
}
