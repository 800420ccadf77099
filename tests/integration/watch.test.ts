/**
 * The watcher behind `build --watch` and `preview`, through the real file system: each kind of
 * save that editors and sync tools make, asserted by the files each callback reports.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_MARK } from '../../src/output/write-atomic.js';
import { describeWatchError, isScratchName, watchFolders, type Watcher } from '../../src/preview/watch-files.js';
import { ROOT, tempDir } from '../helpers/paths.js';

let work: string;
let content: string;
let templates: string;
let guide: string;
let watched: Awaited<ReturnType<typeof watching>> | undefined;

/**
 * Collects the watcher's callbacks. `next` returns the files of the next callback; `seen` the files
 * of the callbacks until every expected file was among them (a busy machine may split one burst
 * in two). A wait that sees nothing fails, saying what it waited for.
 */
async function watching(folders: string[], options: { ignore?: string[]; debounceMs?: number } = {}) {
  const calls: string[][] = [];
  let wake: (() => void) | undefined;
  const watcher: Watcher = await watchFolders(
    folders,
    (files) => {
      calls.push(files.map((f) => path.relative(work, f).split(path.sep).join('/')));
      wake?.();
    },
    { debounceMs: 50, ...options },
  );
  const nextCall = async (what: string): Promise<string[]> => {
    const queued = calls.shift();
    if (queued) return queued;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no callback for ${what}`)), 15_000);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
    return nextCall(what);
  };
  const seen = async (what: string, expected: string[]): Promise<string[]> => {
    const files = new Set<string>();
    while (!expected.every((f) => files.has(f))) for (const f of await nextCall(what)) files.add(f);
    return [...files].sort();
  };
  const drain = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    calls.length = 0;
  };
  return {
    watcher,
    next: nextCall,
    seen,
    /** Lets a burst that a busy machine split in two finish, and forgets it: what comes next is new. */
    drain,
    /** After what came before has settled, do `action`: the callbacks report `expected`, nothing else. */
    async step(what: string, action: () => Promise<void>, expected: string[]): Promise<void> {
      await drain();
      await action();
      expect(await seen(what, expected), what).toEqual(expected);
    },
  };
}

/** Lets the event loop run the close callbacks of handles closed just before. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Save as vim, JetBrains, gedit and sync tools do: write a temporary file, rename it over the target. */
async function renameSave(file: string, text: string, temp = `${file}.tmp`): Promise<void> {
  await writeFile(temp, text);
  await rename(temp, file);
}

beforeEach(async () => {
  work = await tempDir('studyguide-watch-');
  content = path.join(work, 'content');
  templates = path.join(work, 'templates');
  guide = path.join(content, 'g1', 'guide.md');
  await mkdir(path.join(content, 'g1', 'sources'), { recursive: true });
  await mkdir(path.join(templates, 'partials'), { recursive: true });
  await writeFile(guide, 'first');
  await writeFile(path.join(content, 'g1', 'sources', 'a.md'), 'source a');
  await writeFile(path.join(templates, 'partials', 'toc.hbs'), '<h1>Contents</h1>');
  watched = await watching([content, templates]);
});

afterEach(async () => {
  await watched?.watcher.close();
  watched = undefined;
  await rm(work, { recursive: true, force: true });
});

const w = () => {
  if (!watched) throw new Error('no watcher');
  return watched;
};

describe('each kind of save', () => {
  const GUIDE = ['content/g1/guide.md'];

  it('an in-place write', async () => {
    await w().step('the in-place write', () => writeFile(guide, 'second'), GUIDE);
  });

  it('a rename-save (a temporary file renamed over guide.md)', async () => {
    await w().step('the rename-save', () => renameSave(guide, 'renamed'), GUIDE);
  });

  it('the second and third rename-save in a row are seen (the preview went deaf after the first)', async () => {
    for (const n of [1, 2, 3]) await w().step(`rename-save ${n}`, () => renameSave(guide, `save ${n}`), GUIDE);
    // And an ordinary write after them, to the file that now has a new inode.
    await w().step('the write after the rename-saves', () => writeFile(guide, 'in place again'), GUIDE);
  });

  it('a rename-save of a source file, twice', async () => {
    const source = path.join(content, 'g1', 'sources', 'a.md');
    for (const n of [1, 2])
      await w().step(`source rename-save ${n}`, () => renameSave(source, `source a, version ${n}`), [
        'content/g1/sources/a.md',
      ]);
  });

  it('a vim save (swap file, the 4913 probe, a backup, delete, write new), twice', async () => {
    const dir = path.dirname(guide);
    const vimSave = async (text: string) => {
      await writeFile(path.join(dir, '.guide.md.swp'), 'swap');
      await writeFile(path.join(dir, '4913'), '');
      await unlink(path.join(dir, '4913'));
      await copyFile(guide, `${guide}~`);
      await unlink(guide);
      await writeFile(guide, text);
      await unlink(`${guide}~`);
      await unlink(path.join(dir, '.guide.md.swp'));
    };
    for (const n of [1, 2]) await w().step(`vim save ${n}`, () => vimSave(`vim ${n}`), GUIDE);
  });

  it('a JetBrains safe write (___jb_tmp___, ___jb_old___), twice', async () => {
    const jetbrainsSave = async (text: string) => {
      await writeFile(`${guide}___jb_tmp___`, text);
      await rename(guide, `${guide}___jb_old___`);
      await rename(`${guide}___jb_tmp___`, guide);
      await unlink(`${guide}___jb_old___`);
    };
    for (const n of [1, 2]) await w().step(`JetBrains save ${n}`, () => jetbrainsSave(`jetbrains ${n}`), GUIDE);
  });

  it('an emacs save (lock symlink .#, autosave #…#, backup ~)', async () => {
    const dir = path.dirname(guide);
    const emacsSave = async () => {
      await symlink('teacher@laptop.4242:1700000000', path.join(dir, '.#guide.md'));
      await writeFile(path.join(dir, '#guide.md#'), 'autosave');
      await rename(guide, `${guide}~`);
      await writeFile(guide, 'emacs');
      await unlink(path.join(dir, '#guide.md#'));
      await unlink(path.join(dir, '.#guide.md'));
    };
    await w().step('the emacs save', emacsSave, GUIDE);
  });

  it('delete, then re-create, then save the re-created file', async () => {
    await w().step('the delete', () => unlink(guide), GUIDE);
    await w().step('the re-creation', () => writeFile(guide, 'back again'), GUIDE);
    await w().step('a save of the re-created file', () => renameSave(guide, 'and saved'), GUIDE);
  });

  it.each([
    ['Syncthing', (file: string) => path.join(path.dirname(file), `.syncthing.${path.basename(file)}.tmp`)],
    ['Syncthing (older)', (file: string) => path.join(path.dirname(file), `~syncthing~${path.basename(file)}.tmp`)],
    ['Nextcloud', (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.~5f3e2a1b`)],
    ['rsync', (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.Xk3pQ2`)],
    ['gedit', (file: string) => path.join(path.dirname(file), '.goutputstream-A1B2C3')],
  ])('a sync tool’s atomic write (%s), twice, to guide.md and a source', async (_tool, tempFor) => {
    const source = path.join(content, 'g1', 'sources', 'a.md');
    const syncBoth = async (n: number) => {
      await renameSave(guide, `synced ${n}`, tempFor(guide));
      await renameSave(source, `synced source ${n}`, tempFor(source));
    };
    for (const n of [1, 2])
      await w().step(`sync ${n}`, () => syncBoth(n), ['content/g1/guide.md', 'content/g1/sources/a.md']);
  });

  it('an atomic write through a temporary name it does not know still reports the file', async () => {
    await w().drain();
    await renameSave(guide, 'synced', `${guide}.dropbox-7f3a`);
    const files = await w().seen('the save', GUIDE);
    // The temporary file may be reported too (when it was seen before it was renamed).
    expect(files.filter((f) => f !== 'content/g1/guide.md.dropbox-7f3a')).toEqual(GUIDE);
  });

  it('a new guide folder appearing, made in place or moved in whole, and then edited', async () => {
    const g2 = path.join(content, 'g2');
    const makeG2 = async () => {
      await mkdir(path.join(g2, 'sources'), { recursive: true });
      await writeFile(path.join(g2, 'guide.md'), 'new guide');
      await writeFile(path.join(g2, 'sources', 'b.md'), 'source b');
    };
    await w().step('the new guide', makeG2, [
      'content/g2',
      'content/g2/guide.md',
      'content/g2/sources',
      'content/g2/sources/b.md',
    ]);
    await w().step('an edit of the new guide', () => renameSave(path.join(g2, 'guide.md'), 'edited'), [
      'content/g2/guide.md',
    ]);
    const moveInG3 = async () => {
      const outside = path.join(work, 'unpacked');
      await mkdir(outside);
      await writeFile(path.join(outside, 'guide.md'), 'moved in');
      await rename(outside, path.join(content, 'g3'));
    };
    await w().step('the moved-in guide', moveInG3, ['content/g3', 'content/g3/guide.md']);
    const g3 = path.join(content, 'g3', 'guide.md');
    await w().step('an edit of the moved-in guide', () => writeFile(g3, 'edited'), ['content/g3/guide.md']);
  });

  it('a whole guide folder deleted and re-created, then edited', async () => {
    const g1 = path.join(content, 'g1');
    await w().step('the deleted folder', () => rm(g1, { recursive: true }), [
      'content/g1',
      'content/g1/guide.md',
      'content/g1/sources',
      'content/g1/sources/a.md',
    ]);
    const remake = async () => {
      await mkdir(path.join(g1, 'sources'), { recursive: true });
      await writeFile(guide, 'restored');
    };
    await w().step('the re-created folder', remake, ['content/g1', 'content/g1/guide.md', 'content/g1/sources']);
    await w().step('a save in the re-created folder', () => renameSave(guide, 'restored and saved'), GUIDE);
    await w().step('a new source in the re-created folder', () => writeFile(path.join(g1, 'sources', 'b.md'), 'b'), [
      'content/g1/sources/b.md',
    ]);
  });

  it('a guide folder swapped whole by a sync tool (new copy renamed into place)', async () => {
    const swap = async () => {
      const fresh = path.join(content, '.g1.sync-new');
      await mkdir(path.join(fresh, 'sources'), { recursive: true });
      await writeFile(path.join(fresh, 'guide.md'), 'swapped');
      await writeFile(path.join(fresh, 'sources', 'a.md'), 'swapped source');
      await rename(path.join(content, 'g1'), path.join(content, '.g1.sync-old'));
      await rename(fresh, path.join(content, 'g1'));
      await rm(path.join(content, '.g1.sync-old'), { recursive: true });
    };
    await w().drain();
    await swap();
    // chokidar sees either new contents of g1 or g1 gone and back; either way the guide's files.
    const files = await w().seen('the swapped folder', ['content/g1/guide.md', 'content/g1/sources/a.md']);
    expect(files.filter((f) => !['content/g1', 'content/g1/sources'].includes(f))).toEqual([
      'content/g1/guide.md',
      'content/g1/sources/a.md',
    ]);
    await w().step('a save after the swap', () => renameSave(guide, 'after the swap'), GUIDE);
  });

  it('a template file changed, in place and by rename-save', async () => {
    const toc = path.join(templates, 'partials', 'toc.hbs');
    const TOC = ['templates/partials/toc.hbs'];
    await w().step('the template write', () => writeFile(toc, '<h1>In this guide</h1>'), TOC);
    for (const n of [1, 2])
      await w().step(`template rename-save ${n}`, () => renameSave(toc, `<h1>Version ${n}</h1>`), TOC);
  });

  it('collects a burst of writes to several files into one callback, sorted', async () => {
    await w().watcher.close();
    // A quiet time long enough that a busy machine does not split the three writes.
    watched = await watching([content, templates], { debounceMs: 1000 });
    await writeFile(path.join(templates, 'partials', 'toc.hbs'), '<h1>Burst</h1>');
    await writeFile(path.join(content, 'g1', 'sources', 'a.md'), 'burst a');
    await writeFile(guide, 'burst');
    expect(await w().next('the burst')).toEqual([
      'content/g1/guide.md',
      'content/g1/sources/a.md',
      'templates/partials/toc.hbs',
    ]);
  });
});

describe('what is not content', () => {
  it('ignores the output folder inside the content folder, and the tool’s own temporary files', async () => {
    await w().watcher.close();
    const out = path.join(content, 'output');
    await mkdir(path.join(out, 'g1', 'student'), { recursive: true });
    watched = await watching([content, templates], { ignore: [out] });
    await writeFile(path.join(out, 'g1', 'student', 'synopsis.pdf'), 'pdf');
    await writeFile(path.join(out, '.studyguide-cache.json'), '{}');
    const temp = path.join(content, 'g1', `${TEMP_MARK}123-0123456789ab-guide.md`);
    await writeFile(temp, 'temp');
    await unlink(temp);
    // A real change after them: the callbacks up to it hold it alone.
    await writeFile(guide, 'sentinel');
    expect(await w().seen('the sentinel', ['content/g1/guide.md'])).toEqual(['content/g1/guide.md']);
  });

  it('ignores editors’ and sync tools’ scratch files written on their own', async () => {
    const dir = path.join(content, 'g1');
    const scratch = [
      '.guide.md.swp',
      '.guide.md.swx',
      'guide.md~',
      '.#guide.md',
      '#guide.md#',
      'guide.md___jb_tmp___',
      'guide.md___jb_old___',
      '.syncthing.guide.md.tmp',
      '~syncthing~guide.md.tmp',
      '.DS_Store',
      'Thumbs.db',
      '4913',
    ];
    for (const name of scratch) await writeFile(path.join(dir, name), 'scratch');
    for (const name of scratch) await unlink(path.join(dir, name));
    await writeFile(guide, 'sentinel');
    expect(await w().seen('the sentinel', ['content/g1/guide.md'])).toEqual(['content/g1/guide.md']);
  });

  it('names it takes for scratch files, and names it does not', () => {
    for (const name of [
      '.guide.md.swp',
      '.guide.md.swo',
      '.guide.md.swx',
      'guide.md~',
      '.#guide.md',
      '#guide.md#',
      'guide.md___jb_tmp___',
      'guide.md___jb_old___',
      '.syncthing.guide.md.tmp',
      '~syncthing~guide.md.tmp',
      '.guide.md.~5f3e2a1b',
      '.goutputstream-A1B2C3',
      '.DS_Store',
      '._guide.md',
      'Thumbs.db',
      'desktop.ini',
      '~$notes.docx',
      'guide.md.crdownload',
      'photo.png.part',
      `${TEMP_MARK}123-0123456789ab-synopsis.pdf`,
    ])
      expect(isScratchName(name), name).toBe(true);
    for (const name of ['guide.md', 'a.md', 'photo.png', 'toc.hbs', 'print.css', 'sources', '1984', 'g1'])
      expect(isScratchName(name), name).toBe(false);
  });

  it('watches a content folder whose own path has a dot folder in it', async () => {
    await w().watcher.close();
    const hidden = path.join(work, '.config', 'guides');
    await mkdir(path.join(hidden, 'g1'), { recursive: true });
    await writeFile(path.join(hidden, 'g1', 'guide.md'), 'hidden');
    watched = await watching([hidden]);
    await w().step('the save under .config', () => renameSave(path.join(hidden, 'g1', 'guide.md'), 'saved'), [
      '.config/guides/g1/guide.md',
    ]);
  });
});

describe('when watching fails', () => {
  it('says how to raise the limit of watched files, once for the kind of error', () => {
    const limit = Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {
      code: 'ENOSPC',
    });
    expect(describeWatchError(limit)).toEqual({
      key: 'ENOSPC',
      message:
        'warning: the system limit on watched files is reached, so changes to some files will be missed.\n' +
        '  Raise it (Linux: sudo sysctl fs.inotify.max_user_watches=524288) or watch a smaller --content folder.',
    });
    const denied = Object.assign(new Error('EACCES: permission denied, watch content/g1'), { code: 'EACCES' });
    expect(describeWatchError(denied)).toEqual({
      key: 'EACCES',
      message: 'warning: could not watch every file: EACCES: permission denied, watch content/g1',
    });
  });
});

describe('closing', () => {
  it('releases every file-system handle it opened', async () => {
    await w().watcher.close();
    await settle();
    // fs.watch handles, or fs.watchFile ones when polling (CHOKIDAR_USEPOLLING=1).
    const handles = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap' || r === 'StatWatcher').length;
    const before = handles();
    const watcher = await watchFolders([content, templates], () => undefined);
    expect(handles()).toBeGreaterThan(before);
    await writeFile(guide, 'a change still being collected when it closes');
    await watcher.close();
    await settle();
    expect(handles()).toBe(before);
  });

  it('lets the process exit by itself', async () => {
    // The compiled module, as the CLI runs it (npm test compiles dist/ first).
    const module = pathToFileURL(path.join(ROOT, 'dist', 'preview', 'watch-files.js')).href;
    const script = [
      `const { watchFolders } = await import(${JSON.stringify(module)});`,
      `const watcher = await watchFolders([${JSON.stringify(content)}], () => {});`,
      `await watcher.close();`,
      `console.log('closed');`,
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 30_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, `the process did not exit by itself:\n${output}`).toBe(0);
    expect(output).toContain('closed');
  });
});
