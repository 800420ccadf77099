/**
 * Watch folders (content, templates) and call back once per burst of changes.
 *
 * chokidar does the watching. Node's own recursive `fs.watch` follows a file by its inode on
 * Linux, so after the first save that renames a temporary file over guide.md (JetBrains, gedit,
 * Syncthing, Dropbox...) it watched a file that no longer existed and went deaf. chokidar watches
 * every folder as well as every file, re-attaches to the new file, and behaves the same on macOS
 * and Windows. Two gaps in it are closed here (both seen in tests on Linux, see docs/watching.md):
 * - It handles a file's events at most once per 5 ms and does not look again afterwards: a vim
 *   save (backup, delete, write new) inside that window went unreported. Every raw event of its
 *   folder watchers is counted here too, so no save passes without a callback.
 * - It lists a new folder before it starts watching it: a file written in between was never
 *   reported. When a folder appears, its files are listed again once the burst is over.
 *
 * Options, chosen by measuring (docs/watching.md):
 * - `atomic: false`. chokidar's `atomic` holds every deletion back 100 ms to turn delete+add into
 *   one "change"; the deletion of a save's temporary file then arrived after the burst, so one
 *   save gave two callbacks (two rebuilds) with a debounce of 100 ms or less. The debounce here
 *   folds a save's steps into one callback, whatever their names.
 * - no `awaitWriteFinish`: it polls each file until its size holds still for 2 s, so every
 *   rebuild came 2 s late, and chokidar's issues report events lost with it around renames. A
 *   file still being written produces another change, and the caller rebuilds again.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { watch } from 'chokidar';
import { TEMP_MARK } from '../output/write-atomic.js';

export interface Watcher {
  /** Stop watching and release every handle; a burst still being collected is dropped. */
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Quiet time that ends a burst, in ms (default 150; never less than chokidar's 50 ms, see below). */
  debounceMs?: number;
  /** Paths under these folders are ignored (the output folder, when it lies inside the content). */
  ignore?: readonly string[];
  /** Told once per kind of problem when part of the folders cannot be watched. */
  onError?: (message: string) => void;
}

/**
 * chokidar reports a file's first change and drops further changes to it for the next 50 ms. A
 * burst stays open at least that long, so that files are read after the last of those writes.
 */
const CHANGE_THROTTLE_MS = 50;

/** Names editors, sync tools and file managers give to their scratch files. */
const SCRATCH = [
  /^\./, // hidden: vim .x.swp, emacs .#x, Syncthing .syncthing.x.tmp, rsync .x.AbC123, Nextcloud .x.~1a2b, gedit .goutputstream-*, .DS_Store, ._x, .git, this tool's temp files
  /~$/, // vim and emacs backups
  /^~/, // Office lock files ~$x, older Syncthing ~syncthing~x.tmp
  /^#.*#$/, // emacs auto-save
  /___jb_(tmp|old)___$/, // JetBrains safe write
  /\.(sw[a-px]|kate-swp|tmp|crdownload|part|!sync)$/i, // vim swap without the dot, Kate, temp files, downloads, Resilio
  /^(thumbs\.db|desktop\.ini)$/i, // Windows Explorer
];
/** vim's probe that a folder is writable: a file named 4913 (a folder of that name may be a guide). */
const VIM_PROBE = '4913';

/** Whether a file or folder name is an editor's, sync tool's or this tool's scratch file, never content. */
export function isScratchName(name: string): boolean {
  return name.startsWith(TEMP_MARK) || SCRATCH.some((re) => re.test(name));
}

/**
 * Watch `folders` and call `onChange` with the changed paths (absolute, sorted) once a burst of
 * changes has been quiet for `debounceMs`. Resolves once the folders are being watched, so a change
 * made after it resolves is seen.
 */
export async function watchFolders(
  folders: readonly string[],
  onChange: (files: string[]) => void,
  options: WatchOptions = {},
): Promise<Watcher> {
  const debounceMs = Math.max(options.debounceMs ?? 150, CHANGE_THROTTLE_MS);
  const scope = new Scope(folders, options.ignore ?? []);
  let changed = new Set<string>();
  let appeared = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let flushed = Promise.resolve();
  const flush = async () => {
    const files = changed;
    const folders = appeared;
    changed = new Set();
    appeared = new Set();
    const settled = await settle(files, folders, scope);
    if (settled.length > 0 && !closed) onChange(settled);
  };
  const note = (file: string, isNewFolder = false) => {
    const full = path.resolve(file);
    if (closed || scope.isRoot(full) || scope.isIgnored(full)) return;
    changed.add(full);
    if (isNewFolder) appeared.add(full);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      // One burst is settled and reported before the next, so callbacks keep their order. A throw
      // in onChange stays uncaught, as from a timer, without stopping later bursts or close().
      flushed = flushed.then(flush).catch((error: unknown) => {
        setImmediate(() => {
          throw error;
        });
      });
    }, debounceMs);
  };

  const watcher = watch(scope.roots, {
    ignoreInitial: true,
    atomic: false,
    ignored: (file: string, stats?: Stats) =>
      scope.isIgnored(path.resolve(file)) || (path.basename(file) === VIM_PROBE && stats?.isFile() === true),
  });
  watcher.on('all', (event, file) => note(file, event === 'addDir'));
  watcher.on('raw', (_event, name, details) => {
    // fs.watch events as they come, before chokidar's throttling (absent when polling).
    const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
    if (typeof watched === 'string' && name) note(path.basename(watched) === name ? watched : path.join(watched, name));
  });
  const reported = new Set<string>();
  watcher.on('error', (error: unknown) => {
    const { key, message } = describeWatchError(error);
    if (!reported.has(key)) options.onError?.(message);
    reported.add(key);
  });
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await flushed;
    },
  };
}

/** The watched folders and what under them is not content. */
class Scope {
  readonly roots: string[];
  private readonly ignoredDirs: string[];

  constructor(folders: readonly string[], ignore: readonly string[]) {
    this.roots = [...new Set(folders.map((f) => path.resolve(f)))];
    this.ignoredDirs = ignore.map((p) => path.resolve(p));
  }

  isRoot(full: string): boolean {
    return this.roots.includes(full);
  }

  /** Under an ignored folder, or named as scratch below its (innermost) watched folder. */
  isIgnored(full: string): boolean {
    if (this.ignoredDirs.some((dir) => full === dir || full.startsWith(dir + path.sep))) return true;
    // Only names below the watched folder count: the folder itself may live under ~/.config.
    const root = this.roots.filter((r) => full.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
    return root !== undefined && path.relative(root, full).split(path.sep).some(isScratchName);
  }
}

/**
 * What a burst changed, as reported: a folder that appeared with everything now in it; a folder
 * that merely exists (its own timestamps changed) and vim's probe file are left out.
 */
async function settle(files: Set<string>, appeared: Set<string>, scope: Scope): Promise<string[]> {
  const result = new Set<string>();
  await Promise.all(
    [...files].map(async (file) => {
      const stats = await lstat(file).catch(() => undefined);
      if (stats?.isDirectory()) {
        if (!appeared.has(file)) return;
        result.add(file);
        for (const inside of await listTree(file, scope)) result.add(inside);
      } else if (path.basename(file) !== VIM_PROBE) {
        result.add(file);
      }
    }),
  );
  return [...result].sort();
}

async function listTree(dir: string, scope: Scope): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (scope.isIgnored(full) || (entry.isFile() && entry.name === VIM_PROBE)) continue;
    found.push(full);
    if (entry.isDirectory()) found.push(...(await listTree(full, scope)));
  }
  return found;
}

/** The warning for an error of the watcher, and its kind (each kind is told once). */
export function describeWatchError(error: unknown): { key: string; message: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
  if (code === 'ENOSPC' || code === 'EMFILE') {
    return {
      key: code,
      message:
        'warning: the system limit on watched files is reached, so changes to some files will be missed.\n' +
        '  Raise it (Linux: sudo sysctl fs.inotify.max_user_watches=524288) or watch a smaller --content folder.',
    };
  }
  return { key: code, message: `warning: could not watch every file: ${String((error as Error)?.message ?? error)}` };
}
