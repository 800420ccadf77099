/**
 * `studyguide doctor`: is this machine ready to build guides? Node, the browser (which one, why,
 * and whether it starts), fonts, templates and the output folder, with what to install when
 * something is missing (as `quarto check` does).
 */
import { resolveDoctorOptions } from '../resolve-options.js';
import os from 'node:os';
import { BrowserPool } from '../pdf/browser-pool.js';
import type { BrowserChoice } from '../pdf/find-chrome.js';
import { VERSION } from '../version.js';
import { checkBrowser, checkFonts, checkNode, checkOutput, checkTemplates, type DoctorCheck } from './checks.js';

export { checkBrowser, checkFonts, checkNode, checkOutput, checkTemplates, type DoctorCheck } from './checks.js';

export interface DoctorOptions {
  /** The output folder a build would write (default "output"). */
  out?: string;
  templatesDir?: string;
  executablePath?: string;
  browserWSEndpoint?: string;
  /** Milliseconds the browser may take to start and answer (default 30 s). */
  timeoutMs?: number;
}

export interface DoctorReport {
  /** False when something a build needs is missing (a warning alone leaves it true). */
  ok: boolean;
  studyguide: string;
  platform: string;
  checks: DoctorCheck[];
  /** What to install on each system, when something is missing. */
  install?: Record<string, string[]>;
}

const NODE_24 = 'Node.js 24 LTS: https://nodejs.org/en/download (or "nvm install 24")';

/** What to install on each system studyguide supports, for what is missing (a browser, a newer Node.js). */
export function installBySystem(missing: { browser: boolean; node: boolean }): Record<string, string[]> {
  const pick = (browser: string, node: string) => [
    ...(missing.browser ? [browser] : []),
    ...(missing.node ? [node] : []),
  ];
  return {
    'Debian/Ubuntu': pick('sudo apt-get install chromium', NODE_24),
    Fedora: pick('sudo dnf install chromium', NODE_24),
    macOS: pick(
      'Google Chrome, https://www.google.com/chrome/ (or "brew install --cask google-chrome")',
      'brew install node@24',
    ),
    Windows: pick(
      'Google Chrome, https://www.google.com/chrome/ (or "winget install Google.Chrome")',
      'winget install OpenJS.NodeJS.LTS',
    ),
    ...(missing.browser
      ? { 'any system': ['npx @puppeteer/browsers install chrome-headless-shell@stable --path ~/.cache/puppeteer'] }
      : {}),
  };
}

export async function doctor(input: DoctorOptions = {}): Promise<DoctorReport> {
  const options = resolveDoctorOptions(input);
  const node = checkNode();
  const browser = checkBrowser(options);
  const start = browser.choice
    ? await checkBrowserStarts(browser.choice, options.timeoutMs)
    : {
        id: 'browser-start' as const,
        title: 'Browser starts',
        status: 'skip' as const,
        detail: 'no browser to start',
        advice: [],
      };
  const checks = [
    node,
    browser.check,
    start,
    checkFonts(),
    checkTemplates(options.templatesDir),
    checkOutput(options.out ?? 'output'),
  ];
  const ok = checks.every((c) => c.status !== 'fail');
  const missing = { browser: browser.check.status === 'fail', node: node.status !== 'ok' };
  return {
    ok,
    studyguide: VERSION,
    platform: `${process.platform} ${process.arch} (${os.release()})`,
    checks,
    ...(missing.browser || node.status === 'fail' ? { install: installBySystem(missing) } : {}),
  };
}

/** Start the browser (or connect to it), ask its version, close it: within `timeoutMs`. */
export async function checkBrowserStarts(choice: BrowserChoice, timeoutMs: number): Promise<DoctorCheck> {
  const base = { id: 'browser-start' as const, title: 'Browser starts' };
  const pool = new BrowserPool({
    concurrency: 1,
    timeoutMs,
    startTimeoutMs: timeoutMs,
    attempts: 1,
    ...(choice.kind === 'remote' ? { browserWSEndpoint: choice.endpoint } : { executablePath: choice.path }),
  });
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const version = await Promise.race([
      pool.withPage((page) => page.browser().version()),
      new Promise<never>((_, reject) => {
        // The pool's own start limit (the same time) comes first and names the browser; this one
        // bounds the question that follows.
        timer = setTimeout(
          () => reject(new Error(`it did not answer within ${timeoutMs / 1000} s`)),
          timeoutMs + 2_000,
        );
      }),
    ]);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return { ...base, status: 'ok', detail: `${version} (started and answered in ${seconds} s)`, advice: [] };
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    return {
      ...base,
      status: 'fail',
      detail: (error as Error).message,
      advice: hint ? [hint] : ['check that it runs with --version, or name another browser with STUDYGUIDE_CHROME'],
    };
  } finally {
    clearTimeout(timer);
    await pool.close();
  }
}

const MARK: Record<DoctorCheck['status'], string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };

/** The report as a person reads it. */
export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const lines = [`studyguide ${report.studyguide} on ${report.platform}`];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.title.padEnd(width)}  ${check.detail}`);
    if (check.status === 'fail' || check.status === 'warn') for (const a of check.advice) lines.push(`    fix: ${a}`);
  }
  if (report.install) {
    lines.push('', 'What to install:');
    for (const [system, items] of Object.entries(report.install)) lines.push(`  ${system}: ${items.join('; ')}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(
    '',
    failed === 0
      ? 'Ready to build.'
      : `${failed} problem${failed === 1 ? '' : 's'}: a build needs ${failed === 1 ? 'it' : 'them'} fixed.`,
  );
  return lines.join('\n');
}
