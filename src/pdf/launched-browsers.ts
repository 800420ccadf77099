/**
 * Browsers this process launched and that are still running, for a last-resort
 * kill on the way out (signals), with the profile folder each one uses. Kept apart
 * from browser-pool.ts so that the CLI can install its signal handlers without
 * loading Puppeteer.
 */
import type { ChildProcess } from 'node:child_process';
import { removeProfileDir, removeProfileDirSync } from './browser-profiles.js';

const launched = new Map<ChildProcess, string | undefined>();

/** Track `child`; its profile folder, when given, is removed once it exits. */
export function trackLaunchedBrowser(child: ChildProcess, profileDir?: string): void {
  launched.set(child, profileDir);
  const forget = () => {
    launched.delete(child);
    if (profileDir) void removeProfileDir(profileDir);
  };
  if (child.exitCode !== null || child.signalCode !== null) forget();
  else child.once('exit', forget);
}

/** Kill every browser this process launched, with its whole process group, and remove their profiles. Synchronous. */
export function killLaunchedBrowsers(): void {
  for (const [child, profileDir] of launched) {
    killBrowserProcess(child);
    if (profileDir) removeProfileDirSync(profileDir);
  }
  launched.clear();
}

/** SIGKILL a launched browser with its whole process group. */
export function killBrowserProcess(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // puppeteer starts Chromium detached, in its own process group: take the renderers too.
    process.kill(-pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
