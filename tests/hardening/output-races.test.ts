/**
 * A folder inside --out replaced by a symbolic link while the build runs is not written through:
 * every write checks the folders from --out down again right before its file lands, and the guide
 * fails with an OutputError naming the folder. The swaps are made at fixed moments: after the first
 * document (through onEvent) and between writing a temporary file and renaming it (a test seam).
 */
import { mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions, type BuildResult } from '../../src/build/build.js';
import { OutputError, formatUserError } from '../../src/errors.js';
import { TEMP_MARK, checkOutputDir, writeFileAtomic, writeSeam } from '../../src/output/write-atomic.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';
import { filesUnder } from './process-kit.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-races-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  delete writeSeam.beforeRename;
  delete writeSeam.afterLastCheck;
});

/** content/, out/ and a folder outside both (with a file of the user's in it) under one base. */
async function scene(name: string) {
  const base = path.join(root, name);
  const content = path.join(base, 'content');
  const out = path.join(base, 'out');
  const outside = path.join(base, 'elsewhere');
  await writeGuide(content, 'good');
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'keep.txt'), 'the user’s own file');
  return { base, content, out, outside };
}

/** Replace `folder` by a link to `outside` (the folder itself is moved aside, not deleted). */
function swapForLinkSync(folder: string, outside: string): void {
  renameSync(folder, `${folder}.moved`);
  symlinkSync(outside, folder);
}

/** Files under a folder apart from the tool's own temporary files (one may stay in a folder moved aside). */
async function outputsUnder(dir: string): Promise<string[]> {
  return (await filesUnder(dir)).filter((f) => !path.basename(f).startsWith(TEMP_MARK));
}

function outputErrors(result: BuildResult): OutputError[] {
  return result.guides.flatMap((g) => g.errors).filter((e): e is OutputError => e instanceof OutputError);
}

const options = (s: { content: string; out: string }): BuildOptions => ({
  content: s.content,
  out: s.out,
  editions: ['student'],
  format: 'html',
  concurrency: 1,
  cache: false,
});

describe('a folder inside --out swapped for a link while the build runs', () => {
  it('is not written through when the swap comes after the first document', async () => {
    const s = await scene('after-first');
    const variant = path.join(s.out, 'good', 'student');
    let swapped = false;
    const result = await build({
      ...options(s),
      onEvent: (event) => {
        if (event.type === 'document' && !swapped) {
          swapped = true;
          swapForLinkSync(variant, s.outside);
        }
      },
    });
    expect(swapped).toBe(true);
    expect(result.failed).toBe(1);
    expect(outputErrors(result).map((e) => e.message)).toContain(
      `refusing to write through ${variant}: it is a symbolic link`,
    );
    expect(await readdir(s.outside)).toEqual(['keep.txt']);
  });

  it('is not written through when the swap comes between the temporary file and its rename (HTML)', async () => {
    const s = await scene('before-rename-html');
    const variant = path.join(s.out, 'good', 'student');
    let swaps = 0;
    writeSeam.beforeRename = (file) => {
      if (swaps === 0 && path.dirname(file) === variant) {
        swaps++;
        swapForLinkSync(variant, s.outside);
      }
    };
    const result = await build(options(s));
    expect(swaps).toBe(1);
    expect(result.failed).toBe(1);
    const errors = outputErrors(result);
    expect(errors[0]?.message).toBe(
      `refusing to write through ${variant}: it is now (it was replaced while the build ran) a symbolic link`,
    );
    expect(formatUserError(errors[0] as OutputError)).toContain('nothing was written through the link');
    // Not the output, not the temporary file: the outside folder holds only what it held.
    expect(await readdir(s.outside)).toEqual(['keep.txt']);
    expect(await outputsUnder(`${variant}.moved`)).toEqual([]);
  });

  it('is not written through when the guide folder itself is swapped just before a PDF lands', async () => {
    const s = await scene('before-rename-pdf');
    const guideDir = path.join(s.out, 'good');
    let swaps = 0;
    writeSeam.beforeRename = async (file) => {
      if (swaps === 0 && file.endsWith('.pdf')) {
        swaps++;
        await rename(guideDir, `${guideDir}.moved`);
        await symlink(s.outside, guideDir);
      }
    };
    const result = await build({ ...options(s), format: 'pdf', documents: ['synopsis'] });
    expect(swaps).toBe(1);
    expect(result.failed).toBe(1);
    expect(outputErrors(result).map((e) => e.message)).toEqual([
      `refusing to write through ${guideDir}: it is now (it was replaced while the build ran) a symbolic link`,
    ]);
    expect(await readdir(s.outside)).toEqual(['keep.txt']);
  }, 120_000);
});

describe('the check at the moment of writing', () => {
  it('refuses a folder that became a file, and one that went away', async () => {
    const s = await scene('checks');
    const folder = path.join(s.out, 'a', 'b');
    await mkdir(folder, { recursive: true });
    await expect(checkOutputDir(s.out, folder)).resolves.toBeUndefined();
    await rm(folder, { recursive: true });
    await expect(checkOutputDir(s.out, folder)).rejects.toThrow(`refusing to write in ${folder}: the folder went away`);
    await writeFile(folder, 'not a folder');
    await expect(checkOutputDir(s.out, folder)).rejects.toThrow(
      `refusing to write in ${folder}: it is now (it was replaced while the build ran) a file, not a folder`,
    );
  });

  it('writes nothing anywhere when the folder is swapped just before the rename', async () => {
    const s = await scene('no-temp');
    const folder = path.join(s.out, 'x');
    writeSeam.beforeRename = () => swapForLinkSync(folder, s.outside);
    await expect(writeFileAtomic(path.join(folder, 'file.html'), 'hello', { root: s.out })).rejects.toThrow(
      OutputError,
    );
    expect(await readdir(s.outside)).toEqual(['keep.txt']);
    expect(await outputsUnder(`${folder}.moved`)).toEqual([]);
  });

  it('takes back a file that went through a link swapped in between the last check and the rename', async () => {
    const s = await scene('after-check');
    const folder = path.join(s.out, 'y');
    const moved = path.join(path.dirname(s.outside), 'moved-out');
    // The whole folder (temporary file and all) moved out of --out, and a link to it left in its place.
    writeSeam.afterLastCheck = () => {
      renameSync(folder, moved);
      symlinkSync(moved, folder);
    };
    const error = await writeFileAtomic(path.join(folder, 'file.html'), 'hello', { root: s.out }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).message).toBe(
      `refusing to write through ${folder}: it is now (it was replaced while the build ran) a symbolic link`,
    );
    expect(await readdir(moved)).toEqual([]);
  });
});
