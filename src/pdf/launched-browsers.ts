/**
 * Browsers this process launched and that are still running, for a last-resort
 * kill on the way out (signals). Kept apart from browser-pool.ts so that the CLI
 * can install its signal handlers without loading Puppeteer.
 */
import type { ChildProcess } from 'node:child_process';

const launched = new Set<ChildProcess>();

export function trackLaunchedBrowser(child: ChildProcess): void {
  launched.add(child);
  child.once('exit', () => launched.delete(child));
}

/** Kill every browser this process launched, with its whole process group. Synchronous. */
export function killLaunchedBrowsers(): void {
  for (const child of launched) {
    const pid = child.pid;
    if (pid === undefined) continue;
    try {
      // puppeteer starts Chromium detached, in its own process group: take the renderers too.
      process.kill(-pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
  launched.clear();
}
