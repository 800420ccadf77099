/**
 * What killed studyguide processes left behind: entries of a folder that carry the tool's own name
 * with the id of the process that made them, whose process is no longer running. Temporary files
 * of writes and browser profile folders are both found this way; a process still running (another
 * build writing beside this one) keeps its own.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

export interface StaleEntry {
  path: string;
  /** lstat: a link is a link, never what it points to. */
  info: Stats;
}

/** Entries of `dir` whose name matches `pattern` (its first group: a process id) and whose process is gone. */
export async function staleEntries(dir: string, pattern: RegExp): Promise<StaleEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const stale: StaleEntry[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match || isRunning(Number(match[1]))) continue;
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => undefined);
    if (info) stale.push({ path: file, info });
  }
  return stale;
}

/** A process id that answers signal 0 (EPERM: it runs, under another user). */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
