/**
 * Watch folders (content, templates) and call back once per burst of changes:
 * editors save in several steps (temp file, rename, chmod), so changes are
 * collected for a short quiet period before anything is rebuilt.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { TEMP_MARK } from '../output/write-atomic.js';

export interface Watcher {
  close(): void;
}

export interface WatchOptions {
  debounceMs?: number;
  /** Paths under these folders are ignored (the output folder, when it lies inside the content). */
  ignore?: readonly string[];
}

export function watchFolders(
  folders: readonly string[],
  onChange: (files: string[]) => void,
  options: WatchOptions = {},
): Watcher {
  const debounceMs = options.debounceMs ?? 150;
  const ignore = (options.ignore ?? []).map((p) => path.resolve(p) + path.sep);
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  const flush = () => {
    timer = undefined;
    const files = [...changed].sort();
    changed = new Set();
    if (files.length > 0) onChange(files);
  };
  for (const folder of new Set(folders.map((f) => path.resolve(f)))) {
    const watcher = watch(folder, { recursive: true }, (_event, name) => {
      const file = path.join(folder, name ? String(name) : '');
      if (path.basename(file).startsWith(TEMP_MARK) || ignore.some((p) => (file + path.sep).startsWith(p))) return;
      // Editors' swap and backup files are not content.
      if (/(^\.#|~$|\.sw[px]$)/.test(path.basename(file))) return;
      changed.add(file);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    });
    watcher.on('error', () => undefined);
    watchers.push(watcher);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
