/**
 * Outputs are written atomically: to a temporary file in the same folder, then
 * renamed over the target. A build killed at any moment (even SIGKILL) leaves
 * either the old file or the new one at an output path, never half of one.
 */
import { staleEntries } from './stale-entries.js';
import { randomBytes } from 'node:crypto';
import { rmSync, type Stats } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../errors.js';

const pending = new Set<string>();

export const TEMP_MARK = '.studyguide-tmp-';
/** A temporary file's name: the mark, the writing process's id, 12 random hex digits, the target's name. */
const TEMP_NAME = /^\.studyguide-tmp-(\d+)-[0-9a-f]{12}-/;

export interface WriteOptions {
  /**
   * The output folder the file must stay in. Folders below it are made one by one and must be
   * real folders: a symbolic link there (say, restored from a CI cache) is refused rather than
   * followed out of the output folder. Left-over temporary files of killed builds in the file's
   * folder are removed the first time this process writes there.
   */
  root?: string;
}

/**
 * For tests only: called just before the temporary file is renamed over its target (before the last
 * check of the folders, and between that check and the rename), so that a test can change the output
 * folder at those very moments (a folder swapped for a link mid-build).
 */
export const writeSeam: {
  beforeRename?: (file: string) => void | Promise<void>;
  afterLastCheck?: (file: string) => void | Promise<void>;
} = {};

export async function writeFileAtomic(
  file: string,
  data: Uint8Array | string,
  options: WriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  const root = options.root;
  if (root !== undefined) await prepareOutputDir(root, dir);
  const temp = path.join(dir, `${TEMP_MARK}${process.pid}-${randomBytes(6).toString('hex')}-${path.basename(file)}`);
  let written: FileId | undefined;
  try {
    if (root === undefined) await mkdir(dir, { recursive: true });
    pending.add(temp);
    // O_EXCL: never write into a file (or through a link) that was already there.
    const handle = await open(temp, 'wx', 0o644);
    try {
      const info = await handle.stat();
      written = { dev: info.dev, ino: info.ino };
      // The folder may have been swapped for a link since it was checked: then the temporary file is
      // outside, and is removed (below) without writing a byte into it.
      if (root !== undefined) await checkOutputDir(root, dir);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await writeSeam.beforeRename?.(file);
    // Node cannot rename relative to a folder it holds open: check every folder again at the last moment.
    if (root !== undefined) await checkOutputDir(root, dir);
    await writeSeam.afterLastCheck?.(file);
    await rename(temp, file);
    // A swap in the instant between that check and the rename: take back what went through it.
    if (root !== undefined) await checkOutputDir(root, dir).catch((error: unknown) => undoWrite(file, written, error));
  } catch (cause) {
    await removeOwn(temp, written);
    if (cause instanceof OutputError) throw cause;
    throw new OutputError(`could not write ${file}`, {
      location: { file },
      hint: 'check that the output folder is writable and the disk is not full.',
      cause,
    });
  } finally {
    pending.delete(temp);
  }
}

/** Remove the file just renamed to `file` (only when it is still that very file), then fail with `error`. */
async function undoWrite(file: string, written: FileId | undefined, error: unknown): Promise<never> {
  await removeOwn(file, written);
  throw error;
}

interface FileId {
  dev: number;
  ino: number;
}

/**
 * Remove `file` only when it is the file this write made: never someone else's file of that name.
 * (A temporary file left in a folder that was moved aside cannot be reached by its path any more; it
 * is the tool's, by its name, and the next build that writes there sweeps it.)
 */
async function removeOwn(file: string, own: FileId | undefined): Promise<void> {
  if (!own) return;
  const info = await lstat(file).catch(() => undefined);
  if (info?.isFile() && info.dev === own.dev && info.ino === own.ino)
    await rm(file, { force: true }).catch(() => undefined);
}

/** Remove temporary files of writes still under way (on SIGINT/SIGTERM). */
export async function removePendingTempFiles(): Promise<void> {
  await Promise.all([...pending].map((f) => rm(f, { force: true }).catch(() => undefined)));
  pending.clear();
}

/** The same, synchronously: for a process that is about to exit. */
export function removePendingTempFilesSync(): void {
  for (const file of pending) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
  pending.clear();
}

/**
 * Make `dir` inside `root`, refusing anything but real folders on the way (the root itself may be
 * a link: it is the folder the user named), and sweep the folder's stale temporary files.
 */
export async function prepareOutputDir(root: string, dir: string): Promise<void> {
  const { base, target, parts } = insideRoot(root, dir);
  await mkdir(base, { recursive: true }).catch((cause: unknown) => {
    throw new OutputError(`could not make the output folder ${base}`, {
      location: { file: base },
      hint: 'check that the output folder is writable and the disk is not full.',
      cause,
    });
  });
  let current = base;
  for (const part of parts) {
    current = path.join(current, part);
    let info;
    try {
      await mkdir(current).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
      info = await lstat(current);
    } catch (cause) {
      throw new OutputError(`could not make the folder ${current}`, {
        location: { file: current },
        hint: 'check that the output folder is writable and the disk is not full.',
        cause,
      });
    }
    refuseNonFolder(current, info);
  }
  if (!swept.has(target)) {
    swept.add(target);
    await sweepStaleTempFiles(target);
  }
}

/**
 * Check, without making anything, that every folder from `root` down to `dir` is still a real
 * folder (not a link, not a file, not gone): done again right before a write lands, since a folder
 * checked when it was made may have been replaced since.
 */
export async function checkOutputDir(root: string, dir: string): Promise<void> {
  const { base, parts } = insideRoot(root, dir);
  let current = base;
  for (const part of parts) {
    current = path.join(current, part);
    const info = await lstat(current).catch((cause: unknown) => {
      throw new OutputError(`refusing to write in ${current}: the folder went away during the build`, {
        location: { file: current },
        hint: 'something else removed or moved it while studyguide wrote there; build again.',
        cause,
      });
    });
    refuseNonFolder(current, info, true);
  }
}

function insideRoot(root: string, dir: string): { base: string; target: string; parts: string[] } {
  const base = path.resolve(root);
  const target = path.resolve(dir);
  const rel = path.relative(base, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new OutputError(`refusing to write in ${target}, outside the output folder ${base}`);
  }
  return { base, target, parts: rel.split(path.sep).filter(Boolean) };
}

/** `during`: found on the check at the moment of writing, so the folder was replaced while the build ran. */
function refuseNonFolder(current: string, info: Stats, during = false): void {
  const now = during ? ' now (it was replaced while the build ran)' : '';
  if (info.isSymbolicLink()) {
    throw new OutputError(`refusing to write through ${current}: it is${now} a symbolic link`, {
      location: { file: current },
      hint: during
        ? 'studyguide writes only inside the output folder and never follows links out of it; nothing was written through the link. Find what replaced the folder, delete the link and build again.'
        : 'studyguide writes only inside the output folder and never follows links out of it; delete the link (it may have come from a restored cache) and build again.',
    });
  }
  if (!info.isDirectory()) {
    throw new OutputError(`refusing to write in ${current}: it is${now} a file, not a folder`, {
      location: { file: current },
      hint: 'move or delete that file, or choose another --out.',
    });
  }
}

const swept = new Set<string>();

/**
 * Remove temporary files a killed build left (only the tool's own, by their name, and only those
 * of processes no longer running: a build writing to the same folder at the same time keeps its own).
 */
export async function sweepStaleTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const { path: file, info } of await staleEntries(dir, TEMP_NAME)) {
    if (!info.isFile()) continue;
    await rm(file, { force: true }).catch(() => undefined);
    removed.push(file);
  }
  return removed;
}
