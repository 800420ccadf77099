/**
 * The profile folder each launched browser gets, in the temporary folder, named so that a later
 * run can tell it is ours and whose: studyguide-chrome-<pid>-<random>. A build killed outright
 * (SIGKILL, a CI job's time limit) cannot remove it; the next build removes the folders of
 * processes no longer running, as it does with its own temporary files. Folders of other
 * programs (Puppeteer's own puppeteer_dev_chrome_profile-*, say) are never touched.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { staleEntries } from '../output/stale-entries.js';

export const PROFILE_MARK = 'studyguide-chrome-';
/** The mark, the launching process's id, mkdtemp's six random characters. */
const PROFILE_NAME = /^studyguide-chrome-(\d+)-[A-Za-z0-9]{6}$/;

/** A fresh, empty profile folder for one browser of this process. */
export async function makeProfileDir(tmp: string = os.tmpdir()): Promise<string> {
  return mkdtemp(path.join(tmp, `${PROFILE_MARK}${process.pid}-`));
}

const RM = { recursive: true, force: true, maxRetries: 3, retryDelay: 50 } as const;

export async function removeProfileDir(dir: string): Promise<void> {
  await rm(dir, RM).catch(() => undefined);
}

/** The same, synchronously: for a process that is about to exit. */
export function removeProfileDirSync(dir: string): void {
  try {
    rmSync(dir, RM);
  } catch {
    // Nothing more can be done on the way out; the next build sweeps it.
  }
}

/**
 * Remove the profile folders that browsers of dead studyguide processes left in `tmp`: only
 * folders with our name, a real folder (not a link), owned by this user, whose process is gone.
 */
export async function sweepStaleProfiles(tmp: string = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const { path: dir, info } of await staleEntries(tmp, PROFILE_NAME)) {
    if (!info.isDirectory()) continue;
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) continue;
    await removeProfileDir(dir);
    removed.push(dir);
  }
  return removed;
}

let swept: Promise<unknown> | undefined;

/** Sweep once per process, before its first browser starts. */
export function sweepStaleProfilesOnce(): Promise<unknown> {
  swept ??= sweepStaleProfiles().catch(() => []);
  return swept;
}
